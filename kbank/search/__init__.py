"""Search: the ``Bank`` (search, list, show), the query language, expansion, scoring."""
