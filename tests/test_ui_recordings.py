"""Recordings dropped on the app are transcribed in a child process into the library."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from tests.ui_helpers import LONG, make_window, short_call


def _drop(window, paths) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)


def test_dropped_recording_lands_in_the_library_with_its_transcript(qtbot, tmp_path,
                                                                     base_model_dir):
    window = make_window(qtbot, tmp_path, language="en")
    panel = window.transcribe
    recording = short_call(tmp_path)
    with qtbot.waitSignal(panel.call_saved, timeout=LONG) as saved:
        _drop(window, [recording])
        assert window.tabs.currentWidget() is window.library
        assert panel.bar.isVisible() and panel.cancel_button.isVisible()
    call_id = saved.args[0]
    qtbot.waitUntil(lambda: not panel.busy, timeout=LONG)
    assert panel.label.text().startswith("Done: 1 recording")
    assert not panel.bar.isVisible()

    library = window.library
    assert [c.title for c in library.model.calls] == ["short-call.wav"]
    detail = library.detail
    assert detail.call is not None and detail.call.summary.id == call_id
    agent = [b.body.text() for b in detail.transcript.bubbles() if b.speaker.value == "agent"]
    customer = [b.body.text() for b in detail.transcript.bubbles()
                if b.speaker.value == "customer"]
    assert any("help" in t.lower() for t in agent)
    assert any("coffee" in t.lower() for t in customer)
    assert library.model.data(library.model.index(0, 2)) == "0:14"  # duration column

    qtbot.mouseClick(library.review_button, Qt.MouseButton.LeftButton)
    review = library.review_window
    assert review is not None and review.isVisible()
    review.close()

    qtbot.mouseClick(library.delete_button, Qt.MouseButton.LeftButton)
    assert library.model.calls and library.delete_button.text() == "Click again to delete"
    qtbot.mouseClick(library.delete_button, Qt.MouseButton.LeftButton)
    assert library.model.calls == [] and library.detail.call is None


def test_bad_file_is_one_line_and_cancel_stops_the_child(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    panel = window.transcribe
    fake = tmp_path / "notes.wav"
    fake.write_text("this is not audio")
    with qtbot.waitSignal(panel.batch_finished, timeout=LONG):
        window.open_recordings([fake])
    assert "notes.wav" in panel.problems.text()
    assert "Traceback" not in panel.problems.text()
    assert panel.label.text().startswith("Done: 0 recording")

    recording = short_call(tmp_path, seconds=30)
    with qtbot.waitSignal(panel.batch_finished, timeout=LONG):
        window.open_recordings([recording])
        qtbot.waitUntil(lambda: panel.job is not None and panel.job.running, timeout=LONG)
        panel.cancel()
    assert panel.label.text().startswith("Cancelled")
    assert window.library.model.calls == []  # nothing half-saved
