"""Dropping the paragraphs that page templates repeat: boxes, banners, "Lire aussi".

Text extraction keeps a template's paragraphs when they sit inside the article
element (newsletter boxes, "Lire aussi / Read more" links, cookie notices). They
are never evidence for a claim, and worse, they would be quoted as such. Two
signals find them without any list of phrases:

* a paragraph that appears twice or more in the same page;
* a paragraph that appears in three or more documents of the same site within
  one batch (a folder, a glob, a feed). Reading is streamed, so a paragraph is
  dropped from the third document that carries it onwards; the first two keep it.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import replace

from dealgraph.records import Document

_SPACE = re.compile(r"\s+")
#: A paragraph found in this many documents of one site is template text.
SITE_REPEATS = 3


def paragraphs(text: str) -> list[str]:
    """The non-blank lines of ``text``, stripped (extracted text has one paragraph a line)."""
    return [line.strip() for line in text.split("\n") if line.strip()]


def _key(paragraph: str) -> bytes:
    normal = _SPACE.sub(" ", paragraph).casefold()
    return hashlib.blake2b(normal.encode("utf-8"), digest_size=8).digest()


def drop_repeated(paras: list[str]) -> list[str]:
    """``paras`` without any paragraph that occurs twice or more (every copy goes)."""
    counts = Counter(_key(p) for p in paras)
    return [p for p in paras if counts[_key(p)] < 2]


class BoilerplateFilter:
    """Remembers paragraph fingerprints per site over one batch of documents.

    Memory is 8 bytes and a counter per distinct paragraph of each site.
    """

    def __init__(self, repeats: int = SITE_REPEATS) -> None:
        self.repeats = repeats
        self._seen: defaultdict[str, Counter[bytes]] = defaultdict(Counter)

    def clean(self, paras: list[str], site: str | None) -> list[str]:
        """``paras`` without in-page repeats and, if ``site`` is given, without
        paragraphs now seen in ``repeats`` or more documents of that site."""
        kept = drop_repeated(paras)
        if site is None:
            return kept
        seen = self._seen[site]
        seen.update({_key(p) for p in kept})
        return [p for p in kept if seen[_key(p)] < self.repeats]

    def apply(self, doc: Document, site: str | None) -> Document:
        """``doc`` with its template paragraphs removed (paragraphs rejoined by blank lines)."""
        return replace(doc, text="\n\n".join(self.clean(paragraphs(doc.text), site)))
