"""OCR settings: kbank.toml, KBANK_OCR and --ocr/--no-ocr, checked with one-line Swedish errors.

These need no Tesseract: they run everywhere.
"""

from __future__ import annotations

import pytest

from kbank.cli import app
from kbank.config import load_settings
from kbank.errors import ConfigError
from kbank.ingest.reading import ocr_missing, ocr_options


def test_ocr_defaults_to_auto_with_swedish_and_english():
    settings = load_settings(environ={})
    options = ocr_options(settings)
    assert settings.ocr == "auto" and options.languages == "swe+eng" and options.dpi == 300
    # the time a scan may take grows per page, up to the per-file cap
    assert options.budget(3) == 180 and options.budget(1000) == 1800


def test_ocr_can_be_turned_off_in_the_file_the_environment_and_the_options(tmp_path):
    (tmp_path / "kbank.toml").write_text('ocr = "off"\nocr_dpi = 200\n', encoding="utf-8")
    from_file = load_settings(environ={}, cwd=tmp_path)
    assert from_file.ocr == "off" and ocr_options(from_file) is None and ocr_missing(from_file) is None
    assert load_settings(environ={"KBANK_OCR": "av"}).ocr == "off"
    assert load_settings(environ={"KBANK_OCR": "off"}, ocr="auto").ocr == "auto"  # the option wins


@pytest.mark.parametrize(
    "line, message",
    [
        ('ocr = "kanske"', 'ska vara "auto" eller "off"'),
        ('ocr_languages = "swe; rm -rf /"', "Tesseracts språkkoder"),
        ("ocr_dpi = 10", "minst 70"),
        ("ocr_page_seconds = 0", "minst 0.1"),
    ],
)
def test_bad_ocr_settings_are_one_line_errors(tmp_path, runner, line, message):
    (tmp_path / "kbank.toml").write_text(line + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(environ={}, cwd=tmp_path)
    assert message in str(caught.value)
    result = runner.invoke(app, ["ingest"])
    assert result.exit_code == 1 and message in result.stderr and "Traceback" not in result.output


def test_a_language_without_its_data_says_which_package_to_install(tmp_path):
    (tmp_path / "kbank.toml").write_text('ocr_languages = "swe+xyz"\n', encoding="utf-8")
    missing = ocr_missing(load_settings(environ={}, cwd=tmp_path))
    assert missing is not None and ("tesseract-ocr-xyz" in missing or "tesseract-ocr " in missing)


def test_a_cover_read_by_ocr_is_trusted_less_than_the_registry_folder():
    from kbank.metadata.report import describe

    pages = ["Slutrapport\nBostad först i Björkhagen\nDnr: SN 2009/0471\nSocialförvaltningen", "Resultat"]
    properties = {"created": "D:20230105120000"}  # the day it was scanned
    rel = "2009/SN 2009-0417 Bostad först/slutrapport.pdf"
    typed = describe("a" * 16, "a" * 64, rel, pages, True, properties, [])
    assert typed.dnr == "SN 2009/0471" and typed.date == "2023-01-05"  # a typed cover is believed
    scanned = describe("a" * 16, "a" * 64, rel, pages, True, properties, [], ocr_pages=[1, 2])
    assert scanned.dnr == "SN 2009/0417" and scanned.sources["dnr"] == "folder"
    assert scanned.dnr_text == "SN 2009/0471"  # kept for kbank check
    assert scanned.date is None and scanned.year == 2009
    assert scanned.ocr_pages == [1, 2]
