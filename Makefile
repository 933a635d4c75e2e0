.PHONY: test lint format demo bench

test:
	pytest

lint:
	ruff check kbank tests tools bench corpora
	ruff format --check kbank tests tools bench corpora

format:
	ruff format kbank tests tools bench corpora

demo:
	python tools/make_demo_archive.py
