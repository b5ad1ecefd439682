"""Backing a ledger up to a file and restoring it, each step verified.

SQLite: the online backup API copies the live database page by page, taking a
consistent snapshot even while an ingest writes (a writer's open transaction is
simply not in it). PostgreSQL: ``pg_dump`` in its custom format, and
``pg_restore`` back, limited to the ledger's schema when the URL names one
(``options=-csearch_path=...``); a backup restores into another schema than
the one it was taken from (see :func:`_restore_elsewhere`).

Both directions refuse to leave something unverified behind. A backup is
written to a temporary name beside its target, checked (:mod:`.check`), and
only then renamed into place; an existing file is never overwritten. A restore
first checks the backup itself (it must be a sound ledger this version can
read), refuses to replace a ledger that holds articles unless told to, then
migrates the restored copy to the current schema and checks it again.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy import Engine, create_engine, func, select

from dealgraph.errors import StoreError
from dealgraph.store import tables as t
from dealgraph.store.check import Problem, check
from dealgraph.store.engine import database_url, open_engine
from dealgraph.store.guard import MAGIC


@dataclass(frozen=True)
class Copied:
    """What a backup or restore moved: where, and how many articles and claims."""

    path: str
    documents: int
    claims: int


def counts(engine: Engine) -> tuple[int, int]:
    """The number of articles and claims in the ledger behind ``engine``."""
    with engine.connect() as conn:
        docs = conn.execute(select(func.count()).select_from(t.documents)).scalar_one()
        claims = conn.execute(select(func.count()).select_from(t.claims)).scalar_one()
    return int(docs), int(claims)


def _require_sound(engine: Engine, what: str) -> None:
    problems = check(engine)
    if problems:
        raise StoreError(f"fails the integrity check: {_summary(problems)}", input=what)


def _summary(problems: list[Problem]) -> str:
    return "; ".join(str(p) for p in problems)


def backup(db: str, path: str) -> Copied:
    """Copy the ledger ``db`` to the new file ``path``; checked before it is kept."""
    target = Path(path)
    if target.exists():
        raise StoreError("already exists; a backup never overwrites a file", input=path)
    if not target.parent.is_dir():
        raise StoreError("its folder does not exist", input=path)
    engine = open_engine(db)
    try:
        if engine.dialect.name == "sqlite":
            return _backup_sqlite(engine, target)
        if engine.dialect.name == "postgresql":
            return _backup_postgres(db, engine, target)
        raise StoreError(f"cannot back up a {engine.dialect.name} database", input=db)
    finally:
        engine.dispose()


@contextmanager
def _temporary_beside(target: Path) -> Iterator[Path]:
    """A fresh path in ``target``'s folder (so the final rename is atomic), removed if left."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
    finally:
        for leftover in (temp, Path(f"{temp}-wal"), Path(f"{temp}-shm")):
            leftover.unlink(missing_ok=True)


def _backup_sqlite(engine: Engine, target: Path) -> Copied:
    source_file = engine.url.database
    if not source_file:
        raise StoreError("an in-memory database has nothing to back up")
    with _temporary_beside(target) as temp:
        source = sqlite3.connect(source_file, timeout=30)
        copy = sqlite3.connect(temp)
        try:
            # pages=0: the whole file in one step, so the snapshot is one instant.
            source.backup(copy, pages=0)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        except sqlite3.Error as exc:
            raise StoreError(f"the backup failed: {exc}", input=str(target)) from None
        finally:
            copy.close()
            source.close()
        copied = _verify_file(temp, str(target))
        os.replace(temp, target)
    return Copied(str(target), *copied)


def _verify_file(path: Path, name: str) -> tuple[int, int]:
    """Check an SQLite backup file as a ledger; its article and claim counts."""
    engine = create_engine(database_url(str(path)))
    try:
        _require_sound(engine, name)
        return counts(engine)
    finally:
        engine.dispose()


