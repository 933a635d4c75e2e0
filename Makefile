.PHONY: test lint format demo bench

test:
	pytest

lint:
	ruff check kbank tests tools bench
	ruff format --check kbank tests tools bench

format:
	ruff format kbank tests tools bench

demo:
	python tools/make_demo_archive.py
