"""An archive for measuring ``kbank overview``: methods tried in several projects, with known truth.

Ten methods or topics of "Västerköpinge kommun", each tried in two to five projects across
administrations, 2012–2023, with every status a project can have (a plan only; interim reports;
a final report; an evaluation, with or without a final report). Some projects name the method
in their title and keywords, others only in their text; one writes without å/ä/ö, one is a
scan with OCR damage, one has a written summary. Other projects mention each method in passing
(one or two sentences in one report), and one hemlöshet project has "först … bostad" by chance.
Two things are hidden from an ordinary user: a Bostad först project whose reports are drafts
(``status = "utkast"``), and a Skolfam evaluation classified "begränsad" above the ceiling
"intern" (so its project counts as finished, not evaluated). ``TRUTH`` says, per method, which
projects are about it (with the status their visible documents give) and which mention it.

Deterministic: the same files every run. Separate from ``corpora/evaluation`` so that the
search evaluation's figures do not change.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from corpora.evaluation.corpus import COMMON, _write_docx, _write_pdf, ocr_damage

SEED = 2020
MUNICIPALITY = "Västerköpinge kommun"
CEILING = "intern"

SOC, ALD, ARB, BUN = "Socialförvaltningen", "Äldreförvaltningen", "Arbetsmarknadsförvaltningen", "Barn- och ungdomsförvaltningen"  # fmt: skip
NORRBY, SODERBY, VASTERBY, OSTERBY = (f"{n} stadsdelsförvaltning" for n in ("Norrby", "Söderby", "Västerby", "Österby"))  # fmt: skip


@dataclass(frozen=True)
class Method:
    key: str
    #: what an officer types
    query: str
    name: str
    #: sentences about the method; "{n}" is its name
    sentences: tuple[str, ...]
    #: what the project is about when the method is not named
    plain: tuple[str, ...]


METHODS = {
    m.key: m
    for m in (
        Method("bostad", "Bostad först", "Bostad först", (
            "{n} innebär att personer i hemlöshet får ett eget hyreskontrakt utan krav på drogfrihet.",
            "Teamet arbetade enligt principerna i {n} om självbestämmande och återhämtning.",
            "Hyresgästerna i {n} fick boendestöd i hemmet så länge de ville.",
            "Modelltroheten mot {n} mättes två gånger med en särskild skala.",
            "Erfarenheterna av {n} visar att samarbetet med hyresvärden är avgörande.",
        ), ("Hemlösheten har ökat bland personer med missbruk.", "Lägenheterna hyrdes av allmännyttan.")),
        Method("ips", "IPS", "IPS", (
            "{n} är en metod för individuellt stöd till arbete på den öppna arbetsmarknaden.",
            "Arbetsspecialisterna följde de åtta principerna i {n}.",
            "Deltagarna i {n} sökte arbete direkt utan förberedande träning.",
            "Modelltroheten mättes med skalan för {n}.",
        ), ("Deltagarna hade psykisk ohälsa och stod långt från arbetsmarknaden.",)),
        Method("skolfam", "Skolfam", "Skolfam", (
            "{n} är en modell där psykolog och specialpedagog kartlägger placerade barns skolgång.",
            "Barnen i {n} testades vid start och efter två år.",
            "Skolorna fick stöd av teamet i {n} att anpassa undervisningen.",
            "Familjehemmen deltog i alla möten inom {n}.",
        ), ("Familjehemsplacerade barn lämnar ofta skolan utan fullständiga betyg.",)),
        Method("mi", "motiverande samtal", "motiverande samtal", (
            "Personalen utbildades i motiverande samtal under två dagar.",
            "Samtalen fördes enligt metoden motiverande samtal med öppna frågor och reflektioner.",
            "Handledning i motiverande samtal gavs en gång i månaden.",
            "Inspelade samtal kodades för att mäta färdigheten i motiverande samtal.",
        ), ("Förändringsarbetet byggde på deltagarnas egna mål.",)),
        Method("hemgang", "Trygg hemgång", "Trygg hemgång", (
            "{n} ger äldre extra stöd de första veckorna efter utskrivning från sjukhus.",
            "Teamet för {n} tog emot den äldre i hemmet samma dag.",
            "Insatserna inom {n} var biståndsbedömda och tidsbegränsade.",
            "Återinskrivningarna följdes upp för alla som fått {n}.",
        ), ("Utskrivningsklara äldre väntade ofta länge på hemtjänst.",)),
        Method("revision", "brukarrevision", "brukarrevision", (
            "Vid en brukarrevision granskar brukare själva en verksamhet.",
            "Revisorerna i brukarrevisionen intervjuade boende och personal.",
            "Brukarrevisionen lämnade tolv förbättringsförslag till ledningen.",
            "Utbildningen för brukarrevision gavs av intresseorganisationerna.",
        ), ("Brukarinflytandet i verksamheten har varit svagt.",)),
        Method("kamera", "kameratillsyn", "kameratillsyn", (
            "Kameratillsyn innebär att hemtjänsten tittar till den äldre via kamera nattetid.",
            "De äldre som valde kameratillsyn sov ostört.",
            "Kameratillsynen kompletterade trygghetslarmet.",
            "Personalen utbildades i tekniken för kameratillsyn.",
        ), ("Nattpatrullen gjorde många besök som väckte de äldre.",)),
        Method("sos", "Signs of Safety", "Signs of Safety", (
            "{n} är ett arbetssätt i barnavårdsutredningar som bygger på familjens eget nätverk.",
            "Socialsekreterarna använde kartläggningen i {n} vid varje möte.",
            "Säkerhetsplanerna i {n} skrevs tillsammans med familjen.",
            "Handledare i {n} certifierades under projektet.",
        ), ("Utredningarna skulle bli mer delaktiga för barn och föräldrar.",)),
        Method("barnahus", "Barnahus", "Barnahus", (
            "I {n} samlas polis, åklagare, socialtjänst och barnsjukvård kring barn som utsatts för brott.",
            "Barnet förhördes i {n} i stället för på polisstationen.",
            "Samråden i {n} hölls inom ett dygn efter anmälan.",
            "Verksamheten i {n} följde de nationella kriterierna.",
        ), ("Barn som utsatts för brott fick vänta länge på förhör.",)),
        Method("spel", "spelberoende", "spelberoende", (
            "Spelberoende har ökat när spel om pengar flyttat till nätet.",
            "Personer med spelberoende fick behandling i grupp.",
            "Anhöriga till spelberoende fick egna träffar.",
            "Skulderna efter spelberoendet var ofta stora.",
        ), ("Spel om pengar sker allt oftare i mobilen.",)),
    )
}  # fmt: skip

#: Sentences that mention a method in passing; "{n}" is its name.
PASSING = (
    "Förvaltningen har också diskuterat {n}, men det ingick inte i det här projektet.",
    "Några deltagare hade tidigare fått stöd enligt {n} i en annan stadsdel.",
    "Erfarenheter från {n} i andra kommuner har lästs men inte prövats här.",
)
#: "först … bostad" by chance, in a project that is not about Bostad först.
CHANCE = "Deltagarna fick först en tillfällig bostad på härbärget."

PLAN, DEL, SLUT, UTV = "Projektplan", "Delrapport", "Slutrapport", "Utvärdering"
SECTIONS = {
    PLAN: ("Bakgrund", "Syfte och mål", "Genomförande", "Uppföljning"),
    DEL: ("Inledning", "Hittills i projektet", "Fortsatt arbete"),
    SLUT: ("Sammanfattning", "Genomförande", "Resultat", "Slutsatser"),
    UTV: ("Sammanfattning", "Utvärderingens upplägg", "Resultat", "Diskussion"),
}
TYPE_OF = {PLAN: "projektplan", DEL: "delrapport", SLUT: "slutrapport", UTV: "utvärdering"}
RESULTS = (
    "Efter två år hade {k} av {m} deltagare nått målet.",
    "Nämnden beslutade att arbetssättet ska ingå i den ordinarie verksamheten.",
    "Kostnaderna per deltagare blev lägre än för tidigare insatser.",
    "Personalen bedömer att arbetssättet fungerade väl för målgruppen.",
)


@dataclass(frozen=True)
class Project:
    key: str
    method: str | None
    year: int
    dnr: str
    unit: str
    title: str
    #: report labels, in order; a year offset each
    docs: tuple[tuple[str, int], ...]
    #: whether the method's name is in the keywords
    keywords_name: bool = True
    #: "", "ascii" or "ocr"
    damage: str = ""
    #: methods mentioned in passing (in the project's last report), with how many sentences
    passing: tuple[tuple[str, int], ...] = ()
    #: "drafts": every report is a draft; "classified": the evaluation is above the ceiling
    hidden: str = ""
    summary: bool = False
    chance: bool = False


P = Project
PROJECTS: tuple[Project, ...] = (
    P(
        "b1",
        "bostad",
        2014,
        "SN 2014/0201",
        NORRBY,
        "Bostad först i Norrby",
        ((PLAN, 0), (DEL, 1), (SLUT, 3), (UTV, 3)),
        summary=True,
    ),  # fmt: skip
    P(
        "b2",
        "bostad",
        2017,
        "SN 2017/0312",
        SOC,
        "Egen bostad för långvarigt hemlösa",
        ((PLAN, 0), (SLUT, 2)),
        keywords_name=False,
        passing=(("ips", 1),),
    ),  # fmt: skip
    P("b3", "bostad", 2022, "SN 2022/0045", SODERBY, "Bostad först i Söderby", ((PLAN, 0), (DEL, 1))),
    P(
        "b4",
        "bostad",
        2019,
        "SN 2019/0177",
        VASTERBY,
        "Bostad först i Västerby",
        ((PLAN, 0), (UTV, 2)),
        damage="ascii",
    ),  # fmt: skip
    P(
        "b5",
        "bostad",
        2020,
        "SN 2020/0099",
        OSTERBY,
        "Bostad först i Österby",
        ((PLAN, 0), (SLUT, 2)),
        hidden="drafts",
    ),  # fmt: skip
    P(
        "i1",
        "ips",
        2015,
        "AMN 2015/0120",
        ARB,
        "Vägen till arbete med IPS",
        ((PLAN, 0), (SLUT, 2)),
        passing=(("mi", 1),),
    ),  # fmt: skip
    P(
        "i2",
        "ips",
        2018,
        "SN 2018/0240",
        SOC,
        "Individuellt stöd till arbete i socialpsykiatrin",
        ((PLAN, 0), (DEL, 1), (UTV, 3)),
    ),  # fmt: skip
    P("i3", "ips", 2023, "SN 2023/0011", NORRBY, "IPS för unga vuxna i Norrby", ((PLAN, 0),)),
    P(
        "s1",
        "skolfam",
        2016,
        "BUN 2016/0088",
        SOC,
        "Skolfam – skolstöd för placerade barn",
        ((PLAN, 0), (SLUT, 2), (UTV, 3)),
        hidden="classified",
    ),  # fmt: skip
    P(
        "s2",
        "skolfam",
        2019,
        "BUN 2019/0150",
        BUN,
        "Skolfam i Barn- och ungdomsförvaltningen",
        ((PLAN, 0), (DEL, 1)),
    ),  # fmt: skip
    P(
        "m1",
        "mi",
        2013,
        "SN 2013/0333",
        SOC,
        "Motiverande samtal i missbruksvården",
        ((PLAN, 0), (SLUT, 2)),
        passing=(("bostad", 1),),
    ),  # fmt: skip
    P(
        "m2",
        "mi",
        2018,
        "ÄN 2018/0061",
        ALD,
        "Hälsosamtal med äldre",
        ((PLAN, 0), (UTV, 2)),
        keywords_name=False,
    ),
    P("m3", "mi", 2020, "AMN 2020/0042", ARB, "Motiverande samtal i arbetsmarknadsinsatser", ((SLUT, 0),)),
    P(
        "t1",
        "hemgang",
        2016,
        "ÄN 2016/0190",
        ALD,
        "Trygg hemgång efter sjukhusvistelse",
        ((PLAN, 0), (DEL, 1), (UTV, 2)),
        passing=(("kamera", 1),),
    ),  # fmt: skip
    P("t2", "hemgang", 2020, "ÄN 2020/0018", SODERBY, "Trygg hemgång i Söderby", ((PLAN, 0), (SLUT, 1))),
    P(
        "r1",
        "revision",
        2020,
        "3.2-517/2020",
        SOC,
        "Brukarrevision i socialpsykiatrin",
        ((PLAN, 0), (SLUT, 2)),
    ),
    P("r2", "revision", 2022, "ÄN 2022/0101", ALD, "Brukarrevision i äldreomsorgen", ((PLAN, 0),)),
    P(
        "k1",
        "kamera",
        2019,
        "ÄN 2019/0021",
        ALD,
        "Nattillsyn med kamera i hemtjänsten",
        ((PLAN, 0), (UTV, 1)),
    ),
    P(
        "k2",
        "kamera",
        2021,
        "ÄN 2021/0077",
        VASTERBY,
        "Kameratillsyn i Västerby",
        ((PLAN, 0), (SLUT, 1)),
        damage="ocr",
    ),  # fmt: skip
    P(
        "g1",
        "sos",
        2017,
        "BUN 2017/0033",
        BUN,
        "Signs of Safety i barnavården",
        ((PLAN, 0), (DEL, 1), (SLUT, 2)),
        passing=(("barnahus", 1),),
    ),  # fmt: skip
    P(
        "g2",
        "sos",
        2020,
        "SN 2020/0140",
        SOC,
        "Delaktighet i barnavårdsutredningar",
        ((PLAN, 0), (UTV, 2)),
        keywords_name=False,
    ),  # fmt: skip
    P("g3", "sos", 2022, "SN 2022/0160", NORRBY, "Signs of Safety i Norrby", ((PLAN, 0), (DEL, 1))),
    P("h1", "barnahus", 2015, "BUN 2015/0044", BUN, "Barnahus i samverkan", ((PLAN, 0), (SLUT, 2))),
    P("h2", "barnahus", 2019, "SN 2019/0205", SOC, "Utvärdering av Barnahus", ((UTV, 0),)),
    P(
        "p1",
        "spel",
        2012,
        "SN 2012/0240",
        SOC,
        "Samverkan mot spelberoende",
        ((PLAN, 0), (SLUT, 2)),
        damage="ascii",
    ),  # fmt: skip
    P("p2", "spel", 2018, "SN 2018/0090", NORRBY, "Stöd vid spelberoende i Norrby", ((PLAN, 0), (DEL, 1))),
    # projects about something else, which mention the methods in passing
    P(
        "x1",
        None,
        2016,
        "SN 2016/0260",
        NORRBY,
        "Uppsökande arbete mot hemlöshet",
        ((PLAN, 0), (SLUT, 2)),
        passing=(("bostad", 2),),
        chance=True,
    ),  # fmt: skip
    P(
        "x2",
        None,
        2021,
        "SN 2021/0029",
        SOC,
        "Digital ansökan om ekonomiskt bistånd",
        ((PLAN, 0), (SLUT, 1)),
        passing=(("ips", 1), ("mi", 1)),
    ),  # fmt: skip
    P(
        "x3",
        None,
        2020,
        "ÄN 2020/0133",
        ALD,
        "Träffpunkter mot ensamhet bland äldre",
        ((PLAN, 0), (SLUT, 2)),
        passing=(("hemgang", 1), ("kamera", 2)),
    ),  # fmt: skip
    P(
        "x4",
        None,
        2018,
        "BUN 2018/0190",
        BUN,
        "Stöd till familjehem",
        ((PLAN, 0), (SLUT, 2)),
        passing=(("skolfam", 1), ("sos", 1), ("barnahus", 1)),
    ),  # fmt: skip
    P(
        "x5",
        None,
        2017,
        "SN 2017/0402",
        SOC,
        "Våld i nära relationer",
        ((PLAN, 0), (UTV, 2)),
        passing=(("barnahus", 2), ("spel", 1), ("revision", 1)),
    ),  # fmt: skip
)


@dataclass(frozen=True)
class Expected:
    """What an overview of one method should show."""

    method: Method
    #: project key -> the status its visible documents give
    projects: dict[str, str]
    #: projects that mention the method in passing (visible ones)
    mentioned: frozenset[str]


def _status(labels: list[str]) -> str:
    if UTV in labels:
        return "utvärderat"
    if SLUT in labels:
        return "avslutat"
    return "pågående"


def truth() -> dict[str, Expected]:
    """Per method: its projects (visible to an ordinary user, with their status) and passing mentions."""
    out = {}
    for key, method in METHODS.items():
        projects = {}
        for p in PROJECTS:
            if p.method != key or p.hidden == "drafts":
                continue
            labels = [label for label, _ in p.docs if not (p.hidden == "classified" and label == UTV)]
            projects[p.key] = _status(labels)
        mentioned = frozenset(p.key for p in PROJECTS if any(m == key for m, _ in p.passing))
        out[key] = Expected(method, projects, mentioned)
    return out


def dnr_of(project_key: str) -> str:
    return next(p.dnr for p in PROJECTS if p.key == project_key)


def _pages(project: Project, label: str, year: int, rng: random.Random, last: bool) -> list[str]:
    method = METHODS.get(project.method or "")
    keywords = [w.strip() for w in project.title.split(" – ")[0].split()[:2]]
    if method and project.keywords_name:
        keywords.insert(0, method.name)
    cover = (
        f"{label}\n{project.title}\n\nDnr: {project.dnr}\nDatum: {year}-{rng.randint(2, 11):02d}-{rng.randint(10, 28)}\n"
        f"Utgivare: {project.unit}, {MUNICIPALITY}\nNyckelord: {', '.join(keywords).lower()}"
    )
    pages = [cover]
    asides = []
    if last:
        for other, count in project.passing:
            name = METHODS[other].name
            asides += [PASSING[i % len(PASSING)].format(n=name) for i in range(count)]
        if project.chance:
            asides.append(CHANCE)
    headings = SECTIONS[label]
    for number, heading in enumerate(headings, 1):
        sentences: list[str] = []
        if method:
            topic = [s.format(n=method.name) for s in method.sentences] + list(method.plain)
            sentences += rng.sample(topic, k=min(len(topic), 3))
        if heading in ("Resultat", "Hittills i projektet"):
            sentences.append(RESULTS[0].format(k=rng.randint(12, 30), m=rng.randint(31, 60)))
            sentences.append(rng.choice(RESULTS[1:]))
        sentences += rng.sample(COMMON, k=3)
        if asides and heading != "Sammanfattning" and (number == len(headings) or number == 2):
            sentences += asides
            asides = []
        rng.shuffle(sentences)
        pages.append(f"{number}. {heading}\n" + " ".join(sentences))
    return pages


SUMMARY = """# Sammanfattning