def restore(path: str, db: str, replace: bool = False) -> Copied:
    """Put the backup ``path`` in place of the ledger ``db``, checked before and after.

    Refuses when ``db`` already holds articles unless ``replace`` is true.
    """
    source = Path(path)
    if not source.is_file():
        raise StoreError("no such backup file", input=path)
    url = database_url(db)
    if url.startswith("postgresql"):
        return _restore_postgres(source, db, replace)
    if not url.startswith("sqlite:///"):
        raise StoreError("can restore only into an SQLite file or a PostgreSQL database", input=db)
    with source.open("rb") as stream:
        if not stream.read(len(MAGIC)) == MAGIC:
            raise StoreError("not an SQLite ledger backup", input=path)
    check_backup = open_engine(str(source), migrate=False)  # refuses a newer or foreign file
    try:
        _require_sound(check_backup, path)
    finally:
        check_backup.dispose()
    target_file = Path(url.removeprefix("sqlite:///"))
    if target_file.exists() and target_file.stat().st_size:
        _refuse_if_holding(db, replace)
    with _temporary_beside(target_file) as temp:
        shutil.copyfile(source, temp)
        engine = open_engine(str(temp))  # migrates an older backup to today's schema
        try:
            _require_sound(engine, path)
            copied = counts(engine)
        finally:
            engine.dispose()
        for stale in (Path(f"{target_file}-wal"), Path(f"{target_file}-shm")):
            stale.unlink(missing_ok=True)
        os.replace(temp, target_file)
    return Copied(db, *copied)


def _refuse_if_holding(db: str, replace: bool) -> None:
    engine = open_engine(db, migrate=False)
    try:
        held = counts(engine)[0]
    except Exception:  # noqa: BLE001 - an empty database has no tables: nothing to lose
        held = 0
    finally:
        engine.dispose()
    if held and not replace:
        raise StoreError(f"holds {held} article(s); restoring would replace them",
                         input=db, hint="pass --replace to restore over it")


# -- PostgreSQL -------------------------------------------------------------------------


def _pg_target(db: str) -> tuple[str, str | None]:
    """A libpq URL for the command-line tools, and the ledger's schema when the URL sets one."""
    url = db if "://" in db else db
    url = url.replace("postgresql+psycopg://", "postgresql://")
    parts = urlsplit(url)
    schema = None
    for option in parse_qs(parts.query).get("options", []):
        for word in unquote(option).split():
            if word.startswith("-csearch_path="):
                schema = word.split("=", 1)[1].split(",")[0].strip()
    return url, schema


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise StoreError(f"the PostgreSQL tool {name} is not installed",
                         hint=f"install the PostgreSQL client (it provides {name})")
    return found


def _run(command: list[str], what: str, stdin: IO[bytes] | None = None) -> str:
    """Run a PostgreSQL tool; its output, or :class:`StoreError` with its own words."""
    result = subprocess.run(command, stdin=stdin, capture_output=True, check=False)  # noqa: S603
    if result.returncode != 0:
        stderr = result.stderr.decode("utf-8", "replace")
        message = " ".join(stderr.split())[:500] or f"exit status {result.returncode}"
        raise StoreError(f"{command[0].rsplit('/', 1)[-1]} failed: {message}", input=what)
    return result.stdout.decode("utf-8", "replace")


