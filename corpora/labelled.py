"""A labelled set of fictional reports in many layouts, with the truth written beside each.

``build(root, seed)`` writes registry folders of PDF and DOCX reports under ``root`` and,
beside every report, ``<file>.truth.json`` with what a careful editor would record: Dnr,
document type, publication date, title, administration (förvaltning), contact person and
subject areas. The accuracy test and ``bench/metadata_accuracy.py`` ingest the set and
compare kbank's facts with the truth.

Every report is assembled from independent random choices, so the set is not one
template: where the Dnr stands (folder name, cover, page after the table of contents,
page header, a Word content control, a table row, nowhere) and in which registry format;
how the date is written (labelled or a bare cover line; ISO, "25 augusti 2015",
"25 aug. 2015", "augusti 2015", "2015-08") and which decoys surround it (milestone
tables, project periods, revision histories, dates in the running text); whether the
document properties are meaningful, junk ("Microsoft Word - Dokument1"), empty, a stale
template or missing altogether; whether authors are real names or login names; running
headers; "Innehåll" pages; label/value pairs on one line, in tables, or with the value on
the next line; covers that only say the month; administrations named in labels, cover
lines, page headers or only by another document of the same case.

Truth conventions:

- ``dnr``: canonical spelling per the CLI contract; a document that names none takes its
  registry folder's, and in a folder without a Dnr the one its sibling documents state;
  None when nothing in the folder names one.
- ``date``: ``YYYY-MM-DD``, or ``YYYY-MM`` when the report only states a month (any day
  of that month is then right). A report that shows no date at all is dated by its
  document properties (PDF creation, DOCX last modified).
- ``title``: as on the cover; the accuracy test compares a normalised form in which a
  leading or trailing document-type word ("Slutrapport", "Projektplan för") is ignored.
- ``unit``: the administration the report belongs to (the publisher's or the
  commissioning förvaltning, without the sub-unit); from a sibling document of the same
  case when the report names none.
- ``contact``: the contact person, else the case officer (handläggare), the project
  manager, the first author, or a real name in the author property; else the one the
  case's other documents agree on (issue 14); None otherwise.
"""

from __future__ import annotations

import json
import random
import re
import zipfile
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import docx
from docx.shared import Pt
from fpdf import FPDF, XPos, YPos

from corpora.builders import _block_sdt

DEFAULT_SEED = 7
DEFAULT_COUNT = 72
#: The newest publication date in a set: the sets must not depend on today's date.
LAST_DATE = date(2025, 6, 30)

# --------------------------------------------------------------------------- pools

FIRST = (
    "Anna Karin Maria Eva Lena Sara Emma Johanna Elin Malin Linnea Fatima Amina Leila Nadia Ida Sofia "
    "Helena Ulrika Birgitta Åsa Märta Erik Lars Anders Johan Per Mikael Jonas Henrik Ahmed Mohammed Ali "
    "Daniel Fredrik Oskar Gustav Tomas Björn Örjan Göran Jörgen Zeynep Dragana Milan Hanna Camilla Petra"
).split()
LAST = (
    "Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson Lindqvist "
    "Söderholm Åkerlund Bäckström Håkansson Öberg Lindgren Berg Holm Sandberg Haddad Karimi Rahimi Yilmaz "
    "Hassan Nordström Ek Lund Forsberg Wikström Malm Petrovic Jovanovic Lind-Öberg Berg-Hansson Strand"
).split()
ROLES = [
    "utvecklingsledare",
    "projektledare",
    "FoU-samordnare",
    "verksamhetsutvecklare",
    "enhetschef",
    "socialsekreterare",
    "utredare",
    "kvalitetsutvecklare",
]
TOWNS = ["Norrvik", "Sjöstad", "Ekeby", "Västerfors", "Lindås", "Björkvik", "Åby", "Hälleberga"]
DISTRICTS = ["Hagaberg", "Solbacka", "Ängsö", "Kvarnby", "Tallåsen", "Ådalen", "Strandvik", "Önnestad"]
CENTRAL_UNITS = [
    "Socialförvaltningen",
    "Arbetsmarknadsförvaltningen",
    "Äldreförvaltningen",
    "Vård- och omsorgsförvaltningen",
    "Socialtjänstförvaltningen",
    "Funktionsstödsförvaltningen",
    "Utbildningsförvaltningen",
]
SUB_UNITS = [
    "FoU-enheten",
    "utvecklingsenheten",
    "avdelningen för individ- och familjeomsorg",
    "enheten för barn och unga",
    "kvalitetsavdelningen",
]
UNIVERSITIES = [
    "Mälardalens forskningscentrum",
    "Högskolan i Västerfors",
    "FoU Norr",
    "Institutet för socialt arbete",
]
BOARDS = ["Socialnämnden", "Arbetsmarknadsnämnden", "Äldrenämnden", "Kommunstyrelsen"]

PROJECTS = {
    "hemlöshet": [
        "Bostad först i {d}",
        "Vräkningsförebyggande arbete i {d}",
        "Ett eget hem",
        "Härbärge med stöd",
    ],
    "missbruk och beroende": [
        "Mobila team för personer med missbruk",
        "Återfallsprevention i öppenvården",
        "Tidiga insatser vid spelberoende",
    ],
    "barn och unga": [
        "Föräldrastöd i grupp",
        "Ungdomslotsen i {d}",
        "Tidiga insatser för barn i förskoleåldern",
    ],
    "familjehem": ["Rekrytering av familjehem", "Skolstöd för placerade barn", "Nätverkshem i {d}"],
    "ekonomiskt bistånd": ["Digital ansökan om ekonomiskt bistånd", "Vägen till egen försörjning"],
    "våld i nära relationer": [
        "Stöd till våldsutsatta kvinnor",
        "Våldsförebyggande arbete i {d}",
        "Samordnare mot våld i nära relationer",
    ],
    "funktionsnedsättning": ["Daglig verksamhet med inriktning arbete", "Kvalitet i personlig assistans"],
    "psykisk hälsa": ["Boendestöd för unga vuxna med psykisk ohälsa", "Suicidprevention i {d}"],
    "äldreomsorg": ["Trygg hemgång i {d}", "Demensteam i hemtjänsten", "Kontinuitet i hemtjänsten"],
    "arbetsmarknad": ["Arbetsträning i kommunal regi", "Jobbtorg {d}", "Supported employment för unga"],
    "ensamkommande barn": ["Stödboende för ensamkommande ungdomar", "Gode män för ensamkommande barn"],
    "brukarinflytande": ["Brukarrevision i socialpsykiatrin", "Brukarråd inom missbruksvården"],
}

