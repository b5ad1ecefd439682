"""Copies: the same article twice (exact) and reprints with small edits (near).

An exact copy has the same *normalised* text: case, accents' composition,
whitespace and punctuation do not count, so a wire re-encoded by a second site
hashes the same. A near copy is found by MinHash over word 5-shingles and locality-sensitive
hashing: the signature is cut into bands, each band hashed to one integer key,
and two articles sharing any band key are compared. The keys are plain
integers so that the store can index them (``store/near.py``) and every process
writing to one ledger finds the copies the others stored: five sites reprinting
one wire with their own header and footer then count as one source.

This module is pure: signatures, band keys and the choice among candidates;
where the keys live is the store's business.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash

NUM_PERM = 64
SHINGLE = 5
#: Jaccard similarity of shingles above which two articles are one text.
#: Reprints with a different header, footer or a changed paragraph score 0.6-0.9;
#: two different wires on one event score well under 0.3.
NEAR_THRESHOLD = 0.6

#: Bands x rows of the LSH: the split datasketch finds optimal for a 0.6 threshold
#: on 64 permutations (false positives and negatives weighed equally). Pinned
#: because stored band keys are only comparable under one split.
BANDS = 10
ROWS = 6

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


def band_keys(mh: MinHash) -> list[int]:
    """The LSH keys of a signature: one signed 64-bit integer per band, band number included.

    Two articles whose shingle sets have a Jaccard similarity ``s`` share at least
    one key with probability ``1 - (1 - s**ROWS)**BANDS`` (0.6 -> 0.37, 0.8 -> 0.93,
    0.3 -> 0.007). An empty signature (no words) has no keys.
    """
    if mh.is_empty():
        return []
    values = np.asarray(mh.hashvalues, dtype=np.uint64)
    keys = []
    for band in range(BANDS):
        chunk = values[band * ROWS:(band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8, person=b"dg-band%02d" % band).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def closest(mh: MinHash, candidates: Iterable[tuple[int, bytes | None]],
            threshold: float = NEAR_THRESHOLD) -> tuple[int, float] | None:
    """Among stored ``(key, signature bytes)`` candidates, the one most like ``mh``.

    Returns it with the estimated Jaccard when that reaches ``threshold``; ties go
    to the lowest key, so the article stored first is the origin.
    """
    if mh.is_empty():
        return None
    best: tuple[int, float] | None = None
    for key, data in candidates:
        if not data:
            continue
        score = float(from_bytes(data).jaccard(mh))
        if score < threshold:
            continue
        if best is None or score > best[1] or (score == best[1] and key < best[0]):
            best = (key, score)
    return best


class NearDuplicates:
    """An in-memory index over :func:`band_keys`, for a batch of texts without a ledger.

    The ledger keeps the same keys in a table; this class answers the same
    question the same way for code (and tests) that hold the signatures in hand.
    """

    def __init__(self, threshold: float = NEAR_THRESHOLD) -> None:
        self.threshold = threshold
        self._buckets: dict[int, set[int]] = {}
        self._signatures: dict[int, bytes] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def add(self, key: int, mh: MinHash) -> None:
        """Index article ``key``; adding a key twice is ignored."""
        if key in self._signatures or mh.is_empty():
            return
        self._signatures[key] = to_bytes(mh)
        for band in band_keys(mh):
            self._buckets.setdefault(band, set()).add(key)

    def load(self, rows: Iterable[tuple[int, bytes | None]]) -> None:
        """Index stored ``(key, signature bytes)`` pairs."""
        for key, data in rows:
            if data:
                self.add(key, from_bytes(data))

    def best(self, mh: MinHash) -> tuple[int, float] | None:
        """The indexed article most like ``mh`` above the threshold (see :func:`closest`)."""
        found = sorted({k for band in band_keys(mh) for k in self._buckets.get(band, ())})
        return closest(mh, ((k, self._signatures[k]) for k in found), self.threshold)
