"""Widgets on their own, fed with records: cards fade or stay, lanes follow, settings round-trip."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent

from assistant.records import (
    PartialTranscript,
    Span,
    Speaker,
    TalkOverEvent,
    TalkOverReason,
    TalkOverUpdate,
    Utterance,
)
from assistant.services.devices import capture_help
from assistant.services.prompts import PromptPolicy
from assistant.settings import AppSettings, DeviceRef
from assistant.timebase import samples
from assistant.ui.dialogs.first_run import FirstRunDialog
from assistant.ui.dialogs.settings_dialog import SettingsDialog
from assistant.ui.widgets.prompt_area import PromptArea, PromptFeed
from assistant.ui.widgets.transcript import TranscriptView
from tests.ui_helpers import make_window


def talkover(eid: int, at: float) -> TalkOverEvent:
    return TalkOverEvent(eid, samples(at), samples(at - 1), samples(at), TalkOverReason.OVERLAP,
                         samples(at - 5))


def utterance(uid: int, speaker: Speaker, start: float, text: str) -> Utterance:
    return Utterance(uid, speaker, Span(samples(start), samples(start + 2)), text, "en",
                     samples(start + 2))


def feed(qtbot, linger_ms: int) -> PromptFeed:
    area = PromptArea(linger_ms)
    qtbot.addWidget(area)
    area.show()
    return PromptFeed(area, PromptPolicy())


def test_card_fades_on_its_own_unless_hovered(qtbot):
    prompts = feed(qtbot, linger_ms=50)
    prompts.on_talkover(talkover(0, 10))
    qtbot.waitUntil(lambda: not prompts.area.cards, timeout=5000)  # faded and gone
    assert prompts.area.placeholder.isVisible()

    prompts.on_talkover(talkover(1, 40))  # past the cool-down: a new card
    card = prompts.area.cards[0]
    point = QPointF(20, 20)
    card.mouseMoveEvent(QMouseEvent(QEvent.Type.MouseMove, point, point, point,
                                    Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                                    Qt.KeyboardModifier.NoModifier))
    assert card.held
    assert not card._timer.isActive() and card._effect.opacity() == 1.0  # nothing to fade it
    assert prompts.area.cards == [card]
    card.leaveEvent(QEvent(QEvent.Type.Leave))
    qtbot.waitUntil(lambda: not prompts.area.cards, timeout=5000)


def test_withdrawn_talkover_removes_its_card_and_cooldown_holds_repeats(qtbot):
    prompts = feed(qtbot, linger_ms=60_000)
    prompts.on_talkover(talkover(3, 20))
    assert len(prompts.area.cards) == 1
    prompts.on_talkover_update(TalkOverUpdate(3, samples(21), None, True, samples(22),
                                              "backchannel"))
    assert prompts.area.cards == []
    prompts.on_talkover(talkover(4, 25))  # 5 s after a shown one: counted, not shown
    assert prompts.area.cards == []


def test_talkover_card_quotes_the_customer_as_words_arrive(qtbot):
    prompts = feed(qtbot, linger_ms=60_000)
    prompts.on_talkover(talkover(0, 30))
    card = prompts.area.cards[0]
    assert "still being transcribed" in card.evidence.text()
    prompts.on_words(utterance(5, Speaker.CUSTOMER, 26, "I want my money back"))
    assert "“I want my money back”" in card.evidence.text()


def test_not_helpful_is_reported_and_closes(qtbot):
    prompts = feed(qtbot, linger_ms=60_000)
    prompts.on_talkover(talkover(0, 30))
    card = prompts.area.cards[0]
    with qtbot.waitSignal(prompts.area.not_helpful) as dismissed:
        qtbot.mouseClick(card.dismiss, Qt.MouseButton.LeftButton)
    assert dismissed.args[0].event_id == 0
    assert prompts.area.cards == []


def test_transcript_lanes_partials_and_following(qtbot):
    view = TranscriptView()
    qtbot.addWidget(view)
    view.resize(700, 300)
    view.show()
    view.show_partial(PartialTranscript(-1, Speaker.CUSTOMER, Span(0, samples(2)), "I would",
                                        samples(2)))
    [partial] = view.bubbles()
    assert partial.partial and partial.body.text() == "I would …"
    view.add_utterance(utterance(0, Speaker.CUSTOMER, 0, "I would like a refund."))
    [final] = view.bubbles()
    assert not final.partial and final.header.text().startswith("Customer")
    # A late hypothesis for words already final does not come back.
    view.show_partial(PartialTranscript(-1, Speaker.CUSTOMER, Span(0, samples(1)), "I",
                                        samples(3)))
    assert len(view.bubbles()) == 1

    for i in range(1, 30):
        view.add_utterance(utterance(i, Speaker.AGENT if i % 2 else Speaker.CUSTOMER, i * 3,
                                     f"line {i} " * 6))
    bar = view.scroller.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.value() == bar.maximum())
    bar.setValue(0)  # the reader scrolls back
    assert not view.following and view.latest.isVisible()
    longest = bar.maximum()
    view.add_utterance(utterance(40, Speaker.AGENT, 200, "new words"))
    qtbot.waitUntil(lambda: bar.maximum() > longest)  # laid out below
    assert bar.value() == 0  # left where the reader is
    view.scroll_to_end()
    assert view.following and not view.latest.isVisible()


def test_settings_dialog_round_trip_keeps_an_absent_device(qtbot):
    settings = AppSettings(agent_device=DeviceRef("Jabra Evolve2", "PulseAudio"),
                           customer_device=DeviceRef("Monitor of Jabra Evolve2", "PulseAudio"),
                           language="sv", min_overlap_s=1.4, show_repeat=False,
                           keep_audio=False, theme="light", first_run_done=True)
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert "not connected" in dialog.devices.agent.currentText()
    assert dialog.result_settings() == settings
    dialog.overlap.setValue(0.6)
    dialog.show_talkover.setChecked(False)
    changed = dialog.result_settings()
    assert (changed.min_overlap_s, changed.show_talkover) == (0.6, False)
    assert changed.agent_device == settings.agent_device


def test_first_run_explains_the_customer_side_and_marks_done(qtbot):
    dialog = FirstRunDialog(AppSettings())
    qtbot.addWidget(dialog)
    assert dialog.devices.help.text() == capture_help()
    assert dialog.result_settings().first_run_done
    for platform, needle in (("linux", "Monitor of"), ("win32", "Stereo Mix"),
                             ("darwin", "BlackHole")):
        assert needle in capture_help(platform)
        assert "stereo call-recording adapter" in capture_help(platform)


def test_compact_mode_borrows_the_cards_and_gives_them_back(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    area = window.live.prompts
    window.toggle_compact()
    assert window.compact.isVisible() and not window.isVisible()
    assert window.compact.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert area.parent() is not window.live and window.compact.isAncestorOf(area)
    window.toggle_compact()
    assert window.isVisible() and not window.compact.isVisible()
    assert window.live.isAncestorOf(area)


def test_missing_portaudio_and_missing_devices_are_explained(qtbot, tmp_path, monkeypatch):
    import assistant.capture.devices as capture_devices

    def no_portaudio():
        raise OSError("PortAudio library not found")

    monkeypatch.setattr(capture_devices, "list_inputs", no_portaudio)
    dialog = SettingsDialog(AppSettings())
    qtbot.addWidget(dialog)
    assert "PortAudio is missing" in dialog.devices.problem.text()
    assert "libportaudio2" in dialog.devices.problem.text()

    monkeypatch.setattr(capture_devices, "list_inputs", lambda: [])
    window = make_window(qtbot, tmp_path)
    window.actions_.start_live()
    assert "no microphone or other input device" in window.live.banner.text().lower()


def test_live_view_says_how_far_the_transcript_is_behind(qtbot, tmp_path):
    from assistant.records import TranscriptLag

    window = make_window(qtbot, tmp_path)
    live = window.live
    assert not live.lag.isVisible()
    live.controller.signals.lag.emit(TranscriptLag(7 * 16000 + 100, 30 * 16000, degraded=True))
    assert live.lag.isVisible() and live.lag.text().startswith("Transcript 7 s behind")
    live.controller.signals.lag.emit(TranscriptLag(0, 40 * 16000))
    assert not live.lag.isVisible()
