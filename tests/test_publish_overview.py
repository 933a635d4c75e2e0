"""The web edition's "Vad vet vi om …?" pages: one per subject area and per stated method."""

from __future__ import annotations

import html as htmllib
import json
import os
import re
from pathlib import Path

import pytest

from kbank.cli import app
from kbank.config import load_settings
from kbank.ingest.run import ingest

from .conftest import REPO

pytestmark = pytest.mark.slow  # ingests the demo archive

DEMO = REPO / "archive"


@pytest.fixture(scope="module")
def demo_index(tmp_path_factory, cache_home) -> Path:
    root = tmp_path_factory.mktemp("demo-web")
    with pytest.MonkeyPatch.context() as patch:
        for name in list(os.environ):
            if name.startswith("KBANK_"):
                patch.delenv(name)
        patch.setenv("XDG_CACHE_HOME", str(cache_home))
        patch.setenv("KBANK_SITE_CONFIG", str(root / "site-config" / "kbank.toml"))
        patch.setenv("XDG_CONFIG_HOME", str(root / "user-config"))
        result = ingest(load_settings(archive=DEMO, index=root / "index", cwd=root))
    assert result.failed == []
    return root / "index"


@pytest.fixture
def demo_site(runner, demo_index, monkeypatch, tmp_path) -> tuple[Path, dict]:
    monkeypatch.setenv("KBANK_ARCHIVE", str(DEMO))
    monkeypatch.setenv("KBANK_INDEX", str(demo_index))
    result = runner.invoke(
        app, ["publish", "site", "--audience", "public", "--base-url", "https://www.example.se/kb/", "--json"]
    )
    assert result.exit_code == 0, result.output
    return tmp_path / "site", json.loads(result.stdout)


def main_of(page: Path) -> str:
    return re.search(r"<main.*?</main>", page.read_text("utf-8"), re.S).group(0)


def text_of(html: str) -> str:
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_every_subject_area_and_a_method_has_an_overview_page_linked_from_browsing(demo_site):
    site, _ = demo_site
    areas = sorted(p.parent.name for p in (site / "omrade").glob("*/index.html"))
    assert len(areas) >= 8
    index = main_of(site / "kunskapslage" / "index.html")
    for area in areas:
        group = (site / "omrade" / area / "index.html").read_text("utf-8")
        assert f'href="../../kunskapslage/{area}/"' in group, area
        assert (site / "kunskapslage" / area / "index.html").is_file()
        assert f'href="../kunskapslage/{area}/"' in index
    # the methods the reports state, with their project counts; derived terms are not methods
    assert re.search(
        r'href="../kunskapslage/housing-first/">Housing First</a> <span class="count">\(1 projekt\)', index
    )
    assert "kunskapslage/skolfam/" in index and "kunskapslage/ips/" in index
    assert "kunskapslage/augusti/" not in index and not (site / "kunskapslage" / "augusti").exists()
    start = (site / "index.html").read_text("utf-8")
    assert 'href="kunskapslage/">Kunskapsläge</a>' in start
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert "<loc>https://www.example.se/kb/kunskapslage/housing-first/</loc>" in sitemap
    assert "<loc>https://www.example.se/kb/kunskapslage/hemloshet/</loc>" in sitemap
    for page in (site / "kunskapslage").rglob("index.html"):
        html = page.read_text("utf-8")
        assert '<html lang="sv">' in html and len(re.findall(r"<h1[\s>]", html)) == 1
        assert '<main id="innehall"' in html and "<header" in html and "<nav" in html and "<footer" in html


def test_a_method_page_shows_the_headline_the_project_and_its_cited_conclusions_verbatim(demo_site):
    site, _ = demo_site
    main = main_of(site / "kunskapslage" / "housing-first" / "index.html")
    text = text_of(main)
    assert "Vad vet vi om Housing First?" in text
    assert "Housing First har prövats i 1 projekt i 1 förvaltning 2014–2017; 1 är utvärderat." in text
    assert "Bostad först i Björkhagen" in text and "SN 2014/0123" in text
    assert "Björkhagens stadsdelsförvaltning" in text and "Utvärderat" in text and "2014–2017" in text
    # the documents in lineage order, each linking to its report page
    lineage = re.search(r'<ol class="lineage">(.*?)</ol>', main, re.S).group(1)
    kinds = re.findall(r'<span class="meta">(\w+),', lineage)
    assert kinds == ["projektplan", "delrapport", "utvärdering", "slutrapport"]
    for link in re.findall(r'href="\.\./\.\./(rapport/[0-9a-f]+/)"', lineage):
        assert (site / link / "index.html").is_file()
    # each conclusion's sentences stand verbatim in the report its citation links to
    conclusions = re.findall(
        r"<blockquote><p>(.*?)</p></blockquote>\s*<figcaption>– <a href=\"\.\./\.\./(rapport/[0-9a-f]+/)\">"
        r"<cite>(.*?)</cite>",
        main,
        re.S,
    )
    assert len(conclusions) >= 2
    cites = {cite for _, _, cite in conclusions}
    assert any(c.startswith("Slutrapport, s. ") for c in cites) and any(
        c.startswith("Utvärdering, s. ") for c in cites
    )
    for quote, link, cite in conclusions:
        report = text_of((site / link / "index.html").read_text("utf-8"))
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9])", text_of(quote)):
            assert sentence in report, (sentence, cite)
        assert cite.split(",")[0].lower() in report.lower()
    assert "Av de 23 hyresgästerna bodde 20 kvar" in text


def test_an_area_page_has_its_headline_and_the_passing_mentions_apart(demo_site):
    site, _ = demo_site
    text = text_of(main_of(site / "kunskapslage" / "hemloshet" / "index.html"))
    assert "Vad vet vi om hemlöshet?" in text
    assert re.search(r"hemlöshet har prövats i \d+ projekt", text)
    assert "Sakområde hemlöshet" in text  # the way back to the browse page
    pages = list((site / "kunskapslage").glob("*/index.html"))
    assert any("Nämns också i …" in p.read_text("utf-8") for p in pages)


def test_republishing_unchanged_rewrites_no_overview_page(runner, demo_site):
    site, first = demo_site
    before = {p: p.stat().st_ino for p in (site / "kunskapslage").rglob("index.html")}
    assert len(before) > 10
    again = runner.invoke(
        app, ["publish", "site", "--audience", "public", "--base-url", "https://www.example.se/kb/", "--json"]
    )
    assert again.exit_code == 0, again.output
    data = json.loads(again.stdout)
    after = {p: p.stat().st_ino for p in (site / "kunskapslage").rglob("index.html")}
    assert set(after) == set(before)
    assert first["pages"]["written"] > 0
    assert data["pages"]["written"] == 0
    assert after == before
