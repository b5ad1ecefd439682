"""Which language an article is written in, or ``None`` when the text cannot tell.

The detector is lingua's, restricted to the languages news reaches us in (a
smaller candidate set means fewer confusions between close Latin-script
languages) and built in low-accuracy mode: it holds about 35 MB instead of
half a gigabyte, and on article-length text it is as right as the full models.
It is built once, on first use, and shared.

Steps, cheapest first:

0. a vote of function words ("the", "said"; "les", "selon"; data file
   ``data/lang/function_words.yaml``): on ordinary prose one language wins by far
   and the statistical detector is not needed; on anything closer, go on;
1. sample the first ~2,000 characters (enough for any article, and bounded cost);
2. keep only word-like tokens: tokens with digits ("25", "1,699,124", "Q3") and
   Latin tokens without a vowel ("Shr", "cts", "mln", "dlrs": wire tables) say
   nothing about the language but fool trigram models;
3. refuse texts with too few distinct words, where the models guess;
4. detect on each half of the sample: two confident, equal answers settle it;
   two confident, different answers mean a mixed text, and we would rather say
   nothing than pick one half;
5. otherwise detect on the whole sample and require a minimum confidence.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

#: ISO 639-1 codes of the candidate languages.
CANDIDATES: tuple[str, ...] = (
    "en", "fr", "de", "es", "it", "pt", "nl", "pl", "cs", "hu", "sv",
    "ru", "uk", "zh", "ja", "ko", "ar",
)
SAMPLE_CHARS = 2000
# Below six distinct words lingua's trigram models confuse French with
# Portuguese and English with Romance languages on news headlines.
MIN_WORDS = 6
# Low-accuracy mode spreads confidence thinly on hard text; 0.6 keeps every
# WMT French and Reuters English article we measured while refusing guesses.
MIN_CONFIDENCE = 0.6
# A half shorter than this is not judged on its own (its answer is noise).
MIN_HALF_WORDS = 12

_VOWELS = frozenset("aeiouyAEIOUY")
_PLAIN_WORD = re.compile(r"[^\W\d_]+")
_TOKEN = re.compile(r"\S+")
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


# The vote settles only when the winner has this many function words and this many
# times the runner-up: a mixed or very short text never passes both.
VOTE_MIN = 8
VOTE_RATIO = 5


@lru_cache(maxsize=1)
def _function_words() -> dict[str, str]:
    from dealgraph.knowledge import DATA, read_yaml

    data = read_yaml(DATA / "lang" / "function_words.yaml", "function_words")
    return {word: lang for lang, words in data["languages"].items() for word in words}


def _vote(words: list[str]) -> str | None:
    table = _function_words()
    counts: dict[str, int] = {}
    for word in words:
        lang = table.get(word.lower())
        if lang is not None:
            counts[lang] = counts.get(lang, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: kv[1], reverse=True)
    if not ranked or ranked[0][1] < VOTE_MIN:
        return None
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    return ranked[0][0] if ranked[0][1] >= VOTE_RATIO * max(runner_up, 1) else None


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in CANDIDATES]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def _words(text: str) -> list[str]:
    """The tokens of ``text`` that carry language: no numbers, URLs or bare abbreviations."""
    kept = []
    for token in _TOKEN.findall(_URL.sub(" ", text)):
        if any(c.isdigit() for c in token) or not any(c.isalpha() for c in token):
            continue
        if token.isascii() and not _VOWELS.intersection(token):
            continue
        kept.append(token)
    return kept


def _distinct_words(words: list[str]) -> int:
    # Chinese and Japanese do not separate words with spaces: there, each
    # ideograph or kana counts as a word (most Chinese words are one or two).
    distinct: set[str] = set()
    for word in words:
        unspaced = _UNSPACED.findall(word)
        distinct.update(unspaced if unspaced else [word.lower()])
    return len(distinct)


def _best(words: list[str]) -> tuple[str | None, float]:
    values = _detector().compute_language_confidence_values(" ".join(words))
    if not values or values[0].value <= 0.0:
        return None, 0.0
    top = values[0]
    return top.language.iso_code_639_1.name.lower(), top.value


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the language of ``text`` ("fr", "en", "de"...).

    Only the first ~2,000 characters are read. Returns ``None`` when the text is
    too short (fewer than six distinct words once numbers and abbreviations are
    set aside; a Chinese or Japanese character counts as a word), mixed (its
    two halves confidently disagree), or when no language reaches the minimum
    confidence. Never raises on any string.
    """
    sample = text[:SAMPLE_CHARS]
    # Step 0 on a plain split: the vote needs no careful tokens, and most articles end here.
    plain = _PLAIN_WORD.findall(sample)
    middle = len(plain) // 2
    first_vote, second_vote = _vote(plain[:middle]), _vote(plain[middle:])
    if first_vote is not None and first_vote == second_vote:
        return first_vote
    words = _words(sample)
    if _distinct_words(words) < MIN_WORDS:
        return None
    middle = len(words) // 2
    if len(words) >= 2 * MIN_HALF_WORDS:
        first, first_conf = _best(words[:middle])
        second, second_conf = _best(words[middle:])
        if first_conf >= MIN_CONFIDENCE and second_conf >= MIN_CONFIDENCE:
            # Both halves are sure: agreeing spares a third pass over the whole.
            return first if first == second else None
    lang, confidence = _best(words)
    return lang if confidence >= MIN_CONFIDENCE else None
