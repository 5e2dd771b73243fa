"""Starting and stopping calls from the UI: checks first, then a plan for the controller.

Problems the user can fix (no model, no devices, no PortAudio) are found
here or by the worker and shown in the live view's banner, never as a
modal popup. When a call ends, its line in the library is ready.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, Signal

from assistant.asr.models import resolve_model
from assistant.errors import AssistantError
from assistant.i18n.formatting import short_date_time
from assistant.records import Speaker
from assistant.services.app_context import AppContext
from assistant.services.call_audio import DemoAudio, LiveAudio
from assistant.services.prompts import Prompt, PromptPolicy
from assistant.settings import AppSettings
from assistant.ui.i18n import QT_TRANSLATE_NOOP, current_language, plural, translate
from assistant.ui.views.live_view import LiveView
from assistant.ui.widgets.meters import MeterModel
from assistant.ui.workers.call_controller import CallController
from assistant.ui.workers.call_worker import CallOutcome, CallPlan

NO_MODEL = QT_TRANSLATE_NOOP(
    "CallActions", "no speech model is installed: run `assistant models install` in a "
    "terminal (or choose a model folder in Settings), then start again")


class CallActions(QObject):
    call_saved = Signal(int)  # a finished call is in the library
    wants_first_run = Signal()  # a live call was asked for before devices were ever chosen

    def __init__(self, ctx: AppContext, controller: CallController, meters: MeterModel,
                 live: LiveView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.controller = controller
        self.meters = meters
        self.live = live
        self.prompts_shown = 0
        live.start_stop.connect(self.toggle)
        live.demo_requested.connect(self.start_demo)
        live.prompts.not_helpful.connect(self.not_helpful)
        live.prompts.card_shown.connect(self._count_prompt)
        controller.call_finished.connect(self._on_finished)

    # --- entry points -----------------------------------------------------------

    def toggle(self) -> None:
        if self.controller.busy:
            self.controller.stop()
        else:
            self.start_live()

    def start_live(self) -> bool:
        settings = self.ctx.settings
        if not settings.first_run_done:
            self.wants_first_run.emit()
            return False
        missing = LiveAudio.missing_choice(settings)
        if missing:
            from assistant.services.devices import list_inputs

            _devices, problem = list_inputs()  # none at all, or no PortAudio: say that
            self.live.banner.say(problem or missing)
            return False
        title = translate("CallActions", "Call %1").replace(
            "%1", short_date_time(datetime.now(), current_language()))
        return self._start(CallPlan(
            kind="live", title=title, settings=settings,
            open_audio=lambda note: LiveAudio.from_settings(settings, note)))

    def start_demo(self) -> bool:
        ctx = self.ctx
        path, speed = ctx.demo_file, ctx.demo_speed
        title = (translate("CallActions", "Demo call") if speed == 1.0 else
                 translate("CallActions", "Demo call at %1× speed").replace("%1", f"{speed:g}"))
        return self._start(CallPlan(
            kind="demo", title=title, settings=ctx.settings,
            open_audio=lambda _note: DemoAudio(path, speed), language=ctx.demo_language,
            play_sound=ctx.play_sound))

    def stop(self) -> None:
        self.controller.stop()

    # --- running ------------------------------------------------------------------

    def _start(self, plan: CallPlan) -> bool:
        if self.controller.busy:
            return False
        problem = self._check(plan.settings)
        if problem:
            self.live.banner.say(problem)
            return False
        s = plan.settings
        self.live.new_call(PromptPolicy(show_talkover=s.show_talkover,
                                        show_repeat=s.show_repeat), plan.title)
        if self.ctx.store_problem:
            self.live.banner.say(self.ctx.store_problem)
        self.meters.start((Speaker.AGENT, Speaker.CUSTOMER))
        return self.controller.start(plan)

    def _check(self, settings: AppSettings) -> str | None:
        try:
            resolve_model(settings.model, settings.models_path())
        except AssistantError:
            return translate("CallActions", NO_MODEL)
        try:
            settings.engine_config()
        except AssistantError as exc:
            return str(exc)
        return None

    def _on_finished(self, outcome: CallOutcome) -> None:
        self.meters.stop()
        result = outcome.result
        if result is None:
            self.live.status.setText(translate("CallActions", "Ready"))
            return
        s = result.stats
        ended = translate("CallActions", "Call ended: %1, %2").replace(
            "%1", plural(s.talkovers, translate("CallActions", "1 talk-over"),
                         translate("CallActions", "%n talk-overs"))).replace(
            "%2", plural(s.repeats, translate("CallActions", "1 repeated request"),
                         translate("CallActions", "%n repeated requests")))
        if outcome.call_id is not None:
            ended += " · " + translate("CallActions", "saved in the library")
        self.live.status.setText(ended)
        if outcome.call_id is not None:
            self.call_saved.emit(outcome.call_id)

    def _count_prompt(self, _prompt: Prompt) -> None:
        self.prompts_shown += 1

    def not_helpful(self, prompt: Prompt) -> None:
        """Stored for tuning, against the call and the event the prompt was about."""
        store, call_id = self.ctx.store, self.controller.call_id
        if store is None or call_id is None:
            return
        try:
            store.add_feedback(call_id, "not_helpful", prompt.event)
        except AssistantError as exc:
            self.live.banner.say(translate("CallActions", "Your feedback could not be saved: %1")
                                 .replace("%1", str(exc)))
