"""Label/value pairs on a report's first pages: "Dnr: …", a table row, a label above its value.

Reports state their facts as labelled values on the cover or the page after the table of
contents, written in three ways: on one line ("Dnr: 3.2-614/2013", "Datum 2015-08-25"),
as a table row (a tab between cells after DOCX extraction), or with the label on a line of
its own and the value below ("Handläggare" / "Karin Wallander"). ``read_fields`` finds
them all and says which kind of fact each label announces.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from kbank.textutil import fold

#: Label words by the fact they announce. Labels marked with "=" need a colon or a tab
#: after them: alone they are ordinary words that open sentences ("Till dess …").
LABELS: dict[str, tuple[str, ...]] = {
    "dnr": (
        "dnr", "dnr.", "diarienummer", "diarienr", "diarienr.", "diarie nr", "ärendenummer", "ärendenr",
        "ärende nr", "vårt dnr", "vår beteckning", "registreringsnummer",
    ),
    "their_dnr": ("ert dnr", "er beteckning", "=er referens", "ert ärende"),
    "published": (
        "utgivningsdatum", "publiceringsdatum", "publicerad", "utgiven", "rapportdatum", "utgivningsår",
    ),
    "decided": (
        "fastställd", "fastställelsedatum", "fastställsedatum", "fastställandedatum", "beslutsdatum",
        "beslutad", "=antagen", "datum för beslut", "datum för fastställelse",
    ),
    "date": ("datum", "daterad", "=skriven"),
    "unit": (
        "förvaltning", "stadsdelsförvaltning", "avdelning/förvaltning", "förvaltning/avdelning",
        "nämnd/förvaltning", "förvaltning/nämnd", "utgivare", "utgiven av", "ansvarig förvaltning",
        "=organisation", "=från", "=verksamhet",
    ),
    "client": ("beställare", "uppdragsgivare", "på uppdrag av"),
    "contact": (
        "kontaktperson", "kontaktpersoner", "kontakt", "handläggare", "ansvarig handläggare",
        "projektledare", "frågor besvaras av", "frågor om rapporten", "ansvarig",
    ),
    "author": ("författare", "författad av", "rapportförfattare", "skriven av", "=text", "=utredare"),
    "keywords": ("nyckelord", "sökord", "ämnesord"),
    "doctype": ("dokumenttyp", "typ av dokument", "rapporttyp", "dokumentslag"),
    "period": (
        "projektperiod", "projekttid", "=period", "tidsperiod", "genomförandeperiod", "projektets tidsram",
        "=tidsplan",
    ),
    "decided_by": (
        "beslutat av", "beslutad av", "fastställd av", "antagen av", "godkänd av", "beslutsinstans",
        "=godkänd",
    ),
    "to": ("=till", "=mottagare"),
    "other": (
        "=version", "styrgrupp", "projektgrupp", "arbetsgrupp", "referensgrupp", "=telefon", "=tel",
        "=e-post", "=mobil", "=mejl", "=sida", "=revideras", "=följs upp", "=giltig till", "=diarieplan",
        "=ersätter", "=projekt", "=projektnamn", "=titel", "=bilaga", "=bilagor",
    ),
}  # fmt: skip

#: The rank of each contact label: a named contact person beats a case officer, and so on.
CONTACT_RANK = {
    "kontaktperson": 0,
    "kontaktpersoner": 0,
    "fragor besvaras av": 0,
    "fragor om rapporten": 0,
    "handlaggare": 1,
    "ansvarig handlaggare": 1,
    "projektledare": 2,
    "kontakt": 3,
    "ansvarig": 4,
}

# Labels are matched on folded text (å/ä/ö → a/o), so OCR'd covers without diacritics read too;
# fold() keeps every character's position, so values are cut from the line as written.
_KIND_OF: dict[str, str] = {}
_LOOSE: set[str] = set()  # labels that may be followed by a single space
for _kind, _words in LABELS.items():
    for _word in _words:
        _plain = fold(_word.lstrip("="))
        _KIND_OF[_plain] = _kind
        if not _word.startswith("="):
            _LOOSE.add(_plain)
_ALTERNATION = "|".join(re.escape(w) for w in sorted(_KIND_OF, key=len, reverse=True))
_AT_START = re.compile(
    rf"^\s*({_ALTERNATION})(?![\wåäöÅÄÖ])(\s*:|[ ]*\t\s*|\s{{2,}}|\s)?\s*(.*)$", re.IGNORECASE
)
_ALONE = re.compile(rf"^\s*({_ALTERNATION})\s*:?\s*$", re.IGNORECASE)
_NEXT_LABEL = re.compile(rf"(?:\t|\s)({_ALTERNATION})\s*:", re.IGNORECASE)


@dataclass(frozen=True)
class Field:
    """One labelled value: the fact it announces, the label (folded, as a key), and where it stands."""

    kind: str
    label: str
    value: str
    page: int
    line: int
    written: str = ""  # the label as the report writes it
    #: the label is followed by a colon or a tab, or stands alone above its value: not a word in a sentence
    strict: bool = True


def regions(pages: list[str], paged: bool) -> list[str]:
    """Return the parts of a report where its facts stand: the cover first, then what follows.

    A PDF's regions are its first three pages. A DOCX has no pages: its cover is the text
    before the first body heading ("Sammanfattning", "Innehåll", "1. Bakgrund" …).

    >>> regions(["Rapport\\nDnr: 1\\nSammanfattning\\nText."], paged=False)
    ['Rapport\\nDnr: 1', 'Sammanfattning\\nText.']
    """
    if paged:
        return pages[:3]
    text = "\n\n".join(pages)
    lines = text.split("\n")
    offset = 0
    for number, line in enumerate(lines):
        if offset > 3000:
            break
        if number >= 2 and is_body_start(line):
            return [text[:offset].rstrip(), text[offset : offset + 6000]]
        offset += len(line) + 1
    return [text[:1500], text[1500:7500]]


_NUMBERED_HEADING = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s+[A-ZÅÄÖ][^\n]{2,60}$")
# matched on folded text: a scan's "Forord" is "Förord"
_FIRST_HEADING = re.compile(
    r"^\s*(?:innehall|innehallsforteckning|sammanfattning|forord|inledning|bakgrund|summary|abstract|"
    r"forvaltningens forslag till beslut|forslag till beslut|arendet|syfte)\s*:?\s*$"
)


def is_body_start(line: str) -> bool:
    """Tell whether a line opens a report's body: a numbered or a typical first heading.

    >>> [is_body_start(s) for s in ["Sammanfattning", "1. Bakgrund", "Forord", "Dnr: 1", "Slutrapport"]]
    [True, True, True, False, False]
    """
    if "\t" in line.strip():
        return False
    return bool(_NUMBERED_HEADING.match(line) or _FIRST_HEADING.match(fold(line)))


def read_fields(parts: list[str]) -> list[Field]:
    """Find the labelled values in the regions of a report, in reading order.

    >>> [(f.kind, f.value) for f in read_fields(["Dnr: SN 2014/0123    Datum: 2014-03-10\\nHandläggare\\nKarin Wallander"])]
    [('dnr', 'SN 2014/0123'), ('date', '2014-03-10'), ('contact', 'Karin Wallander')]
    >>> [(f.kind, f.value) for f in read_fields(["Förvaltning\\tSocialförvaltningen\\nTill dess gäller planen."])]
    [('unit', 'Socialförvaltningen')]
    """
    found: list[Field] = []
    for page, text in enumerate(parts):
        lines = text.split("\n")
        skip: set[int] = set()
        for number, line in enumerate(lines):
            if number in skip or len(line) > 300:
                continue
            alone = _ALONE.match(fold(line))
            if alone:
                run = _label_run(lines, number)
                if len(run) > 1:
                    found.extend(_column_fields(lines, run, page, skip))
                    continue
                value = _next_value(lines, number)
                if value:
                    found.append(
                        _field(alone.group(1), line[alone.start(1) : alone.end(1)], value, page, number)
                    )
                continue
            found.extend(_fields_on_line(line, page, number))
    return found


def _label_run(lines: list[str], start: int) -> list[int]:
    """Return the numbers of the consecutive lines from ``start`` that are labels alone."""
    run = []
    for number in range(start, min(len(lines), start + 15)):
        if not lines[number].strip():
            continue
        if not _ALONE.match(fold(lines[number])):
            break
        run.append(number)
    return run


def _column_fields(lines: list[str], run: list[int], page: int, skip: set[int]) -> list[Field]:
    """Pair a column of labels with the column of values below it, as two-column tables extract.

    >>> [(f.kind, f.value) for f in read_fields(["Dnr\\nDatum\\nFörvaltning\\nSN 2014/1\\n2015-08-25\\nSocialförvaltningen"])]
    [('dnr', 'SN 2014/1'), ('date', '2015-08-25'), ('unit', 'Socialförvaltningen')]
    """
    values: list[int] = []
    for number in range(run[-1] + 1, len(lines)):
        if len(values) == len(run):
            break
        if not lines[number].strip():
            continue
        if is_label_line(lines[number]) or len(lines[number]) > 100:
            return []  # not a column of values: leave the labels unpaired
        values.append(number)
    if len(values) < len(run):
        return []
    skip.update(run + values)
    fields = []
    for label_number, value_number in zip(run, values, strict=True):
        label = _ALONE.match(fold(lines[label_number]))
        assert label is not None  # is_label_line matched it above
        written = lines[label_number][label.start(1) : label.end(1)]
        fields.append(_field(label.group(1), written, lines[value_number].strip(), page, value_number))
    return fields


def _fields_on_line(line: str, page: int, number: int) -> list[Field]:
    match = _AT_START.match(fold(line))
    if not match:
        return []
    label, separator = match.group(1), _separator(match.group(2))
    rest = line[match.start(3) :]
    if not separator or not rest.strip():
        return []
    if separator == " " and label not in _LOOSE:
        return []
    fields = []
    following = _NEXT_LABEL.search(fold(rest))
    if following:
        fields.extend(_fields_on_line(rest[following.start() :], page, number))
        rest = rest[: following.start()]
    value = rest.strip(" \t:")
    if value:
        field = _field(label, line[match.start(1) : match.end(1)], value, page, number)
        fields.insert(0, replace(field, strict=separator in (":", "\t")))
    return fields


def _separator(raw: str | None) -> str | None:
    if raw is None:
        return None
    if ":" in raw:
        return ":"
    if "\t" in raw:
        return "\t"
    return "  " if len(raw) > 1 else " "


def _next_value(lines: list[str], number: int) -> str | None:
    for line in lines[number + 1 : number + 3]:
        if not line.strip():
            continue
        labelled = _AT_START.match(fold(line))
        if _ALONE.match(fold(line)) or (labelled and _separator(labelled.group(2)) in (":", "\t")):
            return None
        return line.strip() if len(line.strip()) <= 100 else None
    return None


def _field(label: str, written: str, value: str, page: int, number: int) -> Field:
    key = " ".join(label.split()).rstrip(".")
    kind = _KIND_OF.get(key) or _KIND_OF.get(key + ".") or _KIND_OF[label]
    return Field(kind, key, value.strip(), page, number, written)


def first(fields: list[Field], *kinds: str) -> list[Field]:
    """Return the fields of the given kinds, in reading order."""
    return [f for f in fields if f.kind in kinds]


# --------------------------------------------------------------------------- running headers


def line_key(line: str) -> str:
    """Return a line without case, diacritics, digits and spacing, to spot repeated lines.

    >>> line_key("Sida 3 av 12") == line_key("sida 4 av 12")
    True
    """
    return " ".join(re.sub(r"\d+", "#", fold(line)).split())


def repeated_lines(pages: list[str]) -> set[str]:
    """Return the keys of lines that open or close many pages: running headers and footers."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:
        lines = [line for line in page.split("\n") if line.strip()]
        edge = {line_key(line) for line in lines[:2] + lines[-2:]}
        counts.update(edge)
    needed = max(2, int(0.4 * len(pages)))
    return {key for key, count in counts.items() if count >= needed and key}


def is_label_alone(line: str) -> bool:
    """Tell whether a line is a label whose value stands on the next line ("Handläggare")."""
    return bool(_ALONE.match(fold(line)))


def is_label_line(line: str) -> bool:
    """Tell whether a line is a labelled value or a label alone ("Dnr: …", "Handläggare").

    >>> [is_label_line(s) for s in ["Dnr: SN 2014/1", "Handläggare", "Datum\\t2014-03-01", "Bostad först"]]
    [True, True, True, False]
    """
    folded = fold(line)
    if _ALONE.match(folded):
        return True
    match = _AT_START.match(folded)
    if not match or not match.group(3).strip():
        return False
    separator = _separator(match.group(2))
    return separator in (":", "\t", "  ") or (separator == " " and match.group(1) in _LOOSE)
