"""Split the shared ``news_deals`` corpus by story into development and test.

Run once, before any rule work, to write ``news_deals_split.json`` beside this file:

    python tests/extract/gold/news_deals_split.py ../shared

Articles that tell the same deal must land on the same side, or a rule written from one
would be scored on its twin. The corpus gives each article a short English ``story`` label
naming the deal's parties; two articles are put in one group when their labels share a
proper name (a capitalised word that is not a common English word and is rare across
labels). Grouping errs towards merging: two different deals with a shared party land on
the same side, which costs nothing. Groups are then shuffled with a fixed seed and dealt
to the test side until it holds about a third of the articles.

The script prints group sizes only, never a label or a text, so whoever runs it learns
nothing about the test articles beyond their ids.

A test article that a rule writer has seen is no longer a test article: its whole story
group moves to development (``SEEN``), and the test floors start a new history on the
smaller set. Once moved, a group never goes back.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import sys
from pathlib import Path

SEED = 20261201
TEST_SHARE = 1 / 3
# A proper name shared by more labels than this is a common word of the labels.
MAX_LABELS_PER_NAME = 8
COMMON = {
    "The", "A", "An", "And", "Of", "In", "On", "For", "To", "With", "By", "From", "As", "At",
    "Group", "Bank", "Capital", "Holdings", "Inc", "Corp", "Ltd", "Plc", "SA", "AG", "SE",
    "Co", "Company", "Fund", "Partners", "Ventures", "International", "Global", "Series",
    "CEO", "US", "UK", "EU", "New", "North", "South", "East", "West", "Investment",
}
# Story groups moved from test to development because a rule writer saw one of their
# gold records (2026-12-02: one record of this group was read while rules were written).
SEEN = {"news_deals-en022", "news_deals-en023"}
NAME = re.compile(r"\b[A-Z][\w&'.-]*")


def names_in(label: str) -> set[str]:
    return {m.group(0).strip(".'") for m in NAME.finditer(label)} - COMMON


def group_by_story(records: list[dict[str, str]]) -> list[list[str]]:
    """Union-find over articles whose story labels share a rare proper name."""
    parent = {r["id"]: r["id"] for r in records}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_name: dict[str, list[str]] = {}
    for record in records:
        for name in names_in(record.get("story") or ""):
            by_name.setdefault(name, []).append(record["id"])
    for ids in by_name.values():
        if len(ids) > MAX_LABELS_PER_NAME:
            continue
        for other in ids[1:]:
            parent[find(other)] = find(ids[0])
    groups: dict[str, list[str]] = {}
    for record in records:
        groups.setdefault(find(record["id"]), []).append(record["id"])
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])


def split(records: list[dict[str, str]]) -> dict[str, list[str]]:
    groups = group_by_story(records)
    random.Random(SEED).shuffle(groups)
    want = round(len(records) * TEST_SHARE)
    test: list[str] = []
    dev: list[str] = []
    for group in groups:
        (test if len(test) + len(group) <= want else dev).extend(group)
    for group in groups:
        if SEEN & set(group) and set(group) <= set(test):
            test = [doc_id for doc_id in test if doc_id not in group]
            dev.extend(group)
    return {"test": sorted(test), "development": sorted(dev)}


def main(shared: Path) -> None:
    path = shared / "corpora" / "news_deals" / "articles.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    groups = group_by_story(records)
    sides = split(records)
    sizes = sorted((len(g) for g in groups), reverse=True)
    print(f"{len(records)} articles, {len(groups)} story groups, sizes {sizes}")
    print(f"test {len(sides['test'])}, development {len(sides['development'])}")
    out = Path(__file__).with_name("news_deals_split.json")
    out.write_text(json.dumps({
        "corpus": "news_deals", "seed": SEED,
        "rule": "grouped by shared proper names in the story label; groups dealt at random",
        **sides,
        "moved": {"ids": sorted(SEEN), "date": "2026-12-02",
                  "why": "a rule writer saw one gold record of this story group; "
                         "the group moved to development"},
    }, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared"))
