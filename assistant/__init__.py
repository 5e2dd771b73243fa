"""Local-first listening assistant for phone calls.

The core (everything outside ``assistant.ui``) is pure Python + numpy and
never imports Qt, so it can be used and tested headless.
"""

__version__ = "0.1.0"
