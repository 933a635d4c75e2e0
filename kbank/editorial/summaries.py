"""Summaries written from a template: the template, reading and linting the summaries editors wrote.

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
from kbank.errors import ConfigError, os_reason
from kbank.extract import ExtractionError, extract
from kbank.metadata.report import dnr_key
from kbank.textutil import fold

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


# --------------------------------------------------------------------------- reading written summaries


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


# --------------------------------------------------------------------------- summaries in the archive


@dataclass
class WrittenSummary:
    """A summary file beside the reports: its sections, searchable text and a fingerprint."""

    path: str
    sections: dict[str, str]
    digest: str
    error: str | None = None
    #: saved from ``summary-template`` and never edited: it does not count as written
    untouched: bool = False
    #: other summary files in the same folder (sammanfattning.docx beside sammanfattning.md)
    conflicts: list[str] = field(default_factory=list)

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
            written = read_summary(path, rel, template)
            written.conflicts = [n for n in names if n != name]
            files[str(PurePosixPath(rel).parent)] = written
        return cls(files)

    def for_document(self, rel_path: str) -> WrittenSummary | None:
        """The summary that belongs to the report at ``rel_path``: its folder's, else the nearest above."""
        folder = PurePosixPath(rel_path).parent
        while True:
            found = self.files.get(str(folder))
            if found is not None and found.text and not found.untouched:
                return found
            if str(folder) in (".", ""):
                return None
            folder = folder.parent


def read_summary(path: Path, rel: str, template: Template) -> WrittenSummary:
    """Read one summary file; a file that cannot be read is kept with its error, for ``kbank check``."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return WrittenSummary(rel, {}, "", f"kan inte läsas ({os_reason(exc)})")
    digest = hashlib.sha256(raw).hexdigest()[:16]
    if rel.lower().endswith(".md"):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return WrittenSummary(rel, {}, digest, "är inte sparad som UTF-8")
        sections = parse_markdown(text)
    else:
        try:
            text = extract(path).text
        except ExtractionError as exc:
            return WrittenSummary(rel, {}, digest, exc.message)
        sections = parse_lines(text, template)
    return WrittenSummary(rel, sections, digest, untouched=is_untouched(text, sections))


#: what ``summary-template`` writes into a saved template: the fingerprint of its pre-filled text
TEMPLATE_MARK = "kbank-mall:"
_MARK = re.compile(re.escape(TEMPLATE_MARK) + r"([0-9a-f]{16})")


def fingerprint(sections: dict[str, str]) -> str:
    """A fingerprint of a summary's filled sections, blind to spacing and line breaks.

    >>> fingerprint({"Syfte": "Att  pröva\\nmetoden."}) == fingerprint({"Syfte": "Att pröva metoden.", "Mål": ""})
    True
    """
    canon = "\n".join(f"{fold(k)}={' '.join(v.split())}" for k, v in sections.items() if v.strip())
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()[:16]


def is_untouched(text: str, sections: dict[str, str]) -> bool:
    """Whether a saved template still holds exactly what kbank pre-filled (no editor has written in it)."""
    match = _MARK.search(text)
    return match is not None and match.group(1) == fingerprint(sections)
