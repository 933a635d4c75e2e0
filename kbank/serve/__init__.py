"""A resident search process (``kbank serve``): the index kept open, answering the CLI over a socket.

``client`` is the command's entry point: it asks a running server to run ``search``, ``list``
or ``show`` and prints its answer, or hands over to the in-process CLI when none answers.
``server`` is the socket loop; ``pool`` keeps open banks and reopens them when an ingest or
reindex commits.
"""
