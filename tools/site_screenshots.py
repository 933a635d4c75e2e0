"""Screenshots of the web edition of the demo archive for the README (docs/*.png).

python tools/site_screenshots.py     # ingests archive/ into a temporary index, publishes, screenshots
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from corpora.browser import chromium, serve  # noqa: E402
from kbank.config import load_settings  # noqa: E402
from kbank.ingest.run import ingest  # noqa: E402
from kbank.publish.site import publish  # noqa: E402


def main() -> None:
    docs = REPO / "docs"
    docs.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(REPO / "archive", work / "archive")
        settings = load_settings(archive=work / "archive", index=work / "index", cwd=work)
        ingest(settings)
        publish(settings, work / "site", "public")
        with serve(work / "site") as url, chromium() as driver:
            driver.set_window_size(1200, 900)
            driver.get(url)
            driver.save_screenshot(str(docs / "webb-start.png"))
            driver.get(url + "sok/?q=missbruksvard")
            time.sleep(2)
            driver.save_screenshot(str(docs / "webb-sok.png"))
            driver.find_element("css selector", "#traffar h2 a").click()
            time.sleep(1)
            driver.save_screenshot(str(docs / "webb-rapport.png"))
    print("docs/webb-start.png, docs/webb-sok.png, docs/webb-rapport.png")


if __name__ == "__main__":
    main()
