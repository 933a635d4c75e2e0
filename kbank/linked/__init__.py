"""Linked banks: several administrations' banks searched as one (issue 17).

Each bank keeps its own index, editors and rules; a search, list or show may cover several of
them (``--bank NAME``, ``--all-banks``, ``default_banks``). The modules:

- ``scope``: which banks a command covers (``--bank``/``--all-banks``/``default_banks``);
- ``readers``: opening one bank read-only, with its own and the reader's rules, and why a bank
  was skipped (missing, locked by a rebuild, another schema, unreadable, too slow);
- ``deadline``: running each bank's part in a thread, skipping the ones past ``bank_timeout``;
- ``stats``: global BM25 statistics shared across the banks, so scores compare;
- ``federated``: the merged search, list and show; ``results``: what they return.
"""
