"""Write the legacy-format fixtures in tests/fixtures/ (run once; the files are committed).

Each report is written as DOCX with python-docx, then converted by LibreOffice
(``soffice --headless --convert-to``; Debian package ``libreoffice-writer-nogui``) to the
legacy format: Word 97-2003 ``.doc``, OpenDocument ``.odt`` and ``.rtf``. Each holds å/ä/ö in
its text and in its title and author properties, and one word no other fixture has.

    python tools/make_legacy_fixtures.py
"""

from __future__ import annotations

import datetime
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import docx

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"

REPORTS = {
    ("aldreomsorg.doc", "doc:MS Word 97"): (
        "Slutrapport: Äldreomsorgens förändringsarbete i Västerås",
        "Åsa Öberg",
        "SN 2009/0417",
        "Projektet har prövat samverkan mellan hemtjänsten och vårdcentralen. Brukarnas "
        "nöjdhet ökade och väntetiderna för hemtjänstinsatser blev kortare. Utvärderingen "
        "visar att överenskommelserna följdes i de flesta fall. Trygghetslarmen ingick.",
    ),
    ("skolnarvaro.odt", "odt"): (
        "Delrapport: Skolnärvaro och ungdomsmottagningens stöd",
        "Björn Ängström",
        "SN 2010/0233",
        "Delrapporten beskriver hur elever med hög frånvaro fick stöd av skolkuratorer och "
        "ungdomsmottagningen. Närvaron förbättrades för två av tre elever. Föräldrarna "
        "deltog i uppföljningsmöten. Skolsköterskans roll förtydligades.",
    ),
    ("skyddat_boende.rtf", "rtf"): (
        "Utvärdering av skyddat boende för våldsutsatta kvinnor",
        "Märta Ålund",
        "SN 2011/0098",
        "Utvärderingen följer kvinnor som bott i skyddat boende under 2010. De flesta fick "
        "en egen bostad inom ett år. Barnens skolgång säkrades genom överflyttning. "
        "Kvinnojourens stödsamtal uppskattades högt.",
    ),
}


def main() -> int:
    soffice = shutil.which("soffice")
    if soffice is None:
        print("soffice saknas: apt-get install libreoffice-writer-nogui", file=sys.stderr)
        return 1
    FIXTURES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for (name, target), (title, author, dnr, body) in REPORTS.items():
            stem = Path(name).stem
            d = docx.Document()
            d.core_properties.title = title
            d.core_properties.author = author
            d.core_properties.created = datetime.datetime(2009, 5, 14, 10, 0)
            d.add_heading(title, 0)
            d.add_paragraph(f"Dnr: {dnr}")
            d.add_paragraph("Socialförvaltningen, FoU-enheten")
            d.add_paragraph(f"Kontaktperson: {author}")
            d.add_paragraph(body)
            source = Path(tmp) / f"{stem}.docx"
            d.save(source)
            subprocess.run(
                [soffice, "--headless", "--convert-to", target, "--outdir", tmp, str(source)],
                check=True,
                capture_output=True,
                timeout=180,
            )
            shutil.copy(Path(tmp) / name, FIXTURES / name)
            print(FIXTURES / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
