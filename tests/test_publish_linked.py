"""kbank publish with linked banks: another bank's published site in the search, labelled and filtered by bank.

Two banks are built from halves of the demo archive with ``kbank ingest`` and ``kbank publish``:
A (2013–2016, Socialförvaltningen) and B (2017–2021, Utbildningsförvaltningen), whose 2019 report
is a draft and whose 2020 case is internal. A is then published with B linked.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import socket
from pathlib import Path

import pytest

from corpora.browser import axe_script, browser_available, chromium, run_axe, serve
from kbank.cli import app
from kbank.textutil import fold

pytestmark = pytest.mark.slow

DEMO = Path(__file__).resolve().parents[1] / "archive"
A_YEARS = ("2013", "2014", "2015", "2016")
B_YEARS = ("2017", "2018", "2019", "2020", "2021")
DRAFT_CASE = "2019/SN 2019-88 Stödboende för ensamkommande ungdomar"
INTERN_CASE = "2020/3.2-455-2020 Brukarrevision i socialpsykiatrin"
#: B's draft and B's internal case: none of it may reach A's public edition
SECRETS = {
    "draft": [
        "stodboende for ensamkommande",
        "ensamkommande ungdomar",
        "2019-88",
        "2019/88",
        "slutrapport stodboende",
    ],
    "intern": ["brukarrevision", "3.2-455/2020", "3-2-455-2020", "socialpsykiatrin"],
}


def _invoke(runner, *args: str, env: dict[str, str] | None = None):
    result = runner.invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result


def _scannable(path: Path) -> str:
    raw = path.read_bytes()
    try:
        raw = gzip.decompress(raw)  # Pagefind's fragments and index chunks
    except (OSError, EOFError):
        pass
    return fold(raw.decode("utf-8", "ignore"))


@pytest.fixture(scope="module")
def banks(tmp_path_factory, cache_home):
    """Bank A's archive and index; bank B's index and its public and intern editions."""
    from typer.testing import CliRunner

    root = tmp_path_factory.mktemp("linked-banks")
    runner = CliRunner()
    with pytest.MonkeyPatch.context() as patch:
        for name in list(os.environ):
            if name.startswith("KBANK_"):
                patch.delenv(name)
        patch.setenv("XDG_CACHE_HOME", str(cache_home))
        patch.setenv("KBANK_SITE_CONFIG", str(root / "site-config" / "kbank.toml"))
        patch.setenv("XDG_CONFIG_HOME", str(root / "user-config"))
        patch.setenv("KBANK_NO_LOG", "1")
        patch.chdir(root)
        for bank, years in (("a", A_YEARS), ("b", B_YEARS)):
            for year in years:
                shutil.copytree(DEMO / year, root / bank / "archive" / year)
        b_archive = root / "b" / "archive"
        for path in (b_archive / DRAFT_CASE).iterdir():
            (path.parent / (path.name + ".kbank.toml")).write_text('status = "utkast"\n', "utf-8")
        for path in (b_archive / INTERN_CASE).iterdir():
            if not path.name.endswith(".kbank.toml"):
                (path.parent / (path.name + ".kbank.toml")).write_text('klassning = "intern"\n', "utf-8")
        for bank in ("a", "b"):
            where = root / bank
            _invoke(runner, "ingest", str(where / "archive"), "--index", str(where / "index"), "--json")
        for audience in ("public", "intern"):
            _invoke(runner, "publish", str(root / "b" / f"site-{audience}"), "--audience", audience,
                    "--index", str(root / "b" / "index"), "--archive", str(b_archive), "--json")  # fmt: skip
    return root


def _config(folder: Path, banks: Path, **sites: str) -> Path:
    """A kbank.toml for bank A that links the given banks' sites (bank id → site)."""
    lines = ['[banks.a]\nname = "Socialförvaltningen"\nlocal = true\n']
    names = {"b": "Utbildningsförvaltningen", "c": "Kulturförvaltningen", "d": "Miljöförvaltningen"}
    for bank_id, site in sites.items():
        lines.append(
            f'[banks.{bank_id}]\nname = "{names[bank_id]}"\nindex = "{banks / "b" / "index"}"\nsite = "{site}"\n'
        )
    path = folder / "a.toml"
    path.write_text("\n".join(lines), "utf-8")
    return path


