"""The one layer that owns threads.

    blocks ──▶ [front thread: decode/capture → VAD → segmenter → talk-over]
                    │ utterance audio (bounded queue)      │ activity, talk-overs
                    ▼                                       │
               [ASR thread: Whisper]                        │
                    │ transcripts                           │
                    ▼                                       ▼
               [consumer (caller's thread): analysis → sinks]

Stages are plain objects; this module only moves their inputs and outputs
between threads through bounded queues, and shuts down by sentinel. Live
capture and file replay go through the very same path: only the block
iterator and the ASR clock differ.

Determinism: front items (voice activity, talk-overs) reach the sinks at once,
so a talk-over prompt never waits for the recogniser, but the analysis takes
them in audio order: a batch of front items is analysed only after the
transcripts of every utterance handed over before it. So the events of a
recording never depend on how fast the recogniser was.

Live (``load_aware``), the recogniser takes everything waiting in one batch,
its lag is tracked, reported (``TranscriptLag``) and fed to its governor.
"""

from __future__ import annotations

import collections
import logging
import queue
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from assistant.engine.asr_stage import AsrOutput, AsrStage, Recognised
from assistant.engine.back import CallAnalysis
from assistant.engine.front import CallFrontEnd, FrontOutput
from assistant.engine.load import LagPolicy
from assistant.records import AudioBlock, EngineOutput, TranscriptLag, UtteranceAudio
from assistant.timebase import SAMPLE_RATE, samples


class _End:
    """Sentinel: no more items will follow on this queue."""


_END = _End()


@dataclass
class _Failure:
    """An exception raised on a worker thread, carried to the consumer."""

    error: BaseException


@dataclass(frozen=True)
class _FrontItems:
    """Front output of one block, and how many final utterances were handed over before it."""

    items: list[EngineOutput]
    finals_before: int


@dataclass
class PipelineCounters:
    """What the pipeline had to drop or wait for: reported, never silent."""

    blocks: int = 0
    partials_dropped: int = 0
    jobs: int = 0
    max_job_backlog: int = 0
    max_behind: int = 0  # live: the largest transcript lag seen (samples)