AREA_SENTENCES = {
    "hemlöshet": [
        "Antalet hemlösa personer i {d} har ökat under de senaste åren.",
        "Metoden Bostad först innebär att den bostadslösa först får ett eget kontrakt och sedan stöd.",
        "Flera deltagare hade tidigare bott på härbärge eller i akutboende under långa perioder.",
        "Vräkningar av barnfamiljer ska förebyggas genom tidiga kontakter med hyresvärdar.",
        "Hemlösheten är ofta kopplad till skulder och svårigheter att få ett förstahandskontrakt.",
    ],
    "missbruk och beroende": [
        "Många av deltagarna har ett långvarigt missbruk av alkohol eller narkotika.",
        "Missbruksvården och beroendevården samverkar i gemensamma team.",
        "Återfall i missbruk är vanligt under det första året efter avslutad behandling.",
        "Personer med spelberoende söker sällan hjälp hos socialtjänsten på eget initiativ.",
        "Substitutionsbehandling och avgiftning ingår i den samordnade vårdplanen.",
    ],
    "barn och unga": [
        "Barn och unga i området har sämre skolresultat än genomsnittet i kommunen.",
        "Orosanmälningar om barn har ökat och barnavården behöver nya arbetssätt.",
        "Ungdomar som riskerar att hamna i kriminalitet ska få stöd tidigt.",
        "Föräldraskapsstöd erbjuds i grupp till föräldrar med barn i tonåren.",
        "Elevhälsan och socialtjänsten har gemensamma möten varje månad.",
    ],
    "familjehem": [
        "Bristen på familjehem gör att barn placeras långt från sin hemkommun.",
        "Placerade barn har rätt till stöd i skolan under hela placeringen.",
        "Familjehemmen får handledning och utbildning av familjehemssekreterare.",
        "Jourhem och nätverkshem används när en placering behöver ske snabbt.",
        "Färre placeringar på HVB blev möjliga när fler familjehem rekryterades.",
    ],
    "ekonomiskt bistånd": [
        "Ansökan om ekonomiskt bistånd kan nu göras digitalt varje månad.",
        "Hushåll med försörjningsstöd under lång tid får en särskild handläggare.",
        "Handläggningstiden för ekonomiskt bistånd har kortats med en vecka.",
        "Budget- och skuldrådgivning erbjuds alla som söker försörjningsstöd.",
    ],
    "våld i nära relationer": [
        "Våldsutsatta kvinnor behöver ofta skyddat boende och stöd under lång tid.",
        "Våld i nära relationer är ett folkhälsoproblem som kräver samverkan.",
        "Arbetet med våldsutövare syftar till att våldet ska upphöra.",
        "Kvinnojouren och socialtjänsten har utvecklat en gemensam rutin.",
        "Barn som bevittnat våld erbjuds samtal i grupp.",
    ],
    "funktionsnedsättning": [
        "Personer med intellektuell funktionsnedsättning har rätt till daglig verksamhet enligt LSS.",
        "Personlig assistans beviljas efter en individuell bedömning.",
        "Gruppbostäderna har fått nya rutiner för delaktighet.",
        "Deltagare med autism behöver tydlig struktur i den dagliga verksamheten.",
    ],
    "psykisk hälsa": [
        "Unga vuxna med psykisk ohälsa får boendestöd i sin egen bostad.",
        "Samverkan med psykiatrin är avgörande för att insatserna ska fungera.",
        "Suicidprevention kräver att personalen kan känna igen tecken på depression.",
        "Ångest och depression är vanliga skäl till att deltagarna avbryter studier.",
    ],
    "äldreomsorg": [
        "Äldre personer som skrivs ut från sjukhus får stöd av ett team i hemmet.",
        "Hemtjänsten har infört fasta team för att öka kontinuiteten.",
        "Personer med demens behöver samma personal så ofta som möjligt.",
        "Anhörigstöd erbjuds till den som vårdar en äldre närstående.",
        "Behovet av särskilt boende har minskat sedan hemsjukvården förstärktes.",
    ],
    "arbetsmarknad": [
        "Deltagarna får stöd att hitta och behålla ett arbete på den öppna arbetsmarknaden.",
        "Arbetsträning ordnas på kommunens egna arbetsplatser.",
        "Arbetsförmedlingen och kommunen har gemensamma handläggare.",
        "Målet är egenförsörjning för så många deltagare som möjligt.",
        "Supported employment innebär att en arbetsspecialist stöttar både deltagare och arbetsgivare.",
    ],
    "ensamkommande barn": [
        "Ensamkommande ungdomar bor i stödboende med personal dagtid.",
        "Många av de ensamkommande har fått uppehållstillstånd men saknar nätverk.",
        "Gode män och socialsekreterare har regelbundna möten med ungdomarna.",
        "Asylsökande ungdomar som fyller 18 år riskerar att flyttas från kommunen.",
    ],
    "brukarinflytande": [
        "Brukarinflytande innebär att de som får insatser påverkar hur de utformas.",
        "En brukarrevision genomfördes av personer med egen erfarenhet.",
        "Brukarrådet träffas fyra gånger per år.",
        "Brukarmedverkan har blivit en del av verksamhetens kvalitetsarbete.",
    ],
}

GENERIC_SENTENCES = [
    "Projektet har finansierats med stimulansmedel och egna medel.",
    "En styrgrupp med representanter för förvaltningens ledning har följt arbetet.",
    "Arbetet har skett i nära samverkan med berörda verksamheter.",
    "Erfarenheterna visar att tydliga rutiner är en förutsättning för ett hållbart arbetssätt.",
    "Personalen har fått utbildning i metoden under projektets första månader.",
    "Uppföljningen bygger på intervjuer, enkäter och statistik från verksamhetssystemet.",
    "Resultaten ska spridas till andra delar av kommunen.",
    "Ett antal utmaningar har identifierats och beskrivs nedan.",
    "Projektgruppen har träffats varannan vecka under hela perioden.",
    "Det är för tidigt att uttala sig om de långsiktiga effekterna.",
    "Dokumentationen har förbättrats och följer nu en gemensam mall.",
    "Arbetssättet föreslås bli en del av den ordinarie verksamheten.",
]

TYPE_LABELS = {
    "projektplan": ["Projektplan", "PROJEKTPLAN", "Projektbeskrivning"],
    "delrapport": ["Delrapport", "Delrapport {n}", "Lägesrapport", "DELRAPPORT"],
    "slutrapport": ["Slutrapport", "SLUTRAPPORT", "Slutredovisning"],
    "utvärdering": ["Utvärdering", "Utvärderingsrapport", "UTVÄRDERING"],
    "kommunikationsplan": ["Kommunikationsplan"],
    "strategi": ["Strategi"],
    "tjänsteutlåtande": ["Tjänsteutlåtande"],
    "other": [""],
}
FILE_WORDS = {
    "projektplan": ["projektplan", "Projektplan"],
    "delrapport": ["delrapport", "Delrapport", "lägesrapport"],
    "slutrapport": ["slutrapport", "Slutrapport"],
    "utvärdering": ["utvärdering", "Utvärdering", "utvardering"],
    "kommunikationsplan": ["kommunikationsplan", "Kommunikationsplan"],
    "strategi": ["strategi", "Strategi"],
    "tjänsteutlåtande": ["tjänsteutlåtande", "TU", "remissvar"],
    "other": [""],
}
OTHER_TITLES = [
    "Kartläggning av {topic}",
    "Verksamhetsberättelse för FoU-enheten {year}",
    "Metodbeskrivning: {project}",
    "Omvärldsanalys – {topic}",
]
STRATEGY_TITLES = [
    "Strategi för {topic}",
    "Strategi för socialnämndens externa kommunikation",
    "Strategi för digitalisering inom socialtjänsten",
]
TOPICS = {
    "hemlöshet": "hemlöshet",
    "missbruk och beroende": "missbruksvården",
    "barn och unga": "barn och ungas uppväxtvillkor",
    "familjehem": "familjehemsvården",
    "ekonomiskt bistånd": "ekonomiskt bistånd",
    "våld i nära relationer": "arbetet mot våld i nära relationer",
    "funktionsnedsättning": "stöd till personer med funktionsnedsättning",
    "psykisk hälsa": "psykisk hälsa bland unga vuxna",
    "äldreomsorg": "äldreomsorgen",
    "arbetsmarknad": "arbetsmarknadsinsatser",
    "ensamkommande barn": "mottagandet av ensamkommande barn",
    "brukarinflytande": "brukarinflytande",
}
MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]
LINEAGES = [
    ["projektplan", "delrapport", "slutrapport"],
    ["projektplan", "slutrapport"],
    ["projektplan", "utvärdering", "slutrapport"],
    ["projektplan", "delrapport", "delrapport", "utvärdering"],
    ["slutrapport"],
    ["utvärdering"],
    ["projektplan"],
    ["delrapport", "slutrapport"],
    ["projektplan", "kommunikationsplan", "slutrapport"],
    ["kommunikationsplan"],
    ["strategi"],
    ["tjänsteutlåtande"],
    ["slutrapport", "tjänsteutlåtande"],
    ["other"],
    ["projektplan", "other"],
]


