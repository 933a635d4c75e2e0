"""The ``kbank`` command: parse options, call one library function, render. The only home of typer and rich.

``app`` holds the Swedish framing and the error handling; each command group is a module
(``batch``, ``find``, ``follow``, ``editor``, ``publish``) of plain functions, registered here in the
order ``kbank --help`` lists them.
"""

from __future__ import annotations

from kbank.cli import batch, editor, find, follow, publish
from kbank.cli.app import app

app.command()(batch.ingest)
app.command()(batch.reindex)
app.command()(find.search)
app.command("list")(find.list_documents)
app.command()(find.show)
app.command("summary-template")(editor.summary_template)
app.add_typer(follow.watch_app, name="watch")
app.command()(follow.digest)
app.command()(follow.stats)
app.command()(editor.check)
app.command("set")(editor.set_command)
app.command()(publish.publish)


def main() -> None:
    """Run the command line."""
    app()
