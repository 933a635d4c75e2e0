"""Registry case numbers (diarienummer): the spellings registries use, one canonical form, a match key."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kbank.textutil import fold

# prefix-year-number: SN.2024.53, SN 2024/53, KS 2024/112, SoN 2014/0123, AMN-2015-0185
_DNR_PREFIXED = r"[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{0,5}(?:[ .\-_]|\. )?(?:19|20)\d\d(?:[./\-_]| / )\d{1,6}"
# number-year: 3.2-614/2013, 179-2103/2016 (and 3.2-614-2013, 3.2-614_2013 in folder names)
_DNR_NUMBERED = r"\d{1,4}(?:\.\d{1,4})*-\d{1,6}[/\-_](?:19|20)\d\d"
DNR_VALUE = rf"(?:{_DNR_PREFIXED}|{_DNR_NUMBERED})"
_DNR_LABEL = r"(?:dnr|diarienr|diarienummer|ärendenummer|ärendenr|vårt dnr|vår beteckning)"
DNR_AT_START = re.compile(rf"^\s*({DNR_VALUE})(?![\d/])")
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
    >>> normalise_dnr("179-2103-2016", from_folder=True).canonical
    '179-2103/2016'
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
    >>> dnr_key("3.2-614/2013"), dnr_key("ÄN 2016/77") == dnr_key("an 2016-77")
    ('3-2-614-2013', True)
    >>> dnr_key("SN2014/0123") == dnr_key("sn 2014-123") == dnr_key("SN 2014/0123")
    True
    """
    # letters and digits meet without a separator in "SN2014/0123": split them there too
    spaced = re.sub(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])", " ", fold(text.strip()))
    parts = re.split(r"[\s./_\-§]+", spaced)
    return "-".join(p.lstrip("0") or "0" if p.isdigit() else p for p in parts if p)


def legacy_dnr_key(text: str) -> str:
    """The key indexes built before letters and digits were split stored ("sn2014-123")."""
    parts = re.split(r"[\s./_\-§]+", fold(text.strip()))
    return "-".join(p.lstrip("0") or "0" if p.isdigit() else p for p in parts if p)


def dnr_at_start(value: str) -> Dnr | None:
    """Read the Dnr a labelled value starts with ("SN.2024.53 §37").

    >>> dnr_at_start("SN.2024.53 §37").canonical
    'SN.2024.53'
    >>> dnr_at_start("se bilaga") is None
    True
    """
    match = DNR_AT_START.match(value)
    return normalise_dnr(match.group(1)) if match else None


@cache
def _dnr_mention() -> re.Pattern[str]:
    """A labelled Dnr in a text (compiled on first use: reading reports needs it, a search does not)."""
    return re.compile(rf"(?<![\w(])({_DNR_LABEL})\.?\s*[:.]?\s*({DNR_VALUE})(?![\d/])", re.IGNORECASE)


def find_dnr(text: str) -> Dnr | None:
    """Find the first Dnr a text names after a label ("Dnr: …", "Diarienummer …"), not in brackets.

    >>> find_dnr("Slutrapport\\nDnr: 3.2-614/2013\\nUtgivningsdatum: 2015-08-25").canonical
    '3.2-614/2013'
    >>> find_dnr("Strategi  Dnr: SN.2024.53 §37").canonical
    'SN.2024.53'
    >>> find_dnr("Svar på remiss, Dnr KS 2024/112").canonical
    'KS 2024/112'
    >>> find_dnr("programmet 2017–2022 (dnr 179-2103/2016)") is None
    True
    >>> find_dnr("Sidan 2024/12") is None
    True
    """
    for match in _dnr_mention().finditer(text):
        before = text[max(0, match.start() - 3) : match.start()].lower()
        if re.search(r"(?:ert|er)\s*$", before):
            continue  # "Ert dnr": the other party's case number
        return normalise_dnr(match.group(2))
    return None


