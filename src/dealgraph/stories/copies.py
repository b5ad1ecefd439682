"""Copies: the same article twice (exact) and reprints with small edits (near).

An exact copy has the same *normalised* text: case, accents' composition,
whitespace and punctuation do not count, so a wire re-encoded by a second site
hashes the same. A near copy is found by MinHash over word 5-shingles and an
in-memory LSH index: five sites reprinting one wire with their own header and
footer then count as one source.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 64
SHINGLE = 5
#: Jaccard similarity of shingles above which two articles are one text.
#: Reprints with a different header, footer or a changed paragraph score 0.6-0.9;
#: two different wires on one event score well under 0.3.
NEAR_THRESHOLD = 0.6

_WORD = re.compile(r"\w+")
_SEED = 1
#: Pinned so stored signatures stay comparable across datasketch upgrades.
_SCHEME = "affine32"


def normalise_text(text: str) -> str:
    """The words of ``text``, lower-cased and NFKC-composed, separated by one space."""
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def content_hash(text: str) -> str:
    """SHA-256 of :func:`normalise_text`: equal for two copies of one article."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    """The ``size``-word shingles of the normalised text (all its words if it is shorter)."""
    words = normalise_text(text).split()
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def signature(text: str) -> MinHash:
    """The MinHash (64 permutations) of the article's word 5-shingles."""
    mh = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME)
    items = shingles(text)
    if items:
        mh.update_batch(list(items))
    return mh


def to_bytes(mh: MinHash) -> bytes:
    """The signature as 512 bytes, to store beside the article."""
    return np.asarray(mh.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(data: bytes) -> MinHash:
    """Inverse of :func:`to_bytes`."""
    values = np.frombuffer(data, dtype=np.uint64).copy()
    return MinHash(num_perm=NUM_PERM, seed=_SEED, hashvalues=values, scheme=_SCHEME)


class NearDuplicates:
    """An LSH index of article signatures, answering "which stored article is this a copy of?"."""

    def __init__(self, threshold: float = NEAR_THRESHOLD) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[int, MinHash] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def add(self, key: int, mh: MinHash) -> None:
        """Index article ``key``; adding a key twice is ignored."""
        if key in self._signatures or mh.is_empty():
            return
        self._signatures[key] = mh
        self._lsh.insert(key, mh)

    def load(self, rows: Iterable[tuple[int, bytes | None]]) -> None:
        """Rebuild from stored ``(key, signature bytes)`` pairs (at the start of a run)."""
        for key, data in rows:
            if data:
                self.add(key, from_bytes(data))

    def best(self, mh: MinHash) -> tuple[int, float] | None:
        """The indexed article most like ``mh`` above the threshold, with the estimated Jaccard.

        Ties go to the lowest key: the article stored first is the origin.
        """
        if mh.is_empty():
            return None
        found = [(key, self._signatures[key].jaccard(mh)) for key in self._lsh.query(mh)]
        found = [f for f in found if f[1] >= self.threshold]
        if not found:
            return None
        return max(found, key=lambda f: (f[1], -f[0]))
