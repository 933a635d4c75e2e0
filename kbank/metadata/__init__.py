"""Metadata: ``describe(...) -> Report`` from a report's text, properties and folder."""
