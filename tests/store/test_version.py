"""The ledger version moves with every commit, from this connection pool or another process."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import insert

from dealgraph.store import tables as t
from dealgraph.store.engine import open_engine
from dealgraph.store.version import LedgerVersion


def _fail(engine: object, name: str) -> None:
    with engine.begin() as conn:  # type: ignore[attr-defined]
        conn.execute(insert(t.failures).values(input=name, message="x"))


def test_version_is_stable_while_nothing_is_written(tmp_path: Path) -> None:
    engine = open_engine(str(tmp_path / "v.db"))
    version = LedgerVersion(engine)
    assert version() == version() == version()


def test_commit_through_the_engine_moves_it(tmp_path: Path) -> None:
    engine = open_engine(str(tmp_path / "v.db"))
    version = LedgerVersion(engine)
    before = version()
    _fail(engine, "a")
    after = version()
    assert after != before
    _fail(engine, "b")
    assert version() not in (before, after)


def test_commit_by_another_process_moves_it(tmp_path: Path) -> None:
    engine = open_engine(str(tmp_path / "v.db"))
    version = LedgerVersion(engine)
    before = version()
    with sqlite3.connect(tmp_path / "v.db") as other:
        other.execute("INSERT INTO failures (input, message) VALUES ('c', 'x')")
    assert version() != before


def test_rolled_back_write_does_not_move_it(tmp_path: Path) -> None:
    engine = open_engine(str(tmp_path / "v.db"))
    version = LedgerVersion(engine)
    before = version()
    with engine.connect() as conn:
        conn.execute(insert(t.failures).values(input="d", message="x"))
        conn.rollback()
    assert version() == before


def test_in_memory_ledger_uses_the_id_probe() -> None:
    engine = open_engine("sqlite://")
    version = LedgerVersion(engine)
    before = version()
    assert version() == before
    _fail(engine, "e")
    assert version() != before
