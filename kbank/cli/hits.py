"""Search hits on the screen: compact (two lines a hit) at narrow widths, full with room or ``--long``.

Every hit shows its rank and short id, so that ``kbank show 3`` / ``kbank show a1b2c3d4`` and
``kbank open 3`` lead from a hit to the report; the footer says how to see the next page.
"""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table
from rich.text import Text

from kbank.cli.app import out
from kbank.metadata.doctypes import type_label

#: below this width the compact layout is the default
FULL_FROM_WIDTH = 120


def _snippet(hit, max_chars: int | None = None) -> Text:
    text = " ".join(hit.snippet.split()) if max_chars else hit.snippet
    snippet = Text(hit.snippet if not max_chars else text)
    if not max_chars:
        for start, end in hit.highlights:
            snippet.stylize("bold yellow", start, end)
        return snippet
    # the highlights index the raw snippet; re-find them in the one-line form
    snippet = Text(text)
    for start, end in hit.highlights:
        word = hit.snippet[start:end]
        at = text.find(word)
        if word and at >= 0:
            snippet.stylize("bold yellow", at, at + len(word))
    return snippet


def _facts(hit) -> list[str]:
    label = type_label(hit.doc_type)
    if hit.status not in (None, "publicerad"):
        label += f" ({hit.status})"
    return [x for x in (label, hit.date or (str(hit.year) if hit.year else ""), hit.dnr or "") if x]


def _title_row(rank: int, hit, width: int) -> Table:
    grid = Table.grid(expand=True, padding=(0, 1))
    grid.add_column(width=width, no_wrap=True, justify="right")
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    grid.add_column(no_wrap=True, justify="right")
    grid.add_row(
        Text(str(rank), style="bold cyan"), Text(hit.title, style="bold"), Text(hit.id[:8], style="dim")
    )
    return grid


def render_compact(hits, first_rank: int) -> None:
    """Two lines a hit: rank, title and id; type, date, Dnr and a one-line snippet with its page."""
    width = len(str(first_rank + len(hits) - 1))
    for rank, hit in enumerate(hits, first_rank):
        out.print(_title_row(rank, hit, width))
        line = Text(" " * (width + 1))
        line.append(" · ".join(_facts(hit)), style="dim")
        if hit.snippet:
            line.append(" · " + (f"s. {hit.page}: " if hit.page else ""), style="dim")
            line.append_text(_snippet(hit, max_chars=400))
        out.print(line, no_wrap=True, overflow="ellipsis")


def render_full(hits, first_rank: int) -> None:
    """A block a hit: title and id, the facts and the case, the file and page, the whole snippet."""
    width = len(str(first_rank + len(hits) - 1))
    indent = " " * (width + 1)
    for rank, hit in enumerate(hits, first_rank):
        out.print(_title_row(rank, hit, width))
        facts = _facts(hit)[:2]
        if hit.dnr or hit.project:
            facts.append("ärende " + " ".join(x for x in (hit.dnr, hit.project) if x))
        if hit.unit:
            facts.append(hit.unit)
        out.print(Text(indent + " · ".join(facts), style="dim", no_wrap=True, overflow="ellipsis"))
        where = hit.path + (f", s. {hit.page}" if hit.page else "")
        out.print(Text(indent + where, style="dim", no_wrap=True, overflow="ellipsis"))
        if hit.snippet:
            grid = Table.grid(padding=(0, 0))
            grid.add_column(width=width + 1, no_wrap=True)
            grid.add_column(ratio=1)
            grid.add_row("", _snippet(hit))
            out.print(grid)
        out.print()


def heading(result, first_rank: int) -> str:
    """'13 träffar för utvärdering (1–10)'."""
    shown = len(result.hits)
    span = f" (visar {first_rank}–{first_rank + shown - 1})" if shown and shown < result.total else ""
    if result.like:
        return f"[bold]{result.total}[/] rapporter som liknar [bold]{escape(result.like.title)}[/]{span}"
    noun = "träff" if result.total == 1 else "träffar"
    return f"[bold]{result.total}[/] {noun} för [bold]{escape(result.query)}[/]{span}"


def footer(result, first_rank: int, next_command: str | None) -> None:
    """How to go on: the next page, and from a hit to the report."""
    last = first_rank + len(result.hits) - 1
    if next_command and last < result.total:
        out.print(f"[dim]Fler träffar ({last + 1}–{result.total}):[/] {escape(next_command)}", soft_wrap=True)
    n = first_rank
    out.print(f"[dim]Träff {n}: kbank show {n} (uppgifter), kbank open {n} (filen) · Excel: --format csv[/]")
