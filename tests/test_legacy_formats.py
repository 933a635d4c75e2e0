"""Older formats: Word 97–2003 (.doc), OpenDocument (.odt) and RTF are read, searched with å/ä/ö,
their properties used, and hostile or mislabelled files reported without stopping the run.

The fixtures in tests/fixtures/ were written by LibreOffice from DOCX files
(``tools/make_legacy_fixtures.py``). The .doc tests need Debian's ``antiword``; ``.ci/run``
installs it, and elsewhere they skip saying so.
"""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from kbank.cli import app
from kbank.extract import ExtractionError, Reason, extract
from kbank.extract.rtf import parse

pytestmark = pytest.mark.slow  # antiword and real ingests of .doc/.odt/.rtf

FIXTURES = Path(__file__).resolve().parent / "fixtures"
needs_antiword = pytest.mark.skipif(
    shutil.which("antiword") is None, reason="antiword saknas: apt-get install antiword"
)


def _json(result) -> dict:
    return json.loads(result.stdout)


def _copy(archive: Path, name: str, folder: str, as_name: str | None = None) -> Path:
    target = archive / folder / (as_name or name)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / name, target)
    return target


@needs_antiword
def test_doc_odt_and_rtf_reports_are_found_by_words_with_swedish_letters(archive, runner):
    _copy(archive, "aldreomsorg.doc", "2009/SN 2009-0417 Äldreomsorg")
    _copy(archive, "skolnarvaro.odt", "2010/SN 2010-0233 Skolnärvaro")
    _copy(archive, "skyddat_boende.rtf", "2011/SN 2011-0098 Skyddat boende")
    result = runner.invoke(app, ["ingest", "--json"])
    assert result.exit_code == 0, result.output
    assert _json(result)["added"] == 3 and _json(result)["failed"] == []

    for query, name in [
        ("trygghetslarmen", "aldreomsorg.doc"),
        ("väntetiderna", "aldreomsorg.doc"),
        ("skolsköterskans", "skolnarvaro.odt"),
        ("skolskoterskans", "skolnarvaro.odt"),  # typed without å/ä/ö
        ("kvinnojourens stödsamtal", "skyddat_boende.rtf"),
        ("överflyttning", "skyddat_boende.rtf"),
    ]:
        hits = _json(runner.invoke(app, ["search", query, "--json"]))["hits"]
        assert [h["path"].rsplit("/", 1)[-1] for h in hits] == [name], query


@needs_antiword
@pytest.mark.parametrize(
    "name, title, author, dnr, doc_type",
    [
        ("aldreomsorg.doc", "Äldreomsorgens förändringsarbete i Västerås", "Åsa Öberg", "SN 2009/0417", "slutrapport"),
        ("skolnarvaro.odt", "Skolnärvaro och ungdomsmottagningens stöd", "Björn Ängström", "SN 2010/0233", "delrapport"),
        ("skyddat_boende.rtf", "Utvärdering av skyddat boende för våldsutsatta kvinnor", "Märta Ålund", "SN 2011/0098", "utvärdering"),
    ],
)  # fmt: skip
def test_legacy_reports_get_their_title_author_and_facts(archive, runner, name, title, author, dnr, doc_type):
    _copy(archive, name, "2009/Rapporter")
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    shown = _json(runner.invoke(app, ["show", f"2009/Rapporter/{name}", "--json"]))
    assert title in shown["title"]
    assert shown["properties"]["author"] == author
    assert shown["properties"]["created"].startswith("2009-05-14")
    assert shown["contact"] == author
    assert shown["dnr"] == dnr and shown["doc_type"] == doc_type


@needs_antiword
def test_mislabelled_files_are_read_by_what_they_are(tmp_path):
    rtf_as_doc = shutil.copy(FIXTURES / "skyddat_boende.rtf", tmp_path / "rapport.doc")
    assert "Kvinnojourens" in extract(Path(rtf_as_doc)).text  # Word's "Rich Text" saved as .doc
    docx_as_doc = tmp_path / "plan.doc"
    from corpora.builders import make_docx

    make_docx(docx_as_doc, ["Projektplan för hemtjänstens nattpatrull i Årsta."])
    assert "nattpatrull" in extract(docx_as_doc).text


def test_a_doc_without_antiword_is_unsupported_here_and_the_run_goes_on(
    archive, runner, tmp_path, monkeypatch
):
    _copy(archive, "aldreomsorg.doc", "2009/A")
    _copy(archive, "skolnarvaro.odt", "2009/A")
    empty = tmp_path / "bin"
    empty.mkdir()
    path = os.environ["PATH"]
    monkeypatch.setenv("PATH", str(empty))
    try:
        result = runner.invoke(app, ["ingest", "--json"])
    finally:
        monkeypatch.setenv("PATH", path)
    assert result.exit_code == 3
    (failed,) = _json(result)["failed"]
    assert failed["reason"] == "unsupported"
    assert "stöds inte här: installera antiword (apt-get install antiword)" in failed["error"]
    assert _json(runner.invoke(app, ["search", "skolsköterskans", "--json"]))["total"] == 1
    if shutil.which("antiword"):  # installed again: the next ingest reads it
        again = runner.invoke(app, ["ingest", "--json"])
        assert again.exit_code == 0 and _json(again)["failed"] == [] and _json(again)["documents"] == 2
        assert _json(runner.invoke(app, ["search", "trygghetslarmen", "--json"]))["total"] == 1


