"""Render the site's pages with Jinja2 (the only home of jinja2).

Templates ship in ``kbank/publish/templates``; an installation overrides any of them (and
any file under ``static/``) by putting a file of the same name in its own folder
(``site_templates`` in kbank.toml, or ``--templates``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined, TemplateError
from markupsafe import Markup, escape

from kbank.errors import ConfigError
from kbank.metadata.doctypes import type_label
from kbank.publish.content import AUDIENCE_NAMES, FACETS, Edition, ReportEntry, slug
from kbank.publish.overviews import ROOT as OVERVIEW_ROOT
from kbank.publish.overviews import overview_pages
from kbank.publish.searchtext import dnr_terms, search_terms

MONTHS = ("januari februari mars april maj juni juli augusti september oktober november december").split()
NEWEST = 10
_MIME = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_FORMAT = {".pdf": "PDF", ".docx": "Word"}


def date_sv(value: str | None) -> str:
    """A date as Swedish readers write it.

    >>> date_sv("2015-08-25"), date_sv("2015-08"), date_sv(None)
    ('25 augusti 2015', 'augusti 2015', '')
    """
    if not value:
        return ""
    parts = value.split("-")
    if len(parts) >= 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
        month = MONTHS[int(parts[1]) - 1]
        if len(parts) == 3 and parts[2].isdigit():
            return f"{int(parts[2])} {month} {parts[0]}"
        return f"{month} {parts[0]}"
    return value


def filesize(size: int) -> str:
    """A file size in kB or MB with a Swedish decimal comma.

    >>> filesize(2_400_000), filesize(51_200)
    ('2,3 MB', '50 kB')
    """
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1024))} kB"


def paragraphs(text: str | None) -> Markup:
    """Plain text as HTML paragraphs, escaped; a blank line separates paragraphs."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text or "") if b.strip()]
    return Markup("\n").join(Markup("<p>{}</p>").format(" ".join(b.split())) for b in blocks)


def _environment(overrides: Path | None) -> Environment:
    loaders: list = [PackageLoader("kbank.publish", "templates")]
    if overrides is not None:
        if not overrides.is_dir():
            raise ConfigError(f"mallmappen {overrides} finns inte (site_templates)")
        loaders.insert(0, FileSystemLoader(str(overrides)))
    env = Environment(loader=ChoiceLoader(loaders), autoescape=True, undefined=StrictUndefined)
    env.filters.update(
        date_sv=date_sv,
        filesize=filesize,
        paragraphs=paragraphs,
        type_label=type_label,
        slug=slug,
        urlpath=lambda p: quote(p),
        mime=lambda name: _MIME.get(PurePosixPath(name).suffix.lower(), "application/octet-stream"),
        format_name=lambda name: _FORMAT.get(PurePosixPath(name).suffix.lower(), "fil"),
    )
    return env


def _root(url: str) -> str:
    """The relative way back to the site's root from a page at ``url`` (a folder path)."""
    depth = len([p for p in url.split("/") if p])
    return "../" * depth


