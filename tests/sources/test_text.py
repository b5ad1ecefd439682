"""Plain-text articles: the wire header line, front matter, ids."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dealgraph.errors import InputError
from dealgraph.sources.text import document_id, parse_text
from tests.sources.builders import TODAY


def test_parse_text_reads_the_seed_header_line(seeds_dir: Path) -> None:
    path = seeds_dir / "000_e92a600c5fa44e7e.txt"
    doc = parse_text(path.read_text(encoding="utf-8"), str(path), TODAY)
    assert doc.id == "000_e92a600c5fa44e7e"
    assert doc.date == dt.date(2026, 1, 31)
    assert doc.date_source == "header"
    assert doc.title is not None and doc.title.startswith("Le projet de Nvidia d'investir")
    assert not doc.text.startswith(" date") and "date 2026-01-31" not in doc.text


@pytest.mark.parametrize(("text", "date", "title", "body"), [
    (" date 2025-10-06 AMD et OpenAI s'allient\n\nCorps.", dt.date(2025, 10, 6),
     "AMD et OpenAI s'allient", "Corps."),
    ("date 2025-10-06 Broadcom signs with OpenAI\r\nBody.", dt.date(2025, 10, 6),
     "Broadcom signs with OpenAI", "Body."),
    ("date 2025-10-06\nBody without a title.", dt.date(2025, 10, 6), None, "Body without a title."),
    # Not headers: the text is kept whole.
    ("The date 2025-10-06 was chosen.\nBody.", None, None,
     "The date 2025-10-06 was chosen.\nBody."),
    ("dated 2025-10-06 memo\nBody.", None, None, "dated 2025-10-06 memo\nBody."),
    ("  date 2025-10-06 two spaces\nBody.", None, None, "  date 2025-10-06 two spaces\nBody."),
])
def test_parse_text_header_line_accepted_and_rejected(text: str, date: dt.date | None,
                                                      title: str | None, body: str) -> None:
    doc = parse_text(text, "a.txt", TODAY)
    assert (doc.date, doc.title, doc.text) == (date, title, body)
    assert doc.date_source == ("header" if date else None)


def test_parse_text_header_date_that_does_not_exist_is_dropped() -> None:
    doc = parse_text("date 2025-02-30 Titre\n\nCorps.", "a.txt", TODAY)
    assert (doc.date, doc.date_source, doc.title) == (None, None, "Titre")


def test_parse_text_header_date_in_the_future_is_rejected() -> None:
    doc = parse_text("date 2027-03-01 Titre\n\nCorps.", "a.txt", TODAY)
    assert doc.date is None
    assert doc.date_source == "rejected-future:2027-03-01"


@pytest.mark.parametrize(("text", "fields", "body"), [
    ("title: Anthropic lève 13 milliards\ndate: 2025-09-02\nurl: https://x.example/a\n\nCorps.",
     ("Anthropic lève 13 milliards", dt.date(2025, 9, 2), "https://x.example/a"), "Corps."),
    ("---\nTitle: Fenced\nDate: 2025-09-02\n---\nBody.", ("Fenced", dt.date(2025, 9, 2), None),
     "Body."),
    ("---\ntitle: Fenced, blank after\n---\n\nBody.", ("Fenced, blank after", None, None), "Body."),
    # An unknown key means it is prose, not a header.
    ("Author: Jane Doe\ntitle: x\n\nBody.", (None, None, None),
     "Author: Jane Doe\ntitle: x\n\nBody."),
    ("Note: the deal closed.\n\nBody.", (None, None, None), "Note: the deal closed.\n\nBody."),
])
def test_parse_text_front_matter_accepted_and_rejected(
        text: str, fields: tuple[str | None, dt.date | None, str | None], body: str) -> None:
    doc = parse_text(text, "a.md", TODAY)
    assert (doc.title, doc.date, doc.url) == fields
    assert doc.text == body


def test_parse_text_with_nothing_after_the_header_is_refused() -> None:
    with pytest.raises(InputError, match=r"^a.txt: no article text after the header$"):
        parse_text("date 2025-10-06 Un titre seul\n\n", "a.txt", TODAY)


@pytest.mark.parametrize(("name", "expected"), [
    ("000_e92a600c5fa44e7e.txt", "000_e92a600c5fa44e7e"),
    ("articles/2025/nvidia.openai.html", "nvidia.openai"),
    ("corpus/articles.jsonl.gz", "articles"),
    ("README", "README"),
    ("<stdin>", "stdin"),
])
def test_document_id_is_the_file_name_without_extension(name: str, expected: str) -> None:
    assert document_id(name) == expected
