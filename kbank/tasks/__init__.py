"""Follow-up tasks: check, set, watches, digests, usage, summary-template pre-fill, DOCX output."""
