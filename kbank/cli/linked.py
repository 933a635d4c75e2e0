"""``search``, ``list``, ``show`` and ``open`` over linked banks (``--bank``, ``--all-banks``, ``default_banks``).

The commands in ``find`` hand over here when a command covers more than this bank; the
library side is ``kbank.linked``. Every skipped bank costs one ``kbank: varning: …`` line on
stderr (and an entry under ``skipped_banks`` in ``--json``); the exit code is a normal search's.
"""

from __future__ import annotations

from dataclasses import replace

from rich.markup import escape

from kbank.cli.console import emit_json, err, out, warn_unlogged
from kbank.cli.find import emit_hits, hit_areas
from kbank.cli.hits import FULL_FROM_WIDTH, render_explain, render_search
from kbank.cli.output import paged, with_version, write
from kbank.errors import KbankError
from kbank.linked.federated import check_filters as check_banks
from kbank.linked.federated import list_cases, list_documents, open_banks, search, show
from kbank.linked.scope import local_bank, only_local
from kbank.tasks.export import DOCUMENT_COLUMNS, document_row, to_csv, to_jsonl


def warn_skipped(skipped) -> None:
    """One stderr line per bank left out."""
    for item in skipped:
        err.print(f"[yellow]kbank:[/] {escape(item.line())}", soft_wrap=True)


def search_banks(
    settings,
    banks,
    words,
    filters,
    *,
    limit,
    skip,
    order,
    explain,
    in_field,
    long,
    fmt,
    no_pager,
    params,
    include_unpublished,
) -> None:
    """Search several banks as one ranked list and print it as ``kbank search`` does."""
    from kbank.tasks.recent import remember_hits
    from kbank.tasks.usage import log_search

    with open_banks(settings, banks, include_unpublished) as fed:
        check_banks(fed, filters)
        result = search(
            fed, words, filters, limit=limit, offset=skip, sort=order, explain=explain, in_field=in_field
        )
    warn_skipped(result.coverage.skipped)
    people = fmt == "table" and out.is_terminal
    warned = log_search(
        settings,
        result.query,
        filters.to_json(),
        result.total,
        [h.id for h in result.hits],
        script=not people,
        read_as=result.read_as,
        areas=hit_areas(filters, result.hits),
        bank_hits=result.coverage.counts,
        local_bank=local_bank(settings).id,
    )
    warn_unlogged(warned)
    ranked = list(enumerate(result.hits, skip + 1))
    paging = {"offset": skip, "limit": limit, "sort": order}
    if emit_hits(result, ranked, fmt, paging, settings.csv_separator, bank_column=True):
        return
    remember_hits(
        settings,
        result.query,
        [(rank, hit.id) for rank, hit in ranked],
        banks={rank: getattr(hit, "bank", "") for rank, hit in ranked},
    )
    with paged(not no_pager):
        names = ", ".join(b.name for b in result.coverage.banks) or "inga banker"
        out.print(f"[dim]Banker: {escape(names)}[/]")
        full = long or out.width >= FULL_FROM_WIDTH
        render_search(result, skip + 1, full, _next_page(params, result, skip, limit))
        if result.explain is not None:
            render_explain(result.explain)


def _next_page(params: dict, result, skip: int, limit: int) -> str | None:
    """``kbank search``'s next-page command, with the banks it covered."""
    import shlex

    from kbank.cli.hits import next_page

    command = next_page(params, result, skip, limit)
    if command is None:
        return None
    extra = (
        ["--all-banks"]
        if params.get("all_banks")
        else [a for b in params.get("bank_names") or [] for a in ("--bank", b)]
    )
    return command + (" " + shlex.join(extra) if extra else "")


