"""Opening the call library, with any call a crash left unfinished recovered first."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from assistant.errors import AssistantError
from assistant.store import CallStore


def recovered_line(call_id: int, title: str) -> str:
    return (f"Recovered call {call_id} ({title}): it was still being recorded when the "
            "program stopped.")


def open_library(root: Path | None, on_recovered: Callable[[str], None] | None = None,
                 on_recover_error: Callable[[AssistantError], None] | None = None) -> CallStore:
    """The library at ``root`` (None: the user's own). Each recovered call is told to
    ``on_recovered`` in one line. A failure to recover closes the library and raises,
    unless ``on_recover_error`` takes it (the library then opens as it is)."""
    store = CallStore(root or CallStore.default_root())
    try:
        for call_id in store.recover():
            if on_recovered is not None:
                on_recovered(recovered_line(call_id, store.get_call(call_id).summary.title))
    except AssistantError as exc:
        if on_recover_error is None:
            store.close()
            raise
        on_recover_error(exc)
    except BaseException:
        store.close()
        raise
    return store