class CallPipeline:
    """Runs one call through the stages on three threads."""

    def __init__(
        self,
        front: CallFrontEnd,
        asr: AsrStage,
        analysis: CallAnalysis,
        *,
        # Each job holds its utterance audio; offline the front runs far ahead of
        # the recogniser, so this bound is what keeps a long file's memory flat.
        job_queue_size: int = 32,
        output_queue_size: int = 4096,
        load_aware: bool = False,
        max_batch: int = 4,
        lag_policy: LagPolicy | None = None,
    ) -> None:
        self.front = front
        self.asr = asr
        self.analysis = analysis
        self.counters = PipelineCounters()
        # Live, the front thread must never wait for the recogniser (talk-over prompts
        # come from it): there the bound is only a safety net, ~10 minutes of speech.
        self._jobs: queue.Queue[UtteranceAudio | _End | _Failure] = queue.Queue(
            max(job_queue_size, 512) if load_aware else job_queue_size)
        self._outputs: queue.Queue[
            _FrontItems | TranscriptLag | AsrOutput | _End | _Failure
        ] = queue.Queue(output_queue_size)
        self.cancel = threading.Event()
        self._aborted = threading.Event()
        self.load_aware = load_aware
        self._max_batch = max_batch if load_aware else 1
        self._show_lag = samples((lag_policy or LagPolicy()).show_s)
        # Hand-over times of finals not yet transcribed: appended by the front thread,
        # taken by the ASR thread (deque appends and pops are atomic).
        self._pending: collections.deque[int] = collections.deque()
        self._finals_dispatched = 0
        self._lag_shown = 0  # whole seconds last reported
        self._lag_lock = threading.Lock()  # both workers report the lag

    def run(
        self,
        blocks: Iterable[AudioBlock],
        on_output: Callable[[EngineOutput], None] | None = None,
        on_progress: Callable[[int], None] | None = None,
    ) -> None:
        """Feed ``blocks`` through the stages; returns once everything is analysed.

        ``on_output`` sees every utterance and event as it is produced (on
        this thread); exceptions from the worker threads are re-raised here.
        """
        front = threading.Thread(
            target=self._front_loop, args=(blocks, on_progress), name="front", daemon=True
        )
        asr = threading.Thread(target=self._asr_loop, name="asr", daemon=True)
        front.start()
        asr.start()
        failure: BaseException | None = None
        ended = 0
        finals_done = 0
        waiting: collections.deque[_FrontItems] = collections.deque()  # not yet analysed

        def emit(produced: Iterable[EngineOutput]) -> None:
            if on_output is not None:
                for out in produced:
                    on_output(out)

        def analyse_front() -> None:
            while waiting and waiting[0].finals_before <= finals_done:
                self.analysis.accept_front(waiting.popleft().items)

        while ended < 2:  # both workers must have said they are done
            try:
                item = self._outputs.get()
            except BaseException as exc:  # Ctrl+C while waiting here
                # Stop the workers and wait for them: leaving with the recogniser still in
                # native code aborts the interpreter at exit ("terminate called ...").
                failure = failure or exc
                self.abort()
                continue
            if isinstance(item, _End):
                ended += 1
                continue
            if isinstance(item, _Failure):
                failure = failure or item.error
                self.abort()
                continue
            if failure is not None:
                continue  # draining, so no worker stays blocked on a full queue
            try:
                if isinstance(item, _FrontItems):
                    emit(item.items)  # at once: prompts never wait for the recogniser
                    waiting.append(item)
                    analyse_front()
                elif isinstance(item, TranscriptLag):
                    emit([item])
                else:
                    emit(self.analysis.accept_asr(item))
                    if isinstance(item, Recognised):
                        finals_done += 1
                        analyse_front()
            except BaseException as exc:
                failure = exc
                self.abort()
        if failure is None:
            for rest in waiting:  # an aborted call: transcripts that never came
                self.analysis.accept_front(rest.items)
        front.join()
        asr.join()
        if failure is not None:
            raise failure

    def stop(self) -> None:
        """Stop reading audio; what was heard so far is still transcribed and analysed."""
        self.cancel.set()

    def abort(self) -> None:
        """Stop as soon as possible, dropping queued work (cancel, or an error)."""
        self._aborted.set()
        self.cancel.set()

    # -- worker threads ----------------------------------------------------

    def _front_loop(
        self, blocks: Iterable[AudioBlock], on_progress: Callable[[int], None] | None
    ) -> None:
        try:
            for block in blocks:
                if self.cancel.is_set():
                    break
                self.counters.blocks += 1
                self._dispatch(self.front.feed(block))
                if self.load_aware:
                    self._report_lag(block.end)
                if on_progress is not None:
                    on_progress(block.end)
            self._dispatch(self.front.finish())
        except BaseException as exc:  # carried to the consumer, which re-raises it
            _log_failure("audio", exc)
            self._outputs.put(_Failure(exc))
        finally:
            self._jobs.put(_END)
            self._outputs.put(_END)

    def _dispatch(self, out: FrontOutput) -> None:
        if out.activity or out.events:
            items: list[EngineOutput] = [*out.activity, *out.events]
            self._outputs.put(_FrontItems(items, self._finals_dispatched))
        for job in out.jobs:
            if not job.final and not self._jobs.empty():
                self.counters.partials_dropped += 1  # the recogniser is behind: finals first
                continue
            self.counters.jobs += 1
            if job.final:
                self._finals_dispatched += 1
                self._pending.append(job.ready_at)
            self._jobs.put(job)
            self.counters.max_job_backlog = max(self.counters.max_job_backlog, self._jobs.qsize())

    def behind(self, position: int) -> int:
        """How far the transcript is behind ``position``: its oldest unfinished hand-over."""
        try:
            return max(0, position - self._pending[0])
        except IndexError:
            return 0

    def _report_lag(self, position: int) -> None:
        """"Transcript N s behind" while it is, in whole seconds, and once when caught up.

        The front thread reports on every block (so the figure grows while a decode
        runs); the ASR thread after every batch (so catching up shows at once).
        """
        with self._lag_lock:
            behind = self.behind(position)
            self.counters.max_behind = max(self.counters.max_behind, behind)
            shown = behind // SAMPLE_RATE if behind >= self._show_lag else 0
            if shown != self._lag_shown:
                self._lag_shown = shown
                degraded = self.asr.governor is not None and self.asr.governor.mode > 0
                self._outputs.put(TranscriptLag(behind if shown else 0, position, degraded))

    def _asr_loop(self) -> None:
        ended = False
        try:
            while not ended:
                batch, ended = self._take_jobs()
                if not self.load_aware and batch and not batch[0].final \
                        and not self._jobs.empty():
                    self.counters.partials_dropped += 1
                    continue
                if self._aborted.is_set():
                    continue
                if self.cancel.is_set():
                    batch = [job for job in batch if job.final]
                if not batch:
                    continue
                behind = self.behind(self.front.position) if self.load_aware else 0
                for result in self.asr.process_batch(batch, behind):
                    if isinstance(result, Recognised) and self._pending:
                        self._pending.popleft()
                    self._outputs.put(result)
                if self.load_aware:
                    self._report_lag(self.front.position)
            if not self._aborted.is_set():
                for result in self.asr.flush():
                    self._outputs.put(result)
        except BaseException as exc:
            _log_failure("recogniser", exc)
            self._outputs.put(_Failure(exc))
            if not ended:
                self._drain_jobs()
        finally:
            self._outputs.put(_END)

    def _take_jobs(self) -> tuple[list[UtteranceAudio], bool]:
        """The next job and, live, whatever else is already waiting (up to a batch)."""
        batch: list[UtteranceAudio] = []
        job = self._jobs.get()
        while True:
            if isinstance(job, _End):
                return batch, True
            if isinstance(job, UtteranceAudio):
                batch.append(job)
            if not self.load_aware or sum(j.final for j in batch) >= self._max_batch:
                return batch, False
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                return batch, False

    def _drain_jobs(self) -> None:
        """After a failure, keep taking jobs so the front thread never blocks forever."""
        while not isinstance(self._jobs.get(), _End):
            pass


def _log_failure(thread: str, exc: BaseException) -> None:
    # Re-raised on the caller's thread too; the log keeps where it came from.
    if not isinstance(exc, KeyboardInterrupt):
        logging.getLogger(__name__).error("the %s thread failed", thread, exc_info=exc)
