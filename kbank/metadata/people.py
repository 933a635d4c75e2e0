"""Who published a report and whom to ask: administrations (förvaltningar) and person names."""

from __future__ import annotations

import re
from functools import lru_cache

from kbank.data import read_text
from kbank.textutil import fold

# --------------------------------------------------------------------------- administrations

_WORD = r"[A-ZÅÄÖÉa-zåäöé][\wåäöéÅÄÖ]*"
#: "Socialförvaltningen", "Björkhagens stadsdelsförvaltning", "Stadsdelsförvaltning Norr",
#: "Vård- och omsorgsförvaltningen", "Stadsledningskontoret".
#: Labels that follow an administration's name on a header line ("Äldreförvaltningen Dnr 140-3692/2009")
#: and are not the second word of a name like "Stadsdelsförvaltning Norr".
_NOT_A_NAME = "(?:Dnr|Diarienummer|Datum|Sida|Tel|Telefon|Kontaktperson|Handläggare|Projektledare|Box)"
_ADMINISTRATION = re.compile(
    rf"((?:[A-ZÅÄÖ][\wåäöé]*s\s+)?"
    rf"(?:{_WORD}-\s+(?:och|eller)\s+)?"
    rf"{_WORD}?(?:f[öo]rvaltning|f[öo]rvaltningen|kontoret)"
    rf"(?:\s+(?!och\b|i\b|för\b|med\b|har\b|{_NOT_A_NAME}\b)[A-ZÅÄÖ][\wåäö]+(?!\s+(?:kommun|stad|region)\b))?)(?![\wåäö])"
)
#: Words that name no particular administration on their own.
_GENERIC = {"forvaltning", "forvaltningen", "stadsdelsforvaltning", "stadsdelsforvaltningen", "kontoret"}
_MUNICIPALITY = re.compile(
    r"^(?:[A-ZÅÄÖ][\wåäö\-]*\s+){1,2}(?:kommun|stad|region|landsting|läns landsting)$|^Region\s+[A-ZÅÄÖ]\w+$"
)


def administration(text: str) -> str | None:
    """Return the administration a value or line names, without its sub-unit or municipality.

    >>> administration("Socialförvaltningen, FoU-enheten")
    'Socialförvaltningen'
    >>> administration("Norrviks kommun, Stadsdelsförvaltning Hagaberg")
    'Stadsdelsförvaltning Hagaberg'
    >>> administration("Vård- och omsorgsförvaltningen")
    'Vård- och omsorgsförvaltningen'
    >>> administration("Björkhagens stadsdelsförvaltning, dnr SN 2014/0123")
    'Björkhagens stadsdelsförvaltning'
    >>> administration("Stadsdelsförvaltning Sjöstads kommun, Solbackas stadsdelsförvaltning")
    'Solbackas stadsdelsförvaltning'
    >>> administration("Vard- och omsorgsforvaltningen")
    'Vard- och omsorgsforvaltningen'
    >>> administration("Äldreförvaltningen Dnr 140-3692/2009")
    'Äldreförvaltningen'
    >>> administration("FoU Södertörn") is None
    True
    """
    from kbank.metadata.administrations import find_administrations

    for part in re.split(r"\s*(?:[,;|/\t]|\s{2,}|\s[–-]\s)\s*", text.strip()):
        found = find_administrations(part)
        if found:
            return found[0].name  # hyphenated district names, "Förvaltningen för …", capitals
        match = _ADMINISTRATION.search(part)
        if match:
            name = match.group(1).strip()
            if fold(name) in _GENERIC:
                continue
            return name[0].upper() + name[1:]
    return None


def is_administration_line(line: str) -> bool:
    """Tell whether a cover line is an administration's name and nothing else.

    >>> [is_administration_line(s) for s in ["Socialförvaltningen", "Socialförvaltningen och nämnden har beslutat"]]
    [True, False]
    >>> [is_administration_line(s) for s in ["ENSKEDE-ÅRSTA-VANTÖRS STADSDELSFÖRVALTNING", "Socialförvaltningens kunskapsbank"]]
    [True, False]
    """
    from kbank.metadata.administrations import find_administrations

    line = " ".join(line.split())
    name = administration(line)
    if not name:
        return False
    if find_administrations(line):
        if len(line) > 100 or line.endswith("."):
            return False
        # "Farsta stadsdelsförvaltning | Tak över huvudet": a part of the line is the name alone
        for part in re.split(r"\s*(?:[,;|/\t]|\s{2,}|\s[–-]\s)\s*", line):
            named = find_administrations(part)
            if named and not named[0].genitive:  # "Socialförvaltningens kunskapsbank" is a title
                rest = (part[: named[0].start] + part[named[0].end :]).strip(" ,;–-|")
                if len(rest.split()) <= 3 and not re.search(r"\b(?:har|är|ska|och|som|med|av)\b", rest):
                    return True
        return False
    rest = line.replace(name, "", 1).strip(" ,;–-|")
    return len(rest.split()) <= 3 and not re.search(r"\b(?:har|är|ska|och|som)\b", rest)


def is_municipality_line(line: str) -> bool:
    """Tell whether a line is a municipality's name ("Norrviks kommun", "Älvdala stad").

    >>> [is_municipality_line(s) for s in ["Norrviks kommun", "Region Skåne", "Kommunen har beslutat"]]
    [True, True, False]
    """
    return bool(_MUNICIPALITY.match(" ".join(line.split())))


