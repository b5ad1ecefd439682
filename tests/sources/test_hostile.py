"""Hostile and broken inputs: each is refused or read cleanly, in bounded time and memory.

Each kind (see ``hostile.py``) is read alone through the readers, with a time
bound; then a handful of them at once go through ``dealgraph ingest`` in a
child process whose memory is capped at 1 GB (an rlimit), beside one honest
article that must still be stored, while a local HTTP server counts any fetch
an input tricked the reader into making (``hostile_run.py``). Every kind at
once takes minutes: that run is a ``make bench`` step (``bench/bench_hostile.py``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dealgraph.records import Document
from dealgraph.sources.reader import Failure, read_inputs
from tests.sources.hostile import ARTICLE, BUILDERS
from tests.sources.hostile_run import ingest_hostile, watching

#: Seconds one input may take to be read or refused.
TIME_LIMIT = 15

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
def watched() -> Iterator[list[str]]:
    """A local HTTP server that records every path asked of it; its port in the env."""
    with watching() as asked:
        yield asked


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


#: A handful of kinds fed at once with the normal tests: feeds, compression, JSON, binary,
#: names that try to fool a terminal or a shell, a FIFO. ``make bench`` feeds every kind
#: (``bench/bench_hostile.py``).
AT_ONCE = ("billion_laughs", "external_entity", "gzip_bomb", "json_deep", "nul_bytes",
           "newline_name", "shell_name", "fifo")


def test_ingest_of_several_kinds_at_once_stays_bounded_and_stores_the_rest(
        tmp_path: Path, watched: list[str]) -> None:
    run = ingest_hostile(AT_ONCE, tmp_path)
    assert run.returncode == 1, run.stderr[-2000:]  # some inputs failed, none crashed the run
    assert "Traceback" not in run.stderr
    # The bound is enforced on the child's data memory (RLIMIT_DATA): had any input needed
    # more, the run would have died with a MemoryError traceback. Its resident size also
    # counts shared libraries, so it is checked with their margin.
    assert run.bounded, f"resident peak {run.peak_rss / 2**20:.0f} MB"
    assert run.seconds < TIME_LIMIT * len(run.inputs) + 120  # the models load once
    assert watched == []
    assert not (tmp_path / "PWNED").exists() and not (tmp_path / "PWNED2").exists()
    errors = [line for line in run.stderr.splitlines() if line.startswith("Error:")]
    refused = [k for k in AT_ONCE if k in REFUSED or k in PARTLY]
    assert len(errors) >= len(refused)
    for line in errors:
        assert "inputs/" in line, line
    assert str(run.honest) in run.stored
    assert run.failed >= len(refused)


def test_an_error_about_a_name_that_does_not_print_stays_on_its_one_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from dealgraph.cli import main

    names = ["two\nlines.txt", "clear\x1b[2J.txt", "tab\tand\rreturn.html", "sep\u2028arator.txt"]
    paths = [tmp_path / name for name in names]
    for path in paths:
        path.write_bytes(b"")  # an empty file: one Error: line naming it
    for command in (["extract"], ["ingest", "--db", str(tmp_path / "ledger.db")]):
        result = CliRunner().invoke(main, [*command, *map(str, paths)])
        # no piece of a name on a line of its own (other lines are summaries)
        assert all(line.startswith("Error: ") for line in result.stderr.splitlines()
                   if tmp_path.name in line or "lines.txt" in line), result.stderr
        lines = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
        assert len(lines) == len(names), result.stderr
        for line, path in zip(sorted(lines), sorted(paths, key=repr), strict=True):
            assert line.startswith(f"Error: {str(path)!r}: "), line
        assert "\x1b" not in result.stderr and "\u2028" not in result.stderr
    folder = tmp_path / "no\nsuch"
    result = CliRunner().invoke(main, ["deals", "--db", str(folder / "ledger.db")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {str(folder / 'ledger.db')!r}: "), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr


def test_a_compression_bomb_names_its_compressed_size_as_people_read_it(tmp_path: Path) -> None:
    from dealgraph.sources.guards import size

    assert [size(n) for n in (0, 1, 999, 1000, 40_210, 999_949, 2_500_000)] == [
        "0 bytes", "1 byte", "999 bytes", "1.0 KB", "40.2 KB", "999.9 KB", "2.5 MB"]
    (path,) = BUILDERS["gzip_bomb_of_lines"](tmp_path)  # small members: kilobytes on disk
    _, (failure,), _ = read_all([path])
    found = re.search(r"\((\d+\.\d) MB from (\d+\.\d) KB\)", failure.message)
    assert found, failure.message
    out, compressed = float(found[1]) * 1e6, float(found[2]) * 1e3
    assert 0 < compressed < path.stat().st_size
    assert out / compressed > 100  # the ratio the message states
