"""Opening the ledger: a URL or a path in, a migrated SQLAlchemy engine out.

An SQLite path is opened in WAL mode (readers never wait for the writer, and a
killed writer loses at most its open transaction); a ``postgresql://`` URL is
mapped to the psycopg 3 driver. Either way the Alembic migrations are applied
before the engine is returned, so every caller sees the current schema.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError

from dealgraph.errors import StoreError
from dealgraph.store.guard import check_ledger, check_sqlite_file

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_MIGRATING = threading.Lock()
#: The PostgreSQL advisory lock key that serialises migrations (any fixed number).
MIGRATION_LOCK = 4_417_001


def database_url(value: str) -> str:
    """The SQLAlchemy URL for ``value``: a file path, ``sqlite:///...`` or a PostgreSQL URL.

    >>> database_url("postgresql://localhost/test")
    'postgresql+psycopg://localhost/test'
    """
    value = value.strip()
    if not value:
        raise StoreError("empty database name", input="--db")
    for prefix in ("postgresql://", "postgres://"):
        if value.startswith(prefix):
            return "postgresql+psycopg://" + value[len(prefix):]
    if "://" in value:
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL keeps readers (Datasette, queries) off the writer's back; NORMAL is
    # durable at each commit point in WAL mode, which is all resumability needs.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def open_engine(db: str, migrate: bool = True) -> Engine:
    """An engine on ``db`` (see :func:`database_url`), migrated to the latest schema.

    Raises :class:`StoreError` naming the database when it cannot be opened or migrated.
    """
    url = database_url(db)
    if url.startswith("sqlite:///") and "?" not in url:
        check_sqlite_file(Path(url.removeprefix("sqlite:///")))
    try:
        engine = create_engine(url, future=True)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        if migrate:
            upgrade(engine, _safe(db))
        else:
            with engine.connect() as connection:
                check_ledger(connection, known_revisions(), _safe(db))
    except (SQLAlchemyError, OSError) as exc:
        raise StoreError(f"cannot open the database: {exc}", input=_safe(db)) from None
    return engine


def _config() -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def known_revisions() -> frozenset[str]:
    """Every schema revision this version of dealgraph knows."""
    from alembic.script import ScriptDirectory

    return frozenset(s.revision for s in ScriptDirectory.from_config(_config()).walk_revisions())


def upgrade(engine: Engine, name: str | None = None) -> None:
    """Apply every pending Alembic migration to ``engine``'s database, all or nothing.

    Refuses (:class:`StoreError`) a database that is not a ledger or was written
    by a newer version. On SQLite the migrations run inside one ``BEGIN
    IMMEDIATE`` transaction: the driver would otherwise commit each DDL statement
    on its own, so an interrupted migration could leave half a schema, and two
    processes opening a new ledger at once would both try to create it.
    """
    from alembic import command

    config = _config()
    # Alembic keeps the running migration in module globals: one at a time per process.
    with _MIGRATING, engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        elif connection.dialect.name == "postgresql":
            # Held to the end of the transaction: a second process opening the same new
            # ledger waits here, then finds it migrated.
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        check_ledger(connection, known_revisions(), name or str(engine.url))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        connection.commit()


def _safe(db: str) -> str:
    """``db`` without a password, for messages."""
    if "@" in db and "://" in db:
        scheme, rest = db.split("://", 1)
        return f"{scheme}://***@{rest.rsplit('@', 1)[1]}"
    return db
