"""Hostile and broken inputs: each is refused or read cleanly, in bounded time and memory.

Each kind (see ``hostile.py``) is read alone through the readers, with a time
bound; then all of them at once go through ``dealgraph ingest`` in a child
process whose memory is capped at 1 GB (an rlimit), beside one honest article
that must still be stored, while a local HTTP server counts any fetch an input
tricked the reader into making.
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
from collections.abc import Iterator
from pathlib import Path

import pytest

from dealgraph.records import Document
from dealgraph.sources.reader import Failure, read_inputs
from tests.sources.hostile import ARTICLE, BUILDERS, WATCH_PORT_ENV

#: Seconds one input may take to be read or refused.
TIME_LIMIT = 15
MEMORY_LIMIT = 1 << 30
#: Resident memory a Python process with numpy and spaCy maps from shared libraries.
SHARED_MARGIN = 512 << 20

#: What a clean outcome is for each kind: the words of its error, or None when the
#: article is read (its text cleaned where it held what no store can keep).
REFUSED = {
    "billion_laughs": "declares XML entities",
    "quadratic_blowup": "declares XML entities",
    "external_entity": "declares XML entities",
    "parameter_entity": "declares XML entities",
    "atom_bomb": "declares XML entities",
    "feed_of_many_items": "100000 items, over the limit",
    "feed_nested_deep": "Excessive depth",
    "gzip_bomb": "compression bomb",
    "gzip_bomb_of_lines": "compression bomb",
    "not_gzip": "not a valid gzip file",
    "truncated_gzip": "not a valid gzip file",
    "text_long_line": "over the 20 MB limit",
    "nul_bytes": "binary file",
    "binary_file": "binary file",
    "html_deep": "over 50000 tags",
    "html_many_links": "over 50000 tags",
    "empty_file": "empty file",
    "fifo": "not a regular file",
    "device": "not a regular file",
}
#: Kinds that give one bad item (refused) and then the honest article after it.
PARTLY = {
    "json_deep": "nested too deeply",
    "json_huge_number": "not valid JSON",
    "json_long_line": "over the 20 MB limit",
    "invalid_utf8_json": "not valid UTF-8",
}


@pytest.fixture
def watched(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """A local HTTP server that records every path asked of it; its port in the env."""
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
    monkeypatch.setenv(WATCH_PORT_ENV, str(server.server_address[1]))
    yield asked
    server.shutdown()


def read_all(paths: list[Path]) -> tuple[list[Document], list[Failure], float]:
    start = time.monotonic()
    docs: list[Document] = []
    failures: list[Failure] = []
    for item in read_inputs([str(p) for p in paths]):
        (failures if isinstance(item, Failure) else docs).append(item)  # type: ignore[arg-type]
    return docs, failures, time.monotonic() - start


def storable(doc: Document) -> None:
    for value in (doc.text, doc.title or "", doc.id, doc.url or ""):
        value.encode("utf-8")  # raises on a lone surrogate
        assert "\x00" not in value


def test_there_are_at_least_thirty_kinds() -> None:
    assert len(BUILDERS) >= 30
    assert set(REFUSED) | set(PARTLY) <= set(BUILDERS)


@pytest.mark.parametrize("kind", sorted(BUILDERS))
def test_each_kind_is_read_or_refused_in_bounded_time(kind: str, tmp_path: Path,
                                                      watched: list[str]) -> None:
    paths = BUILDERS[kind](tmp_path)
    docs, failures, took = read_all(paths)
    assert took < TIME_LIMIT, f"{kind} took {took:.1f} s"
    assert watched == [], f"{kind} made the reader fetch {watched}"
    for doc in docs:
        storable(doc)
        assert "TOP-SECRET" not in doc.text and "FETCHED" not in doc.text
    names = {f.input.rsplit(":", 1)[0] if f.input.rsplit(":", 1)[-1].isdigit() else f.input
             for f in failures}
    assert names <= {str(p) for p in paths}, "every failure names its input"
    if kind in REFUSED:
        assert failures and REFUSED[kind] in failures[0].message, failures
    elif kind in PARTLY:
        assert PARTLY[kind] in failures[0].message, failures
        assert [d.text for d in docs] == [ARTICLE]
    else:
        assert not failures, failures
        assert len(docs) == 1 and "Acme" in docs[0].text


def test_text_that_no_store_can_hold_is_cleaned(tmp_path: Path) -> None:
    (doc,), _, _ = read_all(BUILDERS["lone_surrogates"](tmp_path))
    assert doc.title == "\ufffd title" and "Acme\ufffd Robotics" in doc.text
    (doc,), _, _ = read_all(BUILDERS["nul_in_json"](tmp_path))
    assert doc.text.startswith("BorealisCapitalwillinvest $200 million")


def limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_DATA, (MEMORY_LIMIT, MEMORY_LIMIT))


def test_ingest_of_every_kind_at_once_stays_bounded_and_stores_the_rest(
        tmp_path: Path, watched: list[str]) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    paths = [p for build in BUILDERS.values() for p in build(inputs)]
    good = inputs / "zz-honest.txt"
    good.write_text(" date 2026-03-03 Borealis backs Acme\n" + ARTICLE.replace("Tuesday", "Friday"))
    db = tmp_path / "ledger.db"
    env = {**os.environ, "DEALGRAPH_NER": "false"}
    start = time.monotonic()
    out, err = tmp_path / "stdout", tmp_path / "stderr"
    with out.open("wb") as stdout, err.open("wb") as stderr_file:
        proc = subprocess.Popen([sys.executable, "-m", "dealgraph", "ingest", *map(str, paths),
                                 str(good), "--db", str(db), "--format", "json"],
                                stdout=stdout, stderr=stderr_file, env=env,
                                preexec_fn=limit_memory, cwd=tmp_path)
        guard = threading.Timer(600, proc.kill)  # a hung run fails instead of blocking
        guard.start()
        # this child's own peak: RUSAGE_CHILDREN would count every earlier child of the run
        _, status, usage = os.wait4(proc.pid, 0)
        guard.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
    took = time.monotonic() - start
    used = usage.ru_maxrss * 1024
    run = subprocess.CompletedProcess(proc.args, proc.returncode, out.read_bytes(), err.read_bytes())
    stderr = run.stderr.decode("utf-8", "replace")
    assert run.returncode == 1, stderr[-2000:]  # some inputs failed, none crashed the run
    assert "Traceback" not in stderr
    # The bound is enforced on the child's data memory (RLIMIT_DATA, set above): had any
    # input needed more, the run would have died with a MemoryError traceback. Its
    # resident size also counts shared libraries, so it is checked with their margin.
    assert used < MEMORY_LIMIT + SHARED_MARGIN, f"resident peak {used / 2**20:.0f} MB"
    assert took < TIME_LIMIT * len(paths)
    assert watched == []
    assert not (tmp_path / "PWNED").exists() and not (tmp_path / "PWNED2").exists()
    for line in stderr.splitlines():
        if line.startswith("Error:"):
            assert any(part in line for part in ("inputs/", "/dev/zero")), line
    with sqlite3.connect(db) as conn:
        keys = {row[0] for row in conn.execute("SELECT origin FROM documents")}
        failed = conn.execute("SELECT count(*) FROM failures").fetchone()[0]
    assert str(good) in keys
    assert failed >= len(REFUSED)
