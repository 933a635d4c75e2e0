"""Summaries written from a template: the template, its pre-fill from a report, reading and linting them.

The template is a TOML file (``kbank/data/sammanfattning.toml``, or ``summary_template`` in
kbank.toml). A filled summary is Markdown (``sammanfattning.md``: one ``## Section`` per
template section, the instruction kept as an HTML comment) or Word (``sammanfattning.docx``:
the section names as headings).
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from kbank.archive import display_path, is_summary
from kbank.data import read_text
from kbank.errors import ConfigError, KbankError, UsageError
from kbank.extract import ExtractionError, extract
from kbank.metadata.report import dnr_key
from kbank.tasks.sections import find_sections, key_sentences, match_section
from kbank.textutil import fold

#: Which cue words (see sections.CUES) pick the key sentences of each kind of section.
_CUE_BY_SECTION = {
    "bakgrund": "bakgrund", "syfte": "syfte", "mal": "mål", "malgrupp": "målgrupp",
    "metod/arbetssatt": "metod", "resultat": "resultat", "erfarenheter/lardomar": "erfarenhet",
    "nasta steg": "nästa",
}  # fmt: skip
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_MD_HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$")


@dataclass(frozen=True)
class TemplateSection:
    """One section of the summary template."""

    name: str
    instruction: str
    max_words: int
    required: bool
    field: str | None = None
    headings: tuple[str, ...] = ()
    fallback: tuple[str, ...] = ()


@dataclass(frozen=True)
class Template:
    """The summary template."""

    title: str
    sections: tuple[TemplateSection, ...]
    source: str


def load_template(path: Path | None = None) -> Template:
    """Read the template kbank ships, or the admin's own at ``path``."""
    try:
        data = tomllib.loads(read_text("sammanfattning.toml", path))
        sections = tuple(
            TemplateSection(
                name=s["name"],
                instruction=s.get("instruction", ""),
                max_words=int(s.get("max_words", 100)),
                required=bool(s.get("required", False)),
                field=s.get("field"),
                headings=tuple(s.get("headings", ())),
                fallback=tuple(s.get("fallback", ())),
            )
            for s in data["section"]
        )
    except (OSError, KeyError, TypeError, ValueError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(
            f"kan inte läsa sammanfattningsmallen {path or 'sammanfattning.toml'}: {exc}"
        ) from None
    if not sections:
        raise ConfigError(f"sammanfattningsmallen {path} har inga avsnitt")
    return Template(data.get("title", "Sammanfattning"), sections, str(path or "kbank"))


# --------------------------------------------------------------------------- pre-fill


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
        f"<!-- {_INTRO.format(path=filled.doc_path, id=filled.doc_id[:8])} -->",
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
        _INTRO.format(path=filled.doc_path, id=filled.doc_id[:8]),
        [
            (f.section.name, _guide(f.section), f"{f.text} {f.source}".strip() if f.text else "")
            for f in filled.sections
        ],
    )


def parse_markdown(text: str) -> dict[str, str]:
    """Read a Markdown summary: section heading -> its text, without instruction comments."""
    result: dict[str, str] = {}
    current: str | None = None
    body: list[str] = []
    for line in _COMMENT.sub("", text).splitlines():
        heading = _MD_HEADING.match(line)
        if heading:
            if current is not None:
                result[current] = "\n".join(body).strip()
            current, body = heading.group(1).strip(), []
        elif current is not None:
            body.append(line)
    if current is not None:
        result[current] = "\n".join(body).strip()
    return result


def parse_lines(text: str, template: Template) -> dict[str, str]:
    """Read a summary written in Word: lines equal to a template section name are its headings."""
    names = {fold(s.name): s.name for s in template.sections}
    result: dict[str, str] = {}
    current: str | None = None
    body: list[str] = []
    for line in text.splitlines():
        key = fold(line.strip().rstrip(":"))
        if key in names:
            if current is not None:
                result[current] = "\n".join(body).strip()
            current, body = names[key], []
        elif current is not None and line.strip() and not _is_instruction(line, template):
            body.append(line.strip())
    if current is not None:
        result[current] = "\n".join(body).strip()
    return result


def _is_instruction(line: str, template: Template) -> bool:
    return any(line.strip().startswith(s.instruction[:30]) for s in template.sections if s.instruction)


def summary_text(sections: dict[str, str]) -> str:
    """The searchable text of a summary: every filled section, with its heading."""
    return "\n".join(f"{name}: {body}" for name, body in sections.items() if body)


# --------------------------------------------------------------------------- lint


@dataclass(frozen=True)
class SummaryProblem:
    """One thing wrong with a written summary."""

    section: str
    message: str


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", fold(text)) if len(w) > 2}


