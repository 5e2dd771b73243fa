"""`assistant calls list` with search, filters and sorting, and `calls export` of several
calls and formats, through the real CLI."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from assistant.report.render import render
from assistant.store import CallStore
from tests.cli_helpers import assert_one_clean_error, run_cli
from tests.test_review_store import _result
from tests.test_store import T0, new_call


@pytest.fixture(autouse=True)
def _no_real_user_data(tmp_path_factory, monkeypatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data")))


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli") / "library"
    with CallStore(root) as store:
        ids = {
            "refund": store.save_result(new_call("Refund call", started_at=T0), _result()),
            "swedish": store.save_result(
                new_call("Uppsägning", started_at=T0 + timedelta(days=2)),
                _result("sv", {1: "Jag vill säga upp mitt abonnemang.",
                               4: "Jag sa ju att jag vill säga upp det."}, talkovers=False)),
            "quiet": store.save_result(
                new_call("A calm call", started_at=T0 - timedelta(days=5)),
                _result("da", {1: "Hvor er min pakke?", 4: "Den er ikke kommet."},
                        talkovers=False, repeats=False)),
        }
    return root, ids


def calls(root, *args: str):
    return run_cli("calls", "--data-dir", str(root), *args)


def listed(proc) -> list[int]:
    assert proc.returncode == 0, proc.stderr
    return [int(line.split()[0]) for line in proc.stdout.splitlines()[1:]]


def test_list_with_search_filters_and_sort(library) -> None:
    root, ids = library
    day = (T0 + timedelta(days=2)).astimezone().strftime("%Y-%m-%d")
    everything = calls(root, "list")
    assert everything.stdout.splitlines()[0].split() == [
        "ID", "Started", "Length", "Status", "Talk-overs", "Repeats", "Lang", "Title"]
    assert listed(everything) == [ids["swedish"], ids["refund"], ids["quiet"]]
    assert listed(calls(root, "list", "--search", "abonnemang")) == [ids["swedish"]]
    assert listed(calls(root, "list", "--language", "da")) == [ids["quiet"]]
    assert listed(calls(root, "list", "--has-talkovers")) == [ids["refund"]]
    assert listed(calls(root, "list", "--has-repeats", "--sort", "title")) == [
        ids["refund"], ids["swedish"]]
    assert listed(calls(root, "list", "--since", day)) == [ids["swedish"]]
    assert listed(calls(root, "list", "--until", day, "--sort", "date", "--reverse")) == [
        ids["quiet"], ids["refund"], ids["swedish"]]
    assert listed(calls(root, "list", "--sort", "duration", "--limit", "1")) != []
    nothing = calls(root, "list", "--search", "zebra")
    assert nothing.returncode == 0 and nothing.stdout.strip() == "No calls match."


@pytest.mark.parametrize(("args", "needle"), [
    (("list", "--sort", "colour"), "cannot sort by 'colour'"),
    (("list", "--since", "yesterday"), "'yesterday' is not a date"),
    (("export", "1", "2"), "need --out DIR"),
    (("export", "1", "--format", "md,docx"), "unknown export format 'docx'"),
    (("export", "1", "--cues", "/nonexistent/cues"), "no such folder"),
])
def test_bad_options_are_one_clean_line(library, args, needle) -> None:
    root, _ = library
    assert_one_clean_error(calls(root, *args), needle)


def test_export_several_calls_and_formats_to_a_folder(library, tmp_path) -> None:
    root, ids = library
    out = tmp_path / "exports"  # made when missing, as several files are asked for
    proc = calls(root, "export", str(ids["refund"]), str(ids["swedish"]), "--format",
                 "md,html,json", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(f"call-{i}.{f}" for i in (ids["refund"], ids["swedish"])
                           for f in ("md", "html", "json"))
    with CallStore(root) as store:
        swedish = store.get_call(ids["swedish"]).result
    assert (out / f"call-{ids['swedish']}.html").read_text() == render(swedish, "html")
    assert json.loads((out / f"call-{ids['refund']}.json").read_text())["language"] == "en"
    assert len(proc.stdout.splitlines()) == 6


def test_export_checks_every_id_before_writing(library, tmp_path) -> None:
    root, ids = library
    assert_one_clean_error(calls(root, "export", str(ids["refund"]), "999", "--out",
                                 str(tmp_path)), "no call with id 999")
    assert list(tmp_path.iterdir()) == []


def test_export_with_a_users_cue_folder(library, tmp_path) -> None:
    root, ids = library
    cues = tmp_path / "cues"
    cues.mkdir()
    (cues / "en.json").write_text(json.dumps({"categories": {"checking": {
        "label": "Checking", "kind": "good", "advice": "Say what you are doing.",
        "phrases": ["let me just check"]}}}), encoding="utf-8")
    proc = calls(root, "export", str(ids["refund"]), "--cues", str(cues))
    assert proc.returncode == 0, proc.stderr
    assert ("[0:13.0] Checking: “Let me just check the order.” Say what you are doing."
            in proc.stdout)