def publish_a(runner, banks: Path, target: Path, config: Path, *extra: str, audience: str = "public"):
    """Publish bank A into ``target`` with the config; returns (the JSON report, stderr)."""
    result = runner.invoke(
        app,
        [
            "publish",
            str(target),
            "--audience",
            audience,
            "--index",
            str(banks / "a" / "index"),
            "--archive",
            str(banks / "a" / "archive"),
            "--json",
            *extra,
        ],  # fmt: skip
        env={"KBANK_CONFIG": str(config)},
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result.stderr


def test_a_linked_folder_site_is_copied_as_published_and_merged_with_its_bank_label(runner, banks, tmp_path):
    config = _config(tmp_path, banks, b=str(banks / "b" / "site-public"))
    data, stderr = publish_a(runner, banks, tmp_path / "site", config)
    site = tmp_path / "site"
    assert stderr == ""
    assert data["skipped_sites"] == []
    [linked] = data["linked_sites"]
    assert linked["id"] == "b" and linked["name"] == "Utbildningsförvaltningen" and linked["mode"] == "copied"
    assert linked["bundle"] == "banker/b/pagefind/" and linked["files"]["copied"] > 20
    # the search page's list names B's index with its bank label; the script merges it with a bank filter
    config_js = json.loads((site / "sok" / "banker.json").read_text("utf-8"))
    assert config_js == {
        "local": {"id": "a", "name": "Socialförvaltningen"},
        "linked": [{"id": "b", "name": "Utbildningsförvaltningen", "bundle": "banker/b/pagefind/"}],
    }
    script = (site / "static" / "search.js").read_text("utf-8")
    assert "mergeIndex" in script and "mergeFilter: { bank:" in script and "sok/banker.json" in script
    # the copy is exactly what B published: every file byte for byte, nothing else
    published = {
        p.relative_to(banks / "b" / "site-public"): p for p in (banks / "b" / "site-public").rglob("*")
    }
    copied = {p.relative_to(site / "banker" / "b"): p for p in (site / "banker" / "b").rglob("*")}
    assert set(published) == set(copied)
    assert all(p.read_bytes() == copied[rel].read_bytes() for rel, p in published.items() if p.is_file())
    # A's own index was not rebuilt over B's pages: B's report titles are only in B's copied index
    own_index = " ".join(_scannable(p) for p in (site / "pagefind").rglob("*") if p.is_file())
    assert "skolfam" not in own_index and "bostad forst" in own_index
    assert "skolfam" in " ".join(
        _scannable(p) for p in (site / "banker" / "b" / "pagefind").rglob("*.pf_fragment")
    )
    # the manifest says whose edition it is and the highest class it holds (what a linking bank checks)
    manifest = json.loads((site / "kbank-site.json").read_text("utf-8"))
    assert (manifest["bank"], manifest["ceiling"], manifest["audience"]) == (
        "Socialförvaltningen",
        "öppen",
        "public",
    )
    # republishing with nothing changed copies nothing again
    again, _ = publish_a(runner, banks, site, config)
    assert again["linked_sites"][0]["files"] == {"copied": 0, "unchanged": linked["files"]["copied"]}
    # without linked banks the copy and the list go away
    alone, stderr = publish_a(runner, banks, site, config, "--no-linked")
    assert alone["linked_sites"] == [] and alone["skipped_sites"] == [] and stderr == ""
    assert not (site / "banker").exists()
    assert json.loads((site / "sok" / "banker.json").read_text("utf-8"))["linked"] == []


def test_no_draft_or_internal_report_of_a_linked_bank_appears_anywhere_in_the_output(runner, banks, tmp_path):
    # the markers are real: B's intern edition holds the internal case, B's index holds the draft
    intern_b = " ".join(_scannable(p) for p in (banks / "b" / "site-intern").rglob("*") if p.is_file())
    assert all(s in intern_b for s in SECRETS["intern"])
    shown = runner.invoke(
        app, ["search", "ensamkommande", "--all", "--index", str(banks / "b" / "index"), "--json"]
    )
    assert json.loads(shown.stdout)["total"] >= 1
    for audience, linked_site, hidden in (
        ("public", "site-public", SECRETS["draft"] + SECRETS["intern"]),
        ("intern", "site-intern", SECRETS["draft"]),
    ):
        config = _config(tmp_path, banks, b=str(banks / "b" / linked_site))
        data, _ = publish_a(runner, banks, tmp_path / audience, config, audience=audience)
        assert [s["id"] for s in data["linked_sites"]] == ["b"]
        files = [p for p in (tmp_path / audience).rglob("*") if p.is_file()]
        assert any("banker" in p.parts for p in files)
        for path in files:
            text = _scannable(path)
            for secret in hidden:
                assert secret not in text, f"{audience}: {secret!r} in {path}"


def test_an_edition_for_more_readers_never_takes_a_linked_edition_for_fewer(runner, banks, tmp_path):
    config = _config(tmp_path, banks, b=str(banks / "b" / "site-intern"))
    data, stderr = publish_a(runner, banks, tmp_path / "public", config)
    assert data["linked_sites"] == [] and [s["reason"] for s in data["skipped_sites"]] == ["audience"]
    assert stderr.count("\n") == 1 and stderr.startswith("kbank: varning: banken Utbildningsförvaltningen")
    assert not (tmp_path / "public" / "banker").exists()
    # an intern edition takes it: B's ceiling (intern) is not above A's
    data, stderr = publish_a(runner, banks, tmp_path / "intern", config, audience="intern")
    assert [s["id"] for s in data["linked_sites"]] == ["b"] and stderr == ""


def test_a_missing_linked_site_costs_one_warning_line_and_the_build_succeeds(runner, banks, tmp_path):
    no_index = tmp_path / "no-index"
    shutil.copytree(banks / "b" / "site-public", no_index)
    shutil.rmtree(no_index / "pagefind")
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}/kbank/"
    config = _config(
        tmp_path, banks, b=str(banks / "b" / "site-public"), c=str(tmp_path / "gone"), d=str(no_index)
    )
    data, stderr = publish_a(runner, banks, tmp_path / "site", config)
    lines = stderr.splitlines()
    assert len(lines) == 2 and all(line.startswith("kbank: varning: ") for line in lines), stderr
    assert "Kulturförvaltningen" in lines[0] and "finns inte" in lines[0]
    assert "Miljöförvaltningen" in lines[1] and "sökindex" in lines[1]
    assert [(s["id"], s["reason"]) for s in data["skipped_sites"]] == [("c", "missing"), ("d", "no_index")]
    assert [s["id"] for s in data["linked_sites"]] == ["b"]
    assert [
        b["id"] for b in json.loads((tmp_path / "site" / "sok" / "banker.json").read_text())["linked"]
    ] == ["b"]
    # a URL that does not answer is left out the same way, within the bank timeout
    config = _config(tmp_path, banks, c=dead)
    data, stderr = publish_a(runner, banks, tmp_path / "site", config)
    assert stderr.count("\n") == 1 and "Kulturförvaltningen" in stderr and "gick inte att nå" in stderr
    assert [(s["id"], s["reason"]) for s in data["skipped_sites"]] == [("c", "unreachable")]
    assert not (tmp_path / "site" / "banker").exists()


