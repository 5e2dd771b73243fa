"""The app on real devices: the demo call played into two PulseAudio null sinks, heard live.

The app runs in a child process (PortAudio must start after the private sound
server is up), with its devices chosen by name in Settings: the monitors of
``agent_line`` and ``customer_line``. It reports what it shows as JSON lines.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from tests import pulse

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not pulse.available(), reason="PulseAudio is not installed")]

APP = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from assistant.records import Speaker
    from assistant.settings import AppSettings, DeviceRef
    from assistant.ui import theme
    from assistant.services.app_context import AppContext
    from assistant.ui.main_window import MainWindow

    root = Path(sys.argv[1])
    settings = AppSettings(
        agent_device=DeviceRef("agent_line.monitor", "PulseAudio"),
        customer_device=DeviceRef("customer_line.monitor", "PulseAudio"),
        language="en", data_dir=str(root / "library"), first_run_done=True,
        agent_name="Anna Berg")
    theme.apply(app, theme.resolve("dark"))
    window = MainWindow(AppContext.open(settings, None, play_sound=False))
    window.show()
    loudest = {"agent": -90.0, "customer": -90.0}

    def say(**record):
        print(json.dumps(record), flush=True)

    def reading(r):
        for speaker, level in r.levels.items():
            loudest[speaker.value] = max(loudest[speaker.value], level)

    def card(prompt):
        say(card=prompt.title, evidence=prompt.evidence, loudest=loudest,
            banner=window.live.banner.text(), hint=window.live.hint.text())
        QTimer.singleShot(0, window.actions_.stop)

    def finished(outcome):
        calls = window.library.model.calls
        say(done=outcome.call_id, source=calls[0].source if calls else None,
            agent=calls[0].agent if calls else None,
            talkovers=window.live.meter_panel.talkovers.text(),
            stored_audio=str(window.ctx.store.get_call(outcome.call_id).audio_path))
        # Settings between calls: the devices by name, and the customer's test meter
        # while the test plays into the customer's sink again.
        from assistant.ui.dialogs.settings_dialog import SettingsDialog
        dialog = SettingsDialog(window.ctx.settings, window)
        devices = dialog.devices
        devices.test_customer.click()
        peak = [-90.0]
        reported = [False]
        def sample():
            peak[0] = max(peak[0], devices.customer_bar.level)
            if peak[0] > -40:
                report()  # heard: no need to wait on (the player may start late when busy)
        ticker = QTimer(dialog)
        ticker.timeout.connect(sample)
        ticker.start(50)
        def report():
            if reported[0]:
                return
            reported[0] = True
            say(settings_agent=devices.agent.currentText(),
                settings_customer=devices.customer.currentText(),
                choices=[c.label for c in devices.choices], test_peak=peak[0],
                problem=devices.problem.text() or None)
            dialog.reject()
            app.quit()
        say(settings_open=True)
        QTimer.singleShot(120_000, report)  # a safety net: reports what it heard by then

    window.controller.status.connect(lambda text: say(status=text))
    window.controller.problem.connect(lambda text: say(problem=text))
    window.meters.updated.connect(reading)
    window.live.prompts.card_shown.connect(card)
    window.controller.call_finished.connect(finished)
    QTimer.singleShot(0, window.actions_.start_live)
    QTimer.singleShot(600_000, app.quit)  # a safety net for a loaded machine
    app.exec()
""")


def _channels(tmp_path: Path) -> list[Path]:
    import numpy as np

    from assistant.audio.source import FileAudioSource
    from assistant.services.app_context import DEMO_CALL

    pcm = np.concatenate([b.samples for b in FileAudioSource(DEMO_CALL).blocks()])
    return [pulse.write_mono_wav(tmp_path / f"{name}.wav", pcm[:, ch], 16000)
            for ch, name in enumerate(("agent", "customer"))]


def test_live_call_from_devices_chosen_by_name(tmp_path, base_model_dir):
    agent_wav, customer_wav = _channels(tmp_path)
    with pulse.private_pulse(tmp_path / "pulse") as server:
        env = {**server.env, "QT_QPA_PLATFORM": "offscreen", "HF_HUB_OFFLINE": "1",
               "PYTHONUNBUFFERED": "1"}
        proc = subprocess.Popen([sys.executable, "-c", APP, str(tmp_path)], env=env,
                                cwd=Path(__file__).resolve().parents[1], text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        records: list[dict] = []
        listening = threading.Event()

        def read() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                if line.startswith("{"):
                    records.append(json.loads(line))
                    if records[-1].get("status") == "Listening":
                        listening.set()
                    if records[-1].get("settings_open"):
                        server.play("customer_line", customer_wav)
            listening.set()  # ended: do not wait for nothing

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        try:
            assert listening.wait(600), proc.stderr.read() if proc.stderr else ""
            server.play("agent_line", agent_wav)
            server.play("customer_line", customer_wav)
            proc.wait(timeout=900)
        finally:
            if proc.poll() is None:
                proc.kill()
        reader.join(timeout=10)
    stderr = proc.stderr.read() if proc.stderr else ""
    assert proc.returncode == 0, stderr[-3000:]
    assert "dealloc" not in stderr
    problems = [r["problem"] for r in records if r.get("problem")]
    assert problems == [], records
    card = next(r for r in records if "card" in r)  # the first; the call stops on it
    assert card["card"] == "Let them finish", records
    assert card["loudest"]["agent"] > -30 and card["loudest"]["customer"] > -30  # both alive
    assert "recording from" in card["hint"]  # the capture's news, under the status line
    # News is not a problem (an overflow on a busy machine would rightly be one).
    assert "recording from" not in card["banner"], records
    (done,) = [r for r in records if "done" in r]
    assert done["done"] is not None and done["source"] == "live"
    assert done["agent"] == "Anna Berg"  # the name from Settings, kept with the call
    assert done["talkovers"] == "1"
    assert done["stored_audio"].endswith(".wav")
    (settings,) = [r for r in records if "settings_agent" in r]
    assert settings["settings_agent"] == "Monitor of agent-line (PulseAudio, plays the " \
        "computer's sound)"  # its description, the name it was saved by found again
    assert settings["settings_customer"].startswith("Monitor of customer-line")
    assert settings["test_peak"] > -40, records  # the test meter hears the customer's side