def dnr_from_folder(name: str) -> Dnr | None:
    """Read the Dnr a registry folder name starts with.

    >>> dnr_from_folder("3.2-614-2013 Socialförvaltningens kunskapsbank").canonical
    '3.2-614/2013'
    >>> dnr_from_folder("SN.2024.53 Kommunikationsstrategi").canonical
    'SN.2024.53'
    >>> dnr_from_folder("Trygg hemgång") is None
    True
    """
    match = DNR_AT_START.match(name)
    return normalise_dnr(match.group(1), from_folder=True) if match else None


# Folder names write a Dnr anywhere: "Dnr 2.1-33-2015 Tak över huvudet", "Se barnet (Dnr 1.6-561-2018)",
# "Tak över huvudet, dnr SN 2015-0033", "Tak över huvudet - 3.1-22-2015", "1.6_561_2018_Se_barnet".
_FOLDER_NUMBERED = r"\d{1,4}(?:\.\d{1,4})*[-_]\d{1,6}[/\-_](?:19|20)\d\d"
_FOLDER_VALUE = rf"(?:{_DNR_PREFIXED}|{_FOLDER_NUMBERED})"
_FOLDER_LABEL = r"(?:dnr|diarienr|diarienummer|ärendenr|ärende)\.?\s*[:.]?\s*"


@cache
def _folder_patterns() -> tuple[re.Pattern[str], ...]:
    """The places a folder name holds a Dnr (compiled on first use: ingest needs them, a search does not)."""
    return (
        re.compile(rf"^\s*(?:{_FOLDER_LABEL})?(?P<dnr>{_FOLDER_VALUE})(?![\d/])", re.IGNORECASE),
        re.compile(rf"[(\[]\s*(?:{_FOLDER_LABEL})?(?P<dnr>{_FOLDER_VALUE})\s*[)\]]", re.IGNORECASE),
        re.compile(rf"(?:^|[\s,_–-])(?:{_FOLDER_LABEL})(?P<dnr>{_FOLDER_VALUE})(?![\d/])", re.IGNORECASE),
        re.compile(rf"(?:\s[–-]\s|,\s*|_)(?P<dnr>{_FOLDER_VALUE})\s*$", re.IGNORECASE),
    )


def dnr_in_folder(name: str) -> tuple[Dnr, str] | None:
    """Read the Dnr a registry folder name holds anywhere, and the project name around it.

    >>> [(d.canonical, p) for d, p in [dnr_in_folder("Se barnet (Dnr 1.6-561-2018)")]]
    [('1.6-561/2018', 'Se barnet')]
    >>> [(d.canonical, p) for d, p in [dnr_in_folder("Dnr 2.1-33-2015 Tak över huvudet")]]
    [('2.1-33/2015', 'Tak över huvudet')]
    >>> [(d.canonical, p) for d, p in [dnr_in_folder("1.6_561_2018_Se_barnet")]]
    [('1.6-561/2018', 'Se barnet')]
    >>> [(d.canonical, p) for d, p in [dnr_in_folder("Tak över huvudet, dnr SCN 2015-0033")]]
    [('SCN 2015/0033', 'Tak över huvudet')]
    >>> [(d.canonical, p) for d, p in [dnr_in_folder("Tak över huvudet - FSN-2019-0902")]]
    [('FSN-2019-0902', 'Tak över huvudet')]
    >>> dnr_in_folder("Trygg hemgång 2015") is None
    True
    """
    for pattern in _folder_patterns():
        match = pattern.search(name)
        if not match:
            continue
        raw = match.group("dnr")
        numbered = re.fullmatch(r"(\d{1,4}(?:\.\d{1,4})*)_(\d{1,6}[/\-_](?:19|20)\d\d)", raw)
        dnr = normalise_dnr(f"{numbered.group(1)}-{numbered.group(2)}" if numbered else raw, from_folder=True)
        if dnr is None:
            continue
        rest = name[: match.start()] + " " + name[match.end() :]
        if "_" in rest and " " not in rest.strip(" _"):
            rest = rest.replace("_", " ")
        rest = re.sub(r"\(\s*\)|\[\s*\]", " ", rest)
        rest = " ".join(rest.split()).strip(" -_–,.")
        return dnr, rest
    return None
