"""``dealgraph ingest``'s progress: count, total where known, rate and time left.

On a terminal one line is rewritten in place; otherwise (a log file, a CI job,
``nohup``) a full line is written every few seconds, so that a long run is never
silent; ``--quiet`` writes nothing. The total is known before the run for files
that hold one article (text, HTML) or uncompressed JSON Lines (one per line);
feeds, archives, compressed files and standard input leave it unknown, and the
line then shows the count and the rate only.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TextIO

from dealgraph.sources.formats import Format, format_from_name, is_gzip_name
from dealgraph.sources.paths import expand

#: Files larger than this are not read ahead to count their lines.
COUNT_LIMIT = 200_000_000


def estimate_total(paths: Sequence[str]) -> int | None:
    """How many articles ``paths`` hold, when that can be known cheaply; else ``None``."""
    total = 0
    for source in expand(paths):
        if source.problem is not None:
            total += 1  # reported as one failure
            continue
        if source.path is None:
            return None  # standard input
        kind = format_from_name(source.path.name)
        if kind in (Format.TEXT, Format.HTML) and not is_gzip_name(source.path.name):
            total += 1
        elif kind is Format.JSONL and not is_gzip_name(source.path.name):
            try:
                if source.path.stat().st_size > COUNT_LIMIT:
                    return None
                with source.path.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            except OSError:
                total += 1
        else:
            return None
    return total


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class IngestProgress:
    """Counts outcomes and reports them on ``stream`` (see the module docstring)."""

    def __init__(self, stream: TextIO, total: int | None, terminal: bool, quiet: bool = False,
                 every: float = 5.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.stream, self.total, self.terminal, self.quiet = stream, total, terminal, quiet
        self.every, self.clock = every, clock
        self.counts = {"new": 0, "duplicate": 0, "failed": 0}
        self.started = clock()
        self.last_report = self.started
        self.last_draw = 0.0

    @property
    def done(self) -> int:
        return sum(self.counts.values())

    def line(self) -> str:
        """``120/400 articles (30%) · 100 new, 18 duplicate, 2 failed · 8.1/s · 0:35 left``."""
        elapsed = max(self.clock() - self.started, 1e-9)
        rate = self.done / elapsed
        head = f"{self.done} articles"
        if self.total:
            head = f"{self.done}/{self.total} articles ({100 * self.done // self.total}%)"
        parts = [head, ", ".join(f"{v} {k}" for k, v in self.counts.items()), f"{rate:.1f}/s"]
        if self.total and rate > 0 and self.done < self.total:
            parts.append(f"{_duration((self.total - self.done) / rate)} left")
        parts.append(f"{_duration(elapsed)} elapsed")
        return " · ".join(parts)

    def update(self, outcome: str) -> None:
        """One more article, with its outcome (``new``, ``duplicate`` or ``failed``)."""
        self.counts[outcome] = self.counts.get(outcome, 0) + 1
        if self.quiet:
            return
        now = self.clock()
        if self.terminal:
            if now - self.last_draw >= 0.1:
                self.stream.write("\r\x1b[2K" + self.line())
                self.stream.flush()
                self.last_draw = now
        elif now - self.last_report >= self.every:
            self.stream.write("ingest: " + self.line() + "\n")
            self.stream.flush()
            self.last_report = now

    def finish(self) -> None:
        """The last word: the final counts (the terminal's line is ended)."""
        if self.quiet:
            return
        if self.terminal:
            self.stream.write("\r\x1b[2K" + self.line() + "\n")
        else:
            self.stream.write("ingest: done: " + self.line() + "\n")
        self.stream.flush()
