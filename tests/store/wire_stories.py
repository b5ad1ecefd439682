"""Many small deal stories written for the tests: a wire, its reprints, a copy, a rewrite.

Each story has its own words (drawn from a seeded generator), its own amount and
its own source, while stories share investors, targets and deals, so that
writers storing different stories at once still race for the same rows.
"""

from __future__ import annotations

import random

from tests.store.builders import Article, Said

INVESTORS = ("Borealis Capital", "Nvidia", "Microsoft")
TARGETS = ("Acme Robotics", "OpenAI")
SOURCES = ("Reuters", "Bloomberg", "the Financial Times", "Les Echos", "Handelsblatt", "Nikkei")


def _words(rng: random.Random, n: int) -> str:
    syllables = ("ka", "lo", "mi", "ter", "san", "vu", "ro", "del", "pi", "na", "gor", "est")
    words = ["".join(rng.choice(syllables) for _ in range(rng.randint(1, 3))) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def wire_stories(count: int, seed: int = 7) -> list[list[Article]]:
    """``count`` stories; in each, the wire comes first and the rewrite after it."""
    rng = random.Random(seed)
    stories = []
    for i in range(count):
        investor, target = INVESTORS[i % len(INVESTORS)], TARGETS[i % len(TARGETS)]
        source = f"{SOURCES[i % len(SOURCES)]} desk {i}"
        amount = float(100 + 7 * i) * 1e6
        day = f"2026-04-{1 + i % 27:02d}"
        said = Said(f"{investor} is in talks to invest {amount / 1e6:.0f} million dollars in "
                    f"{target}, {source} reported.", investor, target, "in_talks", max=amount,
                    date=day, source=source, source_kind="publication")
        # long enough that every reprint is far above the copy threshold of every other
        body = " ".join(_words(rng, 12) for _ in range(20))
        url = f"https://news{i}.example/"
        wire = Article(f"s{i}-wire", [said], day, url + "wire", f"Wire {i}", f"Talks {i}", body)
        reprint = Article(f"s{i}-reprint", [said], day, url + "reprint", f"Daily {i}",
                          f"Talks {i}", f"DAILY {i} - {body} All rights reserved.")
        cut = Article(f"s{i}-cut", [said], day, url + "cut", f"Weekly {i}", f"Talks {i}",
                      body.rsplit(". ", 1)[0] + ". Subscribe to our letter.")
        same = Article(f"s{i}-same", [said], day, url + "same", f"Mirror {i}", f"Talks {i}",
                       body)
        rewrite = Article(f"s{i}-rewrite", [Said(
            f"According to {source}, {investor} could put {amount / 1e6:.0f} million dollars "
            f"into {target}.", investor, target, "in_talks", max=amount, date=day[:7],
            source=source, source_kind="publication")], None, url + "why", f"Blog {i}",
            f"Why {i}", " ".join(_words(rng, 12) for _ in range(4)))
        stories.append([wire, reprint, cut, same, rewrite])
    return stories
