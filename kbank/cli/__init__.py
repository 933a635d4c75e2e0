"""The ``kbank`` command: parse options, call one library function, render. The only home of typer and rich.

``app`` holds the Swedish framing and the error handling; each command group is a module
(``batch``, ``find``, ``overview``, ``follow``, ``editor``, ``publish``, ``serve``, ``setup``) of plain functions, registered here in the
order ``kbank --help`` lists them.
"""

from __future__ import annotations

from kbank.cli import batch, completion, editor, find, follow, overview, publish, serve, setup
from kbank.cli.app import app
from kbank.cli.dashes import QueryCommand
from kbank.cli.helptext import epilog

app.command(epilog=epilog("ingest"))(batch.ingest)
app.command(epilog=epilog("reindex"))(batch.reindex)
app.command(cls=QueryCommand, epilog=epilog("search"))(find.search)
app.command("list", epilog=epilog("list"))(find.list_documents)
app.command(epilog=epilog("show"))(find.show)
app.command("open", epilog=epilog("open"))(find.open_document)
app.command("overview", epilog=epilog("overview"))(overview.overview)
app.command("kunskapsläge", help="Samma som overview, på svenska.", epilog=epilog("overview"))(
    overview.overview
)
app.command("summary-template", epilog=epilog("summary-template"))(editor.summary_template)
app.add_typer(follow.watch_app, name="watch", epilog=epilog("watch"))
app.command(epilog=epilog("digest"))(follow.digest)
app.command(epilog=epilog("stats"))(follow.stats)
app.command(epilog=epilog("check"))(editor.check)
app.command("set", epilog=epilog("set"))(editor.set_command)
app.command(epilog=epilog("completion"))(completion.completion)
app.add_typer(setup.config_app, name="config", epilog=epilog("config"))
app.command(epilog=epilog("serve"))(serve.serve)
app.command(epilog=epilog("publish"))(publish.publish)


def main() -> None:
    """Run the command line."""
    app(prog_name="kbank", complete_var=completion.COMPLETE_VAR)
