"""One ledger, several writers: the near-copy index is in the store, shared by every process.

Real processes write interleaved slices of the same stories into one database
(reprints of a wire stored by another process than the wire, the same article
given to two processes at once); the ledger they leave must say what one
process writing everything says.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
from collections.abc import Sequence
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import insert, select

from dealgraph.ingest import ingest_items
from dealgraph.store import tables as t
from dealgraph.store.engine import MIGRATIONS, database_url, open_engine
from dealgraph.store.writes import Ledger
from dealgraph.stories.copies import signature, to_bytes
from tests.store.builders import FakeExtractor, document, postgres_url
from tests.store.ledger_view import ledger_view
from tests.store.wire_stories import wire_stories

STORIES = 12
WRITERS = 4


def _articles() -> dict[str, object]:
    return {a.key: a for story in wire_stories(STORIES) for a in story}


def _write(db: str, keys: Sequence[str], start: object) -> None:
    """One writer process: wait for the others, then store ``keys`` in order."""
    articles = _articles()
    ledger = Ledger(open_engine(db))
    start.wait()  # type: ignore[attr-defined]
    ingest_items([document(articles[k]) for k in keys], ledger,  # type: ignore[arg-type]
                 FakeExtractor(list(articles.values())), batch_size=2)  # type: ignore[arg-type]


def _slices() -> list[list[str]]:
    """Each writer's keys: a story's wire and rewrite in one process, its copies in others,
    and every wire given to a second process as well."""
    slices: list[list[str]] = [[] for _ in range(WRITERS)]
    for s, story in enumerate(wire_stories(STORIES)):
        wire, reprint, cut, same, rewrite = (a.key for a in story)
        slices[s % WRITERS] += [wire, rewrite]
        slices[(s + 1) % WRITERS].append(reprint)
        slices[(s + 2) % WRITERS] += [cut, wire]
        slices[(s + 3) % WRITERS].append(same)
    return slices


@pytest.fixture(params=["sqlite", "postgresql"])
def two_ledgers(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        yield str(tmp_path / "shared.db"), str(tmp_path / "alone.db")
        return
    shared, alone = postgres_url(), postgres_url()
    yield next(shared), next(alone)
    for gen in (shared, alone):
        gen.close()


def test_writers_in_parallel_leave_the_ledger_one_writer_leaves(two_ledgers: tuple[str, str]) -> None:
    shared, alone = two_ledgers
    open_engine(shared)  # migrated once, before the writers race
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    writers = [context.Process(target=_write, args=(shared, keys, start)) for keys in _slices()]
    for w in writers:
        w.start()
    start.set()
    for w in writers:
        w.join(120)
    assert [w.exitcode for w in writers] == [0] * WRITERS

    articles = _articles()
    ingest_items([document(a) for a in articles.values()], Ledger(open_engine(alone)),  # type: ignore[arg-type]
                 FakeExtractor(list(articles.values())))  # type: ignore[arg-type]
    together, one = ledger_view(open_engine(shared)), ledger_view(open_engine(alone))
    assert together == one
    # and what one writer says is the story the articles tell
    assert len(one["documents"]) == 4 * STORIES  # type: ignore[arg-type]
    assert len(one["copies"]) == 4 * STORIES - 2 * STORIES  # type: ignore[arg-type]
    assert len(one["stories"]) == STORIES  # type: ignore[arg-type]


def test_a_later_run_finds_the_copies_an_earlier_run_stored(db: str) -> None:
    story = wire_stories(1)[0]
    articles = FakeExtractor(story)
    ingest_items([document(story[0])], Ledger(open_engine(db)), articles)
    ingest_items([document(story[1])], Ledger(open_engine(db)), articles)  # another run
    with open_engine(db).connect() as conn:
        d = t.documents
        rows = dict(conn.execute(select(d.c.key, d.c.copy_of)).all())
        wire_id = conn.execute(select(d.c.id).where(d.c.key == story[0].key)).scalar()
    assert rows == {story[0].key: None, story[1].key: wire_id}


def test_upgrading_an_older_ledger_indexes_its_stored_signatures(tmp_path: Path) -> None:
    db = str(tmp_path / "old.db")
    engine = open_engine(db, migrate=False)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")  # the schema before the index was stored
    story = wire_stories(1)[0]
    with engine.begin() as conn:
        published = dt.date.fromisoformat(story[0].published or "")
        conn.execute(insert(t.documents).values(
            key="old-wire", text=story[0].text, content_hash="0" * 64, story_id=1,
            published=published, published_estimate=published,
            minhash=to_bytes(signature(story[0].text))))
        conn.execute(insert(t.stories).values(title="old", first_document_id=1, documents=1))
    engine.dispose()
    assert database_url(db).startswith("sqlite")
    ingest_items([document(story[1])], Ledger(open_engine(db)), FakeExtractor(story))
    with open_engine(db).connect() as conn:
        copy_of = conn.execute(select(t.documents.c.copy_of)
                               .where(t.documents.c.key == story[1].key)).scalar()
        bands = conn.execute(select(t.minhash_bands.c.document_id)).scalars().all()
    assert copy_of == 1
    assert bands.count(1) == 10  # the old wire's keys, indexed by the migration
