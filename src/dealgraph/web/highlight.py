"""Cutting an article's text into pieces to highlight, without writing any markup.

The page template turns these pieces into elements and Jinja escapes every
piece of text, so the article can hold ``<script>`` and still show as words.
Claim sentences become blocks with an anchor (``claim-<id>``) that a deal
chart links to; names and amounts inside them become marked pieces.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Mark:
    """A span of the text to mark: ``kind`` is ``org``, ``person`` or ``amount``."""

    start: int
    end: int
    kind: str
    title: str = ""


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    kind: str | None = None
    title: str = ""


@dataclass(frozen=True, slots=True)
class Block:
    """A run of text: a claim sentence when ``anchors`` is not empty."""

    pieces: tuple[Piece, ...]
    anchors: tuple[str, ...] = field(default=())


def locate(text: str, start: int, end: int, quote: str) -> tuple[int, int] | None:
    """The span of ``quote`` in ``text``: ``[start, end)`` when it holds the quote,
    else the first place the quote occurs; ``None`` when it is not there at all."""
    if 0 <= start < end <= len(text) and text[start:end] == quote:
        return start, end
    if quote:
        found = text.find(quote)
        if found >= 0:
            return found, found + len(quote)
    return None


def _disjoint(marks: Iterable[Mark], lo: int, hi: int) -> list[Mark]:
    """Marks inside ``[lo, hi)``, earliest first, dropping any that overlap a kept one."""
    kept: list[Mark] = []
    for mark in sorted(marks, key=lambda m: (m.start, -(m.end - m.start))):
        if mark.start < lo or mark.end > hi or mark.start >= mark.end:
            continue
        if kept and mark.start < kept[-1].end:
            continue
        kept.append(mark)
    return kept


def _pieces(text: str, lo: int, hi: int, marks: Sequence[Mark]) -> tuple[Piece, ...]:
    out: list[Piece] = []
    at = lo
    for mark in _disjoint(marks, lo, hi):
        if mark.start > at:
            out.append(Piece(text[at:mark.start]))
        out.append(Piece(text[mark.start:mark.end], mark.kind, mark.title))
        at = mark.end
    if at < hi:
        out.append(Piece(text[at:hi]))
    return tuple(out)


def blocks(text: str, sentences: Iterable[tuple[int, int, str]],
           marks: Sequence[Mark]) -> list[Block]:
    """``text`` as blocks: claim sentences (``(start, end, anchor)``) and the runs between.

    Sentences that overlap an earlier one join it (its block gets both anchors),
    so every character of ``text`` appears exactly once, in order.
    """
    merged: list[tuple[int, int, list[str]]] = []
    for start, end, anchor in sorted(sentences):
        start, end = max(0, start), min(len(text), end)
        if start >= end:
            continue
        if merged and start < merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), last[2] + [anchor])
        else:
            merged.append((start, end, [anchor]))
    out: list[Block] = []
    at = 0
    for start, end, anchors in merged:
        if start > at:
            out.append(Block(_pieces(text, at, start, marks)))
        out.append(Block(_pieces(text, start, end, marks), tuple(anchors)))
        at = end
    if at < len(text):
        out.append(Block(_pieces(text, at, len(text), marks)))
    return out