def tidy_unit(value: str) -> str | None:
    """Return a labelled publisher without its sub-unit when it names no administration.

    >>> tidy_unit("FoU Södertörn, Huddinge")
    'FoU Södertörn'
    """
    first_part = re.split(r"\s*(?:[,;|\t]|\s{2,})\s*", value.strip())[0].strip(" .")
    if len(first_part) < 3 or not re.search(r"[A-Za-zÅÄÖåäö]{3}", first_part) or re.search(r"\d", first_part):
        return None  # a Dnr, a date or a code is no publisher
    return first_part[0].upper() + first_part[1:]


# --------------------------------------------------------------------------- persons

_NAME_PART = r"[A-ZÅÄÖÉÜ][a-zåäöéüèáíóøæ]+(?:-[A-ZÅÄÖÉÜ][a-zåäöéüèáíóøæ]+)?"
_PARTICLE = r"(?:af|von|van|de|der|la|du|di|el|al|bin|ibn)"
_NAME = re.compile(rf"{_NAME_PART}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_PART}){{1,3}}")
_NOT_NAME_WORDS = re.compile(
    r"(?:f[öo]rvaltning(?:en)?|kommun|stad|staden|region|enheten|nämnden|avdelningen|kontoret|högskola|"
    r"universitet|institutet|centrum|rapport|projekt|sida|dnr|datum|socialtjänst(?:en)?)$",
    re.IGNORECASE,
)
_JUNK_AUTHORS = {
    fold(name)
    for name in (
        "python-docx", "administrator", "administratör", "admin", "användare", "user", "windows user",
        "microsoft office user", "microsoft office-användare", "owner", "ägare", "författare", "unknown",
        "okänd", "default", "standard", "valued customer", "test", "hp", "dell", "lenovo",
    )
}  # fmt: skip


def is_person_name(text: str) -> bool:
    """Tell whether ``text`` is a person's name and nothing else.

    >>> [is_person_name(s) for s in ["Karin Söderholm", "Eva Lind-Öberg", "Socialförvaltningen", "jwikstrom"]]
    [True, True, False, False]
    >>> [is_person_name(s) for s in ["Windows User", "Ett steg i taget", "Hanna von Essen"]]
    [False, False, True]
    """
    text = " ".join(text.split())
    if not _NAME.fullmatch(text) or fold(text) in _JUNK_AUTHORS:
        return False
    return not any(_NOT_NAME_WORDS.search(word) for word in text.split())


def person_name(value: str) -> str | None:
    """Return the first person named in a labelled value, without role, phone or e-mail.

    >>> person_name("Karin Söderholm, FoU-samordnare")
    'Karin Söderholm'
    >>> person_name("Ulrika Bäckström och Ahmed Karimi")
    'Ulrika Bäckström'
    >>> person_name("Hanna Åkerlund (socialsekreterare)")
    'Hanna Åkerlund'
    >>> person_name("Fil. dr Anna Berg, Högskolan i Gävle")
    'Anna Berg'
    >>> person_name("socialforvaltningen@norrvik.se") is None
    True
    """
    value = re.sub(
        r"^(?:fil\.?\s*dr\.?|docent|professor|prof\.|dr\.?|leg\.\s*\w+)\s+", "", value.strip(), flags=re.I
    )
    for part in re.split(r"\s*(?:[,;(/\t|]|\s{2,}|\s[–-]\s|\s+och\s+|\s+&\s+|\s+samt\s+)\s*", value):
        part = part.strip(" .:)")
        if not part:
            continue
        return part if is_person_name(part) else None
    return None


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Load the common first names in kbank/data/fornamn.txt (folded)."""
    raw = read_text("fornamn.txt")
    return frozenset(
        fold(name) for line in raw.splitlines() if not line.startswith("#") for name in line.split()
    )


def byline_names(line: str) -> list[str]:
    """Return the names of a byline ("Henrik Sandberg och Leila Haddad"), or [] if it is none.

    A single name counts only if it starts with a known first name: "Jobbtorg Kvarnby" is a title.

    >>> byline_names("Henrik Sandberg och Leila Haddad")
    ['Henrik Sandberg', 'Leila Haddad']
    >>> byline_names("Bostad först i Björkhagen"), byline_names("Jobbtorg Kvarnby")
    ([], [])
    """
    parts = [p.strip() for p in re.split(r"\s*(?:,|\s+och\s+|\s+&\s+)\s*", line.strip()) if p.strip()]
    if not parts or len(parts) > 6 or not all(is_person_name(p) for p in parts):
        return []
    if len(parts) == 1 and fold(parts[0].split()[0]) not in first_names():
        return []
    return parts


def meaningful_author(value: str | None) -> str | None:
    """Return a document property author if it is a person's name, not a login or a default.

    >>> [meaningful_author(s) for s in ["Maria Lindqvist", "jwikstrom", "ADM\\\\karsod01", "python-docx"]]
    ['Maria Lindqvist', None, None, None]
    """
    if not value:
        return None
    value = " ".join(value.split())
    if ";" in value or "," in value:
        value = re.split(r"[;,]", value)[0].strip()
    return value if is_person_name(value) else None
