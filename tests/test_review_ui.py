"""The review window and the library's filter bar, driven as a user would (offscreen Qt).

Playback goes through the real ``Player`` into a stand-in for the sound card,
so "plays from that moment" is checked on the samples handed to it.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtWidgets import QApplication

from assistant.paths import package_data
from assistant.review.summary import REPEAT
from assistant.scenarios.render import write_wav
from assistant.store import CallStore, NewCall
from assistant.ui import theme
from assistant.ui.review import LibraryFilterBar, ReviewWindow, open_review
from assistant.ui.review.timeline import LABEL_W, RIGHT
from tests.test_review_playback import FakeStream
from tests.test_store import T0, new_call, sample_result

S = 16000


def screenshot_dir(tmp_path: Path) -> Path:
    """``UI_SCREENSHOTS`` when set (to look at them), else the test's own folder."""
    folder = Path(os.environ.get("UI_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def sound():
    """The sound card the review plays into: every stream it opened."""
    streams: list[FakeStream] = []

    def output(callback):
        streams.append(FakeStream(callback))
        return streams[-1]

    output.streams = streams  # type: ignore[attr-defined]
    return output


@pytest.fixture
def library(tmp_path):
    """The sample call with its audio: sample i of the mix is i % 8000 (so we can tell
    where playing started)."""
    n = 17 * S
    left = (np.arange(n) % 8000).astype(np.int16)
    audio = tmp_path / "call.wav"
    write_wav(audio, np.stack([left, np.zeros(n, np.int16)], axis=1), S)
    with CallStore(tmp_path / "lib") as store:
        call_id = store.save_result(new_call("Refund call"), sample_result(), audio=audio)
        yield store, call_id


@pytest.fixture
def review(qtbot, library, sound):
    app = QApplication.instance()
    theme.apply(app, theme.resolve("dark"))
    store, call_id = library
    window = ReviewWindow(store, output=sound)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    assert window.show_call(call_id)
    window.show()
    qtbot.waitExposed(window)
    window.review.playback.audio.wait(30)
    return window.review


def _played_from(sound) -> int:
    """Where the mix handed to the sound card starts (the test audio counts samples,
    mixed at 0.8 and truncated: good to one)."""
    out = sound.streams[-1].pull(4)
    return int(np.ceil(out[0, 0] * 32768 / 0.8))


def _x(timeline, position: int) -> int:
    start, end = timeline.view
    return round(LABEL_W + (timeline.width() - LABEL_W - RIGHT) * (position - start)
                 / (end - start))


def test_clicking_the_timeline_plays_from_there(qtbot, review, sound) -> None:
    timeline = review.timeline
    y = timeline.height() // 2
    qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(_x(timeline, 8 * S), y))
    assert review.playback.playing
    at = review.playback.position
    assert abs(at - 8 * S) < S // 10
    assert abs(_played_from(sound) - at % 8000) <= 1
    # A marker plays from its moment: the repeat from the start of the customer's words.
    marker = next(m for m in review.review.markers if m.kind == REPEAT)
    qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(_x(timeline, marker.at), 18))
    assert review.playback.position == marker.at == 11 * S
    assert abs(_played_from(sound) - (11 * S) % 8000) <= 1
    assert timeline.highlight == marker.span
    qtbot.keyClick(timeline, Qt.Key.Key_Right)
    assert review.playback.position >= 16 * S


def test_clicking_a_line_or_a_time_in_the_summary_plays_from_there(qtbot, review, sound) -> None:
    table = review.transcript.table
    row = review.transcript.model.row_of_utterance(4)  # "As I said, I want a refund."
    rect = table.visualRect(review.transcript.model.index(row, 2))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert review.playback.position == 11 * S
    assert abs(_played_from(sound) - (11 * S) % 8000) <= 1
    assert review.timeline.highlight == review.call.result.utterance(4).span
    review.summary.anchorClicked.emit(QUrl(f"play:{2 * S + 8000}"))
    assert review.playback.position == 2 * S + 8000
    assert "play:40000" in review.summary.toHtml()  # the request's first time links there
    review.playback.pause()
    assert not review.playback.playing and review.play_button.text() == "Play"


def test_a_correction_is_saved_and_the_summary_follows(qtbot, review, library, tmp_path) -> None:
    store, call_id = library
    model = review.transcript.model
    row = model.row_of_utterance(3)
    with qtbot.waitSignal(review.corrected):
        model.setData(model.index(row, 2), "I'm so sorry, I can send you a new one tomorrow.")
    assert store.corrections(call_id)[3][1] == "I'm so sorry, I can send you a new one tomorrow."
    assert "✎" in model.data(model.index(model.row_of_utterance(3), 0))
    assert "Empathy" in review.summary.toPlainText()  # cues are read from the new words
    review.export_to(tmp_path / "call.md", "md")
    assert "I'm so sorry, I can send" in (tmp_path / "call.md").read_text()
    review.save_correction(3, "")  # restore what was recognised
    assert store.corrections(call_id) == {}
    assert "Empathy" not in review.summary.toPlainText()


