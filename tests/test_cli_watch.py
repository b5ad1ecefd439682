"""`dealgraph watch --once` end to end: an OPML file, a local feed, a restart that fetches nothing."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sources.warc_builder import article
from tests.watch.server import Site, rss, serve

STORY = "Nvidia invested 5 billion dollars in Mistral AI, the company said on Monday."


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dealgraph", "watch", *args], capture_output=True,
                          text=True, timeout=300, check=False)


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as served:
        yield served


def test_watch_once_from_an_opml_file_then_again(site: Site, tmp_path: Path) -> None:
    site.route("/news/a", article("Nvidia backs Mistral", STORY))
    site.route("/rss", rss([("a", "/news/a")], site.base),
               headers={"Content-Type": "application/rss+xml", "Last-Modified": "Mon, 12 Jan 2026 09:00:00 GMT"})
    opml = tmp_path / "feeds.opml"
    opml.write_text(f'<opml version="2.0"><body><outline type="rss" xmlUrl="{site.url("/rss")}"/>'
                    "</body></opml>", encoding="utf-8")
    db = tmp_path / "ledger.db"
    first = run(str(opml), "--once", "--db", str(db), "--delay", "0")
    assert first.returncode == 0, first.stderr
    assert "1 feeds (0 unchanged), 1 new, 0 duplicate, 0 failed, 0 to retry" in first.stderr
    with sqlite3.connect(db) as conn:
        assert [u for (u,) in conn.execute("select url from documents")] == [site.url("/news/a")]
    site.log.clear()
    second = run(str(opml), "--once", "--db", str(db), "--delay", "0")
    assert second.returncode == 0, second.stderr
    assert site.paths() == ["/rss"]  # the page is not asked again
    assert site.log[0][1]["if-modified-since"] == "Mon, 12 Jan 2026 09:00:00 GMT"


def test_watch_names_what_it_cannot_follow(tmp_path: Path) -> None:
    result = run("wire.example.com/rss", "--once", "--db", str(tmp_path / "l.db"))
    assert result.returncode == 1
    assert "Error: wire.example.com/rss: neither an http(s) feed URL nor an OPML file" in result.stderr
    result = run(str(tmp_path), "--every", "soon", "--db", str(tmp_path / "l.db"))
    assert result.returncode == 1 and "Error: --every: not a duration" in result.stderr
