"""Archive walk: stable order, litter skipped, unsupported formats kept for reporting."""

from __future__ import annotations

import os

import pytest

from kbank.archive import walk
from kbank.errors import ArchiveNotFound


def test_walk_yields_reports_and_unsupported_documents_in_stable_order(archive):
    for rel in [
        "2014/b/rapport.pdf",
        "2013/a/plan.docx",
        "2013/a/gammal.doc",
        "2013/a/Thumbs.db",
        "2013/a/~$plan.docx",
        "2013/a/.DS_Store",
        "2013/a/bild.jpg",
        ".git/x.pdf",
        "2013/a/brev.odt",
    ]:
        path = archive / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    assert [f.rel for f in walk(archive)] == [
        "2013/a/brev.odt",
        "2013/a/gammal.doc",
        "2013/a/plan.docx",
        "2014/b/rapport.pdf",
    ]


def test_missing_archive_raises(tmp_path):
    with pytest.raises(ArchiveNotFound):
        list(walk(tmp_path / "nej"))


def test_undecodable_file_names_get_a_readable_stable_path(archive):
    name = os.fsencode(str(archive)) + b"/v\xe4xj\xf6.pdf"
    with open(name, "wb") as fh:
        fh.write(b"%PDF-1.4")
    (rel,) = [f.rel for f in walk(archive)]
    assert rel == "v\\xe4xj\\xf6.pdf"
    rel.encode("utf-8")  # valid Unicode, storable and printable
