"""Extract many files on worker processes, and ship each result back cheaply.

One file's extraction is pure Python and takes one core; a load of many files can use every
core. What stops that from paying off is the way back: pickling a ``GraphDelta`` as pydantic
models costs about a third of extracting it, and validating it again in the parent as much as
the extraction. So a worker sends plain tuples instead (each evidence once, nodes and edges
referring to it by number) and the parent rebuilds the same models without validation: the
values were made by the loaders, not read from input, and they are the very values the worker
held. The rebuilt delta is identical to the one ``extract`` returns in one process, down to
the order of every list and dict (checked by tests/loaders/test_parallel.py).

Even so, shipping costs work: per average plan file (10 KB, about 40 million instructions to
extract) the workers spend about 5 million more and this process about 8 million to take the
results in (docs/benchmarks.md). Workers therefore pay off only on idle cores, and by default
``worker_count`` uses only those.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from innograph.core.cycles import cycle_collector_paused
from innograph.graph.model import Edge, Evidence, GraphDelta, Node

from .trusted import construct_model

__all__ = ["extract_many", "pack_extraction", "unpack_extraction", "worker_count"]

# Below these a pool's start-up (a fork per worker, about 10 ms) is not worth it.
_MIN_FILES = 4
_MIN_BYTES = 256_000
# Files handed to a worker at a time: fewer round trips, still an even spread at the end.
_CHUNK = 8

_gazetteer: Any = None  # the worker's gazetteer (None: the default one)
_skip_bad_rows = False


def worker_count(paths: list[Path], workers: int | None = None) -> int:
    """How many worker processes a load of ``paths`` should use (1: extract in this process).

    By default, one per core that other jobs leave idle (cores minus the one-minute load
    average, rounded down) plus the one this process would use anyway: shipping results back
    costs the workers and this process about a third more work in all, which pays off only on
    idle cores; on a machine busy with other jobs one process is faster (docs/benchmarks.md).
    ``workers`` overrides that. Small loads always stay in-process."""
    if workers is None:
        try:
            cores = len(os.sched_getaffinity(0))
        except AttributeError:  # not on Linux
            cores = os.cpu_count() or 1
        try:
            busy = os.getloadavg()[0]
        except (AttributeError, OSError):  # no load average on this system
            busy = 0.0
        workers = min(cores, int(cores - busy) + 1)
    if workers <= 1 or len(paths) < _MIN_FILES:
        return 1
    size = 0
    for path in paths:
        try:
            size += path.stat().st_size
        except OSError:
            pass  # extract() reports a missing file with its own message
    return min(workers, len(paths)) if size >= _MIN_BYTES else 1


def extract_many(paths: Iterable[str | Path], *, gazetteer: Any = None, skip_bad_rows: bool = False,
                 workers: int | None = None) -> Iterator[Any]:
    """``extract`` of every file, in order, on worker processes when there are enough files.

    Yields one ``Extraction`` per path as soon as it (and every one before it) is done, so a
    caller that does not keep them runs in flat memory. An error raises, as ``extract`` does,
    when its file's turn comes."""
    from . import extract

    files = [Path(p) for p in paths]
    count = worker_count(files, workers)
    if count <= 1:
        for path in files:
            yield extract(path, gazetteer=gazetteer, skip_bad_rows=skip_bad_rows)
        return
    # fork: workers start with the loaders imported and the default gazetteer loaded (and a
    # custom one is not pickled); elsewhere spawn, which imports and loads once per worker.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    with context.Pool(count, initializer=_init_worker, initargs=(gazetteer, skip_bad_rows)) as pool:
        for packed in pool.imap(_extract_packed, files, chunksize=_CHUNK):
            yield unpack_extraction(packed)


def _init_worker(gazetteer: Any, skip_bad_rows: bool) -> None:
    global _gazetteer, _skip_bad_rows
    _gazetteer, _skip_bad_rows = gazetteer, skip_bad_rows
    if gazetteer is None:
        from .gazetteer import default_gazetteer

        default_gazetteer()  # once per worker, not in the first file's time


def _extract_packed(path: Path) -> tuple[Any, ...]:
    from . import extract

    return pack_extraction(extract(path, gazetteer=_gazetteer, skip_bad_rows=_skip_bad_rows))


