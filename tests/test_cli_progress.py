"""ingest's progress: count, total, rate, time left; a line every few seconds off a terminal."""

from __future__ import annotations

import io
import json
from pathlib import Path

from dealgraph.cli_progress import IngestProgress, estimate_total


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_total_is_counted_where_it_can_be(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("One article.", encoding="utf-8")
    (tmp_path / "b.html").write_text("<p>Another.</p>", encoding="utf-8")
    lines = [json.dumps({"text": f"Article {i}."}) for i in range(5)]
    (tmp_path / "c.jsonl").write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    assert estimate_total([str(tmp_path)]) == 7
    (tmp_path / "d.rss").write_text("<rss></rss>", encoding="utf-8")
    assert estimate_total([str(tmp_path)]) is None, "a feed's size is not known ahead"
    assert estimate_total(["-"]) is None


def test_off_a_terminal_a_line_is_logged_every_few_seconds_with_rate_and_time_left() -> None:
    clock, out = Clock(), io.StringIO()
    shown = IngestProgress(out, total=100, terminal=False, every=5.0, clock=clock)
    for i in range(40):
        clock.now += 0.25  # 4 articles a second
        shown.update("duplicate" if i % 10 == 0 else "new")
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and all(line.startswith("ingest: ") for line in lines)  # at 5 s, 10 s
    assert "/100 articles" in lines[0] and "4.0/s" in lines[0] and "left" in lines[0]
    shown.finish()
    last = out.getvalue().splitlines()[-1]
    assert last.startswith("ingest: done: 40/100 articles (40%)")
    assert "36 new, 4 duplicate, 0 failed" in last and "0:15 left" in last


def test_on_a_terminal_one_line_is_rewritten_and_quiet_says_nothing() -> None:
    clock, out = Clock(), io.StringIO()
    shown = IngestProgress(out, total=None, terminal=True, clock=clock)
    for _ in range(3):
        clock.now += 1
        shown.update("new")
    shown.finish()
    text = out.getvalue()
    assert text.count("\r") == 4 and text.endswith("\n") and "3 articles" in text
    assert "left" not in text, "no time left without a total"
    silent = io.StringIO()
    quiet = IngestProgress(silent, total=5, terminal=False, quiet=True, every=0, clock=clock)
    quiet.update("new")
    quiet.finish()
    assert silent.getvalue() == "" and quiet.done == 1
