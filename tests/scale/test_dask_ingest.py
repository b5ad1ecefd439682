"""``ingest --engine dask`` on a real LocalCluster of two worker processes and PostgreSQL.

The ledger a cluster leaves must be the one a single process leaves on the same
input, also when a worker is killed halfway; a partition that cannot be read is
reported and the others are stored; a rerun skips what is stored.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dealgraph.config import Settings
from dealgraph.ingest import ingest
from dealgraph.scale.dask_ingest import ingest_partitions, ingest_with_dask
from dealgraph.scale.partitions import plan
from dealgraph.store import tables as t
from dealgraph.store.engine import open_engine
from tests.scale.builders import all_articles, fake_extractor, local_cluster, slow_extractor, write_inputs
from tests.store.builders import FakeExtractor, postgres_url
from tests.store.ledger_view import ledger_view

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    yield from local_cluster()


@pytest.fixture
def pg() -> Iterator[str]:
    yield from postgres_url()


@pytest.fixture
def reference(tmp_path: Path) -> Iterator[tuple[list[str], dict[str, object]]]:
    """The inputs, and the ledger one process makes of them."""
    paths = write_inputs(tmp_path / "in")
    for url in postgres_url():
        summary = ingest(paths, Settings(db=url), extractor=FakeExtractor(all_articles()))
        assert summary.failed == 0
        yield paths, {"view": ledger_view(open_engine(url)), "new": summary.new}


def test_cluster_ledger_equals_one_process_and_a_rerun_skips_everything(
        client: object, pg: str, reference: tuple[list[str], dict[str, object]]) -> None:
    paths, expected = reference
    said: list[str] = []
    summary = ingest_with_dask(paths, Settings(db=pg), client=client, factory=fake_extractor,
                               lines=4, say=said.append)
    assert summary.partitions == 15 and not summary.broken and summary.failed == 0
    assert summary.new == expected["new"]
    assert ledger_view(open_engine(pg)) == expected["view"]
    assert any(line.startswith("Dask dashboard: http") for line in said)

    again = ingest_with_dask(paths, Settings(db=pg), client=client, factory=fake_extractor,
                             lines=4)
    assert (again.skipped, again.new, again.duplicate) == (15, 0, 0)
    assert ledger_view(open_engine(pg)) == expected["view"]


def test_a_worker_killed_mid_run_loses_and_doubles_nothing(
        client: object, pg: str, reference: tuple[list[str], dict[str, object]]) -> None:
    paths, expected = reference
    engine = open_engine(pg)
    pids = client.run(os.getpid)  # type: ignore[attr-defined]
    killed: list[int] = []

    def kill_one_when_work_is_under_way() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with engine.connect() as conn:
                if conn.execute(select(func.count()).select_from(t.ingest_partitions)).scalar():
                    break
            time.sleep(0.05)
        pid = sorted(pids.values())[0]
        os.kill(pid, signal.SIGKILL)
        killed.append(pid)

    killer = threading.Thread(target=kill_one_when_work_is_under_way)
    killer.start()
    summary = ingest_with_dask(paths, Settings(db=pg), client=client, factory=slow_extractor,
                               lines=4)
    killer.join()
    assert killed, "no worker was killed"
    assert not summary.broken and summary.failed == 0
    assert ledger_view(engine) == expected["view"]
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.ingest_partitions)).scalar() == 15
    client.wait_for_workers(2, timeout=60)  # type: ignore[attr-defined]  # the nanny restarted it


def test_a_bad_partition_is_reported_and_the_others_stored(client: object, pg: str,
                                                           tmp_path: Path) -> None:
    paths = write_inputs(tmp_path / "in")
    broken = tmp_path / "in" / "cut.jsonl.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00 not really gzip")
    parts, problems = plan([*paths, str(broken)], lines=4)
    assert [p.input for p in problems] == [str(broken)]  # cannot even be counted
    Path(paths[1]).unlink()  # the reprints vanish between the plan and the run
    summary = ingest_partitions(parts, Settings(db=pg), problems=problems, client=client,
                                factory=fake_extractor)
    assert sorted(name for name, _ in summary.broken) == sorted(
        p.name for p in parts if p.paths[0] == paths[1])
    assert all("cannot read the partition" in message for _, message in summary.broken)
    assert summary.new == 24 + 12  # wires and rewrites, cuts (same texts are duplicates)
    engine = open_engine(pg)
    with engine.connect() as conn:
        failures = set(conn.execute(select(t.failures.c.input)).scalars())
        recorded = conn.execute(select(func.count()).select_from(t.ingest_partitions)).scalar()
    assert str(broken) in failures and all(name in failures for name, _ in summary.broken)
    assert recorded == len(parts) - len(summary.broken)