def list_banks(
    settings, banks, filters, *, group, limit, missing_summary, fmt, no_pager, include_unpublished=False
) -> None:
    """List several banks' documents (or cases) as one list and print it as ``kbank list`` does."""
    from kbank.cli.find import _render_list
    from kbank.cli.render import render_cases

    with open_banks(settings, banks, include_unpublished) as fed:
        check_banks(fed, filters)
        if group:
            cases = list_cases(fed, filters, limit)
        else:
            result = list_documents(fed, filters, limit, missing_summary)
    separator = settings.csv_separator
    if group:
        warn_skipped(cases.coverage.skipped)
        if fmt == "json":
            emit_json(with_version(cases.to_json()))
        elif fmt == "jsonl":
            write(to_jsonl(c.to_json() for c in cases.cases))
        elif fmt == "csv":
            rows = ([c.dnr or "", *document_row(d), d.bank_name] for c in cases.cases for d in c.documents)
            write(to_csv(["ärende", *DOCUMENT_COLUMNS, "bank"], rows, separator))
        else:
            with paged(not no_pager):
                render_cases(cases)
        return
    warn_skipped(result.coverage.skipped)
    if fmt == "json":
        emit_json(with_version(result.to_json()))
    elif fmt == "jsonl":
        write(to_jsonl(d.to_json() for d in result.documents))
    elif fmt == "csv":
        rows = ([*document_row(d), d.bank_name] for d in result.documents)
        write(to_csv([*DOCUMENT_COLUMNS, "bank"], rows, separator))
    else:
        with paged(not no_pager):
            _render_list(result, missing_summary)


def find_in_banks(settings, chosen, explicit: bool, ref: str, include_unpublished: bool):
    """Show a document from the bank that has it: the bank its rank came from, else the chosen
    banks (this one first), else (without --bank/--all-banks) every other configured bank."""
    from kbank.tasks.recent import rank_bank, resolve_rank

    known = settings.all_banks
    from_rank = rank_bank(settings, ref)
    resolved = resolve_rank(settings, ref) or ref
    if from_rank is not None and from_rank in known:
        order = [known[from_rank]]
    else:
        order = sorted(chosen, key=lambda b: not b.local)
        if not explicit:
            order += [b for b in sorted(known.values(), key=lambda b: not b.local) if b not in order]
    shown = show(settings, order, resolved, include_unpublished, repair=include_unpublished)
    warn_skipped(shown.skipped)
    # labelled with its bank unless this is exactly a one-bank show of this bank's report
    shown.labelled = explicit or from_rank is not None or not (shown.bank.local and only_local(chosen))
    return shown


def show_banks(
    settings, chosen, explicit: bool, ref: str, include_unpublished: bool, as_json: bool, no_pager: bool
):
    """``kbank show`` when linked banks are configured: the document from whichever bank has it."""
    from kbank.cli.find import _render_detail
    from kbank.tasks.usage import log_show

    shown = find_in_banks(settings, chosen, explicit, ref, include_unpublished)
    labelled = shown.labelled
    warn_unlogged(log_show(settings, shown.detail.document.id))
    if as_json:
        emit_json(shown.to_json() if labelled else shown.detail.to_json())
        return
    with paged(not no_pager):
        if labelled:
            out.print(f"[dim]Bank: {escape(shown.bank.name)} ({escape(shown.bank.id)})[/]")
        _render_detail(shown.detail, replace(settings, archive=shown.file_path("")))


def open_from_banks(
    settings, chosen, explicit: bool, ref: str, include_unpublished: bool, print_path: bool
) -> None:
    """``kbank open`` of a report in whichever bank has it; its file through that bank's archive."""
    from kbank.tasks.opener import open_file
    from kbank.tasks.usage import log_show

    shown = find_in_banks(settings, chosen, explicit, ref, include_unpublished)
    path = shown.file_path(shown.detail.document.path)
    if not path.is_absolute():
        if print_path:
            write(f"{path}\n")
            return
        raise KbankError(
            f"banken {shown.bank.id} anger inget arkiv (archive i [banks.{shown.bank.id}]) och dess index minns "
            f"inget: filen heter {path} i dess arkiv"
        )
    path = path.resolve()
    log_show(settings, shown.detail.document.id)
    if print_path:
        write(f"{path}\n")
        return
    program = open_file(path)
    err.print(f"Öppnar {escape(str(path))} ({program}).", soft_wrap=True)
