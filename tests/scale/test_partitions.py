"""Partitions of a web archive start where their first record starts.

A worker reading the tenth partition of a gigabyte archive must not inflate the
nine before it: the plan records each partition's byte offset, and reading a
partition seeks there.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dealgraph.records import Document
from dealgraph.scale.partitions import plan, read_partition
from dealgraph.sources.warc import record_offsets
from tests.sources.warc_builder import Page, article, write_warc

NOW = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)


def _pages(n: int) -> list[Page]:
    return [Page(f"https://news.example.com/story-{i}",
                 article(f"Story {i}", f"Acme Capital invests {i + 2} million dollars in Widget Labs."),
                 date=f"2025-03-{i + 1:02d}T08:00:00Z") for i in range(n)]


def _urls(part: object) -> list[str]:
    return [d.url or "" for d in read_partition(part, now=NOW) if isinstance(d, Document)]  # type: ignore[arg-type]


def test_each_partition_of_an_archive_is_read_from_its_own_offset(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "crawl.warc.gz", _pages(7))
    parts, problems = plan([str(path)], records=3)
    assert not problems
    assert [(p.start, p.stop) for p in parts] == [(0, 3), (3, 6), (6, 7)]
    assert [p.offset for p in parts] == record_offsets(path, 3)[1]
    assert len({p.key for p in parts}) == 3 and all("@" in p.key for p in parts)
    expected = [_urls(p) for p in parts]
    assert sum(expected, []) == [f"https://news.example.com/story-{i}" for i in range(7)]

    # the bytes before the second partition become garbage (same size: the plan still holds)
    data = path.read_bytes()
    cut = parts[1].offset or 0
    path.write_bytes(b"\xff" * cut + data[cut:])
    assert [_urls(p) for p in parts[1:]] == expected[1:]
