"""Administrations (förvaltningar) as reports write them, and a gazetteer that resolves partial names.

Swedish reports name their author organisation in many shapes: "Enskede-Årsta-Vantörs
stadsdelsförvaltning" (a district name with hyphens, in the genitive), "Bromma
stadsdelsförvaltning" (no genitive s), "Stadsdelsförvaltning Norr", "Förvaltningen för
arbete och välfärd", "Social resursförvaltning", "SOCIALFÖRVALTNINGEN" on a cover, and in
prose as "Farsta stadsdelsförvaltnings arbete", "på uppdrag av socialförvaltningen" or
"Skärholmens stadsdelsnämnd". ``find_administrations`` reads them all and returns each in
the form a registrar records ("Farsta stadsdelsförvaltning", "Socialförvaltningen").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from kbank.textutil import fold

_UP = "A-ZÅÄÖÉÜ"
_LOW = "a-zåäöéüè"
_CAP = rf"[{_UP}][{_LOW}]+"
_PLACE = rf"{_CAP}(?:-{_CAP})*"
_FORV = r"f[öo]rvaltning"
#: Capitalised words that open a sentence, not a district's name.
_NOT_PLACES = {
    "den", "denna", "det", "varje", "en", "ett", "var", "vår", "er", "hela", "samma", "annan", "annat",
    "respektive", "berörd", "aktuell", "ansvarig", "stockholms", "under", "inom", "från", "till", "av",
    "vid", "för", "med", "och", "i", "på", "om", "att", "alla", "båda", "nuvarande", "tidigare",
    "nya", "ny", "sin", "sina", "dess", "berörda", "samtliga", "flera", "övriga",
}  # fmt: skip
_DISTRICT_BEFORE = re.compile(
    rf"(?<![\w\-])(?P<place>{_PLACE})\s+(?P<kind>stadsdels{_FORV}|stadsområdes{_FORV}|stadsdelsnämnd|"
    rf"stadsdelsnamnd)(?P<end>ens|en|s|ernas)?(?![\w])"
)
_DISTRICT_AFTER = re.compile(
    rf"(?<![\w\-])(?P<kind>Stadsdels{_FORV}|Stadsområdes{_FORV})(?P<end>en)?\s+"
    rf"(?P<place>(?:(?:Östra|Västra|Norra|Södra|Centrala|Yttre|Inre)\s+)?{_PLACE})(?![\w\-])"
    rf"(?!\s+(?:kommun|stad|region|län)\b)"
)
_FOR = re.compile(
    rf"(?<![\w\-])(?P<head>[Ff]{_FORV[1:]}en)\s+f[öo]r\s+(?P<what>[{_LOW}\-]{{3,}}(?:,\s+[{_LOW}\-]{{3,}})*"
    rf"(?:\s+(?:och|samt)\s+[{_LOW}\-]{{3,}})?)"
)
_COMPOUND = re.compile(
    rf"(?<![\w\-])(?P<adj>(?:[Ss]ociala?|[Cc]entrala|[Rr]egionala)\s+)?"
    rf"(?P<name>(?:[{_UP}{_LOW}][{_LOW}]*-\s+(?:och|eller)\s+)?[{_UP}{_LOW}][{_LOW}]*{_FORV}|"
    rf"[{_UP}][{_LOW}]+kontor)(?P<end>ens|en|s|et|ets)?(?![\w])"
)
_GENERIC = {
    "forvaltning", "stadsdelsforvaltning", "stadsomradesforvaltning", "stadsdelsnamnd", "kontor",
    "huvudkontor",
}  # fmt: skip
_NOT_A_NAME_AFTER = {"dnr", "diarienummer", "datum", "sida", "tel", "telefon", "box", "har", "och", "i"}
_SMALL = {"och", "för", "for", "samt", "i", "av", "med"}


@dataclass(frozen=True)
class Found:
    """An administration named in a text: the registrar's form of it and where it stands."""

    name: str
    start: int
    end: int
    #: written in the genitive ("Socialförvaltningens kunskapsbank"): it owns what follows
    genitive: bool = False


