"""``dealgraph ingest --engine dask``: partitions read, extracted and stored by Dask workers.

The client plans the partitions (``scale/partitions.py``), leaves out those the
store says are done, and submits one task per partition. A worker reads its
partition, filters it, extracts with the models it loaded once (the process's
extractor is kept between tasks) and stores every article through the one
write path (``dealgraph.ingest.ingest_items``) into the shared ledger, then
records the partition. The store settles races between workers (see
``store/writes.py``), so the ledger is the one a single process would write.

A worker that dies takes its running task with it; Dask gives the task to
another worker, which finds the articles already committed and counts them as
duplicates. A partition that cannot be read is reported by name and the rest
go on; being unrecorded, it is tried again by the next run.

Without a scheduler address a ``LocalCluster`` of worker processes (one thread
each: the extraction holds the GIL) is started on this machine.
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from dealgraph.config import Settings
from dealgraph.errors import DealgraphError
from dealgraph.ingest import KEEP_FAILURES, Extracts, IngestSummary, ingest_items, keep_languages, warm_extractor
from dealgraph.scale.partitions import FILES, LINES, RECORDS, Partition, plan, read_partition
from dealgraph.sources.failure import Failure
from dealgraph.sources.filters import RecordFilters
from dealgraph.store.engine import open_engine
from dealgraph.store.partitions import key_hash, record_partition, stored_partitions
from dealgraph.store.writes import Ledger

log = logging.getLogger(__name__)
#: Builds an extractor in a worker (tests give a light one); None means the real pipeline.
ExtractorFactory = Callable[[Settings], Extracts]


@dataclass
class PartitionResult:
    """What one task did with one partition."""

    key: str
    name: str
    new: int = 0
    duplicate: int = 0
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    error: str | None = None  # the partition could not be read to its end
    skipped: bool = False  # found stored when the task began
    seconds: float = 0.0
    worker: int = 0  # the process id of the worker that ran it


@dataclass
class DaskSummary(IngestSummary):
    """An ingest summary with the partitions' part of the story."""

    partitions: int = 0
    skipped: int = 0
    broken: list[tuple[str, str]] = field(default_factory=list)
    dashboard: str | None = None

    def count_failure(self, name: str, message: str) -> None:
        self.failed += 1
        if len(self.failures) < KEEP_FAILURES:
            self.failures.append((name, message))

    def add(self, result: PartitionResult) -> None:
        """Fold one task's result in."""
        if result.skipped:
            self.skipped += 1
            return
        self.new += result.new
        self.duplicate += result.duplicate
        self.failed += result.failed
        self.failures.extend(result.failures[:max(0, KEEP_FAILURES - len(self.failures))])
        if result.error is not None:
            self.broken.append((result.name, result.error))


# -- on the workers -----------------------------------------------------------------

_ledgers: dict[str, Ledger] = {}
_extractors: dict[str, Extracts] = {}


def _ledger(db: str) -> Ledger:
    if db not in _ledgers:
        _ledgers[db] = Ledger(open_engine(db))
    return _ledgers[db]


def _extractor(settings: Settings, factory: ExtractorFactory | None) -> Extracts:
    if factory is None:
        return warm_extractor(settings)  # loaded once per worker process
    name = f"{factory.__module__}.{getattr(factory, '__qualname__', repr(factory))}"
    if name not in _extractors:
        _extractors[name] = factory(settings)
    return _extractors[name]


def load_models(settings: Settings) -> int:
    """Load the extractor and its models in this worker now (``client.run(load_models, settings)``).

    Returns the worker's process id. Without it, each worker loads them in its first task.
    """
    extractor = warm_extractor(settings)
    warm_up = getattr(extractor, "warm_up", None)
    if warm_up is not None:
        warm_up()
    return os.getpid()


def ingest_partition(part: Partition, settings: Settings, filters: RecordFilters,
                     encoding: str | None = None,
                     factory: ExtractorFactory | None = None) -> PartitionResult:
    """Read, filter, extract and store one partition; never raises for bad content."""
    began = time.perf_counter()
    result = PartitionResult(part.key, part.name, worker=os.getpid())
    ledger = _ledger(settings.db)
    if stored_partitions(ledger.engine, [part.key]):
        result.skipped = True
        return result
    extractor = _extractor(settings, factory)
    try:
        items = read_partition(part, filters=filters, max_bytes=settings.max_bytes,
                               encoding=encoding)
        summary = ingest_items(keep_languages(items, filters.langs), ledger, extractor)
    except DealgraphError as exc:
        result.error = exc.message
        return result
    except Exception as exc:  # noqa: BLE001 - one partition must not stop the run
        log.exception("%s: partition failed", part.name)
        result.error = f"{type(exc).__name__}: {exc}"
        return result
    record_partition(ledger.engine, part.key, part.name, summary.new, summary.duplicate,
                     summary.failed)
    result.new, result.duplicate, result.failed = summary.new, summary.duplicate, summary.failed
    result.failures = summary.failures
    result.seconds = time.perf_counter() - began
    return result


