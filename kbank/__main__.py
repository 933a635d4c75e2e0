"""``python -m kbank``."""

from kbank.cli import main

main()
