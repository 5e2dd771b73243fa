"""The local call library: crash-safe storage of calls, their audio, transcripts and events.

Pure Python, stdlib ``sqlite3`` and numpy; no Qt, so the CLI and the desktop
app share it.
"""

from assistant.store.queries import CallQuery, Feedback
from assistant.store.recorder import CallRecorder
from assistant.store.store import CallStore
from assistant.store.types import CallSummary, NewCall, StoredCall

__all__ = ["CallQuery", "CallRecorder", "CallStore", "CallSummary", "Feedback", "NewCall",
           "StoredCall"]
