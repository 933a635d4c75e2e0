"""kbank publish: the static web edition, its audience rules, its metadata and its incremental, atomic build."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from kbank.cli import app
from kbank.config import load_settings
from kbank.errors import ExitCode
from kbank.ingest.run import ingest
from kbank.textutil import fold

FINAL = "2013/3.2-614-2013 Kunskapsbank/slutrapport.pdf"
PLAN = "2014/SN 2014-0123 Bostad först/projektplan.pdf"
DOCX = "2016/Trygg hemgång/Delrapport trygg hemgång.docx"


def publish(runner, *args: str) -> dict:
    result = runner.invoke(app, ["publish", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def report_pages(site: Path) -> dict[str, str]:
    """Title (h1) → HTML of each report page."""
    pages = {}
    for page in (site / "rapport").glob("*/index.html"):
        html = page.read_text("utf-8")
        pages[re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)] = html
    return pages


def test_publish_writes_a_swedish_site_with_a_page_per_report_case_and_browse_value(
    runner, indexed_small_archive, tmp_path
):
    data = publish(runner, "site", "--audience", "intern", "--base-url", "https://www.example.se/kbank/")
    site = tmp_path / "site"
    assert data["reports"] == 3 and data["report_pages"] == {"written": 3, "unchanged": 0, "removed": 0}
    assert data["files"]["copied"] == 3 and data["bytes"] > 0 and data["search_index"]["files"] > 0
    for page in ["index.html", "sok/index.html", "omrade/index.html", "forvaltning/index.html", "ar/2016/index.html",
                 "typ/slutrapport/index.html", "arende/3-2-614-2013/index.html", "pagefind/pagefind.js"]:  # fmt: skip
        assert (site / page).is_file(), page
    pages = report_pages(site)
    assert len(pages) == 3
    for html in [*pages.values(), (site / "index.html").read_text("utf-8")]:
        assert '<html lang="sv">' in html
        assert len(re.findall(r"<h1[\s>]", html)) == 1
        assert 'href="#innehall"' in html and '<main id="innehall"' in html
        assert "<header" in html and "<nav" in html and "<footer" in html
    html = (
        pages["Kunskapsbank för socialtjänsten"]
        if "Kunskapsbank för socialtjänsten" in pages
        else next(h for t, h in pages.items() if "Kunskapsbank" in t)
    )
    # summary first, then the facts, the download, the case; Dublin Core and schema.org
    assert (
        html.index("Sammanfattning")
        < html.index("Uppgifter")
        < html.index("Ladda ner")
        < html.index("Ärendet")
    )
    assert '<meta name="DC.identifier" content="3.2-614/2013">' in html
    assert '<meta name="DC.language" content="sv">' in html
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert ld["@type"] == "Report" and "3.2-614/2013" in ld["identifier"] and ld["inLanguage"] == "sv"
    doc_id = ld["identifier"][-1]
    canonical = f"https://www.example.se/kbank/rapport/{doc_id[:16]}/"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert f"<loc>{canonical}</loc>" in (site / "sitemap.xml").read_text("utf-8")
    assert 'data-pagefind-filter="förvaltning"' in html and 'data-pagefind-sort="datum:2015-08-25"' in html
    link = re.search(r'class="download" href="([^"]+)"', html).group(1)
    copied = (site / "rapport" / doc_id[:16] / link).resolve()
    assert copied.read_bytes() == (indexed_small_archive / FINAL).read_bytes()
    # the hidden search text: compound parts and å/ä/ö-less forms, low weight
    hidden = re.search(r'<div hidden data-pagefind-weight="0.4">(.*?)</div>', html, re.S).group(1).split()
    assert {"familjehem", "utvarderingen", "stadsdelsforvaltningar"} <= set(hidden)


def _scannable(path: Path) -> str:
    """A file's text as a reader (or a crawler of the search index) could get it, folded."""
    raw = path.read_bytes()
    try:
        raw = gzip.decompress(raw)  # Pagefind's fragments and index chunks
    except (OSError, EOFError):
        pass
    return fold(raw.decode("utf-8", "ignore"))


