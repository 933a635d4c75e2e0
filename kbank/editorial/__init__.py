"""Editorial work: status and classification, correction files, written summaries."""