class Renderer:
    """Turns an edition into (site-relative path, bytes) pairs."""

    def __init__(self, edition: Edition, base_url: str | None, templates: Path | None, site_name: str):
        self.edition = edition
        self.base_url = base_url.rstrip("/") + "/" if base_url else None
        self.env = _environment(templates)
        self.site_name = site_name
        self.common = {
            "site_name": site_name,
            "edition_label": "Intern utgåva" if edition.audience == "intern" else "",
            "facets": FACETS,
            "footer_text": "rapporter från socialtjänstens utvecklingsprojekt. "
            + ("Innehåller interna rapporter." if edition.audience == "intern" else "Öppna rapporter."),
            "audience_name": AUDIENCE_NAMES[edition.audience],
        }

    def canonical(self, url: str) -> str | None:
        return self.base_url + url if self.base_url else None

    def _page(self, template: str, url: str, **values) -> tuple[str, bytes]:
        try:
            html = self.env.get_template(template).render(
                **self.common, root=_root(url), canonical=self.canonical(url), **values
            )
        except TemplateError as exc:
            raise ConfigError(f"mallen {template} går inte att använda: {exc}") from None
        return url + "index.html", html.encode("utf-8")

    def pages(self) -> Iterator[tuple[str, bytes, bool]]:
        """Every page: (path, content, is_report_page)."""
        e = self.edition
        yield (
            *self._page(
                "start.html",
                "",
                nav="start",
                newest=e.reports[:NEWEST],
                groups=e.groups,
                report_count=len(e.reports),
                intro_text="Projektplaner, delrapporter, utvärderingar och slutrapporter från "
                "socialtjänstens utvecklingsprojekt. Sök först – kanske har någon redan prövat det du planerar.",
            ),
            False,
        )
        yield (*self._page("search.html", "sok/", nav="sok"), False)
        overviews = overview_pages(e)
        overview_of = {f"omrade/{slug(p.label)}/": p.url for p in overviews if p.kind == "omrade"}
        yield (
            *self._page(
                "overviews.html",
                OVERVIEW_ROOT,
                nav="kunskapslage",
                areas=[p for p in overviews if p.kind == "omrade"],
                methods=[p for p in overviews if p.kind == "metod"],
            ),
            False,
        )
        for p in overviews:
            yield (*self._page("overview.html", p.url, nav="kunskapslage", page=p, o=p.overview), False)
        for facet, (name, label) in FACETS.items():
            groups = e.groups[facet]
            yield (*self._page("facet.html", f"{facet}/", nav=facet, facet_name=name, groups=groups), False)
            for g in groups:
                yield (
                    *self._page(
                        "group.html",
                        g.url,
                        nav=facet,
                        facet_name=name,
                        facet_label=label,
                        group=g,
                        overview_url=overview_of.get(g.url),
                    ),
                    False,
                )
        for case, url, members in e.cases:
            heading = case.project or (f"Ärende {case.dnr}" if case.dnr else members[0].doc.title)
            yield (*self._page("case.html", url, nav="", case=case, heading=heading, reports=members), False)
        members_of = {url: members for _, url, members in e.cases}
        for r in e.reports:
            body = e.body(r)
            yield (
                *self._page(
                    "report.html",
                    r.url,
                    nav="",
                    r=r,
                    body=body,
                    case_docs=members_of.get(r.case_url, [r]),
                    description=_description(r, body),
                    jsonld=self.jsonld(r),
                    organisation=self.site_name,
                    terms=" ".join(
                        [
                            search_terms(r.doc.title, r.summary or "", " ".join(r.doc.keywords), body),
                            dnr_terms(r.doc.dnr),
                        ]
                    ).strip(),
                ),
                True,
            )

    def jsonld(self, r: ReportEntry) -> str:
        """schema.org metadata of a report page (a ``Report``), safe inside a script element."""
        d = r.doc
        data: dict = {
            "@context": "https://schema.org",
            "@type": "Report",
            "name": d.title,
            "inLanguage": "sv",
            "genre": type_label(d.doc_type),
            "identifier": [x for x in (d.dnr, d.id) if x],
        }
        if d.date:
            data["datePublished"] = d.date
        if d.unit:
            data["author"] = {"@type": "GovernmentOrganization", "name": d.unit}
        if d.areas:
            data["about"] = d.areas
        if d.keywords:
            data["keywords"] = ", ".join(d.keywords)
        if r.summary:
            data["abstract"] = " ".join(r.summary.split())[:1000]
        if self.base_url:
            data["url"] = self.base_url + r.url
            if r.files:
                data["encoding"] = {
                    "@type": "MediaObject",
                    "contentUrl": self.base_url + quote(r.files[0].target),
                }
        text = json.dumps(data, ensure_ascii=False, indent=1)
        return text.replace("</", "<\\/").replace("<!--", "<\\!--")

    def sitemap(self, urls: list[str]) -> bytes:
        """sitemap.xml of the given page folders; absolute when a base URL is configured."""
        base = self.base_url or ""
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        ]
        lines += [f"  <url><loc>{escape(base + u)}</loc></url>" for u in urls]
        lines.append("</urlset>\n")
        return "\n".join(lines).encode("utf-8")

    def static_files(self, templates: Path | None) -> dict[str, bytes]:
        """The stylesheet and script, with an installation's own ``static/`` files over them."""
        files: dict[str, bytes] = {}
        shipped = Path(__file__).with_name("templates") / "static"
        for folder in (shipped, templates / "static" if templates else None):
            if folder is not None and folder.is_dir():
                for path in sorted(folder.rglob("*")):
                    if path.is_file():
                        files["static/" + path.relative_to(folder).as_posix()] = path.read_bytes()
        return files


def _description(r: ReportEntry, body: str) -> str:
    text = " ".join((r.summary or body or "").split()[:60])
    return text[:200].rsplit(" ", 1)[0] + " …" if len(text) > 200 else text
