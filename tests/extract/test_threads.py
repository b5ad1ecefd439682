"""One extraction engine, several threads: each article's reading is its own.

The API extracts the articles of concurrent requests with one engine and no lock
around it. These articles, written for the test, are extracted one at a time and
then side by side (each thread its own article, all started together, several
rounds); every record must be the same both ways.
"""

from __future__ import annotations

import datetime as dt
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from dealgraph.config import Settings
from dealgraph.extract.pipeline import Extractor
from dealgraph.records import Document

ARTICLES = [
    Document(id="fr-round", lang="fr", date=dt.date(2026, 3, 4), text=(
        "La jeune pousse lyonnaise Orbitane a levé 40 millions d'euros auprès de Partech et "
        "de Bpifrance, a annoncé mardi son fondateur. Selon Les Echos, Orbitane discuterait "
        "déjà d'un second tour de 100 millions d'euros.")),
    Document(id="en-deal", lang="en", date=dt.date(2026, 3, 5), text=(
        "Microsoft said on Wednesday it agreed to buy Veltrix Labs for $2.1 billion in cash. "
        "Veltrix shareholders will receive $31 a share, the company said. The Wall Street "
        "Journal reported last week that Alphabet had also held talks to buy Veltrix.")),
    Document(id="fr-stall", lang="fr", date=dt.date(2026, 2, 11), text=(
        "Le projet d'Amazon d'investir jusqu'à 8 milliards de dollars dans Anthropic est au "
        "point mort, a rapporté le Financial Times lundi. Amazon n'a pas souhaité commenter.")),
    Document(id="en-denial", lang="en", date=dt.date(2026, 1, 20), text=(
        "SoftBank denied a Nikkei report that it was in talks to buy a stake in Arm's "
        "rival Ampere. Nvidia invested $500 million in Mistral AI last year.")),
]


#: Each article told at length (its paragraphs repeated), so that the readings of
#: the threads overlap for many sentences.
LONG = [Document(id=d.id, lang=d.lang, date=d.date, text="\n\n".join([d.text] * 12))
        for d in ARTICLES]


def _dicts(records: list[Any]) -> list[dict[str, Any]]:
    return [r.to_dict() for r in records]


@pytest.fixture(autouse=True)
def eager_switching() -> Iterator[None]:
    """Threads switch every microsecond, so their readings interleave inside the engine."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    engine = Extractor(Settings())
    engine.warm_up()
    return engine


def test_threads_extracting_different_articles_get_the_records_of_one_at_a_time(
        extractor: Extractor) -> None:
    alone = _dicts([extractor.extract(doc) for doc in LONG])
    assert any(d["deals"] for d in alone)  # the articles give the engine something to read
    start = threading.Barrier(len(LONG))

    def read(doc: Document) -> dict[str, Any]:
        start.wait()  # all threads enter the engine together
        return extractor.extract(doc).to_dict()

    with ThreadPoolExecutor(max_workers=len(LONG)) as pool:
        for _ in range(3):
            assert list(pool.map(read, LONG)) == alone


def test_a_batch_read_in_two_threads_gives_the_same_records(extractor: Extractor) -> None:
    alone = _dicts([extractor.extract(doc) for doc in ARTICLES])
    halves = [ARTICLES[:2], ARTICLES[2:]]
    with ThreadPoolExecutor(max_workers=2) as pool:
        batches = list(pool.map(extractor.extract_batch, halves))
    assert _dicts([r for batch in batches for r in batch]) == alone
