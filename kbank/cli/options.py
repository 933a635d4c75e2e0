"""The options commands share (typer ``Annotated`` types)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kbank.cli.completion import complete_area, complete_type, complete_unit

IndexOpt = Annotated[
    Path | None,
    typer.Option(
        "--index", metavar="MAPP", help="Indexmapp (annars $KBANK_INDEX, annars ./index).", show_default=False
    ),
]
ArchiveOpt = Annotated[
    Path | None,
    typer.Option(
        "--archive",
        metavar="MAPP",
        help="Arkivmapp (annars $KBANK_ARCHIVE, annars ./archive).",
        show_default=False,
    ),
]
ArchiveArg = Annotated[
    Path | None,
    typer.Argument(metavar="ARKIV", help="Arkivmappen med diarieförda rapporter.", show_default=False),
]
AllOpt = Annotated[
    bool,
    typer.Option(
        "--all", help="Visa också rapporter som inte är publicerade (utkast, granskade), med status."
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Skriv ett JSON-dokument till stdout (för skript).")]
TypeOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--type",
        "-t",
        metavar="TYP",
        autocompletion=complete_type,
        help="Dokumenttyp: projektplan, kommunikationsplan, strategi, delrapport, utvärdering, "
        "slutrapport, tjänsteutlåtande (remissvar), övrigt.",
        show_default=False,
    ),
]
AreaOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--area",
        "-a",
        metavar="OMRÅDE",
        autocompletion=complete_area,
        help="Sakområde, t.ex. missbruk eller 'barn och unga' (å/ä/ö och versaler spelar ingen roll).",
        show_default=False,
    ),
]
UnitOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--unit",
        "-u",
        metavar="FÖRVALTNING",
        autocompletion=complete_unit,
        help="Förvaltning, t.ex. socialförvaltningen eller björkhagen.",
        show_default=False,
    ),
]
DnrOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--dnr",
        "-d",
        metavar="DNR",
        help="Diarienummer i valfri stavning: 3.2-614/2013, SN2014/123, sn 2014-0123.",
        show_default=False,
    ),
]
YearOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--year", "-y", metavar="ÅR", help="År eller intervall: 2014 eller 2012..2015.", show_default=False
    ),
]


DataOpt = Annotated[
    Path | None,
    typer.Option(
        "--data",
        metavar="MAPP",
        help="Mapp för bevakningar och sökloggen (annars $KBANK_DATA, annars indexmappen).",
        show_default=False,
    ),
]
FromOpt = Annotated[
    str | None,
    typer.Option(
        "--from",
        metavar="DATUM",
        help="Från och med datum: 2014, 2014-03 eller 2014-03-10.",
        show_default=False,
    ),
]
ToOpt = Annotated[
    str | None,
    typer.Option(
        "--to",
        metavar="DATUM",
        help="Till och med datum: 2016, 2016-06 eller 2016-06-30.",
        show_default=False,
    ),
]
FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="table (skärmen), json, jsonl (en rad per post) eller csv (för Excel: ; och UTF-8).",
        show_default=False,
    ),
]
NoPagerOpt = Annotated[
    bool,
    typer.Option("--no-pager", help="Skriv allt direkt, utan bläddring i less (KBANK_PAGER/PAGER)."),
]
BankOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--bank",
        metavar="BANK",
        help="Bank att ta med (banks.NAMN i kbank.toml, den här heter lokal om inget annat anges); "
        "upprepa för flera. Utan flaggan: default_banks, annars bara den här banken.",
        show_default=False,
    ),
]
AllBanksOpt = Annotated[
    bool,
    typer.Option("--all-banks", help="Ta med alla länkade banker och den här, som en lista."),
]

# ingest and reindex
JobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Antal processer som läser filer (standard: en per kärna).",
        show_default=False,
    ),
]
TimeLimitOpt = Annotated[
    float | None,
    typer.Option(
        "--time-limit",
        min=0.1,
        help="Sekunder en fil får ta att läsa innan den hoppas över (standard 60).",
        show_default=False,
    ),
]
MemoryLimitOpt = Annotated[
    int | None,
    typer.Option(
        "--memory-limit",
        min=128,
        help="Megabyte minne läsningen av en fil får använda (standard 1024).",
        show_default=False,
    ),
]
WaitOpt = Annotated[
    float | None,
    typer.Option(
        "--wait",
        min=0,
        help="Vänta så många sekunder om en annan kbank redan skriver i indexet (standard: avbryt direkt).",
        show_default=False,
    ),
]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="Skriv bara ut filer som inte kunde läsas, och fel.")
]
NoCacheOpt = Annotated[
    bool, typer.Option("--no-cache", help="Läs varje fil på nytt i stället för att ta texten ur cachen.")
]
OcrOpt = Annotated[
    bool | None,
    typer.Option(
        "--ocr/--no-ocr",
        help="Läs inskannade PDF-sidor med OCR (Tesseract) eller inte (standard: när Tesseract finns).",
        show_default=False,
    ),
]
MovedOpt = Annotated[
    bool,
    typer.Option(
        "--archive-moved",
        help="Arkivet har flyttats: läs det nya stället och kom ihåg det (annars vägras ett annat arkiv).",
    ),
]
AllowRemovalsOpt = Annotated[
    bool,
    typer.Option(
        "--allow-removals",
        help="Ta bort rapporter ur indexet även när många saknas i arkivet (annars stoppas körningen).",
    ),
]
