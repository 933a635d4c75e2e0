"""The ``kbank`` command: parse options, call one library function, render. The only home of typer and rich.

``app`` holds the Swedish framing and the error handling; each command group is a module
(``batch``, ``find``, ``overview``, ``follow``, ``editor``, ``publish``, ``serve``, ``setup``) of
plain functions, registered in ``commands`` in the order ``kbank --help`` lists them.

``kbank.cli.app`` (the typer app, ready to run) and ``kbank.cli.main`` are made on first use:
importing this package, or one of its modules that needs no typer (``console``, ``find``,
``fastpath``), does not import typer.
"""

from __future__ import annotations

import sys
import types
from typing import Any


class _Package(types.ModuleType):
    @property
    def app(self) -> Any:
        """The typer app with every command registered."""
        from kbank.cli.commands import app

        return app

    @app.setter
    def app(self, module: Any) -> None:
        """Ignored: the import system binds the submodule ``kbank.cli.app`` here; the name means the app."""

    @property
    def main(self) -> Any:
        """Run the command line."""
        from kbank.cli.commands import main

        return main


sys.modules[__name__].__class__ = _Package
