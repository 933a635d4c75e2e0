"""A real browser over a built web edition, shared by the browser test and the web-search benchmark.

Serves a site folder on 127.0.0.1 and drives Debian's headless ``chromium`` through its
``chromedriver`` with Selenium. Nothing is downloaded: the browser and driver are the system's
(``.ci/run`` installs them), and axe-core comes from npm (``ensure_axe``).
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
AXE_DIR = Path(__file__).resolve().parents[1] / ".ci" / "node"
AXE_VERSION = "4.10"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,1000",
)


def browser_available() -> str | None:
    """Why the browser cannot run here, or None when it can."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    for program in (CHROMIUM, CHROMEDRIVER):
        if not Path(program).exists():
            return f"{program} is missing (apt-get install chromium chromium-driver; .ci/run does it)"
    return None


def axe_script() -> Path | None:
    """axe-core's script, installed from npm into .ci/node when missing (npm is the only source)."""
    script = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
    if script.is_file():
        return script
    npm = shutil.which("npm")
    if npm is None:
        return None
    AXE_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            npm,
            "install",
            "--no-audit",
            "--no-fund",
            "--silent",
            "--prefix",
            str(AXE_DIR),
            f"axe-core@{AXE_VERSION}",
        ],
        check=False,
        capture_output=True,
        timeout=300,
    )
    return script if script.is_file() else None


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 on a free port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    handler.extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript"}
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium(javascript: bool = True) -> Iterator:
    """A headless Chromium driven by Selenium, with a fresh profile folder."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="kbank-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_script_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def run_axe(driver, script: Path) -> list[dict]:
    """axe-core's violations on the current page (WCAG 2.0/2.1 A and AA rules)."""
    driver.execute_script(script.read_text("utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
        ".then(r => done(JSON.stringify(r.violations))).catch(e => done(JSON.stringify([{id: 'axe-error', impact: 'critical', help: String(e)}])));"
    )
    return json.loads(result)


def web_search(driver, site_url: str, query: str) -> list[str]:
    """The report URLs Pagefind returns for a query, in order (the search page's own Pagefind)."""
    if not driver.current_url.startswith(site_url + "sok/"):
        driver.get(site_url + "sok/")
    found = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "(async () => {"
        " const pf = await import(new URL('../pagefind/pagefind.js', document.baseURI).href);"
        " await pf.options({baseUrl: '/'});"
        " const s = await pf.search(arguments[0]);"
        " const data = await Promise.all(s.results.slice(0, 10).map(r => r.data()));"
        " done(JSON.stringify(data.map(d => d.url)));"
        "})().catch(e => done(JSON.stringify({error: String(e)})));",
        query,
    )
    value = json.loads(found)
    if isinstance(value, dict):
        raise RuntimeError(value["error"])
    return value
