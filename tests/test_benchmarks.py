"""The benchmarks' own arithmetic: WER, its text normalisation, tables, measuring a child."""

from __future__ import annotations

import sys

import pytest

from assistant.records import Speaker
from assistant.scenarios import TimedTurn, Timeline, parse_script
from benchmarks.common import (
    join_timelines,
    normalise,
    number_words,
    run_measured,
    wer,
    word_errors,
)
from benchmarks.wer import Row, table


@pytest.mark.parametrize(
    ("ref", "hyp", "errors"),
    [
        ("a b c", "a b c", 0),
        ("a b c", "a x c", 1),  # substitution
        ("a b c", "a c", 1),  # deletion
        ("a b c", "a b b c", 1),  # insertion
        ("a b c", "", 3),
        ("", "a b", 2),
        ("the cat sat on the mat", "cat sat on a mat today", 3),
    ],
)
def test_word_errors_is_levenshtein_over_words(ref: str, hyp: str, errors: int) -> None:
    assert word_errors(ref.split(), hyp.split()) == errors


def test_normalise_drops_case_and_punctuation_but_keeps_danish_letters() -> None:
    assert normalise("And so, my fellow Americans... ASK NOT!", "en") == \
        ["and", "so", "my", "fellow", "americans", "ask", "not"]
    assert normalise("Han løb ud i det lille køkken; Åen?", "da") == \
        ["han", "løb", "ud", "i", "det", "lille", "køkken", "åen"]
    assert normalise("the neighbor's house — well-known", "en") == \
        ["the", "neighbors", "house", "well", "known"]


def test_small_numbers_are_spelled_out_in_the_clips_language() -> None:
    assert normalise("Tester 1, 2, 3, 8.", "da") == ["tester", "en", "to", "tre", "otte"]
    assert normalise("gate 21 and 40 then 1961", "en") == \
        ["gate", "twenty", "one", "and", "forty", "then", "1961"]
    assert number_words(21, "da") == ["enogtyve"]
    assert number_words(50, "da") == ["halvtreds"]
    assert number_words(7, "sv") == ["7"]  # no table for other languages


def test_wer_counts_errors_against_reference_words_after_normalisation() -> None:
    errors, words = wer("Ask not what your country can do for you.",
                        "ask not, what your country can do for YOU", "en")
    assert (errors, words) == (0, 9)
    assert wer("tester en to tre", "Tester ind tog 3", "da") == (2, 4)


def test_wer_table_totals_pool_words_per_language_and_overall() -> None:
    rows = [Row("a", "en", 10, 1, 2, ()), Row("b", "en", 30, 3, 0, ()),
            Row("c", "da", 20, 10, 5, ())]
    lines = table(rows)
    total_en = next(line for line in lines if line.startswith("total en"))
    assert total_en.split()[-5:] == ["40", "4", "10.0%", "2", "5.0%"]
    overall = lines[-1]
    assert overall.startswith("total (3 clips") and overall.split()[-4:] == \
        ["14", "23.3%", "7", "11.7%"]
    assert all(line == line.rstrip() for line in lines)


def _timeline(talkover: list[int]) -> Timeline:
    script = parse_script({"id": "t", "language": "en", "turns": [
        {"speaker": "customer", "text": "one"}, {"speaker": "agent", "text": "two"}],
        "labels": {"talkover": talkover}})
    turns = (TimedTurn(0, Speaker.CUSTOMER, "one", 0.5, 2.0, 8000, 32000),
             TimedTurn(1, Speaker.AGENT, "two", 1.0, 3.0, 16000, 48000))
    return Timeline(script, 16000, 4.0, turns)


def test_pieces_of_the_benchmark_call_arejoin_timelines_with_their_labels() -> None:
    combined = join_timelines([(0, _timeline([1])), (80000, _timeline([1]))], 160000)
    assert [t.index for t in combined.turns] == [0, 1, 2, 3]
    assert combined.script.labels.talkover == (1, 3)
    assert combined.script.labels.repeat == ()
    third = combined.turns[2]
    assert (third.start, third.end, third.start_sample) == (5.5, 7.0, 88000)
    assert combined.duration == 10.0 and len(combined.script.turns) == 4


def test_run_measured_reports_the_childs_own_peak_memory_and_exit() -> None:
    # This process is made big first: the child's figure must not include it
    # (ru_maxrss would, as Linux carries the parent's high-water mark across exec).
    ballast = bytearray(200 * 1024 * 1024)
    ballast[::4096] = b"x" * len(ballast[::4096])
    grow = ("import time; b = bytearray(80 * 1024 * 1024); b[::4096] = b'x' * len(b[::4096]); "
            "time.sleep(0.3); print('ok')")
    m = run_measured([sys.executable, "-c", grow])
    assert m.returncode == 0 and m.stdout.strip() == "ok"
    assert 80 < m.peak_rss_mb < 150 and m.wall_s > 0.3 and m.cpu_s > 0
    small = run_measured([sys.executable, "-c", "import sys, time; time.sleep(0.3); sys.exit(3)"])
    assert small.returncode == 3 and small.peak_rss_mb < 60
    del ballast


def test_wer_sweep_table_has_a_column_per_setting_and_language_totals() -> None:
    from benchmarks.wer import sweep_table

    rows = [Row("a", "en", 10, 0, 0, ()), Row("b", "da", 20, 0, 0, ())]
    lines = sweep_table(rows, [("pad full", [1, 4]), ("pad 2", [2, 5])])
    assert lines[0].split()[-4:] == ["pad", "full", "pad", "2"]
    assert lines[-1].split()[-2:] == ["16.7%", "23.3%"]  # 5 of 30, 7 of 30
    assert next(line for line in lines if line.startswith("total da")).split()[-2:] == \
        ["20.0%", "25.0%"]


@pytest.mark.slow
def test_live_benchmark_runs_and_prints_its_targets(shared_dir, base_model_dir, capsys) -> None:
    """The live benchmark's as-if-live CPU part on a short call: it runs, no thresholds."""
    from benchmarks.live import main as live_main

    assert live_main(["--minutes", "0.5", "--skip", "scenarios,paced,busy"]) == 0
    out = capsys.readouterr().out
    assert "CPU s per s of call" in out and "as-if-live CPU <= 0.35" in out
    assert "AMD" in out or "Intel" in out or "machine:" in out
