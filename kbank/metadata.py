"""Facts about a report read from its text, properties and registry folder: pure functions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath

# --------------------------------------------------------------------------- Dnr

# prefix-year-number: SN.2024.53, SN 2024/53, KS 2024/112, SoN 2014/0123, AMN-2015-0185
_DNR_PREFIXED = r"[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{0,5}(?:[ .\-_]|\. )?(?:19|20)\d\d(?:[./\-_]| / )\d{1,6}"
# number-year: 3.2-614/2013, 179-2103/2016 (and 3.2-614-2013, 3.2-614_2013 in folder names)
_DNR_NUMBERED = r"\d{1,4}(?:\.\d{1,4})*-\d{1,6}[/\-_](?:19|20)\d\d"
_DNR_VALUE = rf"(?:{_DNR_PREFIXED}|{_DNR_NUMBERED})"
_DNR_LABEL = r"(?:dnr|diarienr|diarienummer|ärendenummer|ärendenr|vår beteckning)"
_DNR_LABELLED = re.compile(rf"\b{_DNR_LABEL}\.?\s*[:.]?\s*({_DNR_VALUE})(?![\d/])", re.IGNORECASE)
_DNR_AT_START = re.compile(rf"^\s*({_DNR_VALUE})(?![\d/])")
_DNR_PARTS_PREFIXED = re.compile(r"^([A-Za-zÅÄÖåäö]+)([ .\-_]|\. )?((?:19|20)\d\d)([./\-_]| / )(\d+)$")
_DNR_PARTS_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*-\d+)[/\-_]((?:19|20)\d\d)$")


@dataclass(frozen=True)
class Dnr:
    """A registry case number: the canonical spelling, the spelling found, and a match key."""

    canonical: str
    raw: str

    @property
    def key(self) -> str:
        return dnr_key(self.canonical)

    @property
    def year(self) -> int | None:
        match = re.search(r"(?:19|20)\d\d", self.canonical)
        return int(match.group()) if match else None


def normalise_dnr(raw: str, *, from_folder: bool = False) -> Dnr | None:
    """Return the canonical spelling of a Dnr, or None when ``raw`` is not one.

    >>> normalise_dnr("3.2-614/2013").canonical
    '3.2-614/2013'
    >>> normalise_dnr("3.2-614-2013", from_folder=True).canonical
    '3.2-614/2013'
    >>> normalise_dnr("3.2-614_2013", from_folder=True).canonical
    '3.2-614/2013'
    >>> [normalise_dnr(s).canonical for s in ["SN.2024.53", "sn 2024/53", "KS 2024 / 112"]]
    ['SN.2024.53', 'SN 2024/53', 'KS 2024/112']
    >>> normalise_dnr("KS 2024_112", from_folder=True).canonical
    'KS 2024/112'
    >>> normalise_dnr("AMN-2015-0185").canonical
    'AMN-2015-0185'
    >>> normalise_dnr("SoN 2014/0123").canonical
    'SoN 2014/0123'
    >>> normalise_dnr("Projektplan") is None
    True
    """
    text = " ".join(raw.split())
    numbered = _DNR_PARTS_NUMBERED.match(text)
    if numbered:
        return Dnr(f"{numbered.group(1)}/{numbered.group(2)}", raw)
    prefixed = _DNR_PARTS_PREFIXED.match(text)
    if not prefixed:
        return None
    prefix, sep1, year, sep2, number = prefixed.groups()
    if prefix.isupper() or prefix.islower():
        prefix = prefix.upper()  # "sn" and "SN" are the same board; "SoN" keeps its spelling
    sep1 = {"_": " ", ". ": "."}.get(sep1 or "", sep1 or "")
    sep2 = sep2.strip()
    if sep2 == "_" or (from_folder and sep2 == "-" and sep1 != "-"):
        sep2 = "/"  # a folder name cannot hold "/"
    return Dnr(f"{prefix}{sep1}{year}{sep2}{number}", raw)


def dnr_key(text: str) -> str:
    """Return a spelling-independent key, so that every spelling of one Dnr matches.

    >>> dnr_key("SN 2024/53") == dnr_key("SN.2024.53") == dnr_key("sn-2024-053")
    True
    >>> dnr_key("3.2-614/2013")
    '3-2-614-2013'
    """
    parts = re.split(r"[\s./_\-§]+", text.strip().lower())
    return "-".join(p.lstrip("0") or "0" if p.isdigit() else p for p in parts if p)


def find_dnr(text: str) -> Dnr | None:
    """Find the first labelled Dnr in a text ("Dnr: …", "Diarienummer …").

    >>> find_dnr("Slutrapport\\nDnr: 3.2-614/2013\\nUtgivningsdatum: 2015-08-25").canonical
    '3.2-614/2013'
    >>> find_dnr("Strategi  Dnr: SN.2024.53 §37").canonical
    'SN.2024.53'
    >>> find_dnr("Svar på remiss, Dnr KS 2024/112").canonical
    'KS 2024/112'
    >>> find_dnr("Diarienummer\\tSN 2023/0142").canonical
    'SN 2023/0142'
    >>> find_dnr("Sidan 2024/12") is None
    True
    """
    match = _DNR_LABELLED.search(text)
    return normalise_dnr(match.group(1)) if match else None


def dnr_from_folder(name: str) -> Dnr | None:
    """Read the Dnr a registry folder name starts with.

    >>> dnr_from_folder("3.2-614-2013 Socialförvaltningens kunskapsbank").canonical
    '3.2-614/2013'
    >>> dnr_from_folder("SN.2024.53 Kommunikationsstrategi").canonical
    'SN.2024.53'
    >>> dnr_from_folder("Trygg hemgång") is None
    True
    """
    match = _DNR_AT_START.match(name)
    return normalise_dnr(match.group(1), from_folder=True) if match else None


# --------------------------------------------------------------------------- dates

MONTHS = {
    "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip
_MONTH_ABBR = {name[:3]: number for name, number in MONTHS.items()}
_MONTH_WORD = r"(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|dec)\.?"
_ISO_DATE = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")
_LONG_DATE = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_WORD})\s+((?:19|20)\d\d)\b", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"\b({_MONTH_WORD})\s+((?:19|20)\d\d)\b", re.IGNORECASE)
_YEAR_MONTH = re.compile(r"\b((?:19|20)\d\d)-(\d\d)\b(?!-)")
_DATE_LABEL = re.compile(
    r"\b(?:utgivningsdatum|publiceringsdatum|publicerad|fastställelsedatum|fastställd|"
    r"fastställsedatum|beslutsdatum|beslutad|datum|daterad)\s*[:.]?\s*([^\n]{4,40})",
    re.IGNORECASE,
)


def _month_number(word: str) -> int:
    word = word.lower().rstrip(".")
    return MONTHS.get(word) or _MONTH_ABBR[word[:3]]


def parse_date(text: str) -> date | None:
    """Parse the first date in ``text``; a month without a day means its first day.

    >>> [str(parse_date(s)) for s in ["2015-08-25", "25 augusti 2015", "25 aug. 2015",
    ...                               "Augusti 2015", "2015-08", "den 3 mars 2014"]]
    ['2015-08-25', '2015-08-25', '2015-08-25', '2015-08-01', '2015-08-01', '2014-03-03']
    >>> parse_date("2015-13-40") is None
    True
    """
    found: list[tuple[int, date]] = []
    for match in _ISO_DATE.finditer(text):
        found.append((match.start(), _safe_date(*map(int, match.groups()))))
    for match in _LONG_DATE.finditer(text):
        day, month, year = match.groups()
        found.append((match.start(), _safe_date(int(year), _month_number(month), int(day))))
    for match in _MONTH_YEAR.finditer(text):
        month, year = match.groups()
        found.append((match.start() + 1, _safe_date(int(year), _month_number(month), 1)))
    for match in _YEAR_MONTH.finditer(text):
        year, month = match.groups()
        found.append((match.start() + 1, _safe_date(int(year), int(month), 1)))
    valid = sorted((pos, d) for pos, d in found if d is not None)
    return valid[0][1] if valid else None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    return value if 1950 <= year <= 2100 else None


def find_publication_date(cover: str) -> date | None:
    """Pick the publication date: a labelled date first, else the first date on the cover.

    >>> str(find_publication_date("Slutrapport\\nAugusti 2015\\nUtgivningsdatum: 2015-08-25"))
    '2015-08-25'
    >>> str(find_publication_date("Projektplan\\nmars 2014\\nMilstolpe 2014-06-01"))
    '2014-03-01'
    """
    for match in _DATE_LABEL.finditer(cover):
        value = parse_date(match.group(1))
        if value is not None:
            return value
    return parse_date(cover)


# --------------------------------------------------------------------------- titles

_BAD_TITLES = re.compile(
    r"^(?:microsoft word|word document|dokument\d*|document\d*|untitled|namnlös|rapport\d*|"
    r"powerpoint|presentation\d*|ppt|pdf|slide|mall|template|normal)\b",
    re.IGNORECASE,
)
_NOT_TITLE_LINES = re.compile(
    r"^(?:innehåll|innehållsförteckning|sammanfattning|förord|inledning|bilaga|bilagor|"
    r"sida|page|sid\.|s\.\s*\d|www\.|http|\d+\s*(?:\(\d+\))?$)",
    re.IGNORECASE,
)
_LABEL_LINE = re.compile(r"^[\wÅÄÖåäö ]{2,30}:\s")


def meaningful_title(value: str | None) -> str | None:
    """Return a document property title if it is a real title, else None.

    >>> meaningful_title("Microsoft Word - Dokument1.docx") is None
    True
    >>> meaningful_title("slutrapport_v3_final.pdf") is None
    True
    >>> meaningful_title("Slutrapport Trygg hemgång")
    'Slutrapport Trygg hemgång'
    """
    if not value:
        return None
    value = " ".join(value.split())
    if len(value) < 4 or _BAD_TITLES.match(value):
        return None
    if re.search(r"\.(?:docx?|pdf|odt|rtf)$", value, re.IGNORECASE) or "_" in value:
        return None
    if sum(c.isalpha() for c in value) < 4:
        return None
    return value


_TYPE_WORD_ONLY = re.compile(
    r"^(?:slutrapport|delrapport(?:\s+\d+)?|projektplan|utvärdering|lägesrapport|"
    r"kommunikationsplan|rapport|strategi|tjänsteutlåtande)$",
    re.IGNORECASE,
)


def _title_like(line: str) -> bool:
    if len(line) < 4 or len(line) > 160 or sum(c.isalpha() for c in line) < 4:
        return False
    if _NOT_TITLE_LINES.match(line) or _LABEL_LINE.match(line) or _ISO_DATE.fullmatch(line):
        return False
    return not (parse_date(line) and len(line) < 25)


def title_from_lines(text: str) -> str | None:
    """Take the first line of the text that looks like a title; a lone type word takes the next line too.

    >>> title_from_lines("Innehåll\\n1\\nSlutrapport Trygg hemgång\\nDnr: 1")
    'Slutrapport Trygg hemgång'
    >>> title_from_lines("Slutrapport\\nKunskapsbank för socialtjänsten\\nAugusti 2015")
    'Slutrapport Kunskapsbank för socialtjänsten'
    """
    lines = [" ".join(line.split()) for line in text.splitlines()[:60]]
    for i, line in enumerate(lines):
        if not _title_like(line):
            continue
        if _TYPE_WORD_ONLY.match(line):
            following = next((nxt for nxt in lines[i + 1 : i + 4] if nxt), "")
            if _title_like(following) and not _TYPE_WORD_ONLY.match(following):
                return f"{line} {following}"
        return line
    return None


def title_from_filename(path: str) -> str:
    """Make a readable title from a file name.

    >>> title_from_filename("2014/x/slutrapport_trygg-hemgang_v2.pdf")
    'Slutrapport trygg hemgang v2'
    """
    stem = PurePosixPath(path).stem
    words = re.sub(r"[_\-.]+", " ", stem).split()
    text = " ".join(words) or stem
    return text[:1].upper() + text[1:]


def clean_title(title: str) -> str:
    """Drop a trailing date from a cover title ("Slutrapport X Augusti 2015").

    >>> clean_title("Slutrapport Socialförvaltningens kunskapsbank Augusti 2015")
    'Slutrapport Socialförvaltningens kunskapsbank'
    """
    title = " ".join(title.split())
    stripped = re.sub(
        rf"\s+(?:{_MONTH_WORD}\s+)?(?:19|20)\d\d(?:-\d\d(?:-\d\d)?)?$", "", title, flags=re.IGNORECASE
    )
    return stripped if len(stripped) >= 4 else title


# --------------------------------------------------------------------------- document types

DOC_TYPES = ("projektplan", "delrapport", "slutrapport", "utvärdering", "other")

_TYPE_PATTERNS = [
    ("slutrapport", r"slut\s?rapport|slutredovisning|slutrapportering|final report"),
    ("delrapport", r"del\s?rapport|lägesrapport|delredovisning|mellanrapport|statusrapport|delårsrapport"),
    ("utvärdering", r"utvärdering|utvardering|effektstudie|uppföljningsrapport|evaluation"),
    ("projektplan", r"projekt\s?plan|projektbeskrivning|projektdirektiv|projektansökan"),
]
_TYPE_RE = [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in _TYPE_PATTERNS]
TYPE_ALIASES = {
    "annat": "other", "övrigt": "other", "ovrigt": "other", "ovrig": "other", "övrig": "other",
    "utvardering": "utvärdering", "plan": "projektplan", "slut": "slutrapport",
}  # fmt: skip


def detect_doc_type(filename: str, title: str, cover: str) -> str:
    """Classify a report by its file name, then its title, then its cover text.

    >>> detect_doc_type("slutrapport.pdf", "", "")
    'slutrapport'
    >>> detect_doc_type("rapport.pdf", "Utvärdering av Trygg hemgång", "")
    'utvärdering'
    >>> detect_doc_type("r.pdf", "Trygg hemgång", "Delrapport 1 för projektet")
    'delrapport'
    >>> detect_doc_type("r.pdf", "Årsberättelse", "")
    'other'
    """
    for source in (PurePosixPath(filename).stem.replace("_", " "), title, cover[:400]):
        best: tuple[int, str] | None = None
        for name, pattern in _TYPE_RE:
            match = pattern.search(source)
            if match and (best is None or match.start() < best[0]):
                best = (match.start(), name)
        if best:
            return best[1]
    return "other"


def normalise_doc_type(value: str) -> str:
    """Map what a user types to a document type.

    >>> normalise_doc_type("Utvardering"), normalise_doc_type("övrigt")
    ('utvärdering', 'other')
    """
    value = value.strip().lower()
    return TYPE_ALIASES.get(value, value)


# --------------------------------------------------------------------------- administration, contact

_UNIT_LABEL = re.compile(
    r"\b(?:förvaltning|utgivare|stadsdelsförvaltning|avdelning/förvaltning|nämnd/förvaltning)"
    r"[ \t]*(?::|\t)[ \t]*([^\n\t]{3,80})",
    re.IGNORECASE,
)
_UNIT_NAME = re.compile(
    r"\b((?:[A-ZÅÄÖ][\wåäöé]+s[ ]+)?[A-ZÅÄÖ]?[\wåäö]*förvaltning(?:en)?(?:[ ]+[A-ZÅÄÖ][\wåäö]+)?)"
)
_CONTACT_LABEL = re.compile(
    r"\b(?:kontaktperson|handläggare|projektledare|kontakt)\s*[:\t]\s*([^\n\t]{3,80})",
    re.IGNORECASE,
)


def find_unit(cover: str) -> str | None:
    """Find the administration that published a report.

    >>> find_unit("Utgivare: Socialförvaltningen\\nKontaktperson: A")
    'Socialförvaltningen'
    >>> find_unit("Slutrapport\\nSkärholmens stadsdelsförvaltning\\n2015")
    'Skärholmens stadsdelsförvaltning'
    >>> find_unit("Projektet har pågått länge.") is None
    True
    """
    match = _UNIT_LABEL.search(cover)
    if match:
        value = match.group(1).strip(" .,;")
        return value.split(",")[0].strip() or None
    for match in _UNIT_NAME.finditer(cover):
        name = match.group(1).strip()
        if name[0].isupper() and len(name) > len("förvaltning"):
            return name
    return None


def find_contact(cover: str) -> str | None:
    """Find the contact person named on a cover.

    >>> find_contact("Kontaktperson: Cecilia Löfgren, utvecklingsenheten")
    'Cecilia Löfgren, utvecklingsenheten'
    """
    match = _CONTACT_LABEL.search(cover)
    return match.group(1).strip(" .;") if match else None


# --------------------------------------------------------------------------- registry folders


def folder_facts(rel_path: str) -> tuple[int | None, Dnr | None, str | None]:
    """Read year, Dnr and project name from ``<year>/<Dnr> <project name>/<file>``.

    >>> y, d, name = folder_facts("2013/3.2-614-2013 Kunskapsbank/slutrapport.pdf")
    >>> y, d.canonical, name
    (2013, '3.2-614/2013', 'Kunskapsbank')
    >>> folder_facts("2016/Trygg hemgång/rapport.docx")
    (2016, None, 'Trygg hemgång')
    """
    parts = PurePosixPath(rel_path).parts[:-1]
    year = next((int(p) for p in parts if re.fullmatch(r"(?:19|20)\d\d", p)), None)
    dnr = project = None
    for part in parts:
        if re.fullmatch(r"(?:19|20)\d\d", part):
            continue
        found = dnr_from_folder(part)
        if found:
            dnr = found
            rest = part[len(_DNR_AT_START.match(part).group(0)) :].strip(" -_")
            project = rest or project
        else:
            project = part
    return year, dnr, project


# --------------------------------------------------------------------------- the report

_KEYWORDS_LINE = re.compile(r"^\s*(?:nyckelord|sökord|ämnesord)\s*[:]\s*(.+)$", re.IGNORECASE | re.MULTILINE)


@dataclass
class Report:
    """What kbank knows about one distinct report (one content, possibly several paths)."""

    id: str
    sha256: str
    path: str
    title: str
    dnr: str | None
    dnr_raw: str | None
    doc_type: str
    date: str | None
    year: int | None
    unit: str | None
    contact: str | None
    areas: list[str]
    keywords: list[str]
    project: str | None
    paged: bool
    page_count: int
    text_chars: int


def find_keywords(text: str) -> list[str]:
    """Read a report's own "Nyckelord:" line.

    >>> find_keywords("Titel\\nNyckelord: hemlöshet; Bostad först, uppföljning\\n")
    ['hemlöshet', 'Bostad först', 'uppföljning']
    """
    match = _KEYWORDS_LINE.search(text)
    if not match:
        return []
    return [k.strip(" .") for k in re.split(r"[;,]", match.group(1)) if k.strip(" .")]


def describe(
    doc_id: str,
    sha256: str,
    rel_path: str,
    pages: list[str],
    paged: bool,
    properties: dict[str, str],
    headings: list[str],
) -> Report:
    """Read a report's facts from its text, properties and registry folder."""
    from .areas import assign_areas  # the vocabulary is read on first use

    text = "\n\n".join(pages)
    cover = "\n".join(pages[:2])[:4000] if paged else text[:4000]
    folder_year, folder_dnr, project = folder_facts(rel_path)

    title = (
        meaningful_title(properties.get("title"))
        or next((clean_title(h) for h in headings if meaningful_title(h)), None)
        or title_from_lines(cover)
        or title_from_filename(rel_path)
    )
    text_dnr = find_dnr(cover) or find_dnr(text[:20000])
    if folder_dnr and text_dnr and folder_dnr.key == text_dnr.key:
        dnr = text_dnr  # the same case number: the report's own spelling is the registry's
    else:
        dnr = folder_dnr or text_dnr
    published = find_publication_date(cover)
    year = published.year if published else (folder_year or (dnr.year if dnr else None))
    return Report(
        id=doc_id,
        sha256=sha256,
        path=rel_path,
        title=title,
        dnr=dnr.canonical if dnr else None,
        dnr_raw=dnr.raw if dnr else None,
        doc_type=detect_doc_type(PurePosixPath(rel_path).name, title, cover),
        date=published.isoformat() if published else None,
        year=year,
        unit=find_unit(cover),
        contact=find_contact(cover),
        areas=assign_areas(text, title),
        keywords=find_keywords(cover),
        project=project,
        paged=paged,
        page_count=len(pages),
        text_chars=len(text),
    )