# --------------------------------------------------------------------------- the model


@dataclass
class Truth:
    """What an editor would record for one report."""

    path: str
    dnr: str | None
    doc_type: str
    date: str | None
    title: str
    unit: str | None
    contact: str | None
    areas: list[str]
    layout: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class Dnr:
    canonical: str
    folder: str


@dataclass
class Case:
    key: int
    year: int
    project: str
    areas: list[str]
    unit: str
    town: str
    municipality: str
    dnr: Dnr | None
    folder: str
    people: list[str]
    docs: list[Doc] = field(default_factory=list)
    folder_has_dnr: bool = False


@dataclass
class Doc:
    """One report's facts and how they are written."""

    case: Case
    doc_type: str
    published: date
    kind: str  # pdf or docx
    filename: str = ""
    title: str = ""
    label: str = ""  # the type word on the cover ("Slutrapport")
    cover: list[tuple] = field(default_factory=list)  # (role, text) in reading order
    pre_body: list[tuple] = field(default_factory=list)  # label block after a ToC page
    header: str | None = None
    header_on_cover: bool = False
    toc: bool = False
    body: list[tuple] = field(default_factory=list)
    props: dict = field(default_factory=dict)
    shows_dnr: bool = False
    shows_unit: bool = False
    date_truth: str | None = None
    contact_truth: str | None = None
    layout: str = ""
    notes: list[str] = field(default_factory=list)
    content_control: str | None = None
    strip_core: bool = False
    emit_bottom_first: bool = False
    ocr: bool = False  # the text layer of a scan: å/ä/ö lost, some letters misread


# --------------------------------------------------------------------------- dnr formats


DNR_STYLES = ["numbered", "dotted", "spaced", "ks", "amn", "stockholm", "son"]


def _make_dnr(rng: random.Random, year: int, style: str | None = None) -> Dnr:
    n = rng.randint(12, 980)
    style = style or rng.choice(DNR_STYLES)
    sep = rng.choice(["-", "_", "-"])
    if style == "numbered":
        cls = rng.choice(["3.2", "1.4.2", "2.3", "3.1", "7.1"])
        return Dnr(f"{cls}-{n}/{year}", f"{cls}-{n}{sep}{year}")
    if style == "dotted":
        prefix = rng.choice(["SN", "AMN", "ÄN", "SOC"])
        value = f"{prefix}.{year}.{n}"
        return Dnr(value, value)
    if style == "spaced":
        prefix = rng.choice(["SN", "ÄN", "VON", "SBN"])
        return Dnr(f"{prefix} {year}/{n}", f"{prefix} {year}{sep}{n}")
    if style == "ks":
        return Dnr(f"KS {year}/{n}", f"KS {year}{sep}{n}")
    if style == "amn":
        prefix = rng.choice(["AMN", "SON", "VON"])
        value = f"{prefix}-{year}-{n:04d}"
        return Dnr(value, value)
    if style == "stockholm":
        value = f"{rng.randint(100, 999)}-{rng.randint(1000, 3999)}/{year}"
        return Dnr(value, value.replace("/", sep))
    value = f"SoN {year}/{n:04d}"
    return Dnr(value, value.replace("/", sep))


# --------------------------------------------------------------------------- dates


def _date_text(rng: random.Random, d: date, style: str) -> tuple[str, str]:
    """Return (text, truth) for a date written in ``style``."""
    month = MONTHS[d.month - 1]
    if style == "iso":
        return d.isoformat(), d.isoformat()
    if style == "long":
        return f"{d.day} {month} {d.year}", d.isoformat()
    if style == "abbr":
        abbr = month[:3] + rng.choice([".", "", "."])
        return f"{d.day} {abbr} {d.year}", d.isoformat()
    if style == "month":
        text = f"{month} {d.year}"
        return (text[0].upper() + text[1:] if rng.random() < 0.7 else text), f"{d.year}-{d.month:02d}"
    if style == "yearmonth":
        return f"{d.year}-{d.month:02d}", f"{d.year}-{d.month:02d}"
    if style == "town":
        return f"{rng.choice(TOWNS)} i {month} {d.year}", f"{d.year}-{d.month:02d}"
    raise ValueError(style)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _login(rng: random.Random, name: str) -> str:
    first, last = name.split(" ", 1)
    last = last.split("-")[0]
    plain = str.maketrans("åäöÅÄÖ", "aaoAAO")
    style = rng.choice(["initials", "dotted", "domain", "upper"])
    if style == "initials":
        return (first[:2] + last[:4]).lower().translate(plain)
    if style == "dotted":
        return f"{first}.{last}".lower().translate(plain)
    if style == "domain":
        return f"ADM\\{(first[:3] + last[:3]).lower().translate(plain)}01"
    return (first[0] + last).upper().translate(plain)


# --------------------------------------------------------------------------- cases


def _make_cases(rng: random.Random, count: int) -> list[Case]:
    cases: list[Case] = []
    docs = 0
    key = 0
    used_projects: set[str] = set()
    first_round = list(LINEAGES)
    rng.shuffle(first_round)
    first_styles = list(DNR_STYLES)
    rng.shuffle(first_styles)
    while docs < count:
        key += 1
        area = rng.choice(list(PROJECTS))
        areas = [area]
        if rng.random() < 0.3:
            areas.append(rng.choice([a for a in PROJECTS if a != area]))
        district = rng.choice(DISTRICTS)
        project = rng.choice(PROJECTS[area]).format(d=district)
        while project in used_projects:
            project = f"{project} {rng.choice(['II', 'etapp 2', '2.0'])}"
        used_projects.add(project)
        year = rng.randint(2009, 2024)
        town = rng.choice(TOWNS)
        genitive = town if town.endswith("s") else town + "s"
        municipality = f"{genitive} {rng.choice(['kommun', 'stad', 'kommun'])}"
        if rng.random() < 0.35:
            unit = rng.choice([f"{district}s stadsdelsförvaltning", f"Stadsdelsförvaltning {district}"])
        else:
            unit = rng.choice(CENTRAL_UNITS)
        if rng.random() < 0.9:
            # every registry format once, in random order, then at random
            dnr = _make_dnr(rng, year, first_styles.pop() if first_styles else None)
        else:
            dnr = None
        folder_has_dnr = dnr is not None and rng.random() < 0.75
        if folder_has_dnr:
            folder = f"{year}/{dnr.folder} {project}" if rng.random() < 0.9 else f"{year}/{dnr.folder}"
        else:
            folder = f"{year}/{project}"
        people = [_person(rng) for _ in range(3)]
        case = Case(key, year, project, areas, unit, town, municipality, dnr, folder, people)
        case.folder_has_dnr = folder_has_dnr
        # every lineage once, in random order, then at random: every document type is in every set
        lineage = first_round.pop() if first_round else rng.choice(LINEAGES)
        published = date(year, rng.randint(1, 12), rng.randint(1, 28))
        for doc_type in lineage:
            published = published + timedelta(days=rng.randint(40, 420))
            if published > LAST_DATE:
                break  # no report is published in the future
            case.docs.append(Doc(case, doc_type, published, rng.choice(["pdf", "pdf", "docx"])))
        if not case.docs:
            continue
        docs += len(case.docs)
        cases.append(case)
    return cases


