"""Errors a user can act on: shown as one line, never as a traceback."""

from __future__ import annotations


class AssistantError(Exception):
    """A problem with the user's input or environment, explained in one line."""


class InputError(AssistantError):
    """An input file or argument that cannot be used."""


class ModelNotFoundError(AssistantError):
    """No usable Whisper model where the user pointed."""
