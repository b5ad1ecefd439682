"""Cutting inputs into partitions a worker reads alone, and reading one partition.

A partition names a slice of one input that can be read without the rest:
lines ``[start, stop)`` of a JSON Lines file (gzipped or not), records
``[start, stop)`` of a web archive (``sources.warc`` numbers them, and tells
the byte offset where each partition's first record starts, so that its reader
seeks there rather than scanning the file from its start), or a few whole
files of other formats. Its ``key`` (path, size, kind and range) is what
the store records once the partition is stored, so a rerun skips it; a file
that changed size is read again (its stored articles are then duplicates).

Planning reads the inputs once, on the client, to count lines and records;
reading happens on the workers, so the paths must be visible to every worker
(a shared or object-store-backed file system on a real cluster).
"""

from __future__ import annotations

import datetime as dt
import gzip
import itertools
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from dealgraph.errors import InputError
from dealgraph.records import Document
from dealgraph.sources.failure import Failure
from dealgraph.sources.filters import RecordFilters
from dealgraph.sources.formats import Format, format_from_name, is_gzip_name
from dealgraph.sources.jsonl import bounded_lines, parse_lines
from dealgraph.sources.paths import expand
from dealgraph.sources.reader import read_inputs
from dealgraph.sources.warc import is_warc, read_warc, record_offsets

#: Articles per partition: enough that a worker batches its NER and amortises a
#: task's overhead, few enough that a lost worker costs little to redo.
LINES = 500
RECORDS = 500
FILES = 100


@dataclass(frozen=True, slots=True)
class Partition:
    """One piece of the input a worker reads on its own."""

    kind: str  # "lines", "records" or "files"
    paths: tuple[str, ...]
    start: int = 0
    stop: int = 0
    size: int = 0  # the bytes of the input when planned: a changed file is a new partition
    offset: int | None = None  # where record ``start`` begins in an archive (not in the key)

    @property
    def key(self) -> str:
        if self.kind == "files":
            return "files:" + "|".join(self.paths) + f"@{self.size}"
        return f"{self.kind}:{self.paths[0]}@{self.size}[{self.start}:{self.stop}]"

    @property
    def name(self) -> str:
        """For people: the file and the range."""
        if self.kind == "files":
            first = self.paths[0]
            return first if len(self.paths) == 1 else f"{first} and {len(self.paths) - 1} more"
        unit = "lines" if self.kind == "lines" else "records"
        return f"{self.paths[0]} ({unit} {self.start + 1}-{self.stop})"


def _open(path: Path) -> BinaryIO:
    return gzip.open(path, "rb") if is_gzip_name(path.name) else path.open("rb")  # type: ignore[return-value]


def _count_lines(path: Path) -> int:
    with _open(path) as stream:
        return sum(1 for _ in stream)


def _ranges(total: int, size: int) -> Iterator[tuple[int, int]]:
    for start in range(0, total, size):
        yield start, min(total, start + size)


def plan(paths: Sequence[str], *, lines: int = LINES, records: int = RECORDS,
         files: int = FILES) -> tuple[list[Partition], list[Failure]]:
    """The partitions of ``paths`` (files, folders, globs), and the inputs that cannot be planned.

    Standard input cannot be shared with workers and is refused; so is a file
    that cannot be opened or counted (reported, and the others planned).
    """
    parts: list[Partition] = []
    problems: list[Failure] = []
    others: list[Path] = []
    for source in expand(paths):
        if source.problem is not None or source.path is None:
            problems.append(Failure(source.name, source.problem or "standard input cannot be "
                                                 "shared with workers: give a file"))
            continue
        path = source.path.resolve()
        try:
            size = path.stat().st_size
            if is_warc(path.name):
                total, offsets = record_offsets(path, records)
                parts += [Partition("records", (str(path),), a, b, size, offsets[a // records])
                          for a, b in _ranges(total, records)]
            elif format_from_name(path.name) is Format.JSONL:
                parts += [Partition("lines", (str(path),), a, b, size)
                          for a, b in _ranges(_count_lines(path), lines)]
            else:
                others.append(path)
        except (OSError, EOFError, ValueError, zlib.error) as exc:
            problems.append(Failure(source.name, f"cannot be split into partitions: {exc}"))
    for i in range(0, len(others), files):
        group = others[i:i + files]
        parts.append(Partition("files", tuple(map(str, group)),
                               size=sum(p.stat().st_size for p in group)))
    return parts, problems


def read_partition(part: Partition, *, filters: RecordFilters | None = None,
                   max_bytes: int = 20_000_000, encoding: str | None = None,
                   now: dt.datetime | None = None) -> Iterator[Document | Failure]:
    """The articles of one partition, and a Failure for each that cannot be read.

    Raises :class:`InputError` when the partition's file itself is broken
    (missing, or a gzip stream cut short): the partition is then reported whole.
    """
    wanted = filters or RecordFilters()
    path = Path(part.paths[0])
    try:
        if part.kind == "records":
            yield from read_warc(path, filters=wanted, start=part.start, stop=part.stop,
                                 offset=part.offset, now=now)
        elif part.kind == "lines":
            today = (now or dt.datetime.now(dt.UTC)).date()
            with _open(path) as stream:
                lines = itertools.islice(bounded_lines(stream, max_bytes), part.start, part.stop)
                for item in parse_lines(lines, str(path), today, encoding=encoding,
                                        max_bytes=max_bytes, first=part.start + 1):
                    if isinstance(item, Failure) or wanted.document_ok(item):
                        yield item
        else:
            yield from read_inputs(list(part.paths), max_bytes=max_bytes, encoding=encoding,
                                   now=now, filters=wanted)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(f"cannot read the partition: {type(exc).__name__}: {exc}",
                         input=part.name) from None
