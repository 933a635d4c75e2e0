"""An archive with secrets: drafts, reports above the classification ceiling, a byte-identical copy
of a restricted report in an open folder, and hostile file names.

Every hidden report carries marker words that occur nowhere else, so a test can assert that no
output of any command reveals them, their ids, titles, Dnr or paths.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from corpora.builders import make_docx
from tests.conftest import write_small_archive

#: The restricted case: above the ceiling of this installation.
SECRET_FOLDER = "2015/SN 2015-0999 Kvastprojektet"
SECRET = f"{SECRET_FOLDER}/slutrapport.docx"
SECRET_COPY = "2010/Öppna kopior/kopia.docx"
SECRET_DNR = "SN 2015/0999"
SECRET_TITLE = "Kvastfenomenologins hemliga slutrapport"
#: A draft: hidden without --all.
DRAFT_FOLDER = "2016/SN 2016-0555 Snurrebassprojektet"
DRAFT = f"{DRAFT_FOLDER}/delrapport.docx"
DRAFT_DNR = "SN 2016/0555"
DRAFT_TITLE = "Snurrebassarnas delrapport"
#: Words that occur only in hidden reports (searched for, misspelt, as prefixes).
SECRET_WORDS = ("kvastfenomenologi", "zorbulatorn")
DRAFT_WORDS = ("snurrebassen", "plimmerstaven")
HOSTILE = "2017/Fientliga namn/\x1b[31mröd\x1b[0m rapport.docx"
HOSTILE_NEWLINE = "2017/Fientliga namn/rad\nkbank: förfalskad rad.docx"


def secret_markers() -> list[str]:
    """Everything of the restricted report that must never be shown below its ceiling."""
    return [*SECRET_WORDS, "Kvastfenomenologi", SECRET_DNR, "2015/0999", "Kvastprojektet", SECRET_TITLE]


def draft_markers() -> list[str]:
    return [*DRAFT_WORDS, DRAFT_DNR, "2016/0555", "Snurrebassprojektet", DRAFT_TITLE]


def _docx(path: Path, title: str, dnr: str, body: list[str]) -> Path:
    return make_docx(path, [f"Dnr: {dnr}", "Datum: 2015-09-01", *body], heading=title)


def write_secret_archive(archive: Path) -> Path:
    write_small_archive(archive)
    _docx(
        archive / SECRET,
        SECRET_TITLE,
        SECRET_DNR,
        [
            "Kvastfenomenologi är en metod för hemlösa personer med missbruk. "
            "Zorbulatorn användes vid utvärderingen av boendestödet.",
            "Slutsatsen är att kvastfenomenologi ger stöd till familjehem och våldsutsatta kvinnor.",
        ],
    )
    (archive / SECRET_FOLDER / "arende.kbank.toml").write_text('klassning = "begränsad"\n', encoding="utf-8")
    (archive / SECRET_FOLDER / "sammanfattning.md").write_text(
        "# Sammanfattning\n\nKvastfenomenologi i korthet.\n", encoding="utf-8"
    )
    copy = archive / SECRET_COPY
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(archive / SECRET, copy)  # byte-identical, in a folder without a classification
    _docx(
        archive / DRAFT,
        DRAFT_TITLE,
        DRAFT_DNR,
        [
            "Snurrebassen är ett arbetssätt för äldreomsorgen. Plimmerstaven mäter hemtjänstens stöd.",
            "Utvärderingen av snurrebassen visar att hemtjänsten samverkar bättre.",
        ],
    )
    (archive / DRAFT_FOLDER / "arende.kbank.toml").write_text('status = "utkast"\n', encoding="utf-8")
    for name in (HOSTILE, HOSTILE_NEWLINE):
        _docx(archive / name, "Fientligt namn", "SN 2017/0001", ["En rapport om boendestöd och hemtjänst."])
    (archive / "kbank.toml").unlink(missing_ok=True)
    return archive


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def secret_archive(archive: Path, tmp_path: Path) -> Path:
    write_secret_archive(archive)
    (tmp_path / "kbank.toml").write_text('classification_ceiling = "intern"\n', encoding="utf-8")
    return archive


def lying_docx(source: Path, target: Path, part: str = "word/document.xml") -> Path:
    """Copy a DOCX whose ``part`` declares a tenth of its real unpacked size (central directory
    and local header both), as a zip bomb does to slip past a size check."""
    import struct
    import zipfile

    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as zf:
        info = zf.getinfo(part)
    lie = max(1, info.file_size // 10)
    # local header: uncompressed size at offset 22
    struct.pack_into("<I", data, info.header_offset + 22, lie)
    # central directory entry: find it by the name after the fixed 46-byte header
    name = part.encode()
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if bytes(data[pos + 46 : pos + 46 + name_len]) == name:
            struct.pack_into("<I", data, pos + 24, lie)
            break
        pos = data.find(b"PK\x01\x02", pos + 4)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(bytes(data))
    return target
