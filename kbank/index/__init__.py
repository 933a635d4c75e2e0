"""The whoosh index: schema, generations, records; owns the index folder.

Importing this package (``kbank.search`` imports it first too) loads ``whoosh.compat`` without
the ``urllib.request`` it imports for nothing: see ``_whoosh_without_urllib``.
"""

from __future__ import annotations

import sys


def _whoosh_without_urllib() -> None:
    """Import ``whoosh.compat`` without the ``urllib.request`` it imports for nothing.

    whoosh.compat does ``from urllib.request import urlretrieve`` (a Python 2 shim; nothing in
    whoosh calls it), and urllib.request brings http.client, email and ssl: ~15 ms of every
    search's start. While whoosh.compat is imported here, a stand-in answers that one import
    with a function that loads the real module if it is ever called; then the stand-in leaves
    ``sys.modules``, so any later ``import urllib.request`` gets the real module. No whoosh file
    is changed; when urllib.request or whoosh.compat is already loaded this does nothing.
    """
    if "whoosh.compat" in sys.modules or "urllib.request" in sys.modules:
        return
    import types

    def urlretrieve(*args, **kwargs):
        import importlib

        return importlib.import_module("urllib.request").urlretrieve(*args, **kwargs)

    stand_in = types.ModuleType("urllib.request")
    stand_in.urlretrieve = urlretrieve  # type: ignore[attr-defined]
    sys.modules["urllib.request"] = stand_in
    try:
        import whoosh.compat  # noqa: F401
    finally:
        if sys.modules.get("urllib.request") is stand_in:
            del sys.modules["urllib.request"]


_whoosh_without_urllib()