# -- on the client ------------------------------------------------------------------

def _client(scheduler: str | None, workers: int) -> tuple[Any, Any]:
    from dask.distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler), None  # type: ignore[no-untyped-call]
    cluster = LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
        memory_limit=0, silence_logs=logging.ERROR)
    return Client(cluster), cluster  # type: ignore[no-untyped-call]


def ingest_with_dask(paths: Sequence[str], settings: Settings, *, lines: int = LINES,
                     records: int = RECORDS, files: int = FILES, **options: Any) -> DaskSummary:
    """Ingest ``paths`` into the ledger at ``settings.db`` on a Dask cluster.

    The inputs are cut into partitions of ``lines`` JSON lines, ``records``
    archive records or ``files`` other files; ``options`` are those of
    :func:`ingest_partitions`.
    """
    parts, problems = plan(paths, lines=lines, records=records, files=files)
    return ingest_partitions(parts, settings, problems=problems, **options)


def ingest_partitions(parts: Sequence[Partition], settings: Settings, *,
                      problems: Sequence[Failure] = (), filters: RecordFilters | None = None,
                      encoding: str | None = None, scheduler: str | None = None,
                      workers: int = 2, client: Any = None,
                      say: Callable[[str], None] = lambda _line: None,
                      show_progress: bool = False,
                      factory: ExtractorFactory | None = None) -> DaskSummary:
    """Store the partitions not yet stored; ``problems`` are inputs the plan could not split.

    ``client`` (an existing ``distributed.Client``) wins over ``scheduler``
    (an address such as ``tcp://host:8786``); with neither, a LocalCluster of
    ``workers`` processes runs for the call. ``say`` receives the lines for
    people (the dashboard link); ``show_progress`` draws a bar on stderr.
    """
    filters = filters or RecordFilters()
    summary = DaskSummary(partitions=len(parts))
    ledger = Ledger(open_engine(settings.db))  # migrated here, once, before the workers race
    for problem in problems:
        summary.count_failure(problem.input, problem.message)
        ledger.fail(problem.input, problem.message)
    done = stored_partitions(ledger.engine, [p.key for p in parts])
    todo = [p for p in parts if p.key not in done]
    summary.skipped = len(parts) - len(todo)
    if summary.skipped:
        say(f"{summary.skipped} of {len(parts)} partitions already stored: skipped")
    if not todo:
        return summary
    own, cluster = (client, None) if client is not None else _client(scheduler, workers)
    try:
        summary.dashboard = own.dashboard_link
        say(f"Dask dashboard: {summary.dashboard}")
        _run(own, todo, ledger, settings, filters, encoding, factory, summary, show_progress)
    finally:
        if client is None:
            own.close()
            if cluster is not None:
                cluster.close()
    return summary


def _run(client: Any, todo: list[Partition], ledger: Ledger, settings: Settings, filters: RecordFilters,
         encoding: str | None, factory: ExtractorFactory | None, summary: DaskSummary,
         show_progress: bool) -> None:
    from dask.distributed import as_completed
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    run = uuid.uuid4().hex[:8]
    futures = {client.submit(ingest_partition, part, settings, filters, encoding, factory,
                             key=f"ingest-{run}-{key_hash(part.key)[:16]}", pure=False): part
               for part in todo}
    console = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console,
                  disable=not show_progress or not console.is_terminal) as bar:
        task = bar.add_task("partitions", total=len(todo))
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            part = futures[future]
            try:
                result: PartitionResult = future.result()
            except Exception as exc:  # noqa: BLE001 - e.g. every worker that tried it died
                result = PartitionResult(part.key, part.name,
                                         error=f"{type(exc).__name__}: {exc}")
            summary.add(result)
            if result.error is not None:  # on record; the next run tries the partition again
                ledger.fail(result.name, result.error)
            bar.update(task, advance=1, description=(
                f"{summary.new} new, {summary.duplicate} duplicate, {summary.failed} failed"))