def _backup_postgres(db: str, engine: Engine, target: Path) -> Copied:
    _require_sound(engine, db)
    url, schema = _pg_target(db)
    with _temporary_beside(target) as temp:
        command = [_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={temp}"]
        if schema:
            command.append(f"--schema={schema}")
        _run([*command, url], str(target))
        # pg_restore --list reads the whole archive's table of contents: a cut file fails it.
        _run([_tool("pg_restore"), "--list", str(temp)], str(target))
        os.replace(temp, target)
    return Copied(str(target), *counts(engine))


def _restore_postgres(source: Path, db: str, replace: bool) -> Copied:
    listing = _run([_tool("pg_restore"), "--list", str(source)], str(source))
    origin = _archived_schema(listing)
    if origin is None:
        raise StoreError("holds no ledger (no documents table)", input=str(source))
    _refuse_if_holding(db, replace)
    url, schema = _pg_target(db)
    target = schema or "public"
    if origin == target:
        command = [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner",
                   "--single-transaction", "--exit-on-error", f"--dbname={url}",
                   f"--schema={target}"]
        _run([*command, str(source)], str(source))
    else:
        _restore_elsewhere(source, url, origin, target)
    engine = open_engine(db)
    try:
        _require_sound(engine, str(source))
        return Copied(db, *counts(engine))
    finally:
        engine.dispose()


def _archived_schema(listing: str) -> str | None:
    """The schema of the ledger in a ``pg_restore --list`` table of contents."""
    found = re.search(r"^\d+; \d+ \d+ TABLE (\S+) documents ", listing, re.MULTILINE)
    return found[1] if found else None


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _restore_elsewhere(source: Path, url: str, origin: str, target: str) -> None:
    """Restore a ledger backed up from schema ``origin`` into schema ``target``.

    ``pg_restore`` can only recreate objects under the names they were dumped
    with, so the ledger is restored under ``origin``, its tables moved to
    ``target`` (their sequences, indexes and constraints move with them), and
    ``origin`` removed again. A live schema of that name in this database is set
    aside under a fresh name meanwhile and then put back. All of it runs in one
    transaction, so other sessions see the old state or the new, never a step
    between, and a failure leaves both schemas as they were.
    """
    aside = f"{origin}_aside_{secrets.token_hex(4)}"
    o, tgt, a = _literal(origin), _literal(target), _literal(aside)
    replaced = ", ".join(_literal(name) for name in sorted({*t.metadata.tables, "alembic_version"}))
    tables_of_origin = ("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = "
                        f"c.relnamespace WHERE n.nspname = {o} AND c.relkind IN ('r', 'p')")
    before = (f"DO $$ BEGIN IF EXISTS (SELECT FROM pg_namespace WHERE nspname = {o}) THEN "
              f"EXECUTE format('ALTER SCHEMA %I RENAME TO %I', {o}, {a}); END IF; END $$; "
              f"DO $$ BEGIN EXECUTE format('CREATE SCHEMA %I', {o}); END $$;")
    after = (f"DO $$ BEGIN EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I', {tgt}); END $$; "
             "DO $$ DECLARE r record; BEGIN "
             f"FOR r IN {tables_of_origin} UNION SELECT unnest(ARRAY[{replaced}]) LOOP "
             f"EXECUTE format('DROP TABLE IF EXISTS %I.%I CASCADE', {tgt}, r.relname); END LOOP; "
             f"FOR r IN {tables_of_origin} LOOP "
             f"EXECUTE format('ALTER TABLE %I.%I SET SCHEMA %I', {o}, r.relname, {tgt}); END LOOP; "
             f"EXECUTE format('DROP SCHEMA %I', {o}); "
             f"IF EXISTS (SELECT FROM pg_namespace WHERE nspname = {a}) THEN "
             f"EXECUTE format('ALTER SCHEMA %I RENAME TO %I', {a}, {o}); END IF; END $$;")
    script = subprocess.Popen([_tool("pg_restore"), f"--schema={origin}", "--no-owner",  # noqa: S603
                               "--file=-", str(source)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    try:
        _run([_tool("psql"), "--no-psqlrc", "--quiet", "--single-transaction",
              "--set=ON_ERROR_STOP=1", f"--dbname={url}", f"--command={before}", "--file=-",
              f"--command={after}"], str(source), stdin=script.stdout)
    finally:
        if script.stdout is not None:
            script.stdout.close()
        _, err = script.communicate()
    if script.returncode != 0:
        message = " ".join(err.decode("utf-8", "replace").split())[:500]
        raise StoreError(f"pg_restore failed: {message or script.returncode}", input=str(source))