def _cap(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


def _recase(text: str) -> str:
    """Give an all-capitals line ordinary case: place names capitalised, the rest in lower case.

    >>> _recase("ENSKEDE-ÅRSTA-VANTÖRS STADSDELSFÖRVALTNING"), _recase("FÖRVALTNINGEN FÖR FUNKTIONSSTÖD")
    ('Enskede-Årsta-Vantörs stadsdelsförvaltning', 'Förvaltningen för funktionsstöd')
    >>> _recase("STADSDELSFÖRVALTNINGEN ÖSTRA GÖTEBORG")
    'Stadsdelsförvaltningen Östra Göteborg'
    """
    district = re.compile(r"^(?:stadsdels|stadsomrades|stadsområdes)")
    words = text.lower().split(" ")
    out = []
    after_district = False
    for i, word in enumerate(words):
        place = i + 1 < len(words) and district.match(words[i + 1]) and word not in _SMALL
        if i == 0 or place or after_district:
            out.append(_cap(word))
        else:
            out.append(word)
        after_district = after_district or bool(district.match(word))
    return " ".join(out)


def find_administrations(text: str) -> list[Found]:
    """Find every administration a text names, in order, in the form a registrar records.

    >>> [f.name for f in find_administrations("Enskede-Årsta-Vantörs stadsdelsförvaltning har drivit projektet")]
    ['Enskede-Årsta-Vantörs stadsdelsförvaltning']
    >>> [f.name for f in find_administrations("BROMMA STADSDELSFÖRVALTNING")]
    ['Bromma stadsdelsförvaltning']
    >>> [f.name for f in find_administrations("Farsta stadsdelsförvaltnings arbete med unga")]
    ['Farsta stadsdelsförvaltning']
    >>> [f.name for f in find_administrations("på uppdrag av socialförvaltningen i Norrvik")]
    ['Socialförvaltningen']
    >>> [f.name for f in find_administrations("Förvaltningen för arbete och välfärd har under året")]
    ['Förvaltningen för arbete och välfärd']
    >>> [f.name for f in find_administrations("Social resursförvaltnings uppdrag")]
    ['Social resursförvaltning']
    >>> [f.name for f in find_administrations("Socialförvaltningens FoU-enhet och Vård- och omsorgsförvaltningen")]
    ['Socialförvaltningen', 'Vård- och omsorgsförvaltningen']
    >>> [f.name for f in find_administrations("Stadsdelsförvaltningen Östra Göteborg")]
    ['Stadsdelsförvaltningen Östra Göteborg']
    >>> [f.name for f in find_administrations("Skärholmens stadsdelsnämnd beslutade")]
    ['Skärholmens stadsdelsförvaltning']
    >>> find_administrations("Förvaltningen har beslutat och stadsdelsförvaltningen ska")
    []
    """
    if not text:
        return []
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) > 0.8 * len(letters) and len(letters) > 6:
        text = _recase(text)
    found: list[Found] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, name: str, genitive: bool = False) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append(Found(name, start, end, genitive))

    for m in _DISTRICT_BEFORE.finditer(text):
        place = m.group("place")
        if fold(place) in {fold(w) for w in _NOT_PLACES}:
            continue
        kind = m.group("kind").lower()
        if "namnd" in fold(kind):
            kind = "stadsdelsförvaltning" if "ö" in kind or "ä" in kind else "stadsdelsforvaltning"
        add(m.start(), m.end(), f"{place} {kind}", (m.group("end") or "") in ("s", "ens"))
    for m in _DISTRICT_AFTER.finditer(text):
        if fold(m.group("place").split()[-1]) in _NOT_A_NAME_AFTER:
            continue
        add(m.start(), m.end(), f"{m.group('kind')}{m.group('end') or ''} {m.group('place')}")
    for m in _FOR.finditer(text):
        what = m.group("what")
        if fold(what.split()[0]) in {"att", "det", "den", "de", "dem", "sin", "sitt", "sina", "var"}:
            continue
        add(m.start(), m.end(), f"Förvaltningen för {what}")
    for m in _COMPOUND.finditer(text):
        name = m.group("name")
        if fold(name) in _GENERIC or fold(name).endswith(("stadsdelsforvaltning", "stadsomradesforvaltning")):
            continue
        end = m.group("end") or ""
        if name.endswith("kontor"):
            if not end.startswith("et"):
                continue
            name += "et"
        elif end in ("en", "ens"):
            name += "en"
        adj = m.group("adj") or ""
        if adj:
            name = f"{adj.strip()[0].upper()}{adj.strip()[1:]} {name}"
        add(m.start(), m.end(), name[0].upper() + name[1:], end in ("s", "ens", "ets"))
    return sorted(found, key=lambda f: f.start)


