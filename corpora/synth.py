"""Write a synthetic registry archive of N Swedish reports, deterministically, for the benchmarks.

python bench/synth.py /tmp/kbank-bench/archive-1000 --reports 1000

Reports are filed as ``<year>/<Dnr> <project>/<file>``: 90 % PDF, 10 % DOCX, about 25 KB of
text each (Swedish words with å/ä/ö, Zipf-distributed over a vocabulary of some ten thousand
words and compounds, so that the index has a realistic term distribution). PDFs are written
directly (Helvetica, WinAnsi, Flate-compressed content, a cover page with a large title),
which is far faster than a layout library and gives pypdf the same kind of work as a simple
word-processor export. The same seed gives the same bytes.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import os
import random
import zlib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

BASE_WORDS = """
barn unga familj familjer förälder föräldrar vårdnadshavare skola elev elever ungdom ungdomar
missbruk beroende alkohol narkotika droger spelberoende behandling vård omsorg stöd insats insatser
hemlöshet bostad bostäder boende boendestöd hyresvärd vräkning ekonomi bistånd försörjning arbete
sysselsättning praktik utbildning studier lärande kompetens kunskap metod metoder modell arbetssätt
utvärdering uppföljning resultat effekt effekter mål syfte bakgrund genomförande projekt projektet
socialtjänst socialtjänsten förvaltning nämnd kommun region stadsdel samverkan samarbete nätverk
äldre äldreomsorg hemtjänst hemgång sjukhus vårdcentral psykiatri psykisk hälsa ohälsa funktionsnedsättning
våld våldsutsatta kvinnor män hot trygghet brott brottsoffer polis ungdomsmottagning fritid förening
integration nyanlända språk svenska tolk kultur delaktighet inflytande brukare klient klienter personal
medarbetare chefer ledning handläggare socialsekreterare utredning utredningar bedömning beslut
placering familjehem hvb institution kontaktperson mentor samtal gruppverksamhet föräldrastöd
förebyggande tidiga tidig upptäckt prevention riskfaktorer skyddsfaktorer motivation förändring
kartläggning enkät intervju intervjuer statistik andel antal ökning minskning jämförelse kostnad
kostnader finansiering budget ansökan medel tjänst tjänster organisation struktur rutiner riktlinjer
dokumentation journal sekretess samtycke lagstiftning socialtjänstlagen lss lvu lvm barnkonventionen
hälsa välfärd levnadsvillkor jämställdhet mångfald tillgänglighet digital digitala verktyg plattform
""".split()

SUFFIXES = ["", "", "", "en", "er", "erna", "ar", "arna", "et", "ens", "s", "na", "ande", "ade", "ning"]
GLUE = ["", "s", ""]
FUNCTION_WORDS = (
    "och i att det som en på är av för med till den har de inte om ett han men var jag sig från "
    "vi så kan man när år säger hon under också efter eller nu sin där vid mot ska skulle kommer "
    "ut får finns vara hade alla andra mycket än här då sedan över bara in blir upp även vad"
).split()
UNITS = [
    "Socialförvaltningen",
    "Arbetsmarknadsförvaltningen",
    "Äldreförvaltningen",
    "Björkhagens stadsdelsförvaltning",
    "Utbildningsförvaltningen",
    "Kulturförvaltningen",
]
KINDS = ["projektplan", "delrapport", "slutrapport", "utvärdering"]
TEXT_CHARS = 25_000


def vocabulary(size: int = 10_000) -> list[str]:
    """Return base words, inflections and two-part compounds, most frequent first."""
    rng = random.Random(1)
    words: list[str] = []
    seen: set[str] = set()
    for w in BASE_WORDS:
        for s in SUFFIXES[:6]:
            form = w + s
            if form not in seen:
                seen.add(form)
                words.append(form)
    rng.shuffle(words)  # base words and their inflections are the frequent ones
    compounds: list[str] = []
    while len(words) + len(compounds) < size:
        a, b = rng.choice(BASE_WORDS), rng.choice(BASE_WORDS)
        form = a + rng.choice(GLUE) + b + rng.choice(SUFFIXES)
        if form not in seen and len(form) < 30:
            seen.add(form)
            compounds.append(form)
    return words + compounds


class TextMaker:
    """Swedish-looking running text with a Zipf distribution of content words."""

    def __init__(self, vocab: list[str]):
        self.vocab = vocab
        weights = [1 / (rank + 1) for rank in range(len(vocab))]
        self.cumulative = list(itertools.accumulate(weights))

    def sentence(self, rng: random.Random) -> str:
        words = []
        for _ in range(rng.randint(6, 18)):
            if rng.random() < 0.45:
                words.append(rng.choice(FUNCTION_WORDS))
            else:
                x = rng.random() * self.cumulative[-1]
                words.append(self.vocab[bisect.bisect(self.cumulative, x)])
        return " ".join(words).capitalize() + "."

    def paragraphs(self, rng: random.Random, chars: int) -> list[str]:
        out, total = [], 0
        while total < chars:
            para = " ".join(self.sentence(rng) for _ in range(rng.randint(3, 8)))
            out.append(para)
            total += len(para) + 2
        return out


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252", "replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _kerned(line: str) -> bytes:
    """Show a line as a TJ array with kerning inside words, as word processors write it."""
    parts = []
    for i, word in enumerate(line.split(" ")):
        cut = (len(word) * 2) // 3 if i % 3 == 0 else len(word)
        head, tail = word[:cut], word[cut:]
        chunk = (" " if i else "") + head
        parts.append(_pdf_string(chunk))
        if tail:
            parts.append(b"-15" if len(word) % 2 else b"12")
            parts.append(_pdf_string(tail))
    return b"[" + b" ".join(parts) + b"]"


def pdf_bytes(title: str, cover: list[str], paragraphs: list[str]) -> bytes:
    """Return a PDF: a cover page (title at 24 pt, facts at 11 pt), then text pages at 10 pt."""
    pages: list[bytes] = []
    cover_ops = [b"BT /F1 24 Tf 60 740 Td 30 TL"]
    for line in _wrap(title, 38):
        cover_ops.append(_pdf_string(line) + b" Tj T*")
    cover_ops.append(b"/F1 11 Tf 16 TL T*")
    for line in cover:
        cover_ops.append(_pdf_string(line) + b" Tj T*")
    cover_ops.append(b"ET")
    pages.append(b"\n".join(cover_ops))
    lines: list[str] = []
    for para in paragraphs:
        lines.extend(_wrap(para, 95))
        lines.append("")
    for start in range(0, len(lines), 58):
        ops = [b"BT /F1 10 Tf 50 790 Td 12.5 TL"]
        for line in lines[start : start + 58]:
            ops.append((_kerned(line) + b" TJ T*") if line else b"T*")
        ops.append(b"ET")
        pages.append(b"\n".join(ops))

    objects: list[bytes] = []
    n_pages = len(pages)
    first_page = 5
    kids = " ".join(f"{first_page + 2 * i} 0 R" for i in range(n_pages)).encode()
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(n_pages).encode() + b" >>")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    objects.append(b"<< /Title " + _pdf_string(title) + b" /Producer (kbank bench) >>")
    for i, content in enumerate(pages):
        data = zlib.compress(content, 6)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents " + str(first_page + 2 * i + 1).encode() + b" 0 R >>"
        )
        objects.append(
            b"<< /Length "
            + str(len(data)).encode()
            + b" /Filter /FlateDecode >>\nstream\n"
            + data
            + b"\nendstream"
        )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def docx_bytes(title: str, cover: list[str], paragraphs: list[str]) -> bytes:
    """Return a DOCX with a Title-styled heading, the cover facts and the paragraphs."""
    import io

    import docx

    document = docx.Document()
    document.core_properties.title = title
    document.add_heading(title, level=0)
    for line in cover + paragraphs:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def report(index: int, vocab_maker: TextMaker, seed: int = 0, variant: int = 0) -> tuple[str, bytes]:
    """Return (archive-relative path, file bytes) of report number ``index``."""
    rng = random.Random(seed * 1_000_003 + index * 7 + variant)
    project = index // 2  # two reports per project folder
    prng = random.Random(seed * 1_000_003 + project)
    year = 2005 + project % 20
    number = 100 + project
    dnr_folder = f"SN {year}-{number:04d}"
    topic = " ".join(prng.choice(BASE_WORDS) for _ in range(3)).capitalize()
    kind = KINDS[(index + prng.randint(0, 3)) % len(KINDS)]
    title = f"{kind.capitalize()}: {topic}"
    month = rng.randint(1, 12)
    cover = [
        f"Dnr: SN {year}/{number:04d}",
        f"Datum: {year}-{month:02d}-{rng.randint(1, 28):02d}",
        f"Utgivare: {prng.choice(UNITS)}",
        f"Nyckelord: {', '.join(rng.sample(BASE_WORDS, 3))}",
    ]
    paragraphs = vocab_maker.paragraphs(rng, TEXT_CHARS)
    if variant:
        paragraphs.insert(0, f"Reviderad version {variant}.")
    is_docx = index % 10 == 9
    name = f"{kind} {index:06d}.{'docx' if is_docx else 'pdf'}"
    rel = f"{year}/{dnr_folder} {topic}/{name}"
    data = (docx_bytes if is_docx else pdf_bytes)(title, cover, paragraphs)
    return rel, data


_MAKER: TextMaker | None = None


def _write_range(args: tuple[Path, int, int, int]) -> int:
    global _MAKER
    root, start, stop, seed = args
    if _MAKER is None:
        _MAKER = TextMaker(vocabulary())
    for i in range(start, stop):
        rel, data = report(i, _MAKER, seed)
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        os.utime(path, ns=(1_600_000_000_000_000_000 + i, 1_600_000_000_000_000_000 + i))
    return stop - start


def write_archive(root: Path, reports: int, seed: int = 0, procs: int = 2) -> None:
    """Write ``reports`` synthetic reports under ``root`` (skipped when already complete)."""
    marker = root / f".complete-{reports}-{seed}"
    if marker.exists():
        return
    root.mkdir(parents=True, exist_ok=True)
    chunk = 250
    ranges = [(root, s, min(s + chunk, reports), seed) for s in range(0, reports, chunk)]
    with ProcessPoolExecutor(procs) as pool:
        list(pool.map(_write_range, ranges))
    marker.touch()


def change_reports(root: Path, indices: list[int], variant: int, seed: int = 0) -> None:
    """Rewrite the given reports with new content (as an officer saving a revised version);
    variant 0 restores the generated file, mtime included."""
    maker = TextMaker(vocabulary())
    for i in indices:
        rel, data = report(i, maker, seed, variant=variant)
        (root / rel).write_bytes(data)
        if variant == 0:
            os.utime(root / rel, ns=(1_600_000_000_000_000_000 + i, 1_600_000_000_000_000_000 + i))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("root", type=Path)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--procs", type=int, default=2)
    args = parser.parse_args()
    write_archive(args.root, args.reports, args.seed, args.procs)


if __name__ == "__main__":
    main()
