"""Inputs and extractors for the Dask tests, importable by the worker processes."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from dealgraph.config import Settings
from dealgraph.records import Document, Record
from tests.store.builders import Article, FakeExtractor
from tests.store.wire_stories import wire_stories

IN_CI = os.environ.get("CI", "").lower() == "true"
STORIES = 12


def all_articles() -> list[Article]:
    return [a for story in wire_stories(STORIES) for a in story]


def fake_extractor(_settings: Settings) -> FakeExtractor:
    """What a worker builds in place of the real pipeline: hand-made records, no models."""
    return FakeExtractor(all_articles())


class SlowExtractor(FakeExtractor):
    """Hand-made records at a human pace, so a test can act while a run is under way."""

    def extract_batch(self, docs: Sequence[Document]) -> list[Record | Exception]:
        time.sleep(0.15 * len(docs))
        return super().extract_batch(docs)


def slow_extractor(_settings: Settings) -> SlowExtractor:
    return SlowExtractor(all_articles())


def _line(a: Article) -> str:
    return json.dumps({"id": a.key, "text": a.text, "title": a.title, "url": a.url,
                       "date": a.published, "site": a.site})


def write_inputs(folder: Path) -> list[str]:
    """The stories as three JSON Lines files: the wires, each followed by its rewrite; the
    reprints; the other copies. A story's rewrite always comes after its wire."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {"wires.jsonl": [], "reprints.jsonl": [], "copies.jsonl": []}  # type: dict[str, list[str]]
    for story in wire_stories(STORIES):
        wire, reprint, cut, same, rewrite = story
        files["wires.jsonl"] += [_line(wire), _line(rewrite)]
        files["reprints.jsonl"].append(_line(reprint))
        files["copies.jsonl"] += [_line(cut), _line(same)]
    paths = []
    for name, lines in files.items():
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(str(folder / name))
    return paths


def need_dask() -> None:
    """Skip without Dask, or fail under CI=true."""
    try:
        import distributed  # noqa: F401
    except ImportError as exc:
        if IN_CI:
            pytest.fail(f"Dask is not installed: {exc}")
        pytest.skip(f"Dask is not installed: {exc}")


def local_cluster() -> Iterator[object]:
    """A client on a real LocalCluster of two worker processes."""
    need_dask()
    from dask.distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                           dashboard_address=":0", memory_limit=0)
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()
