"""The hits of a user's last search, so that ``kbank show 3`` and ``kbank open 3`` mean its third hit.

Kept per user in ``<data>/recent/<user>.json`` (the ranks as shown, paging included); a
folder that cannot be written only costs the shortcut.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from kbank.config import Settings
from kbank.errors import DocumentNotFound
from kbank.locking import user_name

#: a reference of one to three digits is a rank; ids are at least four hex characters
RANK = re.compile(r"^\d{1,3}$")


def _path(settings: Settings) -> Path:
    user = re.sub(r"[^\w.-]", "_", user_name()) or "user"
    return settings.data_dir / "recent" / f"{user}.json"


def remember_hits(
    settings: Settings, query: str, ranked_ids: list[tuple[int, str]], banks: dict[int, str] | None = None
) -> None:
    """Remember the (rank, id) pairs a search showed; ``banks``: the linked bank of each rank."""
    path = _path(settings)
    # a query typed in another encoding holds lone surrogates: kept with a replacement character
    shown = re.sub(r"[\ud800-\udfff]", "\ufffd", query)
    data: dict = {"query": shown, "hits": {str(rank): doc_id for rank, doc_id in ranked_ids}}
    if banks:
        data["banks"] = {str(rank): bank for rank, bank in banks.items()}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        return


def resolve_rank(settings: Settings, ref: str) -> str | None:
    """The id behind a rank of the user's last search; None when ``ref`` is no rank."""
    if not RANK.match(ref.strip()):
        return None
    try:
        data = json.loads(_path(settings).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise DocumentNotFound(
            f"{ref} är ett nummer i senaste sökningen, men du har ingen sökning sparad: sök först med kbank search"
        ) from None
    doc_id = (data.get("hits") or {}).get(str(int(ref)))
    if not doc_id:
        ranks = sorted(int(r) for r in data.get("hits") or {})
        shown = f"{ranks[0]}–{ranks[-1]}" if ranks else "inga"
        raise DocumentNotFound(
            f"senaste sökningen ({data.get('query', '')!r}) visade träff {shown}, inte {ref}"
        )
    return str(doc_id)


def rank_bank(settings: Settings, ref: str) -> str | None:
    """The linked bank a rank of the user's last search came from; None for this bank or no rank."""
    if not RANK.match(ref.strip()):
        return None
    try:
        data = json.loads(_path(settings).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    bank = (data.get("banks") or {}).get(str(int(ref)))
    return str(bank) if bank else None