# --------------------------------------------------------------------------- one document's writing choices


def _title_for(rng: random.Random, doc: Doc) -> tuple[str, str, str | None]:
    """Return (label line, title, subtitle)."""
    case = doc.case
    topic = TOPICS[case.areas[0]]
    n = sum(1 for d in case.docs[: case.docs.index(doc)] if d.doc_type == "delrapport") + 1
    label = rng.choice(TYPE_LABELS[doc.doc_type]).format(n=n)
    if doc.doc_type == "strategi":
        return "", rng.choice(STRATEGY_TITLES).format(topic=topic), None
    if doc.doc_type == "kommunikationsplan":
        return "", f"Kommunikationsplan för {rng.choice([case.project, 'projektet ' + case.project])}", None
    if doc.doc_type == "tjänsteutlåtande":
        title = rng.choice(
            [
                f"Slutredovisning av projektet {case.project}",
                f"Svar på remiss om {topic}",
                f"Ansökan om stimulansmedel för {case.project}",
                f"Remiss av handlingsplan för {topic} – svar",
            ]
        )
        return label, title, None
    if doc.doc_type == "other":
        title = rng.choice(OTHER_TITLES).format(topic=topic, year=doc.published.year, project=case.project)
        return "", title, None
    form = rng.random()
    if form < 0.45:
        return label, case.project, None
    if form < 0.65:
        word = label if not label.isupper() else label.capitalize()
        joiner = rng.choice([": ", " – ", " för ", " "]) if doc.doc_type != "utvärdering" else " av "
        return "", f"{word}{joiner}{case.project}", None
    if form < 0.8:
        word = (label if not label.isupper() else label.capitalize()).lower()
        return "", f"{case.project} – {word}", None
    catchy = rng.choice(
        ["Ett steg i taget", "Vägen framåt", "Att bygga förtroende", "Från ord till handling", "Tillsammans"]
    )
    return label, catchy, f"{label.capitalize() if label else 'Rapport'} om {case.project}"


