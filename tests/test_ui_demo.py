"""The desktop app drives the demo call: a prompt appears, the call stops, it is in the library."""

from __future__ import annotations

from PySide6.QtCore import Qt

from assistant.records import Speaker
from assistant.ui.workers.call_controller import CallState
from tests.ui_helpers import LONG, feedback_rows, make_window


def test_demo_prompts_then_stops_into_the_library(qtbot, tmp_path, base_model_dir):
    # The card stays until the test dismisses it, however slowly the machine gets there.
    window = make_window(qtbot, tmp_path, linger_ms=LONG)
    live = window.live
    assert live.start_button.text() == "Start call"
    assert "while this app has focus" in live.start_button.toolTip()

    with qtbot.waitSignal(live.prompts.card_shown, timeout=LONG) as shown:
        qtbot.mouseClick(live.demo_button, Qt.MouseButton.LeftButton)
    prompt = shown.args[0]
    assert prompt.title == "Let them finish"  # the demo's agent cuts in at 0:25
    assert "customer speaking since" in prompt.when
    card = live.prompts.cards[0]
    assert card.isVisible() and card.title.text() == "Let them finish"
    assert window.controller.state is CallState.RUNNING
    assert live.start_button.text() == "Stop call"
    assert not live.demo_button.isEnabled() and not window.settings_action.isEnabled()

    # Both lanes are filling in (the prompt does not wait for the transcript, which
    # may be behind on a busy machine), and the meters move.
    qtbot.waitUntil(lambda: {b.speaker for b in live.transcript.bubbles()}
                    == {Speaker.AGENT, Speaker.CUSTOMER}, timeout=LONG)
    qtbot.waitUntil(lambda: live.meter_panel.talkovers.text() == "1", timeout=LONG)
    assert live.meter_panel.time.text() != "0:00"
    assert live.meter_panel.ratio.text() != "–"

    # "Not helpful" removes the card and is stored against the event.
    qtbot.mouseClick(card.dismiss, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not live.prompts.cards)

    with qtbot.waitSignal(window.controller.call_finished, timeout=LONG) as finished:
        qtbot.mouseClick(live.start_button, Qt.MouseButton.LeftButton)  # "Stop call"
    outcome = finished.args[0]
    assert outcome.call_id is not None and outcome.stopped_early
    assert live.start_button.text() == "Start call"
    assert live.status.text().startswith("Call ended")

    library = window.library
    assert library.model.calls[0].id == outcome.call_id
    summary = library.model.calls[0]
    assert summary.source == "demo" and summary.talkovers == 1
    assert library.detail.call is not None and library.detail.call.summary.id == outcome.call_id
    texts = " ".join(b.body.text() for b in library.detail.transcript.bubbles())
    assert "speaking" in texts.lower()

    rows = feedback_rows(tmp_path / "library")
    assert [(r[0], r[1]) for r in rows] == [(outcome.call_id, "not_helpful")]
    assert rows[0][2] is not None  # tied to the talk-over event


def test_shortcut_is_application_wide(qtbot, tmp_path):
    # The card stays until the test dismisses it, however slowly the machine gets there.
    window = make_window(qtbot, tmp_path, linger_ms=LONG)
    action = window.start_action
    assert action.shortcut().toString() == "Ctrl+Shift+Space"
    assert action.shortcutContext() == Qt.ShortcutContext.ApplicationShortcut


def test_live_call_without_devices_says_what_to_do(qtbot, tmp_path):
    # The card stays until the test dismisses it, however slowly the machine gets there.
    window = make_window(qtbot, tmp_path, linger_ms=LONG)
    qtbot.mouseClick(window.live.start_button, Qt.MouseButton.LeftButton)
    assert window.controller.state is CallState.IDLE
    assert window.live.banner.isVisible()
    assert "Settings" in window.live.banner.text()


def test_live_call_with_a_missing_device_reports_it(qtbot, tmp_path):
    from assistant.settings import DeviceRef

    window = make_window(qtbot, tmp_path, agent_device=DeviceRef("No Such Headset"),
                         customer_device=DeviceRef("Monitor of No Such Headset"))
    with qtbot.waitSignal(window.controller.call_finished, timeout=LONG):
        window.actions_.toggle()
    assert window.controller.state is CallState.IDLE
    assert "No Such Headset" in window.live.banner.text()


def test_no_model_is_a_friendly_banner(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, model="not-installed")
    assert not window.actions_.start_demo()
    assert window.controller.state is CallState.IDLE
    assert "assistant models install" in window.live.banner.text()
