"""Hostile inputs through ``dealgraph ingest`` in a child process with capped memory.

Shared by the fast test (a handful of kinds, with ``make test``) and the bench
step that feeds every kind at once (``make bench``, which prints the peak).
The child's data memory is capped (RLIMIT_DATA) so an input that needed more
would kill the run with a MemoryError; its resident peak is measured on the
child alone (``wait4``). A local HTTP server counts any fetch an input tricked
the reader into making.
"""

from __future__ import annotations

import http.server
import os
import resource
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.sources.hostile import ARTICLE, BUILDERS, WATCH_PORT_ENV

MEMORY_LIMIT = 1 << 30
#: Resident memory a Python process with numpy and spaCy maps from shared libraries.
SHARED_MARGIN = 512 << 20
#: Seconds after which a hung run is killed.
HANG_LIMIT = 900


@contextmanager
def watching() -> Iterator[list[str]]:
    """A local HTTP server recording every path asked of it; its port in the environment."""
    asked: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            asked.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'<!ENTITY leak "FETCHED">')

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    before = os.environ.get(WATCH_PORT_ENV)
    os.environ[WATCH_PORT_ENV] = str(server.server_address[1])
    try:
        yield asked
    finally:
        server.shutdown()
        if before is None:
            os.environ.pop(WATCH_PORT_ENV, None)
        else:
            os.environ[WATCH_PORT_ENV] = before


@dataclass
class HostileRun:
    """What one ingest of hostile inputs did."""

    inputs: list[Path]
    honest: Path
    returncode: int
    stderr: str
    peak_rss: int  # bytes, the child's own
    seconds: float
    stored: set[str]  # origins of the stored articles
    failed: int  # rows in the ledger's failures table

    @property
    def bounded(self) -> bool:
        """Whether the resident peak stayed under the cap plus the shared-library margin."""
        return self.peak_rss < MEMORY_LIMIT + SHARED_MARGIN


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_DATA, (MEMORY_LIMIT, MEMORY_LIMIT))


def ingest_hostile(kinds: Iterable[str], folder: Path) -> HostileRun:
    """Build ``kinds`` under ``folder`` and ingest them at once beside one honest article."""
    inputs = folder / "inputs"
    inputs.mkdir()
    paths = [p for kind in kinds for p in BUILDERS[kind](inputs)]
    honest = inputs / "zz-honest.txt"
    honest.write_text(" date 2026-03-03 Borealis backs Acme\n" + ARTICLE.replace("Tuesday", "Friday"))
    db = folder / "ledger.db"
    env = {**os.environ, "DEALGRAPH_NER": "false"}
    start = time.monotonic()
    out, err = folder / "stdout", folder / "stderr"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        proc = subprocess.Popen([sys.executable, "-m", "dealgraph", "ingest", *map(str, paths),  # noqa: S603
                                 str(honest), "--db", str(db), "--format", "json"],
                                stdout=stdout, stderr=stderr, env=env,
                                preexec_fn=_limit_memory, cwd=folder)
        guard = threading.Timer(HANG_LIMIT, proc.kill)  # a hung run fails instead of blocking
        guard.start()
        # this child's own peak: RUSAGE_CHILDREN would count every earlier child of the run
        _, status, usage = os.wait4(proc.pid, 0)
        guard.cancel()
    stored: set[str] = set()
    failed = 0
    if db.exists():
        with sqlite3.connect(db) as conn:
            stored = {row[0] for row in conn.execute("SELECT origin FROM documents")}
            failed = conn.execute("SELECT count(*) FROM failures").fetchone()[0]
    return HostileRun(paths, honest, os.waitstatus_to_exitcode(status),
                      err.read_bytes().decode("utf-8", "replace"), usage.ru_maxrss * 1024,
                      time.monotonic() - start, stored, failed)
