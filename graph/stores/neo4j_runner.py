"""Running a write plan's steps against Neo4j on a writer thread, overlapped with Python work.

While the writer thread waits for the server to write one batch (the socket wait frees the
GIL), the main thread builds the next batch's rows, or plans the load's edges while the
server writes its nodes (``plan_write``'s ``nodes_planned``). The transaction or session is
only ever used by one thread at a time: the writer runs steps in order, and a read on the main
thread first waits until every step sent before it has run.
"""

from __future__ import annotations

import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from typing import Any

from innograph.errors import StoreError

from .neo4j_writes import Step, WritePlan

__all__ = ["StepRunner", "Execute", "Progress"]

Execute = Callable[[str, dict[str, Any]], list[list[Any]]]  # (query, params) -> records as value lists
Progress = Callable[[int, int], None]  # (rows written, rows to write)
_Sent = tuple[Future[list[list[Any]]], Step, dict[str, Any]]

# When the server answers, the writer thread needs the GIL back from the main thread, which is
# building rows. At Python's default switch interval (5 ms) it may wait that long each time, and
# the server sits idle meanwhile. A tenth of that while steps run: alternated 100,000-relation
# loads, median 2.63 s against 2.75 s (docs/benchmarks.md).
_SWITCH_INTERVAL = 0.0005
_switch_lock = threading.Lock()
_switch_users = 0
_switch_saved = 0.0


@contextmanager
def _short_switch_interval() -> Iterator[None]:
    """The process's switch interval at most ``_SWITCH_INTERVAL``, restored when the last of
    the runners using it (in any thread) is done."""
    global _switch_users, _switch_saved
    with _switch_lock:
        if _switch_users == 0:
            _switch_saved = sys.getswitchinterval()
            sys.setswitchinterval(min(_switch_saved, _SWITCH_INTERVAL))
        _switch_users += 1
    try:
        yield
    finally:
        with _switch_lock:
            _switch_users -= 1
            if _switch_users == 0:
                sys.setswitchinterval(_switch_saved)


class StepRunner:
    """Sends one plan's steps in order: ``start`` queues the steps planned so far (their rows
    are built already) without waiting; ``run`` sends the rest once the plan is complete,
    building each batch's rows while the previous batch is written. Use as a context manager:
    on an error, steps not yet begun are cancelled and the one running is waited for, so the
    caller may roll back."""

    def __init__(self, execute: Execute, *, one_transaction: bool, progress: Progress | None, where: str) -> None:
        self._execute = execute
        self._one_transaction = one_transaction
        self._progress = progress
        self._where = where  # "Neo4j at URI", for messages
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="innograph-neo4j-writer")
        self._settings = ExitStack()
        self._plan: WritePlan | None = None
        self._sent: deque[_Sent] = deque()
        self._steps_sent = 0
        self._rows_done = 0
        # Steps that finished before the plan was complete: their progress is reported once
        # the total is known, so a progress bar never sees the total change.
        self._unreported: list[int] | None = []

    def __enter__(self) -> StepRunner:
        self._settings.enter_context(_short_switch_interval())
        return self

    def __exit__(self, error_type: object, *rest: object) -> None:
        if error_type is not None:
            for future, _, _ in self._sent:
                future.cancel()
        self._writer.shutdown(wait=True)
        self._settings.close()

    def start(self, plan: WritePlan) -> None:
        """Queue every step of ``plan`` not sent yet; none of them may wait for another."""
        self._plan = plan
        for step in plan.steps[self._steps_sent:]:
            assert not step.waits, "a step that needs earlier results cannot be queued ahead"
            self._send(step, *plan.statement(step, self._one_transaction))

    def wait_for_sent(self) -> None:
        """Return once every step sent so far has run: then this thread may use the transaction."""
        if self._plan is not None:
            self._finish_sent(self._plan)

    def run(self, plan: WritePlan) -> None:
        """Send the rest of the complete ``plan`` and wait until every step has run."""
        self._plan = plan
        for done in self._unreported or []:
            self._report(done, plan)
        self._unreported = None
        for step in plan.steps[self._steps_sent:]:
            if step.waits:
                self._finish_sent(plan)
            query, params = plan.statement(step, self._one_transaction)
            self._finish_sent(plan)  # one batch in flight: its rows were built while the last was written
            self._send(step, query, params)
        self._finish_sent(plan)

    def _send(self, step: Step, query: str, params: dict[str, Any]) -> None:
        self._sent.append((self._writer.submit(self._execute, query, params), step, params))
        self._steps_sent += 1

    def _finish_sent(self, plan: WritePlan) -> None:
        while self._sent:
            future, step, params = self._sent[0]
            records = future.result()  # the writer's error, if any, raised here
            self._sent.popleft()
            if step.returns_element_ids:
                plan.remember_element_ids(records)
            elif self._one_transaction and step.checks_written and records != [[step.rows]]:
                # An end not found by its element id would leave a relationship out without an error.
                raise StoreError(f"{self._where} found the ends of {records[0][0] if records else 0} of "
                                 f"{step.rows} relationships in a batch by element id; the load was rolled back")
            step.release(params)
            if step.rows:
                self._rows_done += step.rows
                if self._unreported is not None:
                    self._unreported.append(self._rows_done)
                else:
                    self._report(self._rows_done, plan)

    def _report(self, done: int, plan: WritePlan) -> None:
        if self._progress is not None:
            self._progress(done, plan.rows)