def _plan(rng: random.Random, doc: Doc) -> None:
    """Choose how ``doc`` writes its facts and record the truth."""
    case = doc.case
    label, title, subtitle = _title_for(rng, doc)
    if label and doc.doc_type != "tjänsteutlåtande" and rng.random() < 0.15:
        label = ""  # no type line on the cover: the title or the file name must say it
    doc.label, doc.title = label, title
    contact = rng.choice(case.people)
    other_people = [p for p in case.people if p != contact]

    # --- layout
    if doc.kind == "pdf":
        doc.layout = rng.choice(["classic", "classic", "labelblock", "toc", "academic", "plain", "memo"])
        if doc.doc_type == "tjänsteutlåtande" and rng.random() < 0.8:
            doc.layout = "memo"
    else:
        doc.layout = rng.choice(["styled", "table", "header", "plain", "memo"])
        if doc.doc_type == "tjänsteutlåtande" and rng.random() < 0.8:
            doc.layout = "memo"
    doc.toc = doc.layout == "toc" or (doc.kind == "docx" and rng.random() < 0.25)

    fields: list[tuple[str, str]] = []  # the label block
    top: list[tuple] = []  # lines above the title
    below: list[tuple] = []  # lines below the title

    # --- municipality and unit lines
    if rng.random() < 0.5:
        top.append(("muni", case.municipality))
    if doc.layout == "memo" and rng.random() < 0.6:
        top.append(("pair", "Till", rng.choice(BOARDS)))
    unit_mode = rng.choices(["label", "line", "header", "beställare", "none"], weights=[45, 30, 10, 8, 7])[0]
    if doc.layout == "academic" and doc.doc_type == "utvärdering":
        unit_mode = "beställare"
    unit_value = case.unit
    if rng.random() < 0.35:
        unit_value = rng.choice(
            [f"{case.unit}, {rng.choice(SUB_UNITS)}", f"{case.municipality}, {case.unit}"]
        )
    doc.shows_unit = unit_mode != "none"
    if unit_mode == "label":
        if "stadsdelsförvaltning" in case.unit.lower() and rng.random() < 0.3:
            fields.append(("Stadsdelsförvaltning", unit_value))
        else:
            fields.append(
                (rng.choice(["Förvaltning", "Utgivare", "Förvaltning", "Avdelning/förvaltning"]), unit_value)
            )
    elif unit_mode == "line":
        top.append(("unit", case.unit))
    elif unit_mode == "header":
        doc.header = case.unit
    elif unit_mode == "beställare":
        fields.append(("Beställare", unit_value))
        if rng.random() < 0.6:
            fields.append(("Utgivare", rng.choice(UNIVERSITIES)))

    # --- dnr
    doc.shows_dnr = case.dnr is not None and rng.random() < 0.72
    dnr_where = None
    if doc.shows_dnr:
        dnr_where = rng.choices(
            ["field", "after_title", "header", "control", "inline"], weights=[45, 15, 12, 8, 20]
        )[0]
        if dnr_where == "control" and doc.kind != "docx":
            dnr_where = "field"
        dnr_label = rng.choice(["Dnr", "Diarienummer", "Dnr", "Dnr.", "Vårt dnr", "Diarienr"])
        value = case.dnr.canonical + (" §37" if rng.random() < 0.05 else "")
        if dnr_where == "field":
            fields.insert(rng.randint(0, len(fields)), (dnr_label, value))
        elif dnr_where == "after_title":
            below.append(("line", f"{dnr_label} {value}"))
        elif dnr_where == "header":
            doc.header = f"{doc.header}    Dnr {value}" if doc.header else f"Dnr {value}"
        elif dnr_where == "control":
            doc.content_control = f"Diarienummer {value}"
        else:
            below.append(("line", f"{dnr_label}: {value}"))

    # --- date
    date_mode = rng.choices(["label", "line", "none"], weights=[55, 37, 8])[0]
    if doc.layout == "memo":
        date_mode = rng.choice(["label", "line"])
    if date_mode == "label":
        text, truth = _date_text(rng, doc.published, rng.choice(["iso", "iso", "long", "abbr"]))
        date_label = rng.choice(
            [
                "Datum",
                "Utgivningsdatum",
                "Datum",
                "Publicerad",
                "Fastställd" if doc.doc_type == "strategi" else "Datum",
            ]
        )
        fields.insert(rng.randint(0, len(fields)), (date_label, text))
    elif date_mode == "line":
        style = rng.choice(["month", "month", "long", "iso", "yearmonth", "town", "abbr"])
        text, truth = _date_text(rng, doc.published, style)
        below.append(("date", text))
    else:
        truth = doc.published.isoformat()
        doc.notes.append("date only in the properties")
    doc.date_truth = truth

    # --- contact
    contact_mode = rng.choices(
        [
            "kontaktperson",
            "handläggare",
            "projektledare",
            "kontakt",
            "författare",
            "byline",
            "property",
            "none",
        ],
        weights=[28, 14, 14, 5, 14, 6, 12, 7],
    )[0]
    if doc.layout == "academic":
        contact_mode = rng.choice(["byline", "författare"])
    shown = contact
    if contact_mode in ("kontaktperson", "handläggare", "projektledare", "kontakt"):
        value = contact
        style = rng.random()
        if style < 0.35:
            value = f"{contact}, {rng.choice(ROLES)}"
        elif style < 0.45:
            value = f"{contact} ({rng.choice(ROLES)})"
        elif style < 0.55 and contact_mode == "kontakt":
            login = _login(rng, contact).split("\\")[-1].lower()
            value = f"{contact}, {login}@{case.town.lower().translate(str.maketrans('åäö', 'aao'))}.se"
        label_word = {
            "kontaktperson": "Kontaktperson",
            "handläggare": "Handläggare",
            "projektledare": "Projektledare",
            "kontakt": "Kontakt",
        }[contact_mode]
        if doc.layout == "memo" and contact_mode == "handläggare":
            top.insert(0, ("pair", label_word, contact))  # label on its own line, the name below
        else:
            fields.insert(rng.randint(0, len(fields)), (label_word, value))
    elif contact_mode == "författare":
        names = [contact] + other_people[: rng.randint(0, 2)]
        joined = " och ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " och " + names[-1]
        fields.append((rng.choice(["Författare", "Författare", "Rapportförfattare"]), joined))
    elif contact_mode == "byline":
        names = [contact] + other_people[: rng.randint(0, 1)]
        below.append(("byline", " och ".join(names)))
    elif contact_mode == "none":
        shown = None
    doc.contact_truth = shown

    if doc.doc_type == "strategi" and rng.random() < 0.5:
        fields.insert(0, ("Dokumenttyp", "Strategi"))
    if doc.layout == "header" and doc.header is None:
        doc.header = case.municipality

    # --- decoy labels
    if rng.random() < 0.15:
        fields.append(("Styrgrupp", ", ".join(other_people)))
    if rng.random() < 0.1:
        fields.append(("Godkänd av", f"{_person(rng)}, förvaltningschef"))
    if rng.random() < 0.2:
        fields.append(("Version", rng.choice(["1.0", "2.1", "0.9 (utkast)", "Slutversion"])))
    if rng.random() < 0.15 and doc.doc_type != "tjänsteutlåtande":
        start = doc.published - timedelta(days=rng.randint(200, 700))
        fields.append(
            ("Projektperiod", f"{start.isoformat()} – {(doc.published - timedelta(days=30)).isoformat()}")
        )
    if rng.random() < 0.3:
        words = [case.areas[0], case.project.split(" ")[0].lower(), rng.choice(["uppföljning", "samverkan"])]
        fields.append(("Nyckelord", "; ".join(words)))

    # --- document properties
    author_mode = rng.choices(["name", "login", "junk", "other"], weights=[40, 30, 15, 15])[0]
    if contact_mode == "property":
        author_mode = "name"
    author = {
        "name": contact,
        "login": _login(rng, contact),
        "junk": rng.choice(["Administratör", "Microsoft Office-användare", "Användare", "Windows User"]),
        "other": rng.choice(other_people),
    }[author_mode]
    if contact_mode == "none" and author_mode in ("name", "other"):
        author = _login(rng, author)  # a real name in the properties would be a contact after all
    if contact_mode == "property":
        shown = contact
        doc.contact_truth = contact
    elif contact_mode not in ("none",) and author_mode == "other":
        pass  # the cover names the contact; the author property names someone else
    title_mode = rng.choices(["same", "junk", "empty", "template", "stale"], weights=[35, 20, 25, 12, 8])[0]
    full_title = f"{label} {title}".strip() if label and doc.doc_type not in ("other",) else title
    props_title = {
        "same": full_title,
        "junk": rng.choice(
            ["Microsoft Word - Dokument1", "Microsoft Word - Dokument2.docx", "Word Document", "Dokument1"]
        ),
        "empty": "",
        "template": rng.choice(["Mall för rapporter", "Rapportmall", f"Mall {label or 'rapport'}", "Normal"]),
        "stale": f"Slutrapport {rng.choice(PROJECTS[rng.choice(list(PROJECTS))]).format(d='Norr')}",
    }[title_mode]
    doc.props = {"title": props_title, "author": author, "title_mode": title_mode, "author_mode": author_mode}
    relies_on_properties = contact_mode == "property" or "date only in the properties" in doc.notes
    if doc.kind == "docx" and rng.random() < 0.08 and not relies_on_properties:
        doc.strip_core = True
        doc.notes.append("no docProps/core.xml")

    # --- the cover in reading order
    cover: list[tuple] = list(top)
    if label and doc.doc_type != "other":
        cover.append(("label", label))
    cover.append(("title", title))
    if subtitle:
        cover.append(("subtitle", subtitle))
    cover.extend(below)
    place_fields_after_toc = doc.toc and doc.layout == "toc" and rng.random() < 0.7
    if fields:
        style = (
            "table"
            if doc.layout in ("table", "labelblock")
            else rng.choice(["lines", "lines", "table", "tabs", "columns"])
        )
        if place_fields_after_toc:
            doc.pre_body.append(("fields", fields, style))
        else:
            cover.append(("fields", fields, style))
    doc.cover = cover
    doc.header_on_cover = doc.header is not None and rng.random() < 0.5
    if doc.kind == "pdf" and doc.header is None and rng.random() < 0.45:
        word = (label or doc.doc_type).lower()
        doc.header = rng.choice([f"{case.project} – {word}", case.project, f"{case.municipality} | {word}"])
    doc.emit_bottom_first = doc.kind == "pdf" and rng.random() < 0.2
    if doc.kind == "pdf" and rng.random() < 0.07:
        doc.ocr = True
        doc.notes.append("OCR text layer without diacritics")

    # --- the body, with decoys
    doc.body = _body(rng, doc)

    # --- file name
    word = rng.choice(FILE_WORDS[doc.doc_type])
    stem = rng.random()
    type_elsewhere = (
        bool(doc.label)
        or doc.doc_type in ("strategi", "kommunikationsplan", "other")
        or any(w in title.lower() for w in ("rapport", "plan", "utvärdering", "slutredovisning"))
    )
    if not type_elsewhere:
        stem = 0.3  # nothing on the cover says the type: the file name does
    if stem < 0.45 and word:
        name = (
            f"{word} {case.project}" if rng.random() < 0.6 else f"{word}_{case.project.split(' ')[0].lower()}"
        )
    elif stem < 0.7 and word:
        name = word
    elif stem < 0.85:
        name = rng.choice(["rapport", "Dokument1", "scan0042", "bilaga 2", "final_v3"])
    else:
        name = f"{case.project}"
    if name in {d.filename.rsplit(".", 1)[0] for d in case.docs if d.filename}:
        name = f"{name} {doc.published.year}-{doc.published.month:02d}"
    doc.filename = f"{name}.{doc.kind}".replace("/", "-")


