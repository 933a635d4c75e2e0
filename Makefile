.PHONY: check test fast lint format types demo

# What CI runs besides the full suite: lint, format, types and the fast tests.
check: lint types fast

test:
	pytest

fast:
	pytest -m "not slow"

lint:
	ruff check kbank tests tools bench corpora
	ruff format --check kbank tests tools bench corpora

types:
	mypy

format:
	ruff format kbank tests tools bench corpora

demo:
	python tools/make_demo_archive.py
