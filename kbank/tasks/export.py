"""Rows for spreadsheets and scripts: CSV for Swedish Excel and JSON Lines.

CSV is UTF-8 with a byte-order mark (so Excel reads å/ä/ö) and ``;`` between fields (Excel
with Swedish settings expects it, since ``,`` is the decimal comma); ``csv_separator`` in
kbank.toml changes the separator.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence

from kbank.errors import ConfigError

BOM = "\ufeff"
FORMATS = ("table", "json", "jsonl", "csv")


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]], separator: str = ";") -> str:
    """The rows as CSV text with a byte-order mark, one header row first.

    >>> to_csv(["titel", "år"], [["Bostad först; slutrapport", 2017]])
    '\\ufefftitel;år\\r\\n"Bostad först; slutrapport";2017\\r\\n'
    """
    if len(separator) != 1 or separator in '"\r\n':
        raise ConfigError(
            f"csv_separator ska vara ett enda tecken (till exempel ; eller ,), inte {separator!r}"
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else "; ".join(v) if isinstance(v, list) else v for v in row])
    return BOM + buffer.getvalue()


def to_jsonl(items: Iterable[dict]) -> str:
    """One JSON object per line."""
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)


DOCUMENT_COLUMNS = ["id", "titel", "typ", "datum", "dnr", "förvaltning", "sakområden", "projekt", "sökväg"]


def document_row(doc) -> list[object]:
    from kbank.metadata.doctypes import type_label

    return [
        doc.id[:8], doc.title, type_label(doc.doc_type), doc.date or (doc.year or ""), doc.dnr,
        doc.unit, doc.areas, doc.project, doc.path,
    ]  # fmt: skip


HIT_COLUMNS = ["nr", *DOCUMENT_COLUMNS, "sida", "poäng", "utdrag"]


def hit_row(rank: int, hit) -> list[object]:
    return [rank, *document_row(hit), hit.page, f"{hit.score:.3f}".replace(".", ","), hit.snippet]


FINDING_COLUMNS = ["del", "sökväg", "id", "meddelande"]


def finding_rows(report) -> list[list[object]]:
    return [
        [section.title, f.path, (f.id or "")[:8], f.message]
        for section in report.sections
        for f in section.findings
    ]
