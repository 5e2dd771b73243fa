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
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from assistant.engine.asr_stage import AsrOutput, AsrStage
from assistant.engine.back import CallAnalysis
from assistant.engine.front import CallFrontEnd, FrontOutput
from assistant.records import AudioBlock, EngineOutput, UtteranceAudio


class _End:
    """Sentinel: no more items will follow on this queue."""


_END = _End()


@dataclass
class _Failure:
    """An exception raised on a worker thread, carried to the consumer."""

    error: BaseException


@dataclass
class PipelineCounters:
    """What the pipeline had to drop or wait for: reported, never silent."""

    blocks: int = 0
    partials_dropped: int = 0
    jobs: int = 0
    max_job_backlog: int = 0


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
    ) -> None:
        self.front = front
        self.asr = asr
        self.analysis = analysis
        self.counters = PipelineCounters()
        self._jobs: queue.Queue[UtteranceAudio | _End | _Failure] = queue.Queue(job_queue_size)
        self._outputs: queue.Queue[
            tuple[str, list[EngineOutput]] | AsrOutput | _End | _Failure
        ] = queue.Queue(output_queue_size)
        self.cancel = threading.Event()
        self._aborted = threading.Event()

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
                if isinstance(item, tuple):
                    produced = self.analysis.accept_front(item[1])
                else:
                    produced = self.analysis.accept_asr(item)
                if on_output is not None:
                    for out in produced:
                        on_output(out)
            except BaseException as exc:
                failure = exc
                self.abort()
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
                if on_progress is not None:
                    on_progress(block.end)
            self._dispatch(self.front.finish())
        except BaseException as exc:  # carried to the consumer, which re-raises it
            self._outputs.put(_Failure(exc))
        finally:
            self._jobs.put(_END)
            self._outputs.put(_END)

    def _dispatch(self, out: FrontOutput) -> None:
        if out.activity or out.events:
            items: list[EngineOutput] = [*out.activity, *out.events]
            self._outputs.put(("front", items))
        for job in out.jobs:
            if not job.final and not self._jobs.empty():
                self.counters.partials_dropped += 1  # the recogniser is behind: finals first
                continue
            self.counters.jobs += 1
            self._jobs.put(job)
            self.counters.max_job_backlog = max(self.counters.max_job_backlog, self._jobs.qsize())

    def _asr_loop(self) -> None:
        try:
            while True:
                job = self._jobs.get()
                if isinstance(job, _End):
                    break
                if isinstance(job, _Failure):
                    continue
                if not job.final and not self._jobs.empty():
                    self.counters.partials_dropped += 1
                    continue
                if self._aborted.is_set() or (self.cancel.is_set() and not job.final):
                    continue
                for result in self.asr.process(job):
                    self._outputs.put(result)
            if not self._aborted.is_set():
                for result in self.asr.flush():
                    self._outputs.put(result)
        except BaseException as exc:
            self._outputs.put(_Failure(exc))
            self._drain_jobs()
        finally:
            self._outputs.put(_END)

    def _drain_jobs(self) -> None:
        """After a failure, keep taking jobs so the front thread never blocks forever."""
        while not isinstance(self._jobs.get(), _End):
            pass