# --------------------------------------------------------------------------- the gazetteer


def _diacritics(text: str) -> int:
    return sum(1 for c in text if c in "åäöÅÄÖ")


def name_key(name: str) -> str:
    """Fold a name and drop the words any administration's name has, to compare partial names.

    >>> name_key("Enskede-Årsta-Vantörs stadsdelsförvaltning") == name_key("SDF Enskede-Årsta-Vantör")
    True
    >>> name_key("Socialförvaltningen") == name_key("socialforvaltningen")
    True
    """
    words = re.findall(r"[a-z0-9]+", fold(name))
    out = []
    for word in words:
        if word in {"sdf", "sdn", "stadsdelsforvaltning", "stadsdelsforvaltningen", "stadsdelsnamnd",
                    "forvaltning", "stadsdelsomrade", "stad", "stads", "kommun", "kommuns"}:  # fmt: skip
            continue
        out.append(word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word)
    return " ".join(out)


@dataclass
class Gazetteer:
    """The administrations an installation knows: configured names with aliases, plus confident readings."""

    names: dict[str, str] = field(default_factory=dict)  # key -> full name
    #: keys of the configured names and aliases: these rename a reading to the configured spelling
    configured: set[str] = field(default_factory=set)

    @classmethod
    def build(cls, configured: dict[str, list[str]], read: Iterable[str] = ()) -> Gazetteer:
        """Make a gazetteer of the configured names (with aliases) and names read with high confidence."""
        gazetteer = cls()
        for name, aliases in configured.items():
            for spelling in (name, *aliases):
                gazetteer.names.setdefault(name_key(spelling), name)
                gazetteer.configured.add(name_key(spelling))
        for name in read:
            if re.search(r"\d", name):
                continue  # an OCR-damaged reading ("A1dreforvaltningen") is no name to resolve to
            key = name_key(name)
            held = gazetteer.names.get(key, name)
            if (
                fold(held) == fold(name)
                and _diacritics(name) > _diacritics(held)
                and key not in gazetteer.configured
            ):
                gazetteer.names[key] = name  # "Äldreförvaltningen" over a scan's "Aldreforvaltningen"
            gazetteer.names.setdefault(key, name)
        return gazetteer

    def resolve(self, value: str | None) -> str | None:
        """Return the full name a partial, abbreviated or OCR-damaged administration name stands for.

        >>> g = Gazetteer.build({"Enskede-Årsta-Vantörs stadsdelsförvaltning": ["SDF EÅV"]}, ["Socialförvaltningen"])
        >>> g.resolve("Vantörs stadsdelsförvaltning"), g.resolve("SDF EÅV"), g.resolve("Socia1forvaltningen")
        ('Enskede-Årsta-Vantörs stadsdelsförvaltning', 'Enskede-Årsta-Vantörs stadsdelsförvaltning', 'Socialförvaltningen')
        >>> g.resolve("Äldreförvaltningen") is None, g.resolve("Socialförvaltningen"), g.resolve("Socialforvaltningen")
        (True, 'Socialförvaltningen', 'Socialförvaltningen')
        """
        if not value:
            return None
        key = name_key(value)
        if not key:
            return None
        if key in self.configured:
            return self.names[key]
        # a name cut to its last parts: "Vantörs" for "Enskede-Årsta-Vantörs"
        first = key.split()[0]
        tails = {
            full
            for k, full in self.names.items()
            if k.endswith(key) and k[: -len(key)].endswith(" ") and f"-{first}" in fold(full)
        }  # only the last parts of a hyphenated place: not "Omsorgsförvaltningen" in "Vård- och omsorgs…"
        if len(tails) == 1:
            return tails.pop()
        if key in self.names:
            # a full name read elsewhere keeps the report's own spelling ("Stadsdelsförvaltning Ådalen"),
            # unless a scan lost its å/ä/ö
            known = self.names[key]
            return known if fold(known) == fold(value) and _diacritics(known) > _diacritics(value) else value
        best, ratio = None, 0.0
        for k, full in self.names.items():
            r = SequenceMatcher(None, key, k).ratio()
            if r > ratio:
                best, ratio = full, r
        if best and ratio >= 0.9 and len(key) >= 8:
            return best  # OCR damage: "Socia1forvaltningen"
        return None


