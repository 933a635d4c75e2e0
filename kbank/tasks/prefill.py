"""``kbank summary-template``: the template pre-filled from a report, as Markdown or Word.

Metadata fields come from the index; each text section from the report's own section of
the same kind, condensed to its key sentences (verbatim, with the page cited).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kbank.config import Settings
from kbank.editorial.summaries import TEMPLATE_MARK, Template, TemplateSection, fingerprint, load_template
from kbank.errors import KbankError, UsageError, os_reason
from kbank.safefs import DiskFull, write_atomic, write_with
from kbank.search.bank import Bank
from kbank.tasks.sections import find_sections, key_sentences, match_section
from kbank.textutil import fold

#: Which cue words (see sections.CUES) pick the key sentences of each kind of section.
_CUE_BY_SECTION = {
    "bakgrund": "bakgrund", "syfte": "syfte", "mal": "mål", "malgrupp": "målgrupp",
    "metod/arbetssatt": "metod", "resultat": "resultat", "erfarenheter/lardomar": "erfarenhet",
    "nasta steg": "nästa",
}  # fmt: skip


@dataclass
class FilledSection:
    """A template section with what the report gave for it (empty when nothing was found)."""

    section: TemplateSection
    text: str = ""
    #: where it came from: "(s. 3)", "(avsnitt 2.1 Syfte)" or "" for metadata
    source: str = ""


@dataclass
class FilledTemplate:
    """A pre-filled summary of one report."""

    template: Template
    doc_id: str
    doc_title: str
    doc_path: str
    sections: list[FilledSection] = field(default_factory=list)

    @property
    def filled(self) -> list[str]:
        return [f.section.name for f in self.sections if f.text]


_MONTH = "(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december)"
_PERIOD_PATTERNS = [
    re.compile(r"(?:projektperiod|projekttid|period)\s*:\s*([^\n]{5,60})", re.IGNORECASE),
    re.compile(
        r"(?:pågick|pågår|genomfördes|bedrevs|löpte|löper|drevs)\s+(?:från|mellan)\s+"
        r"([a-zåäö]*\s?\d{4}|\d{4}-\d\d(?:-\d\d)?)\s+(?:till|och|–|-)\s+([a-zåäö]*\s?\d{4}|\d{4}-\d\d(?:-\d\d)?)",
        re.IGNORECASE,
    ),
    re.compile(r"under\s+(?:perioden\s+|åren\s+)?((?:19|20)\d\d)\s*[–-]\s*((?:19|20)\d\d)", re.IGNORECASE),
    re.compile(rf"\bfrån\s+({_MONTH}\s+\d{{4}})\s+till\s+({_MONTH}\s+\d{{4}})", re.IGNORECASE),
]


def find_period(text: str) -> str | None:
    """Find the project period a report states.

    >>> find_period("Bostad först pågick från april 2014 till december 2016. Under ...")
    'april 2014 – december 2016'
    >>> find_period("Projektperiod: 2018-03-01 – 2019-12-31")
    '2018-03-01 – 2019-12-31'
    >>> find_period("Projektet bedrevs under åren 2017-2019.")
    '2017 – 2019'
    >>> find_period("Förvaltningen prövade Skolfam från augusti 2017 till december 2019.")
    'augusti 2017 – december 2019'
    """
    for pattern in _PERIOD_PATTERNS:
        match = pattern.search(text)
        if match:
            groups = [g.strip(" .,") for g in match.groups()]
            return groups[0] if len(groups) == 1 else f"{groups[0]} – {groups[1]}"
    return None


def _field_value(name: str, document, meta: dict, text: str, archive_path: str) -> str:
    values = {
        "project": meta.get("project") or document.title,
        "title": document.title,
        "dnr": document.dnr or "",
        "unit": document.unit or "",
        "areas": ", ".join(document.areas),
        "period": find_period(text) or "",
        "contact": meta.get("contact") or "",
        "keywords": "; ".join(document.keywords),
        "link": archive_path,
    }
    return values.get(name, "")


def prefill(template: Template, detail, archive_path: str) -> FilledTemplate:
    """Fill a template from a report: metadata fields, and each text section from the report's own.

    ``archive_path`` is what the "link" field shows: the report's path in the archive.
    """
    document = detail.document
    filled = FilledTemplate(template, document.id, document.title, document.path)
    sections = find_sections(detail.pages, detail.paged)
    text = "\n".join(detail.pages)
    for section in template.sections:
        if section.field:
            filled.sections.append(
                FilledSection(section, _field_value(section.field, document, detail.meta, text, archive_path))
            )
            continue
        source = match_section(sections, list(section.headings)) if section.headings else None
        if source is None and section.fallback:
            source = match_section(sections, list(section.fallback))
        if source is None:
            filled.sections.append(FilledSection(section))
            continue
        chosen = key_sentences(source, _CUE_BY_SECTION.get(fold(section.name)), section.max_words)
        pages = sorted({s.page for s in chosen if s.page is not None})
        if pages:
            cite = f"(s. {pages[0]})" if len(pages) == 1 else f"(s. {pages[0]}–{pages[-1]})"
        else:
            cite = f"(avsnitt {source.number + ' ' if source.number else ''}{source.heading})"
        filled.sections.append(FilledSection(section, " ".join(s.text for s in chosen), cite))
    return filled


# --------------------------------------------------------------------------- Markdown


def render_markdown(filled: FilledTemplate) -> str:
    """The pre-filled template as Markdown, instructions as comments an editor deletes."""
    lines = [
        f"# {filled.template.title}: {filled.doc_title}",
        "",
        f"<!-- {_intro(filled)} -->",
        "",
    ]
    for item in filled.sections:
        lines.append(f"## {item.section.name}")
        lines.append(f"<!-- {_guide(item.section)} -->")
        if item.text:
            lines.append(f"{item.text} {item.source}".rstrip())
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


_INTRO = (
    "kbank: sammanfattning av {path} (id {id}). Förifyllt ur rapporten: läs, korta och rätta; "
    "ta bort kommentarerna. Texten är rapportens egna meningar med sidhänvisning."
)


def _intro(filled: FilledTemplate) -> str:
    """The intro, ending with the fingerprint of the pre-filled text: unedited, it is no summary yet."""
    as_read = {f.section.name: f"{f.text} {f.source}".strip() if f.text else "" for f in filled.sections}
    intro = _INTRO.format(path=filled.doc_path, id=filled.doc_id[:8])
    return f"{intro} ({TEMPLATE_MARK}{fingerprint(as_read)})"


def _guide(section: TemplateSection) -> str:
    return (
        f"{section.instruction} (högst {section.max_words} ord){'' if section.required else ' — frivilligt'}"
    )


def write_docx(filled: FilledTemplate, path: Path) -> None:
    """Write the pre-filled template as a Word document: headings, grey instructions, the text."""
    from kbank.tasks.docx_out import write_summary_docx

    write_summary_docx(
        path,
        f"{filled.template.title}: {filled.doc_title}",
        _intro(filled),
        [
            (f.section.name, _guide(f.section), f"{f.text} {f.source}".strip() if f.text else "")
            for f in filled.sections
        ],
    )


@dataclass
class Written:
    """What ``write_template`` produced: Markdown for stdout, or the file it wrote."""

    path: Path | None
    markdown: str
    filled: list[str]
    total: int


#: file extensions and the format they hold
_BY_SUFFIX = {".md": "md", ".markdown": "md", ".txt": "md", ".docx": "docx"}


def format_for(fmt: str | None, out: Path | None) -> str:
    """The format to write: ``--format``, else the extension of ``--out``, else Markdown.

    >>> format_for(None, Path("s.docx")), format_for(None, Path("s.md")), format_for("docx", None)
    ('docx', 'md', 'docx')
    """
    by_suffix = _BY_SUFFIX.get(out.suffix.lower()) if out is not None else None
    if out is not None and by_suffix is None:
        raise UsageError(
            f"okänd filändelse {out.suffix or '(ingen)'} i {out.name}: skriv till .md eller .docx"
        )
    if fmt is None:
        return by_suffix or "md"
    if by_suffix is not None and by_suffix != fmt:
        raise UsageError(
            f"--format {fmt} passar inte {out.name if out else ''}: ändra filändelsen eller --format"
        )
    return fmt


def write_template(
    settings: Settings, ref: str, fmt: str | None, out: Path | None, save: bool, force: bool
) -> Written:
    """Pre-fill the summary template for ``ref`` and print or write it (never over a file without ``force``)."""
    if fmt is not None and fmt not in ("md", "docx"):
        raise UsageError(f"okänt format {fmt!r}: välj md eller docx")
    if out is not None and save:
        raise UsageError("ange antingen --out eller --save, inte båda")
    fmt = format_for(fmt, out)
    if fmt == "docx" and out is None and not save:
        raise UsageError("Word-filen skrivs till en fil: ange --save (rapportens mapp) eller --out FIL")
    template = load_template(settings.summary_template)
    with Bank(settings) as bank:
        detail = bank.show(ref)
    filled = prefill(template, detail, detail.document.path)
    markdown = render_markdown(filled)
    if out is None and not save:
        return Written(None, markdown, filled.filled, len(template.sections))
    target = (
        out
        if out is not None
        else settings.archive / Path(detail.document.path).parent / f"sammanfattning.{fmt}"
    )
    if target.is_symlink():
        raise KbankError(f"{target} är en symbolisk länk: kbank skriver inte genom länkar")
    if target.exists() and not force:
        raise KbankError(f"{target} finns redan: använd --force för att skriva över den")
    other = target.with_suffix(".docx" if fmt == "md" else ".md")
    if save and other.exists():
        raise KbankError(
            f"{other.name} finns redan i mappen: två sammanfattningar i samma mapp blir en konflikt; "
            "redigera den eller ta bort den först"
        )
    try:
        if fmt == "docx":
            write_with(target, lambda tmp: write_docx(filled, tmp), overwrite=force)
        else:
            write_atomic(target, markdown, overwrite=force)
    except DiskFull as exc:
        raise KbankError(str(exc.strerror)) from None
    except FileExistsError:
        raise KbankError(f"{target} finns redan: använd --force för att skriva över den") from None
    except OSError as exc:
        raise KbankError(f"kan inte skriva {target}: {os_reason(exc)}") from None
    return Written(target, markdown, filled.filled, len(template.sections))
