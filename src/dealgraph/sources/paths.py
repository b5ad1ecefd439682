"""What the user named on the command line, expanded into the files to read.

A path may be a file, a folder (read recursively: files with a known suffix,
hidden files and folders skipped, in sorted order so that runs are
reproducible), a glob pattern (expanded here, so that a quoted ``"*.html"``
works on every shell, ``**`` included), or ``-`` for standard input.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from dealgraph.sources.formats import SUFFIXES, is_known_name

STDIN = "-"
_GLOB_CHARS = frozenset("*?[")
NOT_REGULAR = "not a regular file (a pipe, socket or device is never read)"


@dataclass(frozen=True)
class Source:
    """One input to read: a file, or standard input when ``path`` is ``None``.

    ``problem`` is set, and ``path`` is ``None``, when the name cannot be read at all.
    """

    name: str
    path: Path | None
    problem: str | None = None

    @property
    def is_stdin(self) -> bool:
        return self.path is None and self.problem is None


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _folder(root: Path) -> Iterator[Source]:
    found = False
    for dirpath, dirnames, filenames in os.walk(root):
        # Sorting in place also fixes the order in which os.walk descends.
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for filename in sorted(filenames):
            path = Path(dirpath) / filename
            if filename.startswith(".") or not is_known_name(filename) or _hidden(path, root):
                continue
            if not path.is_file():  # a pipe or a device would block or never end
                yield Source(str(path), None, NOT_REGULAR)
                continue
            found = True
            yield Source(str(path), path)
    if not found:
        known = " ".join(sorted(SUFFIXES))
        yield Source(str(root), None, f"no files to read in this folder (looked for {known})")


def _one(name: str, path: Path) -> Iterator[Source]:
    if path.is_dir():
        yield from _folder(path)
    elif path.is_file():
        yield Source(name, path)
    elif path.exists():
        yield Source(name, None, NOT_REGULAR)
    else:
        yield Source(name, None, "no such file or directory")


def expand(paths: Sequence[str]) -> Iterator[Source]:
    """The inputs named by ``paths``, in order; each name yields at least one Source.

    A name that exists is taken literally even if it contains glob characters.
    A pattern that matches nothing, a missing file and a folder without a
    readable file each yield a Source with a ``problem``.
    """
    for name in paths:
        if name == STDIN:
            yield Source("<stdin>", None)
            continue
        path = Path(name).expanduser()
        if path.exists() or not _GLOB_CHARS.intersection(name):
            yield from _one(name, path)
            continue
        matches = sorted(glob.glob(os.path.expanduser(name), recursive=True))
        if not matches:
            yield Source(name, None, "no file matches this pattern")
        for match in matches:
            yield from _one(match, Path(match))