def _body(rng: random.Random, doc: Doc) -> list[tuple]:
    case = doc.case
    district = next((d for d in DISTRICTS if d in case.project), rng.choice(DISTRICTS))

    def sentences(k: int) -> str:
        pool = [s.format(d=district) for a in case.areas for s in AREA_SENTENCES[a]]
        chosen = rng.sample(pool, min(k, len(pool))) + rng.sample(GENERIC_SENTENCES, 2)
        rng.shuffle(chosen)
        return " ".join(chosen)

    body: list[tuple] = []
    if doc.doc_type == "tjänsteutlåtande":
        board = rng.choice(BOARDS)
        body.append(("h", "Förvaltningens förslag till beslut"))
        body.append(("p", f"1. {board} godkänner förvaltningens tjänsteutlåtande och överlämnar det."))
    if rng.random() < 0.7:
        body.append(("h", "Sammanfattning"))
        body.append(("p", f"{case.project} har pågått sedan {case.year}. " + sentences(2)))
    body.append(("h", "1. Bakgrund"))
    text = sentences(3)
    if rng.random() < 0.5:
        start = date(case.year, rng.randint(1, 12), rng.randint(1, 28))
        text = (
            f"Den {start.day} {MONTHS[start.month - 1]} {start.year} fattade nämnden beslut om projektet. "
            + text
        )
    if rng.random() < 0.25:
        other = rng.choice([u for u in CENTRAL_UNITS if u != case.unit])
        text += f" Arbetet sker i samarbete med {other} och {rng.choice(BOARDS).lower()}."
    if rng.random() < 0.2:
        text += f" Ett tidigare beslut finns i ärendet (dnr {_make_dnr(rng, case.year - 2).canonical})."
    body.append(("p", text))
    body.append(("h", "2. Syfte och mål"))
    body.append(("p", sentences(2)))
    if rng.random() < 0.35:
        rows = [("Datum", "Milstolpe")]
        when = doc.published - timedelta(days=rng.randint(100, 400))
        for step in [
            "Projektstart",
            "Utbildning av personal",
            "Delrapport",
            "Utvärdering klar",
            "Slutrapport",
        ]:
            when += timedelta(days=rng.randint(30, 160))
            rows.append((when.isoformat(), step))
        body.append(("h", "3. Tidsplan och milstolpar"))
        body.append(("table", rows))
    if rng.random() < 0.15:
        rows = [("Version", "Datum", "Ändring")]
        when = doc.published - timedelta(days=rng.randint(60, 200))
        for v, change in [
            ("0.1", "Första utkast"),
            ("0.5", "Synpunkter från styrgrupp"),
            ("1.0", "Fastställd"),
        ]:
            when += timedelta(days=rng.randint(5, 40))
            rows.append((v, when.isoformat(), change))
        body.insert(0, ("table", rows))
    body.append(("h", "4. Genomförande och resultat"))
    body.append(("p", sentences(4)))
    if doc.doc_type == "projektplan" and rng.random() < 0.5:
        body.append(("p", "En delrapport lämnas efter ett år och en slutrapport när projektet avslutas."))
    body.append(("h", "5. Slutsatser"))
    body.append(("p", sentences(2)))
    return body


# --------------------------------------------------------------------------- writing PDFs


def _latin1(text: str) -> str:
    for bad, good in {"–": "-", "—": "-", "”": '"', "“": '"', "’": "'", "…": "...", "\t": "    "}.items():
        text = text.replace(bad, good)
    return text.encode("latin-1", "replace").decode("latin-1")


_OCR_LOSS = str.maketrans({"å": "a", "ä": "a", "ö": "o", "Å": "A", "Ä": "A", "Ö": "O"})


def _ocr(text: str, rng: random.Random) -> str:
    """Damage text as a poor scan does: diacritics lost, an occasional l/1 or rn/m confusion."""
    words = text.translate(_OCR_LOSS).split(" ")
    for i, word in enumerate(words):
        if len(word) > 6 and rng.random() < 0.04:
            words[i] = word.replace("l", "1", 1) if "l" in word else word.replace("m", "rn", 1)
    return " ".join(words)