@pytest.fixture
def editorial_archive(small_archive, tmp_path):
    """The small archive with a draft (the DOCX) and an internal report (the final report), indexed.

    All three state the method "Bostad först", so its overview page would show the draft and the
    internal report if the edition's visibility did not hold there too.
    """
    method = 'nyckelord = "Bostad först"\n'
    (small_archive / (DOCX + ".kbank.toml")).write_text('status = "utkast"\n' + method, "utf-8")
    (small_archive / (FINAL + ".kbank.toml")).write_text('klassning = "intern"\n' + method, "utf-8")
    (small_archive / (PLAN + ".kbank.toml")).write_text(method, "utf-8")
    ingest(load_settings())
    return small_archive


#: what must not be in an edition, per report: title words, Dnr spellings, file name, snippets
SECRETS = {
    DOCX: ["trygg hemgang", "2016/77", "2016-77", "delrapport trygg", "sjukhusvistelse", "sjukhusvist"],
    FINAL: [
        "kunskapsbank for socialtjansten",
        "614/2013",
        "614-2013",
        "slutrapport.pdf",
        "chefer anvande",
        "familjehemsplacer",
    ],
}


@pytest.mark.slow
def test_the_public_edition_holds_nothing_of_drafts_or_internal_reports(runner, editorial_archive, tmp_path):
    public = publish(runner, "public", "--audience", "public")
    intern = publish(runner, "intern", "--audience", "intern")
    assert (public["reports"], intern["reports"]) == (1, 2)
    hidden = {"public": [DOCX, FINAL], "intern": [DOCX]}
    for edition, secrets_of in hidden.items():
        files = [p for p in (tmp_path / edition).rglob("*") if p.is_file()]
        assert len(files) > 20
        for path in files:
            text = _scannable(path)
            for report in secrets_of:
                for secret in SECRETS[report]:
                    assert secret not in text, f"{edition}: {secret!r} of {report} in {path}"
        names = {p.name for p in files}
        # the overview pages are among the files scanned
        assert (tmp_path / edition / "kunskapslage" / "bostad-forst" / "index.html").is_file()
        assert "projektplan.pdf" in names and "Delrapport trygg hemgång.docx" not in names
    # and what the intern edition may hold, it does hold
    intern_pages = " ".join(_scannable(p) for p in (tmp_path / "intern" / "rapport").glob("*/index.html"))
    assert all(
        secret in intern_pages for secret in ["kunskapsbank for socialtjansten", "614/2013", "chefer anvande"]
    )
    assert list((tmp_path / "intern" / "filer").glob("*/slutrapport.pdf"))
    # the intern edition's overview of the method has the internal report's project and conclusions
    overview_page = _scannable(tmp_path / "intern" / "kunskapslage" / "bostad-forst" / "index.html")
    assert "614/2013" in overview_page and "inforas i alla stadsdelsforvaltningar" in overview_page