def test_search_words_are_marked_in_the_transcript(review) -> None:
    review.set_search("refund")
    assert review.transcript.model.matches == {1, 4}
    review.set_search("")
    assert review.transcript.model.matches == set()


def test_a_call_without_audio_still_moves_the_playhead(qtbot, tmp_path, sound) -> None:
    with CallStore(tmp_path / "lib") as store:
        call_id = store.save_result(new_call("No audio", keep_audio=False), sample_result())
        window = open_review(store, call_id, output=sound)
        qtbot.addWidget(window)
        assert "No recording" in window.review.status.text()
        assert not window.review.play_button.isEnabled()
        window.review.play_from(5 * S)
        assert window.review.timeline.position == 5 * S and sound.streams == []
        window.close()


def test_the_filter_bar_builds_queries_for_the_store(qtbot, tmp_path) -> None:
    now = datetime(2026, 11, 24, 15, 0, tzinfo=timezone.utc)
    bar = LibraryFilterBar(now=lambda: now)
    qtbot.addWidget(bar)
    with CallStore(tmp_path / "lib") as store:
        old = store.save_result(new_call("Old", started_at=T0 - timedelta(days=20)),
                                sample_result())
        new = store.save_result(new_call("New", started_at=T0), sample_result())
        bar.refresh_languages(store)
        assert [bar.language.itemText(i) for i in range(bar.language.count())] == [
            "Any language", "English"]
        with qtbot.waitSignal(bar.query_changed, timeout=2000) as typed:
            qtbot.keyClicks(bar.search, "refu")
        assert typed.args[0].text == "refu"
        assert [c.id for c in store.query(typed.args[0])] == [new, old]
        bar.talkovers.setChecked(True)
        bar.dates.setCurrentText("Last 7 days")
        query = bar.query()
        assert query.has_talkovers and query.since == datetime(2026, 11, 18, tzinfo=timezone.utc)
        assert [c.id for c in store.query(query)] == [new]
        assert bar.reset.isVisibleTo(bar)
        with qtbot.waitSignal(bar.query_changed) as sorted_:
            bar.sort_by_header("Talk-overs", Qt.SortOrder.AscendingOrder)
        assert (sorted_.args[0].sort, sorted_.args[0].descending) == ("talkovers", False)
        bar.clear()
        assert not bar.filtering and bar.query().text == ""


# --- Screenshots of the demo call, transcribed with the real model ----------------------


@pytest.fixture(scope="module")
def demo_library(tmp_path_factory, base_recognizer):
    from assistant.config import EngineConfig, TranscriptionOptions
    from assistant.engine.replay import replay_file

    demo = package_data("demo", "demo-call.ogg")
    config = EngineConfig(transcription=TranscriptionOptions(language="en"))
    result = replay_file(demo, config, base_recognizer).result
    root = tmp_path_factory.mktemp("demo-library")
    with CallStore(root) as store:
        call = NewCall(source="demo", title="Demo call: coffee machine refund",
                       started_at=datetime(2026, 11, 22, 9, 30, tzinfo=timezone.utc),
                       language="en", model="base", source_path=str(demo))
        call_id = store.save_result(call, result)
        yield store, call_id


@pytest.mark.slow
@pytest.mark.parametrize("theme_name", ["dark", "light"])
def test_screenshots_of_the_demo_call(qtbot, demo_library, sound, tmp_path, theme_name) -> None:
    store, call_id = demo_library
    app = QApplication.instance()
    theme.apply(app, theme.resolve(theme_name))
    window = ReviewWindow(store, output=sound)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    assert window.show_call(call_id)
    window.show()
    qtbot.waitExposed(window)
    review = window.review
    call = review.call
    assert call.result.talkovers and call.result.repeats  # what the review is about
    assert any(r.repeated for r in review.review.requests)
    review.playback.audio.wait(60)
    marker = next(m for m in review.review.markers if m.kind == REPEAT)
    review.play_from(marker.at)
    review.timeline.set_highlight(marker.span)
    qtbot.wait(200)
    folder = screenshot_dir(tmp_path)
    assert window.grab().save(str(folder / f"review-{theme_name}.png"))
    # The rest of the summary (cues and statistics), as a reviewer scrolls to it.
    bar = review.summary.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.wait(50)
    assert window.grab().save(str(folder / f"review-{theme_name}-statistics.png"))
    assert window.size().width() == 1280 and window.size().height() == 800
    # Nothing important is cut off: the timeline is shown whole, every lane labelled.
    assert review.timeline.height() >= review.timeline.minimumSizeHint().height()
    assert review.summary.toPlainText().startswith("What the customer asked for")
    window.close()
