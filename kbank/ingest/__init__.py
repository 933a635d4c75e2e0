"""Ingest: bring the index in line with the archive (run, state, workers, cache, lock)."""