# The field orders the delta builder uses: rows in these orders travel as bare tuples.
_EVIDENCE_KEYS = ("source_id", "source_hash", "start", "end", "quote")
# The models' own field order, which is their instances' attribute order (evidence last).
_NODE_KEYS = tuple(Node.model_fields)
_EDGE_KEYS = tuple(Edge.model_fields)


def pack_extraction(extraction: Any) -> tuple[Any, ...]:
    """An ``Extraction`` as plain tuples: every evidence once, every quoted sentence once, a
    node or edge as its field values with its evidence as numbers.

    A model in the builder's field order with every field set (all of a plan's) travels as a
    bare tuple; any other (a table's rows may leave fields unset) as ``[keys, values, fields set]``."""
    delta = extraction.delta
    source = delta.source
    numbers: dict[int, int] = {}  # id(evidence) -> its number
    quotes: dict[str, int] = {}
    evidence: list[Any] = []
    full = _FIELD_COUNTS

    def refs(items: list[Any]) -> tuple[int, ...]:
        out = []
        for ev in items:
            number = numbers.get(id(ev))
            if number is None:
                number = numbers[id(ev)] = len(evidence)
                values = ev.__dict__
                if (len(ev.model_fields_set) == full[Evidence] and tuple(values) == _EVIDENCE_KEYS
                        and values["source_id"] == source.id and values["source_hash"] == source.sha256):
                    evidence.append((values["start"], values["end"], quotes.setdefault(values["quote"], len(quotes))))
                else:
                    evidence.append(_generic(ev, ()))
            out.append(number)
        return tuple(out)

    rows: list[list[Any]] = []
    for models, model, keys in ((delta.nodes, Node, _NODE_KEYS), (delta.edges, Edge, _EDGE_KEYS)):
        count = full[model]
        packed = []
        for item in models:
            values = item.__dict__
            if len(item.model_fields_set) == count and tuple(values) == keys:
                row = list(values.values())
                row[-1] = refs(row[-1])  # the evidence, last in the builder's order
                packed.append(tuple(row))
            else:
                packed.append(_generic(item, refs(item.evidence)))
        rows.append(packed)
    return (source, list(quotes), evidence, rows[0], rows[1], extraction.tasks, extraction.skipped,
            extraction.refused, set(delta.model_fields_set))


def _generic(model: Any, evidence_refs: tuple[int, ...]) -> list[Any]:
    values = dict(model.__dict__)
    if "evidence" in values:
        values["evidence"] = evidence_refs
    return [values, set(model.model_fields_set)]


_FIELD_COUNTS = {model: len(model.model_fields) for model in (Evidence, Node, Edge)}


def unpack_extraction(packed: tuple[Any, ...]) -> Any:
    """The ``Extraction`` that ``pack_extraction`` was given, rebuilt without validation."""
    from . import Extraction

    source, quotes, evidence_rows, node_rows, edge_rows, tasks, skipped, refused, delta_fields = packed
    with cycle_collector_paused():  # thousands of new objects, no cycles among them
        sid, sha = source.id, source.sha256
        evidence = [construct_model(Evidence, {"source_id": sid, "source_hash": sha, "start": row[0], "end": row[1],
                                               "quote": quotes[row[2]]})
                    if type(row) is tuple else _rebuild(Evidence, row, []) for row in evidence_rows]
        nodes = [construct_model(Node, {**dict(zip(_NODE_KEYS, row[:-1])), "evidence": [evidence[i] for i in row[-1]]})
                 if type(row) is tuple else _rebuild(Node, row, evidence) for row in node_rows]
        edges = [construct_model(Edge, {**dict(zip(_EDGE_KEYS, row[:-1])), "evidence": [evidence[i] for i in row[-1]]})
                 if type(row) is tuple else _rebuild(Edge, row, evidence) for row in edge_rows]
    delta = GraphDelta.model_construct(delta_fields, source=source, nodes=nodes, edges=edges)
    return Extraction(delta=delta, tasks=tasks, skipped=skipped, refused=refused)


def _rebuild(model: type[Any], row: list[Any], evidence: list[Any]) -> Any:
    values, fields = row
    if "evidence" in values:
        values["evidence"] = [evidence[i] for i in values["evidence"]]
    return construct_model(model, values, fields)
