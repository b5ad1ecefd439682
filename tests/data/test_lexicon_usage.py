"""Every cue phrase of the lexicons occurs in more than one article of the corpora.

A phrase that only one article uses is that article's wording, not the language's: a
rule built on it scores its gold article and nothing else (the seeds' "semble avoir
vécu" was such a case). This test counts, for each phrase entry, the articles of the
shared corpora (Reuters-21578, the WMT French news, the development side of
``news_deals``) and the founders' seeds that match it, with the matcher's own word
boundaries, and fails on any entry found in fewer than two.

What is checked: the phrase lexicons (deal words and roles, status cues, attribution
formulas, name cues and bylines). Closed vocabularies are not: currency names and
symbols, month spellings, units, nationality adjectives and the capitalised function
words of ``kb/rules.yaml`` are facts of the language, listed whole whatever a corpus
holds, and grammatical joiners (clause breaks, coordination, determiners) are syntax.
The test split of ``news_deals`` is never read: an entry may not rest on it.
"""

from __future__ import annotations

import bisect
import gzip
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

DATA = Path(__file__).resolve().parents[2] / "src" / "dealgraph" / "data"
SPLIT = Path(__file__).resolve().parents[1] / "extract" / "gold" / "news_deals_split.json"
MIN_ARTICLES = 2

# (file, key path prefix) of the phrase entries; a prefix of () takes the whole file.
CHECKED: dict[str, tuple[tuple[str, ...], ...]] = {
    "status.yaml": (("cues",),),
    "deals.yaml": (("kinds",), ("not_deals",), ("stake",), ("roles",), ("subsidiary",),
                   ("valuation",), ("valuation_after",), ("other_money",), ("unit_price",),
                   ("cap",), ("floor",), ("pair_anaphora",), ("deal_anaphora",),
                   ("detail_verbs",), ("unnamed_investors",)),
    "attribution.yaml": ((),),
    "names.yaml": (("org_before",), ("org_after",), ("nationality_templates",),
                   ("bylines",), ("role_qualifiers",)),
}
NOT_PHRASES = {"version", "source", "language"}


class Corpus:
    """All development-side articles of one language, joined, with their start offsets."""

    def __init__(self, articles: list[tuple[str, str]]) -> None:
        self.ids = [doc_id for doc_id, _ in articles]
        self.starts: list[int] = []
        parts: list[str] = []
        offset = 0
        for _, text in articles:
            self.starts.append(offset)
            parts.append(text)
            offset += len(text) + 1
        self.text = "\0".join(parts)

    def articles_matching(self, pattern: re.Pattern[str], enough: int) -> list[str]:
        found: list[str] = []
        for match in pattern.finditer(self.text):
            doc_id = self.ids[bisect.bisect_right(self.starts, match.start()) - 1]
            if doc_id not in found:
                found.append(doc_id)
                if len(found) >= enough:
                    break
        return found


@cache
def corpora(shared: Path) -> dict[str, Corpus]:
    test_ids = set(json.loads(SPLIT.read_text(encoding="utf-8"))["test"])
    articles: dict[str, list[tuple[str, str]]] = {"en": [], "fr": []}
    default_lang = {"reuters21578": "en", "wmt_newstest_fr": "fr"}
    for corpus in ("reuters21578", "wmt_newstest_fr", "news_deals"):
        with gzip.open(shared / "corpora" / corpus / "articles.jsonl.gz", "rt",
                       encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                if record["id"] in test_ids:
                    continue
                lang = record.get("lang") or default_lang[corpus]
                text = f"{record.get('title') or ''}\n\n{record.get('text') or ''}"
                articles.setdefault(lang, []).append((record["id"], text))
    for path in sorted((shared / "seeds").glob("*.txt")):
        articles["fr"].append((path.stem, path.read_text(encoding="utf-8")))
    return {lang: Corpus([(i, t.replace("’", "'")) for i, t in items])
            for lang, items in articles.items()}


def phrase_entries(node: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, list):
        for item in node:
            yield from phrase_entries(item, path)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key not in NOT_PHRASES:
                yield from phrase_entries(value, (*path, str(key)))


def lexicon_entries() -> list[tuple[str, str, str, str]]:
    """(language, file, key path, entry) of every checked phrase entry."""
    entries = []
    for folder in sorted((DATA / "lexicons").iterdir()):
        for name, prefixes in CHECKED.items():
            path = folder / name
            if not path.exists():
                continue
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            for keys, entry in phrase_entries(data, ()):
                if any(keys[:len(p)] == p for p in prefixes):
                    entries.append((folder.name, name, "/".join(keys), entry))
    return entries


def word_pattern(entry: str) -> re.Pattern[str]:
    """The entry as the cue matcher compiles it: whole words, any case."""
    body = entry.replace("{nationality}", r"\w+")
    after = "" if entry.endswith("-") else r"(?![\w-])"  # a prefix such as "ex-"
    return re.compile(rf"(?<![\w-])(?:{body}){after}", re.IGNORECASE)


@pytest.mark.shared
def test_every_lexicon_phrase_occurs_in_several_corpus_articles(shared: Path) -> None:
    texts = corpora(shared)
    rare = []
    for lang, name, keys, entry in lexicon_entries():
        found = texts[lang].articles_matching(word_pattern(entry), MIN_ARTICLES)
        if len(found) < MIN_ARTICLES:
            rare.append(f"{lang}/{name} {keys}: {entry!r} in {len(found)} article(s) {found}")
    assert not rare, ("lexicon entries that fewer than two corpus articles use (remove them, "
                      "or widen them to a form the language uses):\n  " + "\n  ".join(rare))


def test_the_audit_finds_a_phrase_only_one_article_uses() -> None:
    corpus = Corpus([("a", "The deal stalled."), ("b", "Talks went on."), ("c", "It stalled.")])
    assert corpus.articles_matching(word_pattern("stall\\w+"), 2) == ["a", "c"]
    assert corpus.articles_matching(word_pattern("went on"), 2) == ["b"]
    assert corpus.articles_matching(word_pattern("talk"), 2) == []  # whole words only


def test_every_checked_lexicon_file_has_phrase_entries() -> None:
    files = {(lang, name) for lang, name, _, _ in lexicon_entries()}
    for folder in (DATA / "lexicons").iterdir():
        for name in CHECKED:
            assert (folder.name, name) in files, f"{folder.name}/{name}: no entry checked"
