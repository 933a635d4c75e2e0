"""Real-world and hostile documents from ../shared/corpus: every file indexes or is reported."""

from __future__ import annotations

import json

import pytest

from kbank.cli import app
from kbank.config import load_settings
from kbank.search.bank import Bank

from .conftest import CORPUS

pytestmark = [
    pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not here"),
    pytest.mark.slow,  # ingests the whole shared corpus
]


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory):
    from typer.testing import CliRunner

    index = tmp_path_factory.mktemp("corpus") / "index"
    result = CliRunner().invoke(app, ["ingest", str(CORPUS), "--index", str(index), "--json"])
    return result, json.loads(result.stdout), index


def test_every_file_is_indexed_or_reported(corpus_run):
    result, report, _ = corpus_run
    assert result.exit_code == 3, result.output
    files = [p for p in CORPUS.rglob("*") if p.suffix.lower() in (".pdf", ".docx") and p.is_file()]
    assert report["added"] + len(report["failed"]) == len(files)
    assert all(
        f["reason"] in {"encrypted", "corrupt", "empty", "needs_ocr", "unsupported", "too_large"}
        for f in report["failed"]
    )


def test_hostile_files_get_the_right_reason(corpus_run):
    _, report, _ = corpus_run
    reasons = {f["path"].rsplit("/", 1)[1]: f["reason"] for f in report["failed"]}
    assert reasons["crafted__zipbomb_1GB_paragraphs.docx"] == "too_large"
    assert reasons["crafted__encrypted_userpw_aes256.pdf"] == "encrypted"
    assert reasons["crafted__encrypted_userpw_rc4.pdf"] == "encrypted"
    assert reasons["crafted__doc_renamed.docx"] == "unsupported"
    assert reasons["crafted__zero_bytes.pdf"] == "empty"
    assert reasons["crafted__html_not_pdf.pdf"] == "corrupt"
    assert reasons["crafted__billion_laughs.docx"] == "corrupt"
    assert "crafted__encrypted_ownerpw_only_aes128.pdf" not in reasons


def test_docx_features_python_docx_skips_are_searchable(corpus_run):
    _, _, index = corpus_run
    with Bank(load_settings(index=index, archive=CORPUS)) as bank:
        for marker in ["textboxmark", "footnotemark", "endnotemark", "sdtmark", "headermark", "insertedmark"]:
            assert bank.search(marker).total >= 1, marker
        assert bank.search("deletedmark").total == 0


def test_a_second_run_is_a_no_op(corpus_run, tmp_path):
    from typer.testing import CliRunner

    _, first, index = corpus_run
    result = CliRunner().invoke(app, ["ingest", str(CORPUS), "--index", str(index), "--json"])
    report = json.loads(result.stdout)
    assert result.exit_code == 0
    assert report["unchanged"] == first["added"] and report["known_failed"] == len(first["failed"])
