"""Signature blocks: the place and date a foreword or summary is signed, and the person and role under it.

A registrar dates a report by the line that closes its foreword ("Stockholm i december
2015", "Farsta den 3 mars 2016", "Uppsala 2016-03-14") and takes the person who signs it,
with their role ("Fou-handledare, utvecklingsenheten") and sometimes their administration
on the lines below, as the one to ask. Contact phrases in prose ("Frågor om rapporten
besvaras av …", "För mer information kontakta …") name the contact too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kbank.metadata.administrations import find_administrations
from kbank.metadata.dates import MONTH_WORD, FoundDate, _month_number, _safe_date
from kbank.metadata.people import is_person_name, person_name
from kbank.textutil import fold

_PLACE = r"(?P<place>[A-ZÅÄÖ][\wåäöé\-]+(?:\s+[A-ZÅÄÖ][\wåäöé\-]+)?)"
_SIGNED = re.compile(
    rf"^{_PLACE}(?:\s*,\s*|\s+)(?i:(?:(?:i|den)\s+)?(?:"
    rf"(?P<d1>\d{{1,2}})(?::e|:a)?\s+(?P<m1>{MONTH_WORD})\s+(?P<y1>(?:19|20)\d\d)|"
    rf"(?P<m2>{MONTH_WORD})\s+(?:månad\s+)?(?P<y2>(?:19|20)\d\d)|"
    rf"(?P<y3>(?:19|20)\d\d)-(?P<mo3>\d\d)-(?P<d3>\d\d)|"
    rf"(?P<d4>\d{{1,2}})/(?P<mo4>\d{{1,2}})\s*(?:-|\s)\s*(?P<y4>(?:19|20)\d\d)))\s*\.?$"
)
_NOT_PLACES = {
    "datum", "den", "utgiven", "publicerad", "reviderad", "fastställd", "beslutad", "version", "sida",
    "dnr", "rapport", "under", "från", "till", "sedan", "senast", "klart", "start", "slut", "period",
}  # fmt: skip
_ROLE_WORDS = re.compile(
    r"(?:ledare|handledare|samordnare|chef|utvecklare|sekreterare|utredare|direktör|direktor|ansvarig|"
    r"strateg|handläggare|handlaggare|koordinator|forskare|konsult|controller|analytiker|assistent|"
    r"kurator|psykolog|ombud|pedagog|specialist|rådgivare|radgivare|medarbetare|lots|coach|expert)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Signature:
    """A signature block: its date (when dated), place, person, role and administration."""

    date: FoundDate | None
    place: str | None
    name: str | None
    role: str | None
    unit: str | None
    region: int
    line: int


def signed_date(line: str) -> tuple[str, FoundDate] | None:
    """Read a signature line: (place, date).

    >>> [(p, str(d.value), d.precision) for p, d in [signed_date("Stockholm i december 2015")]]
    [('Stockholm', '2015-12-01', 'month')]
    >>> p, d = signed_date("Farsta den 3 mars 2016"); p, str(d.value), d.precision
    ('Farsta', '2016-03-03', 'day')
    >>> [str(signed_date(s)[1].value) for s in ["Uppsala 2016-03-14", "Göteborg, maj 2014", "Skärholmen den 3/3 2016"]]
    ['2016-03-14', '2014-05-01', '2016-03-03']
    >>> [signed_date(s) for s in ["Resultaten redovisades i januari 2012.", "Datum 2015-08-25", "Projektet startade i mars 2014"]]
    [None, None, None]
    """
    text = " ".join(line.split())
    if len(text) > 60:
        return None
    m = _SIGNED.match(text)
    if not m:
        return None
    place = m.group("place")
    if any(fold(w) in {fold(x) for x in _NOT_PLACES} for w in place.split()):
        return None
    if re.fullmatch(MONTH_WORD, place, re.IGNORECASE):
        return None
    if m.group("y1"):
        value = _safe_date(int(m.group("y1")), _month_number(m.group("m1")), int(m.group("d1")))
        precision = "day"
    elif m.group("y2"):
        value = _safe_date(int(m.group("y2")), _month_number(m.group("m2")), 1)
        precision = "month"
    elif m.group("y3"):
        value = _safe_date(int(m.group("y3")), int(m.group("mo3")), int(m.group("d3")))
        precision = "day"
    else:
        value = _safe_date(int(m.group("y4")), int(m.group("mo4")), int(m.group("d4")))
        precision = "day"
    if value is None:
        return None
    return place, FoundDate(value, precision, m.start(), m.end())


def is_role(line: str) -> bool:
    """Tell whether a line is a person's role ("Fou-handledare, utvecklingsenheten", "Projektledare").

    >>> [is_role(s) for s in ["Fou-handledare, utvecklingsenheten", "Enhetschef, barn och ungdom", "Tack till alla"]]
    [True, True, False]
    """
    text = " ".join(line.split())
    if not text or len(text) > 80 or text.endswith((".", ":")) or len(text.split()) > 8:
        return False
    head = text.split(",")[0].strip()
    return bool(_ROLE_WORDS.search(head)) and len(head.split()) <= 3


def _name_and_role(line: str) -> tuple[str, str | None] | None:
    text = " ".join(line.split())
    if is_person_name(text):
        return text, None
    if "," in text:
        name, _, role = text.partition(",")
        if is_person_name(name.strip()) and is_role(role):
            return name.strip(), role.strip()
    return None


def find_signatures(regions: list[str]) -> list[Signature]:
    """Find the signature blocks in a report's regions, in reading order.

    >>> s = find_signatures(["Förord\\nText om projektet.\\nStockholm i december 2015\\nAnna Berglund\\n"
    ...                      "Fou-handledare, utvecklingsenheten\\nFarsta stadsdelsförvaltning"])[0]
    >>> str(s.date.value), s.name, s.role, s.unit
    ('2015-12-01', 'Anna Berglund', 'Fou-handledare, utvecklingsenheten', 'Farsta stadsdelsförvaltning')
    >>> s = find_signatures(["Text.\\nKarin Berg\\nProjektledare"])[0]
    >>> s.date, s.name, s.role
    (None, 'Karin Berg', 'Projektledare')
    >>> find_signatures(["Karin Berg\\nBostad först i Norrvik"])
    []
    """
    found: list[Signature] = []
    for region, text in enumerate(regions):
        lines = [" ".join(line.split()) for line in text.split("\n")]
        used: set[int] = set()
        for i, line in enumerate(lines):
            if i in used or not line:
                continue
            signed = signed_date(line)
            after = [j for j in range(i + 1, min(len(lines), i + 8)) if lines[j]][:4]
            if signed:
                place, when = signed
                name, role, unit, taken = _below(lines, after)
                used.update(taken)
                found.append(Signature(when, place, name, role, unit, region, i))
                continue
            person = _name_and_role(line)
            before = next((lines[j] for j in range(i - 1, max(-1, i - 4), -1) if lines[j]), "")
            if not before.endswith((".", "!", ":")):
                continue  # an undated signature closes a paragraph; a name in a column of values does not
            admins = find_administrations(line)
            if admins and not person and not admins[0].genitive and _alone(line, admins[0]):
                found.append(
                    Signature(None, None, None, None, admins[0].name, region, i)
                )  # signed by the office
                continue
            if person and (person[1] or (after and is_role(lines[after[0]]))):
                name, role, unit, taken = _below(lines, [i, *after])
                if name:
                    used.update(taken)
                    found.append(Signature(None, None, name, role, unit, region, i))
    return found


def _alone(line: str, admin) -> bool:
    rest = (line[: admin.start] + line[admin.end :]).strip(" ,.;–-|")
    return len(line) <= 80 and len(rest.split()) <= 2 and not line.endswith(".")


def _below(lines: list[str], numbers: list[int]) -> tuple[str | None, str | None, str | None, list[int]]:
    """Read name, role and administration from the lines under a signature line."""
    name = role = unit = None
    taken: list[int] = []
    for j in numbers:
        line = lines[j]
        if name is None:
            person = _name_and_role(line)
            if not person:
                break
            name, role = person
            taken.append(j)
            continue
        if role is None and is_role(line):
            role = line
            taken.append(j)
            continue
        admins = find_administrations(line)
        if admins and not admins[0].genitive and len(line) <= 80 and len(line.split()) <= 7:
            unit = admins[0].name
            taken.append(j)
        break
    return name, role, unit, taken


# --------------------------------------------------------------------------- contact phrases

_CONTACT_PHRASE = re.compile(
    r"(?:besvaras\s+av|kontakta|kontaktperson(?:\s+för\s+\w+)?\s+är|kontakt(?:person)?\s*:|"
    r"rapporten\s+är\s+skriven\s+av|rapporten\s+har\s+skrivits\s+av|skriven\s+av)\s+"
    r"(?P<rest>[^.\n;]{3,120})",
    re.IGNORECASE,
)


def contact_in_prose(text: str) -> str | None:
    """Return the person a contact phrase names ("Frågor om rapporten besvaras av Karin Berg, utredare").

    >>> contact_in_prose("Frågor om rapporten besvaras av Karin Berg, utredare.")
    'Karin Berg'
    >>> contact_in_prose("För mer information kontakta Ali Said, tfn 08-123 45.")
    'Ali Said'
    >>> contact_in_prose("Kontakta socialtjänsten för mer information.") is None
    True
    """
    for m in _CONTACT_PHRASE.finditer(text):
        name = person_name(m.group("rest"))
        if name:
            return name
    return None


def plausible(value: date, registered: int | None, today: date | None = None) -> bool:
    """Tell whether a date can be a publication date: not before the case (less a year), not in the future.

    >>> plausible(date(2015, 5, 1), 2013), plausible(date(2000, 1, 1), 2013), plausible(date(2031, 1, 1), None)
    (True, False, False)
    """
    today = today or date.today()
    if value > today or value in KNOWN_DEFAULTS:
        return False
    return registered is None or value.year >= registered - 1


#: Dates that programs write when no real date is known: the epochs of Unix, DOS and the
#: Mac, the first day of 2000, and python-docx's own template.
KNOWN_DEFAULTS = frozenset(
    {
        date(1970, 1, 1),
        date(1980, 1, 1),
        date(1904, 1, 1),
        date(2000, 1, 1),
        date(1601, 1, 1),
        date(2013, 12, 23),
    }
)
