"""``python -m kbank``."""

from kbank.serve.client import main

main()
