"""The ``kbank`` typer app with every command registered, in the order ``kbank --help`` lists them.

Importing this module imports typer and every command module; ``kbank.cli`` hands out its
``app`` and ``main`` from here on first use, so that the fast path (``kbank.cli.fastpath``)
can import single command modules without typer.
"""

from __future__ import annotations

import typer

from kbank.cli import batch, completion, editor, find, follow, options, overview, publish, serve, setup
from kbank.cli.app import QueryCommand, app
from kbank.cli.helptext import epilog


def _annotation_names(module) -> None:
    """Give a command module the names its annotations use, for typer to read them now.

    ``find`` and ``batch`` import typer and their option types (``kbank.cli.options``) only for type checkers,
    so that the fast path can import it without typer; typer evaluates the annotations (strings,
    ``from __future__ import annotations``) in the module's namespace when it builds the command.
    """
    namespace = vars(module)
    namespace.setdefault("typer", typer)
    for name in dir(options):
        if name.endswith(("Opt", "Arg")):
            namespace.setdefault(name, getattr(options, name))


_annotation_names(find)
_annotation_names(batch)

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
