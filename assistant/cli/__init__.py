"""Command-line interface (``assistant``)."""