@pytest.mark.slow
def test_republishing_after_one_correction_rewrites_only_its_pages_and_the_lists_showing_it(
    runner, indexed_small_archive, tmp_path
):
    first = publish(runner, "site")
    site = tmp_path / "site"
    before = {p: p.stat().st_ino for p in site.rglob("*.html")}
    again = publish(runner, "site")
    assert again["pages"]["written"] == 0 and again["report_pages"]["unchanged"] == 3
    assert again["files"] == {"copied": 0, "unchanged": 3, "removed": 0}
    (indexed_small_archive / (PLAN + ".kbank.toml")).write_text(
        'titel = "Bostad först: plan för Björkhagen 2014"\n', "utf-8"
    )
    ingest(load_settings())
    third = publish(runner, "site")
    assert third["report_pages"] == {"written": 1, "unchanged": 2, "removed": 0}
    written = third["pages"]["written"]
    assert 1 < written < first["pages"]["written"] / 2
    after = {p: p.stat().st_ino for p in site.rglob("*.html")}
    changed = sorted(str(p.relative_to(site)) for p in after if after[p] != before.get(p))
    assert len(changed) == written
    assert "index.html" in changed  # the start page lists the newest reports
    assert not any(c.startswith("rapport/") and third["written_reports"][0] not in c for c in changed)
    assert "Bostad först: plan för Björkhagen 2014" in report_pages(site)
    # a report withdrawn to draft leaves the site, with its file
    (indexed_small_archive / (PLAN + ".kbank.toml")).write_text('status = "utkast"\n', "utf-8")
    ingest(load_settings())
    fourth = publish(runner, "site")
    assert fourth["report_pages"]["removed"] == 1 and fourth["files"]["removed"] == 1
    assert not list(site.glob("filer/*/projektplan.pdf")) and len(report_pages(site)) == 2
    assert not [p for p in tmp_path.iterdir() if ".bygge-" in p.name]


def test_a_failed_build_leaves_the_live_site_as_it_was(runner, indexed_small_archive, tmp_path, monkeypatch):
    publish(runner, "site")
    site = tmp_path / "site"
    snapshot = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}

    def broken(folder):
        (folder / "halvfärdig.html").write_text("x")
        raise RuntimeError("avbrott")

    monkeypatch.setattr("kbank.publish.pagefind.index_site", broken)
    result = runner.invoke(app, ["publish", "site"])
    assert result.exit_code != 0
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == snapshot
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_publish_refuses_a_folder_that_holds_something_else(runner, indexed_small_archive, tmp_path):
    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "viktig.txt").write_text("behåll mig")
    result = runner.invoke(app, ["publish", "www"])
    assert result.exit_code == ExitCode.USAGE and "inget skrivs över" in result.stderr
    assert (tmp_path / "www" / "viktig.txt").read_text() == "behåll mig"
    bad = runner.invoke(app, ["publish", "site", "--audience", "alla"])
    assert bad.exit_code == ExitCode.USAGE and "public eller intern" in bad.stderr
    publish(runner, "site", "--audience", "intern")
    switched = runner.invoke(app, ["publish", "site", "--audience", "public"])
    assert switched.exit_code == ExitCode.USAGE and "intranätet" in switched.stderr
    inside = runner.invoke(app, ["publish", str(indexed_small_archive / "webb")])
    assert inside.exit_code == ExitCode.USAGE and "arkivet" in inside.stderr


def test_an_installation_overrides_templates_and_static_files(runner, indexed_small_archive, tmp_path):
    own = tmp_path / "mallar"
    (own / "static").mkdir(parents=True)
    (own / "logo.html").write_text(
        '<img src="{{ root }}static/logo.svg" alt="Älvdala stad" width="40" height="40">'
    )
    (own / "static" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (own / "static" / "site.css").write_text(":root { --brand: #5b1a6e; }")
    (tmp_path / "kbank.toml").write_text(
        'site_templates = "mallar"\nsite_url = "https://intra.example.se/"\n'
    )
    publish(runner, "site", "--audience", "intern")
    start = (tmp_path / "site" / "index.html").read_text("utf-8")
    assert 'alt="Älvdala stad"' in start and "Intern utgåva" in start
    assert '<link rel="canonical" href="https://intra.example.se/">' in start
    assert (tmp_path / "site" / "static" / "site.css").read_text() == ":root { --brand: #5b1a6e; }"
    assert (tmp_path / "site" / "static" / "logo.svg").is_file() and (
        tmp_path / "site" / "static" / "search.js"
    ).is_file()
    (own / "report.html").write_text(
        "{% extends 'base.html' %}{% block content %}{{ r.nosuchfield }}{% endblock %}"
    )
    broken = runner.invoke(app, ["publish", "site", "--audience", "intern"])
    assert broken.exit_code == ExitCode.FATAL and "report.html" in broken.stderr
