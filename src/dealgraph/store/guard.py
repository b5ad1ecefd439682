"""Refusing, before anything is written, a database that dealgraph must not touch.

Opening a ledger migrates it, and SQLite turns any missing path into a new
database; so a mistyped ``--db`` pointing at a photo, a half-copied ledger or a
ledger written by a newer dealgraph would be damaged by the first write. These
checks run before that write and raise :class:`StoreError` naming the file:

- an SQLite path that exists but is not an SQLite database (its first 16 bytes
  are SQLite's magic string in every database file);
- an SQLite file shorter than the size its own header records (a truncated copy);
- a database whose tables are not a ledger's (other tables, no ledger's);
- a ledger whose schema revision this version does not know (written by a newer one).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, inspect, text

from dealgraph.errors import StoreError

MAGIC = b"SQLite format 3\x00"
HEADER = 100
#: Tables every ledger has, whatever its schema revision.
LEDGER_TABLES = frozenset({"documents", "claims", "deals"})


def absent(db: str) -> bool:
    """Whether ``db`` names an SQLite file that does not exist (or is empty)."""
    if "://" in db:
        return False
    path = Path(db).expanduser()
    return not path.exists() or path.stat().st_size == 0


def check_sqlite_file(path: Path) -> None:
    """Raise unless ``path`` is absent, empty, or a whole SQLite database file."""
    try:
        size = path.stat().st_size
        if size == 0:
            return
        with path.open("rb") as stream:
            head = stream.read(HEADER)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"cannot read the database file: {exc.strerror or exc}",
                         input=str(path)) from None
    if not head.startswith(MAGIC):
        raise StoreError("not an SQLite database (nothing was changed)", input=str(path),
                         hint="give --db a dealgraph ledger or a new file name")
    if len(head) < HEADER:
        raise StoreError("the SQLite file is truncated: its header is incomplete",
                         input=str(path))
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    # The page count in the header is trusted by SQLite only when written by a
    # version that also stamps the change counter at offset 92 (every one since 2010).
    if pages and head[24:28] == head[92:96] and size < pages * page_size:
        raise StoreError(
            f"the SQLite file is truncated: {size} bytes where its header says "
            f"{pages * page_size} (nothing was changed)", input=str(path),
            hint="restore it from a backup with 'dealgraph restore'")


def check_ledger(conn: Connection, known: frozenset[str], name: str) -> None:
    """Raise unless ``conn``'s database is empty or a ledger at a revision in ``known``."""
    tables = set(inspect(conn).get_table_names())
    if not tables:
        return
    if "alembic_version" not in tables or not LEDGER_TABLES <= tables:
        if tables & LEDGER_TABLES == set():
            raise StoreError("holds other tables, not a dealgraph ledger (nothing was changed)",
                             input=name, hint="give --db a ledger or a new, empty database")
        missing = ", ".join(sorted(LEDGER_TABLES - tables)) or "alembic_version"
        raise StoreError(f"not a whole dealgraph ledger: no {missing} table (nothing was changed)",
                         input=name)
    revisions = {row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))}
    unknown = revisions - known
    if unknown:
        raise StoreError(
            f"written by a newer dealgraph (schema revision {', '.join(sorted(unknown))}); "
            "this version cannot read it and changed nothing", input=name,
            hint="upgrade dealgraph")
