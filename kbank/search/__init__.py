"""Search: the ``Bank`` (search, list, show), the query language, expansion, scoring."""

import kbank.index  # noqa: F401 - first: whoosh.compat without urllib.request (see kbank.index)