def test_a_linked_url_site_is_checked_and_referenced_not_copied(runner, banks, tmp_path):
    with serve(banks / "b") as url:
        config = _config(tmp_path, banks, b=url + "site-public/", c=url + "site-intern/", d=url + "nothing/")
        data, stderr = publish_a(runner, banks, tmp_path / "site", config)
    [linked] = data["linked_sites"]
    assert linked["mode"] == "referenced" and linked["bundle"] == url + "site-public/pagefind/"
    assert [(s["id"], s["reason"]) for s in data["skipped_sites"]] == [("c", "audience"), ("d", "missing")]
    assert len(stderr.splitlines()) == 2
    assert not (tmp_path / "site" / "banker").exists()
    listed = json.loads((tmp_path / "site" / "sok" / "banker.json").read_text("utf-8"))["linked"]
    assert listed == [
        {"id": "b", "name": "Utbildningsförvaltningen", "bundle": url + "site-public/pagefind/"}
    ]


@pytest.mark.browser
def test_the_browser_finds_both_banks_labelled_and_the_bank_filter_narrows_them(runner, banks, tmp_path):
    missing = browser_available()
    if missing:
        pytest.skip(missing)
    axe = axe_script()
    assert axe is not None, "axe-core could not be installed from npm (npm install axe-core)"
    # C is a URL site that answers at build time and is down when the page is read
    with serve(banks / "b") as url:
        config = _config(tmp_path, banks, b=str(banks / "b" / "site-public"), c=url + "site-public/")
        data, _ = publish_a(runner, banks, tmp_path / "site", config)
    assert [(s["id"], s["mode"]) for s in data["linked_sites"]] == [("b", "copied"), ("c", "referenced")]
    from selenium.webdriver.support.ui import WebDriverWait

    def wait_for(driver, condition):
        from selenium.common.exceptions import StaleElementReferenceException

        # the hit list is redrawn as each bank's results arrive: a read mid-redraw is stale
        return WebDriverWait(driver, 20, ignored_exceptions=(StaleElementReferenceException,)).until(
            lambda d: condition(d)
        )

    def hits(driver) -> list[tuple[str, str]]:
        items = driver.find_elements("css selector", "#traffar li")
        return [
            (i.find_element("css selector", "h2 a").text, i.find_element("css selector", ".bank").text)
            for i in items
        ]

    with serve(tmp_path / "site") as url, chromium() as driver:
        driver.get(url + "sok/?q=missbruk")
        wait_for(driver, lambda d: "missbruk" in d.find_element("id", "status").text and hits(d))
        both = hits(driver)
        banks_found = {bank for _, bank in both}
        assert banks_found == {"Socialförvaltningen", "Utbildningsförvaltningen"}, both
        # the bank filter lists both banks with their counts (C, down, is left out of the search)
        bank_filter = driver.find_element("xpath", "//fieldset[legend='Bank']").text
        assert "Socialförvaltningen (" in bank_filter and "Utbildningsförvaltningen (" in bank_filter
        assert "Kulturförvaltningen" not in bank_filter
        assert any("Vägen till arbete" in t or "IPS" in t for t, b in both if b == "Socialförvaltningen"), (
            both
        )
        assert any("våldsutsatta" in t.lower() for t, b in both if b == "Utbildningsförvaltningen"), both
        # a B result links to B's copied page, which opens
        link = next(
            i.find_element("css selector", "h2 a").get_attribute("href")
            for i in driver.find_elements("css selector", "#traffar li")
            if i.find_element("css selector", ".bank").text == "Utbildningsförvaltningen"
        )
        assert "/banker/b/rapport/" in link
        violations = [
            f"{v['id']} ({v['impact']})"
            for v in run_axe(driver, axe)
            if v.get("impact") in ("serious", "critical")
        ]
        assert violations == []
        # the bank filter narrows the results to one bank, and is kept in the address
        box = driver.find_element("css selector", "input[name='bank'][value='Utbildningsförvaltningen']")
        box.click()
        wait_for(
            driver,
            lambda d: "bank=" in d.current_url and {b for _, b in hits(d)} == {"Utbildningsförvaltningen"},
        )
        narrowed = hits(driver)
        assert 0 < len(narrowed) < len(both)
        driver.get(link)
        assert "våldsutsatta" in driver.find_element("tag name", "h1").text.lower()


