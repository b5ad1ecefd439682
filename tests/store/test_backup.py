"""`dealgraph backup` and `restore`: checked copies, nothing overwritten, safe during an ingest."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from dealgraph.errors import StoreError
from dealgraph.store.backup import backup, restore
from dealgraph.store.check import check
from dealgraph.store.engine import open_engine
from tests.store.builders import postgres_url
from tests.store.ledgers import articles, fill, snapshot
from tests.store.pg_server import Server


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dealgraph", *args], capture_output=True,
                          text=True, timeout=120)


def test_backup_then_restore_gives_the_same_ledger(db: str, tmp_path: Path) -> None:
    engine = open_engine(db)
    fill(engine, articles(15))
    before = snapshot(engine)
    saved = backup(db, str(tmp_path / "ledger.backup"))
    assert (saved.documents, saved.claims) == (15, 15)
    with pytest.raises(StoreError, match="holds 15 article"):
        restore(saved.path, db)  # a ledger with articles is not replaced unasked
    fill(engine, articles(5, start=15))
    restore(saved.path, db, replace=True)
    engine.dispose()
    restored = open_engine(db)
    assert check(restored) == []
    assert snapshot(restored) == before


def test_restore_into_a_new_sqlite_file_through_the_cli(tmp_path: Path) -> None:
    db, copy, target = (str(tmp_path / n) for n in ("a.db", "a.backup", "b.db"))
    fill(open_engine(db), articles(6))
    made = cli("backup", copy, "--db", db)
    assert made.returncode == 0, made.stderr
    assert "6 articles, 6 claims, checked" in made.stderr
    again = cli("backup", copy, "--db", db)
    assert again.returncode == 1
    assert again.stderr == f"Error: {copy}: already exists; a backup never overwrites a file\n"
    back = cli("restore", copy, "--db", target)
    assert back.returncode == 0, back.stderr
    assert snapshot(open_engine(target)) == snapshot(open_engine(db))


def test_a_truncated_or_foreign_backup_is_refused_and_the_ledger_kept(tmp_path: Path) -> None:
    db = str(tmp_path / "ledger.db")
    fill(open_engine(db), articles(10))
    before = snapshot(open_engine(db))
    saved = Path(backup(db, str(tmp_path / "full.backup")).path)
    cut = tmp_path / "cut.backup"
    cut.write_bytes(saved.read_bytes()[: len(saved.read_bytes()) // 2])
    photo = tmp_path / "photo.backup"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(5000))
    newer = tmp_path / "newer.backup"
    newer.write_bytes(saved.read_bytes())
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    for bad, why in ((cut, "truncated"), (photo, "not an SQLite"), (newer, "newer dealgraph")):
        result = cli("restore", str(bad), "--db", db, "--replace")
        assert result.returncode == 1
        assert result.stderr.startswith(f"Error: {bad}: ") and why in result.stderr
    assert snapshot(open_engine(db)) == before


def test_a_backup_taken_during_an_ingest_restores_to_a_sound_ledger(tmp_path: Path) -> None:
    db = str(tmp_path / "busy.db")
    engine = open_engine(db)
    fill(engine, articles(5))
    writer = threading.Thread(target=fill, args=(engine, articles(60, start=5)))
    writer.start()
    copies = []
    while writer.is_alive() and len(copies) < 6:
        copies.append(backup(db, str(tmp_path / f"during-{len(copies)}.backup")))
    writer.join()
    assert copies, "the ingest ended before any backup was taken"
    for n, saved in enumerate(copies):
        target = str(tmp_path / f"restored-{n}.db")
        restore(saved.path, target)
        restored = open_engine(target)
        assert check(restored) == []
        assert snapshot(restored)["counts"]["documents"] == saved.documents  # type: ignore[index]
    assert copies[-1].documents >= copies[0].documents >= 5


@pytest.fixture
def two_schemas() -> Iterator[tuple[str, str]]:
    """Two ledgers on the shared PostgreSQL server, each in its own fresh schema."""
    first, second = postgres_url(), postgres_url()
    try:
        yield next(first), next(second)
    finally:
        first.close()  # drops the schemas
        second.close()


def test_a_postgresql_backup_restores_into_another_schema_beside_the_first(
        two_schemas: tuple[str, str], tmp_path: Path) -> None:
    origin, other = two_schemas
    engine = open_engine(origin)
    fill(engine, articles(12))
    before = snapshot(engine)
    saved = backup(origin, str(tmp_path / "ledger.backup"))
    assert (saved.documents, saved.claims) == (12, 12)
    back = cli("restore", saved.path, "--db", other)
    assert back.returncode == 0, back.stderr
    restored = open_engine(other)
    assert check(restored) == []
    assert snapshot(restored) == before
    assert snapshot(engine) == before, "the schema backed up is left as it was"
    fill(restored, articles(3, start=12))  # the moved sequences go on numbering
    assert check(restored) == []
    with pytest.raises(StoreError, match="holds 15 article"):
        restore(saved.path, other)
    fill(engine, articles(2, start=40))
    restore(saved.path, other, replace=True)
    assert snapshot(restored) == before
    restore(saved.path, origin, replace=True)  # and into the schema it came from
    assert snapshot(engine) == before
    restored.dispose()
    engine.dispose()


def test_a_whole_database_backup_restores_into_a_schema_of_another_database(
        pg_server: Server, tmp_path: Path) -> None:
    source = pg_server.create_database("whole_source")
    engine = open_engine(source)  # the ledger in the database's public schema
    fill(engine, articles(8))
    before = snapshot(engine)
    saved = backup(source, str(tmp_path / "whole.backup"))
    target_db = pg_server.create_database("whole_target")
    target = f"{target_db}?options=-csearch_path%3Dledger"
    restore(saved.path, target)
    restored = open_engine(target)
    assert check(restored) == []
    assert snapshot(restored) == before
    with restored.connect() as conn:
        schemas = set(conn.exec_driver_sql(
            "SELECT DISTINCT table_schema FROM information_schema.tables "
            "WHERE table_name = 'documents'").scalars())
    assert schemas == {"ledger"}
    restored.dispose()
    engine.dispose()
