"""Store faults: a failure at every write step, a full disk, two writers, broken migrations.

After each fault the ledger must pass `check`, hold every article stored
before the fault, and a rerun must complete it to exactly what a clean run
gives: nothing lost, nothing doubled.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event

from dealgraph.errors import StoreError
from dealgraph.store.check import check
from dealgraph.store.engine import MIGRATIONS, database_url, open_engine
from tests.store.ledgers import articles, fill, snapshot


class Injected(Exception):
    """The failure the hook raises."""


@contextmanager
def fail_at(engine: Engine, n: int, writes_only: bool = True) -> Iterator[list[int]]:
    """Make the ``n``-th statement (counting writes only, by default) raise :class:`Injected`."""
    seen = [0]

    def hook(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if writes_only and statement.lstrip().split(" ", 1)[0].upper() not in (
                "INSERT", "UPDATE", "DELETE", "CREATE", "ALTER", "DROP"):
            return
        seen[0] += 1
        if seen[0] == n:
            raise Injected(f"fault injected at write {n}")

    event.listen(engine, "before_cursor_execute", hook)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", hook)


def clean_run(db: str, batch: list[Any]) -> dict[str, object]:
    engine = open_engine(db)
    fill(engine, batch)
    return snapshot(engine)


def test_a_failure_at_every_write_step_leaves_a_sound_ledger(db: str, tmp_path: Path) -> None:
    first = articles(4)
    probe = open_engine(str(tmp_path / "probe.db"))
    fill(probe, first)
    with fail_at(probe, 10**9) as counted:  # the writes one batch of three articles makes
        fill(probe, articles(3, start=4))
    steps = counted[0]
    assert steps >= 10
    engine = open_engine(db)
    fill(engine, first)
    done = list(first)
    struck = 0
    for n in range(1, steps + 1):
        batch = articles(3, start=len(done))  # a fresh batch of the same shape for each step
        before = snapshot(engine)
        try:
            with fail_at(engine, n):
                fill(engine, batch)
        except Injected:
            struck += 1
        assert check(engine) == [], f"after a fault at write {n}"
        stored = dict(snapshot(engine)["per_doc"])  # type: ignore[arg-type]
        assert all(stored[key] == count for key, count in before["per_doc"])  # type: ignore[union-attr]
        fill(engine, batch)  # the rerun completes the work
        done += batch
    assert struck >= steps * 3 // 4, "the hook must strike at (nearly) every write step"
    assert check(engine) == []
    expected = clean_run(str(tmp_path / "clean.db"), done)
    got = snapshot(engine)
    assert got["per_doc"] == expected["per_doc"]
    assert got["deals"] == expected["deals"]
    assert got["counts"] == expected["counts"]


def test_a_full_disk_is_a_clear_error_and_no_partial_article(tmp_path: Path) -> None:
    db = str(tmp_path / "small.db")
    engine = open_engine(db)
    fill(engine, articles(5))
    pages = sqlite3.connect(db).execute("PRAGMA page_count").fetchone()[0]

    def cap(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 1}")

    full = create_engine(database_url(db))
    event.listen(full, "connect", cap)
    with pytest.raises(StoreError, match="full") as raised:
        fill(full, articles(200, start=5))
    assert db in str(raised.value)
    full.dispose()
    after = open_engine(db)
    assert check(after) == []
    stored = snapshot(after)
    assert stored["counts"]["documents"] == stored["counts"]["claims"]  # type: ignore[index]
    fill(after, articles(200, start=5))  # room again: the rerun completes
    assert snapshot(after)["counts"]["documents"] == 205  # type: ignore[index]


def test_two_ingests_at_once_lose_and_double_nothing(db: str, tmp_path: Path) -> None:
    batch = articles(40)
    expected = clean_run(str(tmp_path / "clean.db"), batch)
    open_engine(db).dispose()
    errors: list[BaseException] = []

    def writer(part: list[Any]) -> None:
        try:
            fill(open_engine(db), part)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    # Both writers get every article, in opposite orders: each must be stored once.
    threads = [threading.Thread(target=writer, args=(batch,)),
               threading.Thread(target=writer, args=(batch[::-1],))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    engine = open_engine(db)
    assert check(engine) == []
    got = snapshot(engine)
    assert got["per_doc"] == expected["per_doc"]
    assert got["deals"] == expected["deals"]


def test_an_interrupted_migration_is_rolled_back_and_rerun(tmp_path: Path) -> None:
    db = str(tmp_path / "new.db")
    for n in (1, 3, 6, 12):
        raw = create_engine(database_url(db))
        with fail_at(raw, n), pytest.raises(Exception, match="fault injected"):
            from dealgraph.store.engine import upgrade

            upgrade(raw)
        with sqlite3.connect(db) as conn:
            tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master")]
        assert tables == [], f"a migration cut at statement {n} left {tables}"
        raw.dispose()
    engine = open_engine(db)
    fill(engine, articles(3))
    assert check(engine) == []


def revisions() -> list[str]:
    return sorted(p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("0*.py"))


@pytest.mark.parametrize("revision", revisions()[:-1])
def test_every_past_schema_is_upgraded_with_its_data(revision: str, tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config

    db = str(tmp_path / "old.db")
    old = create_engine(database_url(db))
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with old.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
        rows = []
        for a in articles(3):
            rows.append({"key": a.key, "url": a.url, "title": a.title, "text": a.text,
                         "content_hash": a.key, "supported": 1, "story_place": 0})
        from dealgraph.store import tables as t
        columns = {c["name"] for c in __import__("sqlalchemy").inspect(conn).get_columns(
            "documents")}
        conn.execute(t.documents.insert(), [{k: v for k, v in r.items() if k in columns}
                                            for r in rows])
        conn.execute(t.stories.insert(), [{"id": i + 1, "title": "s", "documents": 1}
                                          for i in range(3)])
        conn.exec_driver_sql("UPDATE documents SET story_id = id")
    old.dispose()
    engine = open_engine(db)  # migrates to the latest revision
    with engine.connect() as conn:
        version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    assert version == revisions()[-1]
    assert snapshot(engine)["counts"]["documents"] == 3  # type: ignore[index]
    assert check(engine) == []
    fill(engine, articles(3, start=3))
    assert snapshot(engine)["counts"]["documents"] == 6  # type: ignore[index]
