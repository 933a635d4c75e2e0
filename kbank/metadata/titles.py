"""A report's own title: its title property if the cover bears it out, its cover heading, or a cover line."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from pathlib import PurePosixPath

from kbank.metadata.dates import MONTH_WORD, date_line
from kbank.metadata.dnr import DNR_AT_START
from kbank.metadata.doctypes import is_type_only, type_in
from kbank.metadata.labels import is_body_start, is_label_alone, is_label_line, line_key
from kbank.metadata.people import byline_names, is_administration_line, is_municipality_line
from kbank.textutil import fold

_BAD_TITLES = re.compile(
    r"^(?:microsoft (?:word|powerpoint|excel)|word document|dokument\d*|document\d*|untitled|namnlös|"
    r"rapport\d*|powerpoint|presentation\d*|ppt|pdf|slide|mall|template|normal|utkast\d*|draft|"
    r"titel|rubrik|skriv titel)\b|\w*mall(?:en)?\b",
    re.IGNORECASE,
)
_CONTENTS = re.compile(r"^\s*innehall(?:sforteckning)?\s*:?\s*$")
# matched on folded text, so a scan's "Innehall" and "Forord" are caught too
_NOT_TITLE_LINES = re.compile(
    r"^(?:innehall|innehallsforteckning|sammanfattning|forord|inledning|bilaga|bilagor|"
    r"styrdokument|promemoria|pm|till\s+(?:[a-z\-]+\s+)?[a-z\-]*namnd(?:en)?\s*$|(?:fou-?\s*)?rapport(?:serie)?(?:\s+(?:nr\.?\s*)?\d{4}\s*:\s*\d+)?$|"
    r"sida|page|sid\.|s\.\s*\d|www\.|http|\S+@\S+|\d+\s*(?:\(\d+\)|av \d+)?$)"
)


def meaningful_title(value: str | None) -> str | None:
    """Return a document property title if it is a real title, else None.

    >>> meaningful_title("Microsoft Word - Dokument1.docx") is None
    True
    >>> meaningful_title("slutrapport_v3_final.pdf") is None
    True
    >>> [meaningful_title(s) for s in ["Rapportmall", "Mall för rapporter", "Slutrapport"]]
    [None, None, None]
    >>> meaningful_title("Slutrapport Trygg hemgång")
    'Slutrapport Trygg hemgång'
    """
    if not value:
        return None
    value = " ".join(value.split())
    if len(value) < 4 or _BAD_TITLES.match(value) or is_type_only(value):
        return None
    if re.search(r"\.(?:docx?|pdf|odt|rtf|dotx?)$", value, re.IGNORECASE) or "_" in value:
        return None
    if sum(c.isalpha() for c in value) < 4:
        return None
    return value


def bears_out(title: str, text: str) -> bool:
    """Tell whether the words of a title stand in the text (a stale title property does not).

    >>> bears_out("Slutrapport Bostad först", "SLUTRAPPORT\\nBostad först i Norrvik")
    True
    >>> bears_out("Slutrapport Suicidprevention i Norr", "Slutrapport\\nBostad först")
    False
    """
    words = [w for w in re.findall(r"\w+", fold(title)) if len(w) >= 3]
    if not words:
        return False
    body = fold(text)
    return sum(1 for w in words if w in body) >= 0.75 * len(words)


_ORGANISATIONAL_UNIT = re.compile(
    r"^(?:\w*(?:enhet|avdelning|sektion|byra|forvaltning)(?:en|n)?(?:\s+(?:for|inom)\s+[\w\- ]{3,60}|\s+[\w\-]+){0,1}"
    r"|\w*(?:enhet|avdelning|sektion)(?:en)?\s+[\w\- ]{3,40})$"
)


def title_like(line: str, repeated: set[str] | frozenset[str] = frozenset()) -> bool:
    """Tell whether a cover line could be a title: not a label, date, name, header or heading.

    >>> [title_like(s) for s in ["Bostad först i Norrvik", "Innehåll", "Dnr: SN 2014/1", "Augusti 2015"]]
    [True, False, False, False]
    >>> [title_like(s) for s in ["Norrviks kommun", "Socialförvaltningen", "Karin Berg och Ali Said"]]
    [False, False, False]
    """
    line = " ".join(line.split())
    if len(line) < 4 or len(line) > 160 or sum(c.isalpha() for c in line) < 4:
        return False
    if line_key(line) in repeated or _NOT_TITLE_LINES.match(fold(line)) or is_body_start(line):
        return False
    if is_label_line(line) or date_line(line) or DNR_AT_START.fullmatch(line):
        return False
    if is_municipality_line(line) or is_administration_line(line) or byline_names(line):
        return False
    if _ORGANISATIONAL_UNIT.match(fold(line)):
        return False  # "Enheten för barn och familj", "Beställarenheten": who wrote it, not what
    if "...." in line or (line.endswith(".") and len(line.split()) > 8):
        return False
    return True


def title_from_lines(text: str, repeated: set[str] | frozenset[str] = frozenset()) -> str | None:
    """Take the first cover line that looks like a title; a lone type word takes the next line too.

    >>> title_from_lines("Innehåll\\n1\\nSlutrapport Trygg hemgång\\nDnr: 1")
    'Slutrapport Trygg hemgång'
    >>> title_from_lines("Norrviks kommun\\nSlutrapport\\nKunskapsbank för socialtjänsten\\nAugusti 2015")
    'Slutrapport Kunskapsbank för socialtjänsten'
    >>> title_from_lines("Handläggare\\nKarin Wallander\\nTjänsteutlåtande\\nSvar på remiss om X")
    'Tjänsteutlåtande Svar på remiss om X'
    >>> title_from_lines("Strategi för socialnämndens externa\\nkommunikation\\nDnr: 1")
    'Strategi för socialnämndens externa kommunikation'
    """
    lines = [" ".join(line.split()) for line in text.splitlines()[:60]]
    skip_next = False
    for i, line in enumerate(lines):
        if skip_next:
            skip_next = False
            continue
        if is_label_alone(line):
            skip_next = True  # the next line is this label's value
            continue
        if is_body_start(line) and not _CONTENTS.match(fold(line)):
            break  # after "Förord" or "1. Bakgrund" comes running text, not a title
        if not line or not title_like(line, repeated):
            continue
        if is_type_only(line):
            following = next((nxt for nxt in lines[i + 1 : i + 4] if nxt), "")
            if title_like(following, repeated) and not is_type_only(following):
                return _with_continuation(with_type(line, following), lines[i + 2 :])
            continue
        return _with_continuation(line, lines[i + 1 :])
    return None


_OPEN_END = re.compile(
    r"\b(?:för|av|i|och|om|med|till|på|inom|mot|vid|från|kring|hos|samt|–|-)$", re.IGNORECASE
)


def with_type(type_line: str, title: str) -> str:
    """Put a cover's type line before its title, unless the title already starts with that type.

    >>> with_type("SLUTRAPPORT", "Slutrapport Tak över huvudet"), with_type("Delrapport 1", "Se barnet")
    ('Slutrapport Tak över huvudet', 'Delrapport 1 Se barnet')
    """
    head = " ".join(fold(type_line).split())
    if " ".join(fold(title).split()).startswith(head):
        return title
    return f"{type_line} {title}"


def _with_continuation(title: str, rest: list[str]) -> str:
    """Join a title wrapped over two lines ("Strategi för socialnämndens externa" / "kommunikation").

    A capitalised line of more than four words after a title ending in "i" is a subtitle:

    >>> _with_continuation("Ett hem att växa i", ["Om arbetet med unga vuxna i staden"])
    'Ett hem att växa i'
    >>> _with_continuation("Bostad först i", ["Björkhagen"])
    'Bostad först i Björkhagen'
    """
    following = rest[0] if rest else ""
    if (
        following
        and len(title) + len(following) <= 160
        and (following[:1].islower() or (_OPEN_END.search(title) and len(following.split()) <= 4))
        and not is_label_line(following)
        and not date_line(following)
    ):
        return f"{title} {following}"
    return title


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
        rf"\s+(?:(?:\d{{1,2}}\s+)?{MONTH_WORD}\s+(?:19|20)\d\d|(?:19|20)\d\d-\d\d(?:-\d\d)?)$",
        "",
        title,
        flags=re.I,
    )
    return stripped if len(stripped) >= 4 else title


def choose_title(
    properties: dict[str, str],
    headings: list[str],
    cover: str,
    near_cover: str,
    rel_path: str,
    repeated: set[str] | frozenset[str] = frozenset(),
) -> tuple[str, str]:
    """Return (title, where it was read): properties, heading, text or filename."""
    prop = meaningful_title(properties.get("title"))
    heading = _from_headings(headings, cover, repeated)
    if prop and bears_out(prop, cover):
        fuller = heading or title_from_lines(cover, repeated)
        if fuller and _extends(fuller, prop):
            # the property "Delrapport Trygg hemgång", the cover "Trygg hemgång i Sjöviken"
            first = prop.partition(" ")[0]
            if is_type_only(first) and not fold(fuller).startswith(fold(first)):
                fuller = f"{first} {fuller}"
            return fuller, "heading" if heading and heading in fuller else "text"
        return clean_title(prop), "properties"
    if heading:
        return heading, "heading"
    # A running header often repeats the title: accept it when nothing else on the cover will do.
    line = (
        title_from_lines(cover, repeated) or title_from_lines(cover) or title_from_lines(near_cover, repeated)
    )
    if line:
        return clean_title(line), "text"
    return title_from_filename(rel_path), "filename"


def _from_headings(headings: list[str], cover: str, repeated) -> str | None:
    # a heading in the cover's large type is the title even when a running header repeats it
    usable = [clean_title(h) for h in headings if h and title_like(clean_title(h))]
    folded_cover = fold(" ".join(cover.split()))
    if folded_cover and title_from_lines(cover, repeated):
        # a DOCX whose title is only large bold type: its "Heading 1"s after the cover are chapters
        usable = [h for h in usable if fold(h) in folded_cover]
    for i, heading in enumerate(usable):
        if not is_type_only(heading):
            return heading
        if i + 1 < len(usable) and not is_type_only(usable[i + 1]):
            return with_type(heading, usable[i + 1])
        lines = [" ".join(x.split()) for x in cover.splitlines()]
        if heading in lines:
            after = lines[lines.index(heading) + 1 :]
            following = next((x for x in after if title_like(x, repeated)), None)
            if following and not is_type_only(following):
                return with_type(heading, following)
    return None


def spelled_as(title: str, project: str) -> str:
    """Take the registry folder's spelling of a title that differs from it only by OCR noise.

    A folder name is typed by a person; a scanned cover's text layer drops å/ä/ö and reads
    "m1ssbruk". A leading document type ("Utvärdering") is kept.

    >>> spelled_as("Samverkan for våldsutsatta kvinnor med m1ssbruk", "Samverkan för våldsutsatta kvinnor med missbruk")
    'Samverkan för våldsutsatta kvinnor med missbruk'
    >>> spelled_as("Utvardering Trygg hemgang", "Trygg hemgång")
    'Utvardering Trygg hemgång'
    >>> spelled_as("Bostad först i Norrvik", "Bostad först i Björkhagen")
    'Bostad först i Norrvik'
    >>> spelled_as("Trygg hemgång i Sjöviken", "Trygg hemgång Sjöviken")
    'Trygg hemgång i Sjöviken'
    """
    head, tail = "", title
    first, _, rest = title.partition(" ")
    if rest and is_type_only(first) and type_in(first):
        head, tail = first + " ", rest
    if tail == project:
        return title
    noisy = (_diacritics(tail) < _diacritics(project)) or re.search(r"[a-zåäö][01][a-zåäö]", tail)
    a, b = fold(tail), fold(project)
    if noisy and abs(len(a) - len(b)) <= 2 and SequenceMatcher(None, a, b).ratio() >= 0.93:
        return head + project
    return title


def _diacritics(text: str) -> int:
    return sum(1 for c in text if c in "åäöÅÄÖ")


def _extends(cover_title: str, prop: str) -> bool:
    """Tell whether the cover's title is the title property and more ("Trygg hemgång i Sjöviken")."""
    core = prop
    first, _, rest = prop.partition(" ")
    if rest and is_type_only(first):
        core = rest
    a, b = fold(" ".join(cover_title.split())), fold(" ".join(core.split()))
    return b in a and len(a) > len(b)
