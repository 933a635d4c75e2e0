"""The documents the idea came from (../shared/seeds, text only): their facts are read as an editor would."""

from __future__ import annotations

import re

import pytest

from kbank.metadata.report import describe

from .conftest import SHARED

SEEDS = SHARED / "seeds"
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not here")


def seed(prefix: str):
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    text = re.sub(r"\*\*|</?b>", "", path.read_text("utf-8"))  # the seeds' Markdown emphasis
    return describe("x", "x", f"seeds/{path.name}", [text], False, {}, [])


def test_the_kunskapsbank_final_report():
    report = seed("001")
    assert (report.dnr, report.doc_type, report.date, report.unit, report.contact) == (
        "3.2-614/2013",
        "slutrapport",
        "2015-08-25",
        "Socialförvaltningen",
        "Cecilia Löfgren",
    )
    assert report.title == "Slutrapport Socialförvaltningens kunskapsbank"


def test_the_communication_strategy():
    report = seed("003")
    assert (report.dnr, report.doc_type, report.date) == ("SN.2024.53", "strategi", "2024-03-19")
    assert report.title == "Strategi för socialnämndens externa kommunikation"
    assert report.contact is None  # "Ansvarig: Socialchef" names a role, not a person


def test_the_reply_to_a_consultation():
    report = seed("004")
    assert (report.dnr, report.doc_type, report.date, report.contact) == (
        "KS 2024/112",
        "tjänsteutlåtande",
        "2024-04-23",
        "Karin Wallander",
    )
    assert report.title == "Remiss av Kommunikationsprogram för Stockholms stad"
