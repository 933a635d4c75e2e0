"""The evaluation archive: fictional Swedish development reports with known topics, as real files.

26 projects of "Norrköpinge kommun", 2009–2022, each with two or three reports (plans,
interim and final reports, evaluations) as PDF or DOCX, filed as a registry files them:
``<year>/<Dnr as folder> <project>/<file>``. Some reports are written so that a topic word
occurs only inside compounds (missbruksvården, våldsutsatta, familjehemsplacerade); four are
scans with OCR damage (ä→d/i/é, ö→6/o, å→é/a); one was exported without å/ä/ö. Every
report also carries the common talk of such reports, and some mention other topics in
passing, so topic words are not unique to their reports.

The demo archive (``archive/`` of this repository, 9 projects of "Älvdala stad", several on the
same topics) is copied in beside them, as more relevant reports and as distractors; queries
name its projects by folder (``d:2014/SN 2014-0123``).

Deterministic: the same files every run (fixed seed, fixed dates). ``build(target)`` writes them
and returns the ``Doc`` list; queries name projects by key (``p03``) or reports (``p03/slut``).
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import docx
from fpdf import FPDF

SEED = 4242
DEMO_ARCHIVE = Path(__file__).resolve().parents[2] / "archive"
MUNICIPALITY = "Norrköpinge kommun"


@dataclass(frozen=True)
class Project:
    key: str
    year: int
    dnr: str
    unit: str
    title: str
    #: sentences only this project's reports use
    topic: tuple[str, ...]
    #: (doc key, type label, year offset, format, damage) per report; damage: "", "ocr", "ascii"
    docs: tuple[tuple[str, str, int, str, str], ...]
    #: a sentence or two about another topic, mentioned in passing
    aside: tuple[str, ...] = ()
    keywords: str = ""


@dataclass
class Doc:
    key: str  # "p03/slut"
    project: str
    path: str  # archive-relative
    doc_type: str
    year: int
    dnr: str
    title: str
    text: list[str] = field(default_factory=list)


PLAN, DEL, SLUT, UTV = "Projektplan", "Delrapport", "Slutrapport", "Utvärdering"
STANDARD = (("plan", PLAN, 0, "pdf", ""), ("slut", SLUT, 2, "pdf", ""))

PROJECTS: tuple[Project, ...] = (
    Project(
        "p01",
        2014,
        "SN 2014/0311",
        "Socialförvaltningen",
        "Samordnad missbruksvård i Norrby",
        (
            "Projektet ska samordna missbruksvården mellan socialtjänsten och regionens beroendemottagning.",
            "Personer med alkoholmissbruket som huvudproblem fick en gemensam vårdplan.",
            "Narkotikamissbruket bland unga vuxna ökade under projekttiden enligt kartläggningen.",
            "Missbruksproblem hos föräldrar upptäcktes tidigare när handläggarna samverkade.",
            "Missbrukarvården har tidigare varit splittrad mellan många huvudmän.",
            "Samordnarna mötte deltagarna i missbruksvårdens öppna verksamheter varje vecka.",
            "Återfallen minskade för de deltagare som fick samordnad missbruksbehandling.",
        ),
        (("plan", PLAN, 0, "pdf", ""), ("slut", SLUT, 2, "pdf", "")),
        keywords="samordning, beroendevård",
    ),
    Project(
        "p02",
        2015,
        "SN 2015/0123",
        "Norrby stadsdelsförvaltning",
        "Bostad först i Norrby",
        (
            "Bostad först innebär att personer i hemlöshet får en egen bostad utan krav på att först bli drogfria.",
            "Hemlösheten i stadsdelen har ökat och många hemlösa saknar stöd.",
            "Deltagarna fick ett eget förstahandskontrakt och boendestöd i hemmet.",
            "Bostadsbolaget och socialtjänsten tecknade ett avtal om lägenheter.",
            "Efter två år hade nästan alla deltagare kvar sin bostad.",
        ),
        (("plan", PLAN, 0, "pdf", ""), ("del", DEL, 1, "docx", ""), ("utv", UTV, 3, "pdf", "")),
        aside=("Många av deltagarna hade också ett missbruk eller psykisk ohälsa.",),
        keywords="hemlöshet, Bostad först",
    ),
    Project(
        "p03",
        2016,
        "BUN 2016/0077",
        "Socialförvaltningen",
        "Stöd till familjehemsplacerade barn",
        (
            "Familjehemsplacerade barn har ofta haft många uppbrott och byten av skola.",
            "Familjehemsföräldrarna fick handledning en gång i månaden.",
            "Familjehemsvården ska bli mer stabil så att färre placeringar bryts.",
            "Familjehemssekreterarna besökte varje barn minst fyra gånger per år.",
            "Barnen intervjuades om hur de upplevde sin placering.",
        ),
        (("plan", PLAN, 0, "docx", ""), ("slut", SLUT, 2, "pdf", "")),
        keywords="placerade barn, handledning",
    ),
    Project(
        "p04",
        2017,
        "SN 2017/0402",
        "Socialförvaltningen",
        "Stöd till våldsutsatta kvinnor",
        (
            "Våldsutsatta kvinnor ska få ett samlat stöd från första kontakten.",
            "Många av kvinnorna hade levt med partnervåld i flera år.",
            "Våldsutövare erbjöds samtalsbehandling i en särskild mottagning.",
            "Relationsvåldet påverkar också barnen som lever i familjen.",
            "Skyddat boende ordnades för kvinnor som inte kunde bo kvar hemma.",
        ),
        (("plan", PLAN, 0, "pdf", ""), ("utv", UTV, 2, "pdf", "")),
        keywords="kvinnofrid, skyddat boende",
    ),
    Project(
        "p05",
        2011,
        "ÄN 2011/0058",
        "Äldreförvaltningen",
        "Anhörigstöd vid demenssjukdom",
        (
            "Anhöriga till personer med demenssjukdom känner sig ofta ensamma i sitt ansvar.",
            "Anhörigstödet ska ge avlösning i hemmet och samtalsgrupper för anhöriga.",
            "Demenssjuksköterskan träffade familjerna i början av insatsen.",
            "Dagverksamheten för personer med demens utökades till fem dagar i veckan.",
            "De anhöriga upplevde att stödet gav dem mer tid för sig själva.",
        ),
        (("plan", PLAN, 0, "pdf", "ocr"), ("slut", SLUT, 2, "pdf", "ocr")),
        keywords="anhöriga, demens, avlösning",
    ),
    Project(
        "p06",
        2015,
        "AMN-2015-0231",
        "Arbetsmarknadsförvaltningen",
        "Vägen till arbete med IPS",
        (
            "IPS är en metod för individuellt stöd till arbete för personer med psykisk ohälsa.",
            "Arbetsspecialisterna hjälpte deltagarna att söka jobb på den öppna arbetsmarknaden.",
            "Arbetsgivare kontaktades direkt utan lång förberedande träning.",
            "Efter ett år hade en tredjedel av deltagarna ett avlönat arbete.",
            "Arbetsmarknadsinsatserna samordnades med psykiatrins behandling.",
        ),
        (("plan", PLAN, 0, "pdf", ""), ("del", DEL, 1, "pdf", ""), ("slut", SLUT, 2, "docx", "")),
        keywords="IPS, sysselsättning",
    ),
    Project(
        "p07",
        2018,
        "SN 2018/0220",
        "Socialförvaltningen",
        "Stödboende för ensamkommande ungdomar",
        (
            "Ensamkommande ungdomar mellan 16 och 20 år bor i stödboendet med personal dygnet runt.",
            "Ungdomarna fick stöd med skolan, ekonomin och att lära sig bo själva.",
            "Stödboendet ersatte flera dyra platser på hem för vård eller boende.",
            "Personalen arbetade med ungdomarnas psykiska hälsa och trauma.",
        ),
        STANDARD,
        keywords="ensamkommande barn, stödboende",
    ),
    Project(
        "p08",
        2021,
        "SN.2021.29",
        "Socialförvaltningen",
        "Digital ansökan om ekonomiskt bistånd",
        (
            "Sökande kan ansöka om ekonomiskt bistånd via en e-tjänst i stället för på papper.",
            "Handläggningstiden för försörjningsstöd kortades från tre veckor till fem dagar.",
            "Den digitala ansökan kontrollerar inkomster automatiskt mot andra myndigheter.",
            "Socialsekreterarna fick mer tid för samtal om vägen till självförsörjning.",
        ),
        (("plan", PLAN, 0, "docx", ""), ("slut", SLUT, 1, "pdf", "")),
        keywords="e-tjänst, försörjningsstöd, digitalisering",
    ),
    Project(
        "p09",
        2020,
        "3.2-517/2020",
        "Socialförvaltningen",
        "Brukarrevision i socialpsykiatrin",
        (
            "Vid en brukarrevision granskar brukare själva en verksamhet och lämnar förbättringsförslag.",
            "Revisorerna intervjuade boende och personal på tre gruppbostäder inom socialpsykiatrin.",
            "Brukarinflytandet stärktes när förslagen följdes upp av ledningen.",
            "Intresseorganisationerna inom psykiatriområdet utbildade revisorerna.",
        ),
        STANDARD,
        keywords="brukarinflytande, brukarrevision",
    ),
    Project(
        "p10",
        2016,
        "ÄN 2016/0190",
        "Äldreförvaltningen",
        "Trygg hemgång efter sjukhusvistelse",
        (
            "Trygg hemgång ger äldre personer extra stöd de första veckorna efter utskrivning från sjukhus.",
            "Ett särskilt team från hemtjänsten tog emot den äldre i hemmet samma dag.",
            "Återinskrivningarna på sjukhuset minskade under projekttiden.",
            "Biståndshandläggaren gjorde en uppföljning efter två veckor.",
        ),
        (("plan", PLAN, 0, "pdf", ""), ("del", DEL, 1, "docx", ""), ("utv", UTV, 2, "pdf", "")),
        keywords="utskrivning, hemtjänst",
    ),
    Project(
        "p11",
        2017,
        "3.1-301/2017",
        "Socialförvaltningen",
        "Skolfam – skolstöd för placerade barn",
        (
            "Skolfam är en arbetsmodell där psykolog och specialpedagog kartlägger familjehemsplacerade barns skolgång.",
            "Barnens skolresultat förbättrades i läsning och matematik.",
            "Lärarna fick stöd i att anpassa undervisningen efter varje barn.",
            "Skolfammodellen har tidigare prövats i flera kommuner.",
        ),
        STANDARD,
        keywords="Skolfam, skolresultat",
    ),
    Project(
        "p12",
        2013,
        "BUN 2013/0045",
        "Barn- och ungdomsförvaltningen",
        "Föräldrastöd i grupp",
        (
            "Föräldrastödsprogrammet ABC erbjöds alla föräldrar med barn mellan tre och tolv år.",
            "Gruppledarna utbildades i programmet under en vecka.",
            "Föräldrarna uppgav att konflikterna i familjen minskade.",
            "Föräldraskapet stärks när föräldrar får träffa andra i samma situation.",
        ),
        STANDARD,
        keywords="föräldraskap, ABC",
    ),
    Project(
        "p13",
        2010,
        "SN 2010/0099",
        "Socialförvaltningen",
        "Uppsökande arbete mot hemlöshet",
        (
            "Uppsökarna söker upp hemlösa personer på gatan, i parker och på härbärgen.",
            "Hemlösheten bland äldre män med långvarig hemlöshet var störst.",
            "Uppsökande team förmedlade kontakt med härbärgen och sjukvård.",
            "Många av de hemlösa hade inte sökt stöd på flera år.",
        ),
        (("plan", PLAN, 0, "pdf", "ocr"), ("slut", SLUT, 2, "pdf", "ocr")),
        keywords="hemlöshet, uppsökande arbete",
    ),
    Project(
        "p14",
        2012,
        "SN 2012/0240",
        "Socialförvaltningen",
        "Samverkan mot spelberoende",
        (
            "Spelberoende är ett växande problem och spel om pengar sker allt oftare på nätet.",
            "Personer med spelproblem fick behandling i form av samtal i grupp.",
            "Skulderna efter spelandet var ofta stora när deltagarna sökte hjälp.",
            "Anhöriga till spelberoende fick egna träffar.",
        ),
        (("plan", PLAN, 0, "pdf", "ascii"), ("slut", SLUT, 2, "pdf", "ascii")),
        keywords="spelberoende, spel om pengar",
    ),
    Project(
        "p15",
        2019,
        "SN 2019/0310",
        "Socialförvaltningen",
        "Daglig verksamhet enligt LSS",
        (
            "Daglig verksamhet enligt LSS ska ge personer med funktionsnedsättning en meningsfull sysselsättning.",
            "Deltagarna valde själva bland verksamheter som kafé, trädgård och tvätteri.",
            "Fler deltagare gick vidare till praktik på vanliga arbetsplatser.",
            "Gruppbostäderna och den dagliga verksamheten samordnade sina scheman.",
        ),
        STANDARD,
        keywords="LSS, funktionsnedsättning",
    ),
    Project(
        "p16",
        2019,
        "ÄN 2019/0021",
        "Äldreförvaltningen",
        "Nattillsyn med kamera i hemtjänsten",
        (
            "Kameratillsyn innebär att hemtjänsten tittar till den äldre via en kamera nattetid.",
            "Nattillsynen via kamera störde de äldre mindre än fysiska besök.",
            "Trygghetslarmet kompletterades med kameran hos de deltagare som ville.",
            "Hemtjänstpersonalen fick utbildning i den nya tekniken.",
        ),
        (("plan", PLAN, 0, "docx", ""), ("utv", UTV, 1, "pdf", "")),
        keywords="välfärdsteknik, nattillsyn",
    ),
    Project(
        "p17",
        2018,
        "SN 2018/0145",
        "Socialförvaltningen",
        "Barn som anhöriga i familjer med missbruk",
        (
            "Barn som växer upp i familjer med missbruk behöver stöd i egen rätt.",
            "Barngrupperna träffades tio gånger och pratade om missbruk och känslor.",
            "Föräldrarnas missbruk gjorde att barnen tog ett stort ansvar hemma.",
            "Skolkuratorerna hjälpte till att hitta barn som behövde gruppen.",
        ),
        STANDARD,
        keywords="barn som anhöriga, missbruk",
    ),
    Project(
        "p18",
        2014,
        "SN 2014/0402",
        "Socialförvaltningen",
        "Våld i nära relationer – kartläggning",
        (
            "Kartläggningen beskriver hur socialtjänsten upptäcker våld i nära relationer.",
            "Handläggarna ställde frågor om våld till alla som sökte ekonomiskt bistånd.",
            "Våld mot äldre och personer med funktionsnedsättning upptäcktes sällan.",
            "En handlingsplan mot våld antogs av nämnden efter kartläggningen.",
        ),
        (("plan", PLAN, 0, "pdf", ""), ("slut", SLUT, 1, "docx", "")),
        keywords="våld i nära relationer, kartläggning",
    ),
    Project(
        "p19",
        2016,
        "SN 2016/0260",
        "Norrby stadsdelsförvaltning",
        "Drogförebyggande arbete bland unga",
        (
            "Det drogförebyggande arbetet riktar sig till elever i högstadiet och gymnasiet.",
            "Alkohol och narkotika debuterar allt tidigare bland unga i stadsdelen.",
            "Fältassistenterna samarbetade med skolan och polisen.",
            "Föräldramöten om droger hölls på alla skolor.",
        ),
        STANDARD,
        aside=("Unga som redan hade ett missbruk hänvisades till mottagningen.",),
        keywords="drogförebyggande, unga",
    ),
    Project(
        "p20",
        2012,
        "SN 2012/0077",
        "Socialförvaltningen",
        "Utvärdering av kvinnojourens arbete",
        (
            "Kvinnojouren ger stöd till kvinnor som utsatts för våld av en närstående.",
            "Utvärderingen visar att kvinnorna fick hjälp med boende och kontakt med polisen.",
            "Jourens frivilliga ger råd i telefon dygnet runt.",
            "Våldet hade ofta pågått länge innan kvinnorna sökte hjälp.",
        ),
        (("utv", UTV, 0, "pdf", "ocr"),),
        keywords="kvinnojour, våld",
    ),
    Project(
        "p21",
        2013,
        "3.2-688/2013",
        "Socialförvaltningen",
        "Socialtjänstens kunskapsbank",
        (
            "Syftet med kunskapsbanken är att projektplaner och slutrapporter ska finnas tillgängliga för medarbetare.",
            "Innan en förvaltning prövar en ny metod ska den söka i kunskapsbanken efter utvärderade metoder.",
            "Övriga fackförvaltningar ska också kunna ta del av rapporterna.",
            "Rapporterna sparas i dag lokalt och diarieförs vid förvaltningens diarium.",
        ),
        (("plan", PLAN, 0, "pdf", "ocr"), ("slut", SLUT, 2, "pdf", "")),
        keywords="kunskapsbank, FoU",
    ),
    Project(
        "p22",
        2020,
        "ÄN 2020/0133",
        "Äldreförvaltningen",
        "Träffpunkter mot ensamhet bland äldre",
        (
            "Ofrivillig ensamhet bland äldre ökade under pandemin.",
            "Träffpunkterna erbjuder gemensamma måltider, promenader och studiecirklar.",
            "Besökarna på träffpunkten uppgav att de kände sig mindre isolerade.",
            "Frivilligorganisationer drev en del av aktiviteterna.",
        ),
        STANDARD,
        keywords="ensamhet, träffpunkt",
    ),
    Project(
        "p23",
        2021,
        "SN 2021/0088",
        "Socialförvaltningen",
        "Mobilt team för personer med psykisk ohälsa",
        (
            "Det mobila teamet besöker personer med psykisk ohälsa i hemmet i stället för på mottagningen.",
            "Socialpsykiatrin och regionens psykiatri bemannade teamet tillsammans.",
            "Tvångsinläggningarna minskade bland de personer som teamet följde.",
        ),
        (("plan", PLAN, 0, "pdf", ""), ("del", DEL, 1, "pdf", "")),
        keywords="psykisk ohälsa, mobilt team",
    ),
    Project(
        "p24",
        2022,
        "SN 2022/0050",
        "Socialförvaltningen",
        "Ekonomisk rådgivning och skuldsanering",
        (
            "Budgetrådgivningen hjälper hushåll med skulder att få överblick över sin ekonomi.",
            "Skuldsanering söks hos Kronofogden med stöd av kommunens rådgivare.",
            "Skuldrådgivarna träffade fler barnfamiljer än tidigare.",
        ),
        (("plan", PLAN, 0, "docx", ""), ("slut", SLUT, 1, "pdf", "")),
        keywords="skulder, budgetrådgivning",
    ),
    Project(
        "p25",
        2018,
        "BUN 2018/0190",
        "Barn- och ungdomsförvaltningen",
        "Barnahus i samverkan",
        (
            "I Barnahus samlas polis, åklagare, socialtjänst och barnsjukvård kring barn som utsatts för brott.",
            "Barnet förhörs och undersöks på ett ställe i stället för på flera myndigheter.",
            "Samrådet mellan myndigheterna sker inom ett dygn efter polisanmälan.",
        ),
        STANDARD,
        keywords="Barnahus, brott mot barn",
    ),
    Project(
        "p26",
        2009,
        "ÄN 2009/0012",
        "Äldreförvaltningen",
        "Förebyggande hembesök hos äldre",
        (
            "Alla som fyller 80 år erbjuds ett förebyggande hembesök av en sjuksköterska.",
            "Vid hembesöket får den äldre råd om fallprevention, kost och läkemedel.",
            "Fallolyckorna minskade bland dem som tackat ja till besöket.",
        ),
        (("plan", PLAN, 0, "pdf", ""), ("utv", UTV, 2, "pdf", "")),
        keywords="fallprevention, hembesök",
    ),
)

#: The common talk of development reports: every report gets a share.
COMMON = (
    "Projektet har följts upp av en styrgrupp med representanter från förvaltningens ledning.",
    "Medarbetarna har deltagit i utbildningar och gemensamma workshoppar.",
    "Resultaten redovisas för nämnden i samband med årsbokslutet.",
    "Projektet finansierades med utvecklingsmedel under tre år.",
    "Uppföljningen bygger på intervjuer, enkäter och statistik från verksamhetssystemet.",
    "En extern utvärderare från högskolan har följt arbetet.",
    "Erfarenheterna visar att samverkan mellan verksamheterna är avgörande.",
    "Metoden bör spridas till fler stadsdelar om resultaten står sig.",
    "Deltagarnas synpunkter har tagits till vara under hela projekttiden.",
    "Kostnaderna blev lägre än beräknat eftersom personalen kunde omfördelas.",
    "Projektledaren har rapporterat till styrgruppen varje kvartal.",
    "Arbetet har skett i enlighet med socialtjänstlagen och förvaltningens riktlinjer.",
    "Dokumentationen i journalerna förbättrades under projekttiden.",
    "Ett fortsatt utvecklingsarbete behövs för att säkra kvaliteten.",
)
SECTIONS = {
    PLAN: ("Bakgrund", "Syfte och mål", "Genomförande", "Uppföljning"),
    DEL: ("Inledning", "Hittills i projektet", "Fortsatt arbete"),
    SLUT: ("Sammanfattning", "Genomförande", "Resultat", "Slutsatser"),
    UTV: ("Sammanfattning", "Utvärderingens upplägg", "Resultat", "Diskussion"),
}
TYPE_OF = {PLAN: "projektplan", DEL: "delrapport", SLUT: "slutrapport", UTV: "utvärdering"}

# OCR damage as scanned municipal reports show it (see ../shared/seeds): most å/ä/ö go wrong.
_OCR = {"ä": "ddiaé4", "å": "éaadi", "ö": "6oo6é", "Ä": "A", "Å": "A", "Ö": "O"}
_ASCII = str.maketrans("åäöÅÄÖé", "aaoAAOe")


def ocr_damage(text: str, rng: random.Random) -> str:
    """Damage text the way OCR of a poor scan does: diacritics lost or misread, ' i ' as ' 1 '."""
    out = []
    for ch in text:
        if ch in _OCR and rng.random() < 0.85:
            out.append(rng.choice(_OCR[ch]))
        else:
            out.append(ch)
    damaged = "".join(out)
    return damaged.replace(" i ", " 1 ") if rng.random() < 0.5 else damaged


def _pages(project: Project, label: str, rng: random.Random, year: int) -> list[str]:
    cover = (
        f"{label}\n{project.title}\n\nDnr: {project.dnr}\nDatum: {year}-{rng.randint(2, 11):02d}-{rng.randint(10, 28)}\n"
        f"Utgivare: {project.unit}, {MUNICIPALITY}\nNyckelord: {project.keywords}"
    )
    pages = [cover]
    topic = list(project.topic)
    for number, heading in enumerate(SECTIONS[label], 1):
        sentences = rng.sample(topic, k=min(len(topic), rng.randint(2, 3)))
        sentences += rng.sample(COMMON, k=3)
        if project.aside and number == 2:
            sentences.append(project.aside[0])
        rng.shuffle(sentences)
        pages.append(f"{number}. {heading}\n" + " ".join(sentences))
    return pages


def build(target: Path) -> list[Doc]:
    """Write the evaluation archive into ``target`` (an empty or missing folder); return its reports."""
    rng = random.Random(SEED)
    docs: list[Doc] = _copy_demo(target)
    for project in PROJECTS:
        folder = f"{project.year}/{project.dnr.replace('/', '-')} {project.title}"
        for key, label, offset, fmt, damage in project.docs:
            year = project.year + offset
            pages = _pages(project, label, rng, year)
            if damage == "ocr":
                pages = [ocr_damage(p, rng) for p in pages]
            elif damage == "ascii":
                pages = [p.translate(_ASCII) for p in pages]
            name = f"{label.lower()} {project.title.split(' – ')[0].lower()}.{fmt}"
            path = target / folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            (_write_pdf if fmt == "pdf" else _write_docx)(path, pages)
            docs.append(
                Doc(f"{project.key}/{key}", project.key, f"{folder}/{name}", TYPE_OF[label], year, project.dnr,
                    project.title, pages)
            )  # fmt: skip
    return docs


def _copy_demo(target: Path) -> list[Doc]:
    """Copy the demo archive in; each file is a ``Doc`` keyed ``d:<path>`` in project ``d:<year>/<folder>``."""
    docs = []
    seen: set[bytes] = set()
    for path in sorted(p for p in DEMO_ARCHIVE.rglob("*") if p.is_file()):
        rel = path.relative_to(DEMO_ARCHIVE).as_posix()
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target / rel)
        content = path.read_bytes()
        if content in seen:
            continue  # a copy of a report filed twice is the same report, not one more
        seen.add(content)
        project = "d:" + "/".join(rel.split("/")[:2])
        docs.append(Doc(f"d:{rel}", project, rel, "", 0, "", ""))
    return docs


def _latin1(text: str) -> str:
    return text.replace("–", "-").encode("latin-1", "replace").decode("latin-1")


def _write_pdf(path: Path, pages: list[str]) -> None:
    pdf = FPDF()
    pdf.set_creation_date(datetime(2020, 1, 1, tzinfo=UTC))
    for text in pages:
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(0, 6, _latin1(text))
    pdf.output(str(path))


def _write_docx(path: Path, pages: list[str]) -> None:
    document = docx.Document()
    for index, text in enumerate(pages):
        lines = text.split("\n")
        if index == 0:
            document.add_heading(f"{lines[0]} {lines[1]}", level=0)
            lines = lines[2:]
        for line in lines:
            if line.strip():
                document.add_paragraph(line)
    document.save(str(path))
