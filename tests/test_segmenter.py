"""Utterance cutting: bounded audio ring, pre-roll, long-speech cuts, partials."""

from __future__ import annotations

import itertools

import numpy as np

from assistant.config import SegmenterConfig
from assistant.engine.segmenter import AudioRing, UtteranceSegmenter
from assistant.records import Span, Speaker, SpeechEnded, SpeechStarted
from assistant.timebase import SAMPLE_RATE


def test_ring_reads_back_across_the_wrap() -> None:
    ring = AudioRing(1000)
    data = (np.arange(2500) % 30000).astype(np.int16)
    for at in range(0, 2500, 333):
        ring.write(data[at : at + 333], at)
    got = ring.read(Span(1700, 2400))
    np.testing.assert_allclose(got, data[1700:2400] / 32768.0, atol=1e-7)
    assert len(ring.read(Span(0, 1400))) == 0  # already overwritten: nothing stale


def _feed(seg: UtteranceSegmenter, total: int, events: dict[int, list]) -> list:
    out = []
    block = 800
    for at in range(0, total, block):
        activity = [e for t, evs in events.items() if at <= t < at + block for e in evs]
        out += seg.feed(np.full(block, 1000, np.int16), at, activity)
    return out


def test_utterance_audio_includes_pre_and_post_roll() -> None:
    config = SegmenterConfig()
    seg = UtteranceSegmenter(Speaker.CUSTOMER, config, itertools.count())
    span = Span(16000, 48000)
    jobs = _feed(seg, 64000, {16800: [SpeechStarted(Speaker.CUSTOMER, 16000, 16800)],
                              52800: [SpeechEnded(Speaker.CUSTOMER, span, 52800)]})
    assert len(jobs) == 1 and jobs[0].final and jobs[0].span == span
    expected = span.duration + int(config.pre_roll_s * SAMPLE_RATE) + int(
        config.post_roll_s * SAMPLE_RATE)
    assert len(jobs[0].audio) == expected and jobs[0].audio.dtype == np.float32
    assert jobs[0].ready_at == 52800


def test_long_speech_is_cut_below_the_whisper_window() -> None:
    config = SegmenterConfig(max_utterance_s=10.0)
    seg = UtteranceSegmenter(Speaker.AGENT, config, itertools.count())
    jobs = _feed(seg, 26 * SAMPLE_RATE, {800: [SpeechStarted(Speaker.AGENT, 0, 800)]})
    assert len(jobs) == 2
    assert all(j.span.duration <= 10 * SAMPLE_RATE for j in jobs)
    assert jobs[0].span.end == jobs[1].span.start  # contiguous: nothing lost at the cut


def test_clicks_are_not_sent_to_the_recogniser() -> None:
    seg = UtteranceSegmenter(Speaker.AGENT, SegmenterConfig(), itertools.count())
    jobs = _feed(seg, 32000, {1600: [SpeechStarted(Speaker.AGENT, 1600, 2400)],
                              8000: [SpeechEnded(Speaker.AGENT, Span(1600, 2560), 8000)]})
    assert jobs == [] and seg.dropped_short == 1


def test_partials_come_at_the_configured_interval() -> None:
    seg = UtteranceSegmenter(Speaker.AGENT, SegmenterConfig(partial_every_s=2.0),
                             itertools.count())
    jobs = _feed(seg, 7 * SAMPLE_RATE, {800: [SpeechStarted(Speaker.AGENT, 0, 800)]})
    partials = [j for j in jobs if not j.final]
    assert len(partials) == 3 and all(j.seq == -1 for j in partials)
    assert [round(j.span.duration / SAMPLE_RATE) for j in partials] == [2, 4, 6]


def _feed_blocks(seg: UtteranceSegmenter, total: int, events: dict[int, list],
                 block: int) -> list:
    out = []
    for at in range(0, total, block):
        activity = [e for t, evs in sorted(events.items()) if at <= t < at + block for e in evs]
        out += seg.feed(np.full(min(block, total - at), 1000, np.int16), at, activity)
    return out


def test_a_short_piece_and_its_continuation_are_one_utterance() -> None:
    # "I would like a refund," (1 s) - a 0.3 s comma pause - "please, today." (0.9 s)
    c = Speaker.CUSTOMER
    seg = UtteranceSegmenter(c, SegmenterConfig(), itertools.count())
    first, second = Span(16000, 32000), Span(36800, 51200)
    jobs = _feed_blocks(seg, 5 * SAMPLE_RATE, {
        16800: [SpeechStarted(c, 16000, 16800)],
        36800: [SpeechEnded(c, first, 36800), SpeechStarted(c, 36800, 37600)],
        56000: [SpeechEnded(c, second, 56000)]}, 800)
    finals = [j for j in jobs if j.final]
    assert [j.span for j in finals] == [Span(first.start, second.end)]
    assert finals[0].ready_at == 56000  # 2.2 s in all: handed over as it ends


def test_a_short_piece_followed_by_silence_is_ready_after_the_join_gap_however_cut() -> None:
    c = Speaker.CUSTOMER
    config = SegmenterConfig()
    piece = Span(16000, 32000)
    events = {16800: [SpeechStarted(c, 16000, 16800)], 36800: [SpeechEnded(c, piece, 36800)]}
    ready = set()
    for block in (480, 800, 4800, 16000):
        seg = UtteranceSegmenter(c, config, itertools.count())
        jobs = _feed_blocks(seg, 6 * SAMPLE_RATE, events, block)
        assert [j.span for j in jobs] == [piece]
        ready.add(jobs[0].ready_at)
    assert ready == {piece.end + int(config.join_gap_s * SAMPLE_RATE)}


def test_a_piece_held_at_the_end_of_the_call_is_not_lost() -> None:
    c = Speaker.CUSTOMER
    seg = UtteranceSegmenter(c, SegmenterConfig(), itertools.count())
    piece = Span(16000, 24000)
    jobs = _feed_blocks(seg, 26400, {16800: [SpeechStarted(c, 16000, 16800)],
                                     25600: [SpeechEnded(c, piece, 25600)]}, 800)
    assert jobs == []  # held: the party may go on
    assert [j.span for j in seg.finish([])] == [piece]