# --------------------------------------------------------------------------- the author in prose

#: Words before a name that make it the report's author or commissioner: "på uppdrag av X",
#: "efter en ansökan från X", "har genomförts av X", "inom X".
_AUTHOR_BEFORE = re.compile(
    r"(?:uppdrag\s+(?:av|från)|ansökan\s+från|ansokan\s+fran|(?:genomförts|genomfört|drivits|drivs|drivet|"
    r"tagits\s+fram|tagit\s+fram|skrivits|utförts|initierats|startats|ägs|finansierats)\s+av|inom|"
    r"rapport\s+från|från)\s+$",
    re.IGNORECASE,
)
#: Verbs after a name at a sentence's start that make it the subject: "X har under perioden … drivit".
_AUTHOR_AFTER = re.compile(
    r"^\s+(?:har|hade|driver|drev|genomför|genomförde|startade|startar|beviljade|beslutade|ansvarar|"
    r"ansvarade|arbetar|arbetade|inledde|påbörjade|fick|sökte|ansökte|tog)\b"
)
_PARTNER_BEFORE = re.compile(r"(?:\bmed|\boch|\bsamt|\btill|\bmellan|,)\s+$", re.IGNORECASE)


def author_in_prose(text: str) -> str | None:
    """Return the administration prose names as the report's author or commissioner, or None.

    >>> author_in_prose("Enskede-Årsta-Vantörs stadsdelsförvaltning har under perioden 2013–2015 drivit projektet.")
    'Enskede-Årsta-Vantörs stadsdelsförvaltning'
    >>> author_in_prose("Projektet startade efter en ansökan från Skärholmens stadsdelsförvaltning till Länsstyrelsen.")
    'Skärholmens stadsdelsförvaltning'
    >>> author_in_prose("Farsta stadsdelsförvaltnings arbete med unga vuxna har pågått sedan 2014.")
    'Farsta stadsdelsförvaltning'
    >>> author_in_prose("Arbetet har skett i samverkan med Kriminalvården och Södermalms stadsdelsförvaltning.") is None
    True
    """
    for found in find_administrations(text):
        before = text[max(0, found.start - 60) : found.start]
        after = text[found.end : found.end + 30]
        if _PARTNER_BEFORE.search(before):
            continue
        opens = not before.strip() or re.search(r"(?:[.!?:]\s+|\n\s*)$", before)
        genitive = text[found.end - 1 : found.end] == "s" and not found.name.endswith("s")
        if _AUTHOR_BEFORE.search(before) or (opens and (genitive or _AUTHOR_AFTER.match(after))):
            return found.name
    return None


# --------------------------------------------------------------------------- filters

_ABBREVIATIONS = {
    "sdf": "stadsdelsförvaltning", "sdn": "stadsdelsförvaltning", "stadsdelsnämnd": "stadsdelsförvaltning",
    "stadsdelsnamnd": "stadsdelsförvaltning", "förv": "förvaltning", "forv": "förvaltning",
}  # fmt: skip


def unit_spellings(value: str, administrations: dict[str, Iterable[str]] | None = None) -> list[str]:
    """Return the spellings a ``--unit`` value stands for: itself, its abbreviations written out, its full name.

    >>> unit_spellings("SDF Farsta")
    ['SDF Farsta', 'stadsdelsförvaltning Farsta']
    >>> unit_spellings("EÅV", {"Enskede-Årsta-Vantörs stadsdelsförvaltning": ["EÅV"]})
    ['EÅV', 'Enskede-Årsta-Vantörs stadsdelsförvaltning']
    """
    spellings = [value]
    expanded = " ".join(_ABBREVIATIONS.get(fold(w).strip("."), w) for w in value.split())
    if expanded != value:
        spellings.append(expanded)
    if administrations:
        gazetteer = Gazetteer.build({k: list(v) for k, v in administrations.items()})
        full = gazetteer.resolve(value)
        if full and full not in spellings:
            spellings.append(full)
    return spellings
