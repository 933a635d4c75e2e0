"""The web edition: ``kbank publish`` builds a static Swedish site from the index."""
