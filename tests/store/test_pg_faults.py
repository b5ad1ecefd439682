"""PostgreSQL faults on a throwaway server: it stops mid-ingest, it runs out of disk.

Each case ends the same way as the SQLite fault tests: the ledger passes
`check`, holds no partial article, and a rerun completes it to exactly what a
clean run on the same server gives.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from dealgraph.errors import DatabaseDown
from dealgraph.store.check import check
from dealgraph.store.engine import open_engine
from tests.store.builders import IN_CI, Article
from tests.store.ledgers import articles, fill, snapshot
from tests.store.pg_server import Server, small_filesystem

#: Seconds a stopped server stays down before it is started again.
DOWN_FOR = 1.5


def clean_run(server: Server, name: str, batch: list[Article]) -> dict[str, object]:
    engine = open_engine(server.create_database(name))
    try:
        fill(engine, batch)
        return snapshot(engine)
    finally:
        engine.dispose()


def documents(server: Server, database: str) -> int:
    """Articles stored so far (0 before the tables exist), read on a connection of its own."""
    import psycopg

    with psycopg.connect(f"host=127.0.0.1 port={server.port} dbname={database} user=postgres",
                         connect_timeout=5) as conn:
        if conn.execute("SELECT to_regclass('documents')").fetchone() == (None,):
            return 0  # not migrated yet
        row = conn.execute("SELECT count(*) FROM documents").fetchone()
        return int(row[0]) if row else 0


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {seconds:.0f} s for {what}")
        time.sleep(0.05)


def same_ledger(engine: Engine, expected: dict[str, object]) -> None:
    assert check(engine) == []
    got = snapshot(engine)
    assert got["per_doc"] == expected["per_doc"]
    assert got["deals"] == expected["deals"]
    assert got["counts"] == expected["counts"]


def test_a_server_that_stops_mid_ingest_and_comes_back_loses_nothing(pg_server: Server) -> None:
    batch = articles(400)
    expected = clean_run(pg_server, "restart_clean", batch)
    engine = open_engine(pg_server.create_database("restart"))
    outcome: dict[str, Any] = {}

    def ingest() -> None:
        try:
            outcome["summary"] = fill(engine, batch)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            outcome["error"] = exc

    writer = threading.Thread(target=ingest)
    writer.start()
    wait_for(lambda: documents(pg_server, "restart") >= 30, 120, "the ingest to start")
    pg_server.stop("immediate")  # as a crash: open transactions are lost, not committed
    assert writer.is_alive(), "the ingest ended before the server was stopped"
    time.sleep(DOWN_FOR)
    pg_server.start()
    writer.join(timeout=300)
    assert not writer.is_alive()
    assert "error" not in outcome, outcome.get("error")  # the lost connections were retried
    assert outcome["summary"].failed == 0
    assert check(engine) == []
    rerun = fill(engine, batch)
    assert (rerun.new, rerun.failed) == (0, 0), "the ingest had stored every article itself"
    same_ledger(engine, expected)
    engine.dispose()


def as_files(batch: list[Article], folder: Path) -> list[str]:
    folder.mkdir()
    for a in batch:
        (folder / f"{a.key}.txt").write_text(f" date {a.published} {a.title}\n{a.text}\n")
    return sorted(str(p) for p in folder.iterdir())


def cli_ingest(paths: list[str], url: str) -> subprocess.Popen[str]:
    env = {**os.environ, "DEALGRAPH_NER": "false"}
    return subprocess.Popen([sys.executable, "-m", "dealgraph", "ingest", *paths, "--db", url,
                             "--format", "json", "--quiet"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def test_a_server_that_stays_down_stops_the_ingest_with_one_error(pg_server: Server,
                                                                    tmp_path: Path) -> None:
    paths = as_files(articles(60), tmp_path / "articles")
    clean_url = pg_server.create_database("down_clean")
    clean = cli_ingest(paths, clean_url)
    _, err = clean.communicate(timeout=600)
    assert clean.returncode == 0, err
    url = pg_server.create_database("down")
    run = cli_ingest(paths, url)
    try:
        wait_for(lambda: documents(pg_server, "down") >= 3 or run.poll() is not None, 300,
                 "the ingest to store its first articles")
        pg_server.stop("immediate")
        assert run.poll() is None, "the ingest ended before the server was stopped"
        out, err = run.communicate(timeout=120)  # it retries for a while, then gives up
    finally:
        if run.poll() is None:
            run.kill()
        if not pg_server.running():
            pg_server.start()
    assert run.returncode == 1
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"Error: postgresql+psycopg://postgres@127.0.0.1:{pg_server.port}"
                               "/down: the database is unreachable"), err
    stored = documents(pg_server, "down")
    assert 3 <= stored < len(paths)
    engine = open_engine(url)
    assert check(engine) == []
    again = subprocess.run([sys.executable, "-m", "dealgraph", "ingest", *paths, "--db", url,
                            "--format", "json", "--quiet"], capture_output=True, text=True,
                           env={**os.environ, "DEALGRAPH_NER": "false"}, timeout=600)
    assert again.returncode == 0, again.stderr
    assert f'"duplicate": {stored}' in again.stdout, again.stdout  # kept, not stored twice
    same_ledger(engine, snapshot(open_engine(clean_url)))
    engine.dispose()


def bulky(batch: list[Article], size: int = 5_000) -> list[Article]:
    """``batch`` with ``size`` characters of incompressible words added to each article.

    A reprint gets the same words as the article it reprints, so it stays a copy.
    """
    made = []
    for a in batch:
        seed = a.extra.removesuffix(" Reprinted with permission.")
        pick = random.Random(seed)  # noqa: S311 - filler text, not a secret
        words: list[str] = []
        while sum(len(w) + 1 for w in words) < size:
            words.append("".join(pick.choice("abcdefghijklmnopqrstuvwxyz")
                                 for _ in range(pick.randint(3, 9))))
        made.append(replace(a, extra=f"{a.extra} {' '.join(words)}."))
    return made


def test_a_full_disk_is_a_clear_error_and_no_partial_article(pg_server: Server) -> None:
    batch = bulky(articles(120))
    expected = clean_run(pg_server, "full_clean", batch)
    url = pg_server.create_database("fulldisk")
    with ExitStack() as stack:
        try:
            where = stack.enter_context(small_filesystem(pg_server.folder / "small", 32))
        except RuntimeError as exc:
            if IN_CI:
                pytest.fail(str(exc))
            pytest.skip(str(exc))
        space = where / "ledger"
        space.mkdir()
        pg_server.give(space)
        with pg_server.admin() as admin:
            admin.execute(f"CREATE TABLESPACE small LOCATION '{space}'")
            # Every table and index of the ledger goes to the small filesystem.
            admin.execute("ALTER DATABASE fulldisk SET default_tablespace = small")
        stack.callback(drop, pg_server, "fulldisk", "small")
        engine = open_engine(url)
        with engine.connect() as conn:
            places = set(conn.execute(text(
                "SELECT DISTINCT coalesce(tablespace, '') FROM pg_tables "
                "WHERE schemaname = 'public'")).scalars())
        assert places == {"small"}
        fill(engine, batch[:5])
        free = os.statvfs(where)
        ballast = where / "ballast"
        with ballast.open("wb") as f:  # leave about a megabyte and a half for the ledger
            f.write(b"\0" * (free.f_bavail * free.f_frsize - 1_500_000))
        with pytest.raises(DatabaseDown, match="the database is full") as raised:
            fill(engine, batch)
        assert str(raised.value).startswith(
            f"postgresql+psycopg://postgres@127.0.0.1:{pg_server.port}/fulldisk: ")
        assert "\n" not in str(raised.value)
        engine.dispose()
        reopened = open_engine(url)
        assert check(reopened) == []
        stored = snapshot(reopened)
        held = stored["counts"]["documents"]  # type: ignore[index]
        assert 5 < held < len(batch)
        assert held == stored["counts"]["claims"], "an article was stored without its claim"  # type: ignore[index]
        ballast.unlink()  # room again: the rerun completes
        rerun = fill(reopened, batch)
        assert (rerun.new, rerun.duplicate) == (len(batch) - held, held)
        same_ledger(reopened, expected)
        reopened.dispose()


def drop(server: Server, database: str, tablespace: str) -> None:
    """Drop the database and its tablespace, so the small filesystem can be unmounted."""
    with server.admin() as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        admin.execute(f"DROP TABLESPACE IF EXISTS {tablespace}")