def test_a_republish_copies_only_what_the_linked_bank_changed_and_never_links_itself(runner, banks, tmp_path):
    b_site = tmp_path / "b-site"
    shutil.copytree(banks / "b" / "site-public", b_site)
    config = _config(tmp_path, banks, b=str(b_site))
    first, _ = publish_a(runner, banks, tmp_path / "site", config)
    # bank B republishes one page (kbank writes a new file: new bytes, new time)
    page = next((b_site / "rapport").glob("*/index.html"))
    changed = page.read_bytes().replace(b"</main>", b"<p>Ny rad.</p></main>")
    page.unlink()
    page.write_bytes(changed)
    again, _ = publish_a(runner, banks, tmp_path / "site", config)
    assert again["linked_sites"][0]["files"] == {
        "copied": 1,
        "unchanged": first["linked_sites"][0]["files"]["copied"] - 1,
    }
    copy = tmp_path / "site" / "banker" / "b" / page.relative_to(b_site)
    assert copy.read_bytes() == changed
    # a site cannot link itself (or a folder inside itself)
    config = _config(tmp_path, banks, b=str(tmp_path / "site"))
    data, stderr = publish_a(runner, banks, tmp_path / "site", config)
    assert [(s["id"], s["reason"]) for s in data["skipped_sites"]] == [("b", "unsafe")]
    assert stderr.count("\n") == 1 and not (tmp_path / "site" / "banker").exists()


@pytest.mark.browser
def test_a_linked_url_site_on_another_origin_is_searched_from_there(runner, banks, tmp_path):
    import functools
    import http.server
    import threading

    missing = browser_available()
    if missing:
        pytest.skip(missing)

    class Cors(http.server.SimpleHTTPRequestHandler):
        """Bank B's web server, which lets other sites load its search index (CORS)."""

        def end_headers(self):
            self.send_header("Access-Control-Allow-Origin", "*")
            super().end_headers()

        def log_message(self, format, *args):  # noqa: A002 - the base class's name
            pass

    other = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Cors, directory=str(banks / "b"))
    )
    threading.Thread(target=other.serve_forever, daemon=True).start()
    b_url = f"http://127.0.0.1:{other.server_address[1]}/site-public/"
    try:
        data, _ = publish_a(runner, banks, tmp_path / "site", _config(tmp_path, banks, b=b_url))
        assert data["linked_sites"][0]["mode"] == "referenced"
        from selenium.webdriver.support.ui import WebDriverWait

        with serve(tmp_path / "site") as url, chromium() as driver:
            driver.get(url + "sok/?q=missbruk")
            WebDriverWait(driver, 20).until(lambda d: "missbruk" in d.find_element("id", "status").text)
            found = [
                (
                    i.find_element("css selector", ".bank").text,
                    i.find_element("css selector", "h2 a").get_attribute("href"),
                )
                for i in driver.find_elements("css selector", "#traffar li")
            ]
    finally:
        other.shutdown()
        other.server_close()
    assert {bank for bank, _ in found} == {"Socialförvaltningen", "Utbildningsförvaltningen"}, found
    # B's results link to B's own server, A's to this site
    assert all(
        href.startswith(b_url + "rapport/") for bank, href in found if bank == "Utbildningsförvaltningen"
    )
    assert all(href.startswith(url) for bank, href in found if bank == "Socialförvaltningen")
