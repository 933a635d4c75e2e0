"""The overview as a memo an officer can attach to a decision: Markdown, or Word (A4, Swedish).

Both formats are written from the same blocks, so they say the same thing.
"""

from __future__ import annotations

from pathlib import Path

from kbank.errors import KbankError, UsageError
from kbank.metadata.doctypes import type_label
from kbank.tasks.overview import Overview, Project

#: A block of the memo: (kind, text, extra). Kinds: title, fact, headline, h1, h2, quote, bullet, note.
Block = tuple[str, str, str]

STATUS_LABELS = {"utvärderat": "utvärderat", "avslutat": "avslutat", "pågående": "pågår", "oklart": "oklart"}


def memo_blocks(overview: Overview) -> list[Block]:
    """The memo's content, in order."""
    blocks: list[Block] = [
        ("title", f"Kunskapsläge: {overview.query}", ""),
        ("fact", "Fråga", f"Vad vet kunskapsbanken om {overview.query}?"),
        ("fact", "Datum", overview.date),
    ]
    filters = "; ".join(f"{k}: {', '.join(v)}" for k, v in overview.filters.to_json().items())
    if filters:
        blocks.append(("fact", "Avgränsning", filters))
    blocks.append(("fact", "Underlag", f"{overview.total} rapporter i kunskapsbanken matchade sökningen"))
    blocks.append(("headline", overview.headline, ""))
    if overview.projects:
        blocks.append(
            (
                "note",
                "Citaten är rapporternas egna meningar, ordagrant, med dokument och sida. Projekten står i "
                "ordning efter hur centralt ämnet är i dem, sedan utvärderade och avslutade före pågående, "
                "sedan de nyaste först.",
                "",
            )
        )
    for number, project in enumerate(overview.projects, 1):
        blocks += project_blocks(number, project)
    if overview.mentioned:
        blocks.append(("h1", "Nämns också i", ""))
        blocks.append(("note", f"Projekt som nämner {overview.query} i förbigående.", ""))
        for project in overview.mentioned:
            blocks.append(("bullet", mention_line(project), ""))
    return blocks


def project_blocks(number: int, project: Project) -> list[Block]:
    """One project's section: facts, documents in order, conclusions with citations."""
    case = project.case
    blocks: list[Block] = [("h1", f"{number}. {project.name} ({STATUS_LABELS[project.status]})", "")]
    blocks.append(("fact", "Dnr", case.dnr or "saknas"))
    blocks.append(("fact", "Förvaltning", case.unit or "okänd"))
    dates = f" ({case.first_date} – {case.last_date})" if case.first_date and case.last_date else ""
    blocks.append(("fact", "Period", (project.period or "okänd") + dates))
    blocks.append(("fact", "Status", project.status))
    blocks.append(("fact", "Varför med", ", ".join(project.evidence.reasons())))
    documents = " → ".join(
        f"{type_label(d.doc_type)} {d.date or d.year or ''} ({d.id[:8]})".replace("  ", " ")
        for d in case.documents
    )
    blocks.append(("fact", "Dokument", documents))
    if project.conclusions:
        blocks.append(
            ("h2", "Vad projektet kom fram till" if project.status != "pågående" else "Hittills", "")
        )
        for conclusion in project.conclusions:
            blocks.append(("quote", conclusion.text, conclusion.cite))
    else:
        blocks.append(
            ("note", "Rapporterna har inga avsnitt om resultat, slutsatser eller erfarenheter.", "")
        )
    return blocks


def mention_line(project: Project) -> str:
    """ "Projekt (Dnr), slutrapport s. 3: «…»" """
    head = f"{project.name} ({project.case.dnr or 'utan Dnr'}"
    head += f", {project.case.unit})" if project.case.unit else ")"
    passage = project.passage
    if passage is None:
        return head
    where = type_label(passage.document.doc_type) + (f" s. {passage.page}" if passage.page else "")
    return f"{head}, {where}: «{passage.snippet}»"


def render_markdown(overview: Overview) -> str:
    """The memo as Markdown."""
    lines: list[str] = []
    for kind, text, extra in memo_blocks(overview):
        if kind == "title":
            lines += [f"# {text}", ""]
        elif kind == "fact":
            lines.append(f"**{text}:** {extra}  ")
        elif kind == "headline":
            lines += ["", f"**{text}**", ""]
        elif kind == "h1":
            lines += ["", f"## {text}", ""]
        elif kind == "h2":
            lines += ["", f"### {text}", ""]
        elif kind == "quote":
            lines += [f"> {text} ({extra})", ""]
        elif kind == "bullet":
            lines.append(f"- {text}")
        elif kind == "note":
            lines += [f"*{text}*", ""]
    return "\n".join(lines).rstrip() + "\n"


def write_memo(overview: Overview, fmt: str, out: Path | None, force: bool) -> str | None:
    """Write the memo to ``out`` (never over a file without ``force``); Markdown without ``out`` is returned."""
    if fmt not in ("md", "docx"):
        raise UsageError(f"okänt format {fmt!r}: välj text, md, docx eller json")
    if fmt == "docx" and out is None:
        raise UsageError("Word-filen skrivs till en fil: ange --out FIL.docx")
    if out is None:
        return render_markdown(overview)
    if out.exists() and not force:
        raise KbankError(f"{out} finns redan: använd --force för att skriva över den")
    try:
        if fmt == "docx":
            from kbank.tasks.docx_out import write_memo_docx

            write_memo_docx(out, f"Kunskapsläge: {overview.query}", memo_blocks(overview))
        else:
            out.write_text(render_markdown(overview), encoding="utf-8")
    except OSError as exc:
        raise KbankError(f"kan inte skriva {out}: {exc.strerror}") from None
    return None
