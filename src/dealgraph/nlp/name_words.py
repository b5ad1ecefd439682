"""A name's words, whatever language it is written in: "Banque Nationale du Canada"
and "National Bank of Canada" are one bank.

Extraction stores an organisation under the name its article wrote; a reader may
ask in the other language. :func:`name_words` reduces a name to the set of its
content words, each put in English through the ``name_words`` of the lexicons
(``data/lexicons/<lang>/names.yaml``), without the small words that join a name
(``name_joiners`` of ``kb/rules.yaml``: of, du, de...) and in no order (French puts
the adjective after its noun). Comparing these sets is a last resort after the
exact name key, and only for names of at least two content words: a single word
("Banque") says too little to be a name.

:func:`initials` gives the acronym a name is also written as ("Reliance Industries
Ltd", RIL), from the same words and joiners.
"""

from __future__ import annotations

import re
from functools import cache

from dealgraph.knowledge import available_languages, lexicon
from dealgraph.nlp.kb import name_key, name_rules

#: A name of fewer content words than this is compared by its own key only.
MIN_WORDS = 2
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@cache
def _english() -> dict[str, str]:
    """Folded generic word of any language -> its English word, from every lexicon."""
    found: dict[str, str] = {}
    for lang in available_languages():
        for word, english in lexicon(lang, "names").get("name_words", {}).items():
            found[name_key(word)] = name_key(english)
    return found


@cache
def _joiners() -> frozenset[str]:
    return frozenset(name_key(w) for w in name_rules()["name_joiners"] if name_key(w))


def name_words(text: str, suffixes: tuple[str, ...] = ()) -> frozenset[str] | None:
    """The content words of the name ``text`` in English, or None when it has fewer
    than :data:`MIN_WORDS` of them."""
    english, joiners = _english(), _joiners()
    words = frozenset(english.get(w, w) for w in name_key(text, suffixes).split()
                      if w not in joiners)
    return words if len(words) >= MIN_WORDS else None


def initials(text: str) -> str | None:
    """The capital initials of the words of ``text`` as written, legal form included
    ("Reliance Industries Ltd": RIL, "Caisse de dépôt et placement du Québec":
    CDPQ), without its joiners and leading article; None for a name of one word."""
    joiners = {w.casefold() for w in name_rules()["name_joiners"]}
    articles = {w.casefold() for w in name_rules()["leading_articles"]}
    words = [w for w in _WORD.findall(text) if w.casefold() not in joiners]
    while words and words[0].casefold() in articles:
        words = words[1:]
    if len(words) < MIN_WORDS:
        return None
    return "".join(w[0] for w in words).upper()