## Projektnamn
{title}

## Dnr
{dnr}

## Resultat
Nästan alla hyresgäster hade kvar sin bostad efter två år. Vårddagarna på sjukhus halverades.

## Slutsatser
Bostad först bör bli ordinarie verksamhet i hela staden.
"""


def build(target: Path) -> dict[str, list[str]]:
    """Write the archive into ``target``; return each project's report paths (archive-relative)."""
    rng = random.Random(SEED)
    paths: dict[str, list[str]] = {}
    for project in PROJECTS:
        folder = f"{project.year}/{project.dnr.replace('/', '-')} {project.title}"
        for index, (label, offset) in enumerate(project.docs):
            year = project.year + offset
            pages = _pages(project, label, year, rng, last=index == len(project.docs) - 1)
            if project.damage == "ocr":
                pages = [ocr_damage(p, rng) for p in pages]
            elif project.damage == "ascii":
                pages = [p.translate(str.maketrans("åäöÅÄÖ", "aaoAAO")) for p in pages]
            fmt = "docx" if (index + len(project.key)) % 3 == 0 else "pdf"
            name = f"{label.lower()} {project.key}.{fmt}"
            path = target / folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            (_write_pdf if fmt == "pdf" else _write_docx)(path, pages)
            paths.setdefault(project.key, []).append(f"{folder}/{name}")
            if project.hidden == "classified" and label == UTV:
                (path.parent / f"{name}.kbank.toml").write_text('klassning = "begränsad"\n', "utf-8")
        if project.hidden == "drafts":
            (target / folder / "arende.kbank.toml").write_text('status = "utkast"\n', "utf-8")
        if project.summary:
            (target / folder / "sammanfattning.md").write_text(
                SUMMARY.format(title=project.title, dnr=project.dnr), "utf-8"
            )
    return paths
