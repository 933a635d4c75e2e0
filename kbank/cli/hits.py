"""Search hits on the screen: compact (two lines a hit) at narrow widths, full with room or ``--long``.

Every hit shows its rank and short id, so that ``kbank show 3`` / ``kbank show a1b2c3d4`` and
``kbank open 3`` lead from a hit to the report; the footer says how to see the next page.
"""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table
from rich.text import Text

from kbank.cli.console import err, out
from kbank.cli.render import render_facets
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
    # one line: start just before the first matched word, so that it is on the screen
    words = [hit.snippet[start:end] for start, end in hit.highlights if end > start]
    first = min((text.find(w) for w in words if text.find(w) >= 0), default=-1)
    if first > 12:
        cut = text.rfind(" ", 0, first - 8) + 1 or first
        text = "…" + text[cut:]
    snippet = Text(text)
    for word in words:
        at = text.find(word)
        if at >= 0:
            snippet.stylize("bold yellow", at, at + len(word))
    return snippet


def _facts(hit) -> list[str]:
    label = type_label(hit.doc_type)
    if hit.status not in (None, "publicerad"):
        label += f" ({hit.status})"
    facts = [x for x in (label, hit.date or (str(hit.year) if hit.year else ""), hit.dnr or "") if x]
    bank = [hit.bank] if getattr(hit, "bank", "") else []  # a search over linked banks: its id
    return facts + (["OCR-läst"] if getattr(hit, "ocr", False) else []) + bank


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
        if getattr(hit, "bank_name", ""):
            facts.append("bank " + hit.bank_name)
        out.print(Text(indent + " · ".join(facts), style="dim", no_wrap=True, overflow="ellipsis"))
        where = hit.path + (f", s. {hit.page}" if hit.page else "") + (" (OCR-läst)" if hit.ocr else "")
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


def render_search(result, first_rank: int, full: bool, next_command: str | None) -> None:
    for note in result.notes:
        err.print(f"[yellow]{escape(note)}[/]")
    what = f"rapporter som liknar [bold]{escape(result.like.title)}[/]" if result.like else None
    if not result.hits:
        if result.total:
            out.print(f"{heading(result, first_rank)}: inga träffar på den här sidan (börja om utan --page).")
            return
        out.print(f"Inga {what or 'träffar för [bold]' + escape(result.query) + '[/]'}.")
        if result.suggestion:
            out.print(f"Menade du [bold]{escape(result.suggestion)}[/]?")
        return
    out.print(heading(result, first_rank))
    if full:
        render_full(result.hits, first_rank)
    else:
        render_compact(result.hits, first_rank)
        out.print()
    render_facets(result.facets, compact=not full)
    footer(result, first_rank, next_command)


def next_page(params: dict, result, skip: int, limit: int) -> str | None:
    """The command line that shows the next page, from the options this one was given."""
    import shlex

    if skip + len(result.hits) >= result.total:
        return None
    args = ["kbank", "search", *(params.get("query") or [])]
    for name, option in (
        ("doc_type", "--type"), ("area", "--area"), ("unit", "--unit"), ("dnr", "--dnr"), ("year", "--year"),
    ):  # fmt: skip
        for value in params.get(name) or []:
            args += [option, value]
    for name, option in (
        ("date_from", "--from"),
        ("date_to", "--to"),
        ("like", "--like"),
        ("in_field", "--in"),
    ):
        if params.get(name):
            args += [option, params[name]]
    if params.get("sort", "relevans") != "relevans":
        args += ["--sort", params["sort"]]
    if limit != 10:
        args += ["--limit", str(limit)]
    if params.get("include_unpublished"):
        args.append("--all")
    if params.get("long"):
        args.append("--long")
    if skip % limit == 0:
        args += ["--page", str(skip // limit + 2)]
    else:
        args += ["--offset", str(skip + limit)]
    return shlex.join(args)


KIND_LABELS = {
    "ord": "ordet",
    "exakt": "exakt stavning",
    "böjning": "böjning",
    "sammansättning": "i sammansättning",
    "ocr": "OCR-form",
    "stavning": "rättstavat",
    "fras": "fras/närhet",
}
FIELD_LABELS = {
    "title": "titel",
    "title_sv": "titel",
    "summary": "sammanfattning",
    "keywords": "nyckelord",
    "body": "text",
    "body_sv": "text",
    "parts": "ordled",
    "dnr_key": "Dnr",
}


def render_explain(explanation) -> None:
    out.rule("Så tolkades sökningen")
    fields = ", ".join(f"{FIELD_LABELS.get(f, f)} ×{b:g}" for f, b in explanation.fields.items())
    out.print(f"[dim]Fält och vikter:[/] {escape(fields)}")
    for word in explanation.words:
        out.print(f"[bold]{escape(word['word'])}[/] (stam {escape(word['stem'])})")
        for form in word["forms"]:
            label = KIND_LABELS.get(form["kind"], form["kind"])
            out.print(f"  {escape(form['form'])}  [dim]{label}, i {form['docs']} rapporter[/]")
        if not word["forms"] or word["forms"][0]["docs"] == 0 and len(word["forms"]) == 1:
            out.print("  [dim]finns inte i indexet[/]")
    top = explanation.top
    if not top:
        return
    out.print(
        f"\n[bold]Första träffen[/]: {escape(top['title'])} — poäng {top['score']:.2f} = "
        f"textpoäng {top['text_score']:.2f} × dokumenttyp {top['type_factor']:.2f} × aktualitet {top['newer_factor']:.2f}"
    )
    for match in top["matches"][:8]:
        label = KIND_LABELS.get(match["kind"], match["kind"])
        where = FIELD_LABELS.get(match["field"], match["field"])
        out.print(f"  {match['score']:6.2f}  {escape(match['term'])} [dim]i {where} ({label})[/]")