class _Pdf(FPDF):
    running: str | None = None
    damage: random.Random | None = None

    def normalize_text(self, text):
        if self.damage is not None:
            text = _ocr(text, self.damage)
        return super().normalize_text(text)

    running_on_cover: bool = False
    footer_style: str = "Sida {n}"

    def header(self):
        if self.running and (self.page_no() > 1 or self.running_on_cover):
            self.set_font("Helvetica", "I", 8)
            self.cell(0, 6, _latin1(self.running), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.ln(2)

    def footer(self):
        if self.page_no() > 1 and self.footer_style:
            self.set_y(-15)
            self.set_font("Helvetica", size=8)
            self.cell(0, 6, _latin1(self.footer_style.format(n=self.page_no(), nb="{nb}")), align="C")


def _write_pdf(rng: random.Random, doc: Doc, path: Path) -> None:
    pdf = _Pdf()
    if doc.ocr:
        pdf.damage = random.Random(rng.random())
    pdf.running = doc.header
    pdf.running_on_cover = doc.header_on_cover
    pdf.footer_style = rng.choice(["Sida {n}", "{n} ({nb})", "Sida {n} av {nb}", "{n}", ""])
    pdf.alias_nb_pages()
    pdf.set_auto_page_break(True, 20)
    created = _property_datetime(rng, doc)
    pdf.set_creation_date(created)
    if doc.props["title"]:
        pdf.set_title(doc.props["title"])
    if doc.props["author"]:
        pdf.set_author(doc.props["author"])
    pdf.set_creator(rng.choice(["Microsoft Word", "Acrobat PDFMaker 11 för Word", "Writer", "PScript5.dll"]))
    pdf.add_page()
    _pdf_cover(rng, pdf, doc)
    if doc.toc:
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 16)
        pdf.cell(0, 10, "Innehåll", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font("Helvetica", size=11)
        page = 3
        for kind, *rest in doc.body:
            if kind == "h":
                pdf.cell(
                    0, 7, _latin1(f"{rest[0]} " + "." * 40 + f" {page}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT
                )
                page += rng.randint(0, 1)
        pdf.add_page()
    else:
        pdf.add_page()
    for block in doc.pre_body:
        _pdf_fields(pdf, block[1], block[2])
        pdf.ln(4)
    for kind, *rest in doc.body:
        if kind == "h":
            pdf.set_font("Helvetica", "B", 13)
            pdf.multi_cell(0, 8, _latin1(rest[0]), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        elif kind == "p":
            pdf.set_font("Helvetica", size=10.5)
            pdf.multi_cell(0, 5.5, _latin1(rest[0]), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(2)
        elif kind == "table":
            pdf.set_font("Helvetica", size=10)
            widths = [40, 40, 90][: len(rest[0][0])]
            for row in rest[0]:
                for width, cell in zip(widths, row, strict=False):
                    pdf.cell(width, 6, _latin1(cell), border=1)
                pdf.ln(6)
            pdf.ln(3)
    pdf.output(str(path))


def _pdf_cover(rng: random.Random, pdf: FPDF, doc: Doc) -> None:
    layout = doc.layout
    big = rng.choice([22, 24, 26, 28])
    blocks = list(doc.cover)
    if doc.emit_bottom_first:
        # Some writers emit the foot of the cover (date, labels) before the title.
        tail = [b for b in blocks if b[0] in ("fields", "date")]
        head = [b for b in blocks if b[0] not in ("fields", "date")]
        pdf.set_y(200)
        for block in tail:
            _pdf_block(pdf, block, big, layout)
        pdf.set_y(30)
        for block in head:
            _pdf_block(pdf, block, big, layout)
        return
    if layout == "memo":
        pdf.set_font("Helvetica", size=10)
    else:
        pdf.set_y(rng.choice([25, 40, 60]))
    for block in blocks:
        _pdf_block(pdf, block, big, layout)


def _pdf_block(pdf: FPDF, block: tuple, big: int, layout: str) -> None:
    role = block[0]
    if role == "fields":
        pdf.ln(4)
        _pdf_fields(pdf, block[1], block[2])
        return
    if role == "pair":
        pdf.set_font("Helvetica", size=9)
        pdf.cell(0, 5, _latin1(block[1]), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font("Helvetica", size=10)
        pdf.cell(0, 5, _latin1(block[2]), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)
        return
    text = _latin1(block[1])
    if role == "title":
        size = big if layout != "memo" else 14
        pdf.set_font("Helvetica", "B", size)
        pdf.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(3)
    elif role == "label":
        size = 16 if layout != "memo" else 12
        pdf.set_font("Helvetica", "B" if layout in ("classic", "memo") else "", size)
        pdf.cell(0, 9, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    elif role == "subtitle":
        pdf.set_font("Helvetica", "I", 14 if layout != "memo" else 11)
        pdf.multi_cell(0, 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    elif role in ("muni", "unit"):
        pdf.set_font("Helvetica", "B" if role == "muni" else "", 11)
        pdf.cell(0, 6, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    elif role in ("date", "byline", "line"):
        pdf.set_font("Helvetica", size=12)
        pdf.cell(0, 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _pdf_fields(pdf: FPDF, fields: list[tuple[str, str]], style: str) -> None:
    pdf.set_font("Helvetica", size=10)
    if style == "columns":
        # A two-column block written column by column: text extraction gives every label, then every value.
        x, y = pdf.get_x(), pdf.get_y()
        for i, (label, _) in enumerate(fields):
            pdf.set_xy(x, y + 6 * i)
            pdf.cell(45, 6, _latin1(label))
        for i, (_, value) in enumerate(fields):
            pdf.set_xy(x + 45, y + 6 * i)
            pdf.cell(0, 6, _latin1(value))
        pdf.set_xy(x, y + 6 * len(fields))
        return
    for label, value in fields:
        if style == "table":
            pdf.cell(45, 6, _latin1(label), border=1)
            pdf.cell(0, 6, _latin1(value), border=1, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        elif style == "tabs":
            pdf.cell(45, 6, _latin1(f"{label}:"))
            pdf.cell(0, 6, _latin1(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        else:
            pdf.multi_cell(0, 6, _latin1(f"{label}: {value}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _property_datetime(rng: random.Random, doc: Doc) -> datetime:
    published = datetime(doc.published.year, doc.published.month, doc.published.day, 9, 30, tzinfo=UTC)
    if "date only in the properties" in doc.notes:
        return published
    shift = rng.choice([0, 0, 1, 3, 12, 400, 1500])
    return published + timedelta(days=shift)


# --------------------------------------------------------------------------- writing DOCX


def _write_docx(rng: random.Random, doc: Doc, path: Path) -> None:
    document = docx.Document()
    core = document.core_properties
    core.title = doc.props["title"]
    if doc.props["author_mode"] != "junk" or rng.random() < 0.5:
        core.author = doc.props["author"]
        core.last_modified_by = doc.props["author"]
    published = datetime(doc.published.year, doc.published.month, doc.published.day, 14, 5, tzinfo=UTC)
    core.created = published - timedelta(days=rng.randint(3, 90))
    if "date only in the properties" in doc.notes:
        core.modified = published
    else:
        core.modified = published + timedelta(days=rng.choice([0, 1, 7, 200, 900]))
    styled = doc.layout in ("styled", "table", "header")
    if doc.header:
        document.sections[0].header.paragraphs[0].text = doc.header
    for block in doc.cover:
        _docx_block(rng, document, block, styled, doc.layout)
    if doc.content_control:
        document.element.body.insert(
            len(document.element.body) - 1, _block_sdt("Diarienummer", doc.content_control)
        )
    if doc.toc:
        heading = document.add_paragraph("Innehåll", style="Heading 1" if styled else None)
        if not styled:
            heading.runs[0].bold = True
        for kind, *rest in doc.body:
            if kind == "h":
                document.add_paragraph(f"{rest[0]}\t{rng.randint(2, 9)}")
    document.add_page_break()
    for block in doc.pre_body:
        _docx_fields(document, block[1], block[2])
    for kind, *rest in doc.body:
        if kind == "h":
            if styled:
                document.add_heading(rest[0], level=1)
            else:
                run = document.add_paragraph().add_run(rest[0])
                run.bold = True
        elif kind == "p":
            document.add_paragraph(rest[0])
        elif kind == "table":
            rows = rest[0]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for row, values in zip(table.rows, rows, strict=True):
                for cell, value in zip(row.cells, values, strict=True):
                    cell.text = value
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    if doc.strip_core:
        _strip_core(path)


def _docx_block(rng: random.Random, document, block: tuple, styled: bool, layout: str) -> None:
    role = block[0]
    if role == "fields":
        _docx_fields(document, block[1], "table" if layout == "table" else block[2])
        return
    if role == "pair":
        document.add_paragraph(block[1])
        document.add_paragraph(block[2])
        return
    text = block[1]
    if role == "title":
        if styled and rng.random() < 0.7:
            document.add_heading(text, level=0)
        else:
            run = document.add_paragraph().add_run(text)
            run.bold = True
            run.font.size = Pt(rng.choice([20, 24, 28]))
    elif role == "label":
        run = document.add_paragraph().add_run(text)
        run.font.size = Pt(16)
    elif role == "subtitle":
        run = document.add_paragraph().add_run(text)
        run.italic = True
    else:
        document.add_paragraph(text)


def _docx_fields(document, fields: list[tuple[str, str]], style: str) -> None:
    if style in ("table", "columns"):
        table = document.add_table(rows=len(fields), cols=2)
        for row, (label, value) in zip(table.rows, fields, strict=True):
            row.cells[0].text = label
            row.cells[1].text = value
        document.add_paragraph("")
        return
    for label, value in fields:
        if style == "tabs":
            document.add_paragraph(f"{label}:\t{value}")
        else:
            document.add_paragraph(f"{label}: {value}")


def _strip_core(path: Path) -> None:
    """Remove docProps/core.xml, as some generators do; python-docx then invents properties."""
    with zipfile.ZipFile(path) as zin:
        items = [(info, zin.read(info.filename)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in items:
            if info.filename == "docProps/core.xml":
                continue
            if info.filename in ("_rels/.rels", "[Content_Types].xml"):
                text = re.sub(r"<[^>]*core-properties[^>]*/>", "", data.decode("utf-8"))
                data = text.encode("utf-8")
            zout.writestr(info, data)


# --------------------------------------------------------------------------- the set


def build(root: Path, seed: int = DEFAULT_SEED, count: int = DEFAULT_COUNT) -> list[Truth]:
    """Write a labelled set of at least ``count`` reports under ``root``; return the truths."""
    rng = random.Random(seed)
    cases = _make_cases(rng, count)
    truths: list[Truth] = []
    for case in cases:
        for doc in case.docs:
            _plan(rng, doc)
        folder_dnr = case.dnr.canonical if case.dnr and case.folder_has_dnr else None
        shown_dnrs = {d.case.dnr.canonical for d in case.docs if d.shows_dnr and d.case.dnr}
        shown_units = any(d.shows_unit for d in case.docs)
        for doc in case.docs:
            stated = {d.contact_truth for d in case.docs if d is not doc and d.contact_truth}
            if doc.contact_truth is None and len(stated) == 1:
                doc.contact_truth = stated.pop()  # issue 14: a case's documents share a contact
                doc.notes.append("contact only in a sibling document")
        for doc in case.docs:
            path = root / case.folder / doc.filename
            path.parent.mkdir(parents=True, exist_ok=True)
            if doc.kind == "pdf":
                _write_pdf(rng, doc, path)
            else:
                _write_docx(rng, doc, path)
            if doc.shows_dnr:
                dnr = case.dnr.canonical
            elif folder_dnr:
                dnr = folder_dnr
            elif shown_dnrs:
                dnr = next(iter(shown_dnrs))
                doc.notes.append("Dnr only in a sibling document")
            else:
                dnr = None
            unit = case.unit if (doc.shows_unit or shown_units) else None
            if not doc.shows_unit and unit:
                doc.notes.append("unit only in a sibling document")
            truth = Truth(
                path=path.relative_to(root).as_posix(),
                dnr=dnr,
                doc_type=doc.doc_type,
                date=doc.date_truth,
                title=doc.title,
                unit=unit,
                contact=doc.contact_truth,
                areas=list(case.areas),
                layout=f"{doc.kind}:{doc.layout}",
                notes=doc.notes,
            )
            path.with_name(path.name + ".truth.json").write_text(
                json.dumps(asdict(truth), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
            truths.append(truth)
    return truths


def load(root: Path) -> list[Truth]:
    """Read the truths written beside the reports under ``root``."""
    return [Truth(**json.loads(p.read_text("utf-8"))) for p in sorted(root.rglob("*.truth.json"))]


# --------------------------------------------------------------------------- scoring

FIELDS = ("dnr", "doc_type", "date", "title", "unit", "contact")
#: The floors of issue 3's acceptance test.
FLOORS = {"dnr": 0.97, "doc_type": 0.95, "date": 0.95, "title": 0.90, "unit": 0.90, "contact": 0.90}

_TYPE_WORD = (
    r"(?:slutrapport|slutredovisning|delrapport(?: \d+)?|lagesrapport|projektplan|projektbeskrivning|"
    r"utvarderingsrapport|utvardering|kommunikationsplan|strategi|tjansteutlatande|rapport)"
)


def dnr_shape(dnr: str) -> str:
    """Name the registry format of a canonical Dnr.

    >>> [dnr_shape(d) for d in ["3.2-614/2013", "SN.2024.53", "KS 2024/112", "AMN-2015-0185", "179-2103/2016", "SoN 2014/0123"]]
    ['numbered', 'dotted', 'spaced', 'dashed', 'stockholm', 'son']
    """
    if re.fullmatch(r"\d+\.\d+(?:\.\d+)*-\d+/\d{4}", dnr):
        return "numbered"
    if re.fullmatch(r"\d+-\d+/\d{4}", dnr):
        return "stockholm"
    if re.fullmatch(r"[A-ZÅÄÖ]+\.\d{4}\.\d+", dnr):
        return "dotted"
    if re.fullmatch(r"[A-ZÅÄÖ]+-\d{4}-\d+", dnr):
        return "dashed"
    if dnr.startswith("SoN "):
        return "son"
    return "spaced"


def normalise_title(text: str | None) -> str:
    """Fold case and diacritics, drop punctuation and a leading or trailing document-type word.

    >>> normalise_title("Slutrapport: Bostad först i Hagaberg") == normalise_title("Bostad först i Hagaberg")
    True
    >>> normalise_title("Bostad först – slutrapport")
    'bostad forst'
    """
    from kbank.textutil import fold

    value = " ".join(re.sub(r"[^\w]+", " ", fold(text or "")).split())
    while re.match(rf"^{_TYPE_WORD}(?: (?:for|av|om))? .", value):
        value = re.sub(rf"^{_TYPE_WORD}(?: (?:for|av|om))? ", "", value, count=1)
    value = re.sub(rf" {_TYPE_WORD}$", "", value)
    return value


def _same(field_name: str, truth, got) -> bool:
    from kbank.textutil import fold

    if field_name == "date":
        return truth is None and got is None or (truth is not None and (got or "").startswith(truth))
    if field_name == "title":
        return normalise_title(truth) == normalise_title(got)
    if field_name in ("unit", "contact"):
        return (truth is None and not got) or (
            truth is not None
            and got is not None
            and fold(" ".join(truth.split())) == fold(" ".join(got.split()))
        )
    return truth == got


@dataclass
class Accuracy:
    """Per-field accuracy over a labelled set, with the misses for inspection."""

    total: int
    correct: dict[str, int]
    misses: dict[str, list[tuple[str, object, object]]]
    area_hits: int = 0
    area_found: int = 0
    area_expected: int = 0

    def rate(self, field_name: str) -> float:
        return self.correct[field_name] / self.total if self.total else 0.0

    def table(self) -> str:
        lines = [f"{'field':<10} {'correct':>8} {'of':>4} {'accuracy':>9} {'floor':>6}"]
        for name in FIELDS:
            floor = FLOORS.get(name)
            lines.append(
                f"{name:<10} {self.correct[name]:>8} {self.total:>4} {self.rate(name):>8.1%} "
                + (f"{floor:>6.0%}" if floor else "")
            )
        if self.area_expected:
            recall = self.area_hits / self.area_expected
            precision = self.area_hits / self.area_found if self.area_found else 0.0
            lines.append(f"{'areas':<10} recall {recall:.1%}, precision {precision:.1%}")
        return "\n".join(lines)


def score(truths: list[Truth], facts: dict[str, dict]) -> Accuracy:
    """Compare kbank's facts (path -> show JSON) with the truths."""
    correct = dict.fromkeys(FIELDS, 0)
    misses: dict[str, list] = {name: [] for name in FIELDS}
    accuracy = Accuracy(len(truths), correct, misses)
    for truth in truths:
        got = facts.get(truth.path, {})
        for name in FIELDS:
            value = got.get(name)
            if _same(name, getattr(truth, name), value):
                correct[name] += 1
            else:
                misses[name].append((truth.path, getattr(truth, name), value))
        found = set(got.get("areas") or [])
        accuracy.area_expected += len(truth.areas)
        accuracy.area_found += len(found)
        accuracy.area_hits += len(found & set(truth.areas))
    return accuracy
