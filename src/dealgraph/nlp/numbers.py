"""Numbers as news writes them: digits in local formats, number words, scale words.

The grammar of each language comes from the ``numbers`` and ``scales`` sections of
its money lexicon (``data/lexicons/<lang>/money.yaml``), which quantities share.
This module gives regular-expression fragments for the other parsers to embed and
turns a matched token into a float. It reads no file itself beyond that cached
lexicon and knows nothing of currencies or units.

Separators: a space (also U+00A0 and U+202F) always groups thousands. Of the dot
and the comma, the language's decimal mark is a decimal mark; the other one
groups thousands when exactly three digits follow it ("5.000" in French,
"1,500" in English) and is a decimal mark otherwise ("1,5 billion" written by a
French speaker in English).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from dealgraph.knowledge import lexicon

APOSTROPHES = "'’"

# Digits with their separators. A number never starts inside a word or another
# number ("NVDA.O", "9984.T", the "4" of "2024"); the lookbehind also keeps the
# decimals of "3.4" from being read as a number of their own.
DIGITS = (
    r"(?<![\w.,])(?:"
    r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)(?:[.,]\d+)?"  # 4 500 / 4 500,5
    r"|\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?"  # 1,500 / 5.000 / 1.500.000
    r"|\d+(?:[.,]\d+)?"  # 1,5 / 1.5 / 100
    r"|[.,]\d+"  # .125 (wire style prices)
    r")(?!\d)"
)


def fragment(pattern: str) -> str:
    """A lexicon pattern made tolerant: any apostrophe, any run of white space.

    Lexicon patterns are lower-cased: every parser matches them against a
    lower-cased copy of the text (:func:`lowered`), which is twice as fast as
    asking the regex engine to ignore case.
    """
    out = re.sub(r" \?", r"\\s*", pattern.lower())  # "deutsche ?marks?": optional space
    out = re.sub(r" +", r"\\s+", out)
    return re.sub(f"[{APOSTROPHES}]", f"[{APOSTROPHES}]", out)


def lowered(text: str) -> str:
    """``text`` in lower case, character for character, so that spans still index it."""
    low = text.lower()
    if len(low) == len(text):
        return low
    # A few characters ("İ") lower to two; those keep their case.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


_LITERAL = re.compile(r"[^\\()\[\]?*+|.{}^$]+(?:s\?)?")


def _trie(literals: Iterable[str]) -> str:
    """A regex that tries words sharing a prefix together: far cheaper to fail."""
    root: dict[str, dict[str, Any]] = {}
    for word in literals:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, dict[str, Any]]) -> str:
        ends = "" in node
        branches = []
        for char, child in sorted(node.items()):
            if char == "":
                continue
            if char == " ":
                head = r"\s+"
            elif char in APOSTROPHES:
                head = f"[{APOSTROPHES}]"
            else:
                head = re.escape(char)
            branches.append(head + emit(child))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return emit(root)


def _split(patterns: Iterable[str]) -> Iterable[str]:
    """Top-level alternatives apart ("milliards?|mds?"), so that literals join the trie."""
    for pattern in patterns:
        if "|" in pattern and "(" not in pattern and "[" not in pattern:
            yield from pattern.split("|")
        else:
            yield pattern


def alternation(patterns: Iterable[str], *, fold: bool = True) -> str:
    """One non-capturing group for lexicon patterns, literal words merged in a trie.

    Patterns are lower-cased unless ``fold`` is False (month names in English).
    """
    literals: set[str] = set()
    others: set[str] = set()
    for pattern in _split(patterns):
        low = re.sub(r" +", " ", (pattern.lower() if fold else pattern).replace("’", "'"))
        if _LITERAL.fullmatch(low):
            if low.endswith("s?"):
                literals.update({low[:-2], low[:-1]})
            else:
                literals.add(low)
        else:
            others.add(fragment(pattern) if fold else pattern)
    parts = sorted(others, key=lambda p: (-len(p), p))
    if literals:
        parts.append(_trie(literals))
    return "(?:" + "|".join(parts) + ")" if parts else "(?!)"


def words(patterns: Iterable[str], *, after_digit: bool = False) -> str:
    """Like :func:`alternation`, but only whole words match.

    A pattern ending in an apostrophe ("d'") may run into the next word; with
    ``after_digit`` the word may stick to a number before it ("1.5bn", "10GW").
    """
    before = r"(?<![^\W\d_])" if after_digit else r"(?<!\w)"
    return before + alternation(patterns) + r"(?:(?<=['’])|(?!\w))"


@dataclass(frozen=True, slots=True)
class Scale:
    pattern: re.Pattern[str]
    value: float
    short: bool  # a single letter: money only beside a currency ("£400m")


@dataclass(frozen=True, slots=True)
class NumberGrammar:
    """The compiled number knowledge of one language."""

    lang: str
    decimal: str
    words: dict[str, float]
    articles: frozenset[str]
    scales: tuple[Scale, ...]
    number: str  # regex fragment, no capturing groups: digits or a number word
    scale: str  # regex fragment, no capturing groups: any scale word
    long_scale: str  # the same without the single-letter scales


@cache
def grammar(lang: str) -> NumberGrammar:
    """The number grammar of ``lang``; raises KnowledgeError if it has no lexicon."""
    data = lexicon(lang, "money")
    nums = data["numbers"]
    word_values = {str(k).lower(): float(v) for k, v in nums["words"].items()}
    scales = tuple(
        Scale(
            re.compile(fragment(s["pattern"])),
            float(s["value"]),
            bool(s.get("short", False)),
        )
        for s in data["scales"]
    )
    number = "(?:" + DIGITS + "|" + words(re.escape(w) for w in word_values) + ")"
    scale = words((s["pattern"] for s in data["scales"]), after_digit=True)
    long_scale = words(s["pattern"] for s in data["scales"] if not s.get("short", False))
    return NumberGrammar(
        lang=lang,
        decimal=nums["decimal"],
        words=word_values,
        articles=frozenset(str(a).lower() for a in nums["articles"]),
        scales=scales,
        number=number,
        scale=scale,
        long_scale=long_scale,
    )


def parse_number(token: str, lang: str) -> float | None:
    """The value of one number token ("4 500", "1,5", "1,500", "deux"), else None.

    >>> parse_number("1,5", "fr"), parse_number("1,500", "en"), parse_number("5.000", "fr")
    (1.5, 1500.0, 5000.0)
    """
    g = grammar(lang)
    word = token.strip().lower().replace("’", "'")
    if word in g.words:
        return g.words[word]
    digits = re.sub(r"[\s\u00a0\u202f]", "", word)
    if not digits or not re.fullmatch(r"[\d.,]*\d[\d.,]*", digits):
        return None
    seps = [c for c in digits if c in ".,"]
    if not seps:
        return float(digits)
    if len(set(seps)) == 2:
        # "1,500.5" / "1.500,5": whichever mark comes last is the decimal one.
        dec = seps[-1]
        grouping = "," if dec == "." else "."
        whole, _, frac = digits.rpartition(dec)
        return _safe_float(whole.replace(grouping, "") + "." + frac)
    sep = seps[0]
    groups = digits.split(sep)
    if len(seps) > 1:
        if all(len(g3) == 3 for g3 in groups[1:]) and groups[0]:
            return _safe_float("".join(groups))
        return None
    head, tail = groups
    if sep != g.decimal and len(tail) == 3 and head:
        return _safe_float(head + tail)
    return _safe_float((head or "0") + "." + tail)


def _safe_float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def scale_value(word: str, lang: str) -> tuple[float, bool] | None:
    """The multiplier of a scale word and whether it is a single-letter one."""
    for scale in grammar(lang).scales:
        if scale.pattern.fullmatch(word.strip().lower()):
            return scale.value, scale.short
    return None


def is_article(token: str, lang: str) -> bool:
    """True for words that are numbers only before a scale ("a", "un", "une")."""
    return token.strip().lower() in grammar(lang).articles
