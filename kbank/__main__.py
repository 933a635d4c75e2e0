"""``python -m kbank``."""

from .cli import main

main()
