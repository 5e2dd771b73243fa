"""The Team tab and the library's tags in the app (offscreen Qt, real library, no model)."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from assistant.settings import AppSettings, from_dict, to_dict
from assistant.store import CallStore
from tests.test_store import new_call, sample_result
from tests.ui_helpers import make_window


@pytest.fixture
def window(qtbot, tmp_path):
    t0 = new_call().started_at.replace(year=2025)  # a Saturday, more than a year ago
    with CallStore(tmp_path / "library") as store:
        for i, agent in enumerate(("Anna", "Bo", "Anna")):
            call = dataclasses.replace(new_call(f"call {i}", started_at=t0 + timedelta(days=7 * i)),
                                       agent=agent)
            store.save_result(call, sample_result())
    return make_window(qtbot, tmp_path, theme_name="light")


def test_the_team_tab_counts_the_library_and_follows_its_tags(qtbot, window, tmp_path) -> None:
    team = window.team
    with qtbot.waitSignal(team.updated, timeout=60_000):
        window.tabs.setCurrentWidget(team)
    assert team.summary.text().startswith("3 calls · ")
    assert [p.period for p in team.stats.periods] == ["2025-W47", "2025-W48", "2025-W49"]
    assert [team.agent.itemText(i) for i in range(team.agent.count())] == ["Any", "Anna", "Bo"]
    # Tag a call in the library; the Team tab offers the tag and counts by it.
    library = window.library
    window.tabs.setCurrentWidget(library)
    library.select(1)
    library.set_tags(1, ["Billing", "escalated", "billing"])
    assert "tags: Billing, escalated" in library.detail.summary.text()
    assert "agent Anna" in library.detail.summary.text()
    library.set_tags(1, ["escalated"])
    assert window.ctx.store.get_call(1).summary.tags == ("escalated",)
    with qtbot.waitSignal(team.updated, timeout=60_000):
        window.tabs.setCurrentWidget(team)
    with qtbot.waitSignal(team.updated, timeout=60_000):
        team.tag.setCurrentText("escalated")
    assert team.stats.overall.calls == 1
    shot = tmp_path / "team.png"
    assert window.grab().save(str(shot))
    team.export_png(tmp_path / "charts")  # the suffix is added
    assert (tmp_path / "charts.png").read_bytes()[:4] == b"\x89PNG"


def test_an_empty_selection_says_so(qtbot, window) -> None:
    team = window.team
    with qtbot.waitSignal(team.updated, timeout=60_000):
        window.tabs.setCurrentWidget(team)
    with qtbot.waitSignal(team.updated, timeout=60_000):
        team.range.setCurrentIndex(1)  # the last 4 weeks: none
    assert team.summary.text() == "No finished calls match."
    assert not team.export_button.isEnabled()


def test_the_agent_name_setting_round_trips_and_is_tidied() -> None:
    settings, problems = from_dict(to_dict(AppSettings(agent_name="  Anna   Berg ")))
    assert problems == [] and settings.validated()[0].agent_name == "Anna Berg"
    fixed, problems = AppSettings(agent_name="Berg, Anna").validated()
    assert fixed.agent_name == "" and "comma" in problems[0]