def lint(
    sections: dict[str, str], template: Template, dnr: str | None, title: str, project: str | None
) -> list[SummaryProblem]:
    """Check a summary against its template and its report."""
    problems: list[SummaryProblem] = []
    by_fold = {fold(name): body for name, body in sections.items()}
    for section in template.sections:
        body = by_fold.get(fold(section.name))
        if body is None:
            if section.required:
                problems.append(SummaryProblem(section.name, f"avsnittet {section.name} saknas"))
            continue
        if not body.strip() or body.strip() == section.instruction.strip():
            if section.required:
                problems.append(SummaryProblem(section.name, f"avsnittet {section.name} är inte ifyllt"))
            continue
        words = len(body.split())
        if words > 2 * section.max_words:
            problems.append(
                SummaryProblem(
                    section.name,
                    f"avsnittet {section.name} har {words} ord (riktlinje högst {section.max_words})",
                )
            )
    written_dnr = by_fold.get(fold("Dnr"), "").strip()
    if written_dnr and dnr and dnr_key(written_dnr) != dnr_key(dnr):
        problems.append(SummaryProblem("Dnr", f"Dnr {written_dnr} stämmer inte med rapportens {dnr}"))
    written_name = by_fold.get(fold("Projektnamn"), "").strip()
    if written_name:
        expected = _content_words(f"{project or ''} {title}")
        given = _content_words(written_name)
        if given and expected and len(given & expected) / len(given) < 0.5:
            problems.append(
                SummaryProblem(
                    "Projektnamn",
                    f"projektnamnet \u201d{written_name}\u201d stämmer inte med rapporten \u201d{project or title}\u201d",
                )
            )
    return problems


# --------------------------------------------------------------------------- the command


@dataclass
class Written:
    """What ``write_template`` produced: Markdown for stdout, or the file it wrote."""

    path: Path | None
    markdown: str
    filled: list[str]
    total: int


def write_template(settings, ref: str, fmt: str, out: Path | None, save: bool, force: bool) -> Written:
    """Pre-fill the summary template for ``ref`` and print or write it (never over a file without ``force``)."""
    from kbank.search.bank import Bank

    if fmt not in ("md", "docx"):
        raise UsageError(f"okänt format {fmt!r}: välj md eller docx")
    if out is not None and save:
        raise UsageError("ange antingen --out eller --save, inte båda")
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
    if target.exists() and not force:
        raise KbankError(f"{target} finns redan: använd --force för att skriva över den")
    try:
        if fmt == "docx":
            write_docx(filled, target)
        else:
            target.write_text(markdown, encoding="utf-8")
    except OSError as exc:
        raise KbankError(f"kan inte skriva {target}: {exc.strerror}") from None
    return Written(target, markdown, filled.filled, len(template.sections))


# --------------------------------------------------------------------------- summaries in the archive


@dataclass
class WrittenSummary:
    """A summary file beside the reports: its sections, searchable text and a fingerprint."""

    path: str
    sections: dict[str, str]
    digest: str
    error: str | None = None

    @property
    def text(self) -> str:
        return summary_text(self.sections)


class Summaries:
    """Every summary file in an archive; a report takes the nearest one in its folder or above."""

    def __init__(self, files: dict[str, WrittenSummary]):
        self.files = files

    @classmethod
    def load(cls, archive: Path, template: Template) -> Summaries:
        """Find and read every ``sammanfattning.md``/``sammanfattning.docx`` under ``archive``."""
        files: dict[str, WrittenSummary] = {}
        if not archive.is_dir():
            return cls(files)
        for dirpath, dirnames, filenames in os.walk(archive):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            names = sorted(n for n in filenames if is_summary(n))
            if not names:
                continue
            # Markdown wins over Word when a folder has both: it is the one kbank writes
            name = next((n for n in names if n.lower().endswith(".md")), names[0])
            path = Path(dirpath) / name
            rel = display_path(path.relative_to(archive).as_posix())
            files[str(PurePosixPath(rel).parent)] = read_summary(path, rel, template)
        return cls(files)

    def for_document(self, rel_path: str) -> WrittenSummary | None:
        """The summary that belongs to the report at ``rel_path``: its folder's, else the nearest above."""
        folder = PurePosixPath(rel_path).parent
        while True:
            found = self.files.get(str(folder))
            if found is not None and found.text:
                return found
            if str(folder) in (".", ""):
                return None
            folder = folder.parent


def read_summary(path: Path, rel: str, template: Template) -> WrittenSummary:
    """Read one summary file; a file that cannot be read is kept with its error, for ``kbank check``."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return WrittenSummary(rel, {}, "", f"kan inte läsas ({exc.strerror})")
    digest = hashlib.sha256(raw).hexdigest()[:16]
    if rel.lower().endswith(".md"):
        try:
            return WrittenSummary(rel, parse_markdown(raw.decode("utf-8-sig")), digest)
        except UnicodeDecodeError:
            return WrittenSummary(rel, {}, digest, "är inte sparad som UTF-8")
    try:
        extracted = extract(path)
    except ExtractionError as exc:
        return WrittenSummary(rel, {}, digest, exc.message)
    return WrittenSummary(rel, parse_lines(extracted.text, template), digest)