def _odt(path: Path, content: bytes, extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", content)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return path


_ODT_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0">'
)


def test_odt_reads_tables_notes_and_lists_but_not_deleted_changes_or_comments(tmp_path):
    body = (
        _ODT_HEAD.decode() + "<office:body><office:text>"
        "<text:tracked-changes><text:changed-region><text:deletion><text:p>Raderad mening om"
        " tvångsvård.</text:p></text:deletion></text:changed-region></text:tracked-changes>"
        '<text:h text:outline-level="1">Slutrapport om boendestöd</text:h>'
        '<text:p>Boendestödet<text:s text:c="2"/>gavs i hemmet'
        "<text:note><text:note-citation>1</text:note-citation><text:note-body>"
        "<text:p>Enligt socialnämndens beslut.</text:p></text:note-body></text:note>.</text:p>"
        "<office:annotation><text:p>Kolla siffrorna, Åke</text:p></office:annotation>"
        "<table:table><table:table-row><table:table-cell><text:p>Dnr:</text:p></table:table-cell>"
        "<table:table-cell><text:p>SN 2012/0044</text:p></table:table-cell></table:table-row></table:table>"
        "<text:list><text:list-item><text:p>Färre avhysningar</text:p></text:list-item></text:list>"
        "</office:text></office:body></office:document-content>"
    ).encode()
    extracted = extract(_odt(tmp_path / "r.odt", body))
    text = extracted.text
    assert "Boendestödet  gavs i hemmet." in text  # <text:s c="2"/>: two spaces
    assert "Enligt socialnämndens beslut." in text
    assert "Dnr:\tSN 2012/0044" in text and "Färre avhysningar" in text
    assert "tvångsvård" not in text and "Kolla siffrorna" not in text
    assert extracted.headings == ["Slutrapport om boendestöd"]


def test_hostile_odt_files_are_stopped_before_unpacking(tmp_path):
    bomb = tmp_path / "bomb.odt"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("content.xml", _ODT_HEAD + b" " * (80 * 1024 * 1024) + b"</office:document-content>")
    with pytest.raises(ExtractionError) as caught:
        extract(bomb)
    assert caught.value.reason == Reason.TOO_LARGE and "för stor" in caught.value.message

    entities = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "hemligt"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        + _ODT_HEAD[len(b'<?xml version="1.0" encoding="UTF-8"?>') :]
        + b"<office:body><office:text><text:p>Rapport &b; om stod</text:p></office:text></office:body>"
        b"</office:document-content>"
    )
    text = extract(_odt(tmp_path / "entity.odt", entities)).text
    assert "hemligt" not in text and "Rapport" in text  # entities are not expanded

    with pytest.raises(ExtractionError) as caught:
        extract(_odt(tmp_path / "spreadsheet.odt", _ODT_HEAD + b"<office:body/></office:document-content>"))
    assert caught.value.reason == Reason.CORRUPT


def test_rtf_reads_code_pages_unicode_and_skips_what_is_not_text():
    text, props = parse(
        rb"{\rtf1\ansi\ansicpg1252\uc1{\fonttbl{\f0\fswiss Arial;}}{\colortbl;\red0\green0\blue0;}"
        rb"{\stylesheet{\s1 heading 1;}}{\info{\title Sl\'e5tter}{\author \u197?sa}{\creatim\yr2008\mo11\dy3}}"
        rb"{\*\generator Microsoft Word 11;}{\pict\pngblip 89504e470d0a}"
        rb"\pard V\'e5ld i n\'e4ra relationer\par {\field{\*\fldinst HYPERLINK x}{\fldrslt l\u228?nk}}"
        rb"\tab Ett \u8364? \u-10179?\u-8694? ok\cell}"
    )
    assert text.split("\n") == ["Våld i nära relationer", "länk\tEtt € \U0001f60a ok\t"]
    assert props == {"title": "Slåtter", "author": "Åsa", "created": "2008-11-03"}


def test_hostile_rtf_files_are_reported(tmp_path):
    deep = tmp_path / "djup.rtf"
    deep.write_bytes(b"{\\rtf1 " + b"{" * 100_000 + b"text" + b"}" * 100_000 + b"}")
    with pytest.raises(ExtractionError) as caught:
        extract(deep)
    assert caught.value.reason == Reason.CORRUPT
