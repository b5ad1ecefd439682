"""JSON Lines: one article per line, bad lines reported while the others are read."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from dealgraph.records import Document
from dealgraph.sources.failure import Failure
from dealgraph.sources.jsonl import bounded_lines, parse_lines
from tests.sources.builders import TODAY


def _read(text: str, name: str = "batch.jsonl") -> list[Document | Failure]:
    return list(parse_lines(io.BytesIO(text.encode("utf-8")), name, TODAY))


def test_parse_lines_reads_the_fixture_and_reports_bad_lines(fixtures: Path) -> None:
    with (fixtures / "articles.jsonl").open("rb") as stream:
        items = list(parse_lines(stream, "articles.jsonl", TODAY))
    docs = [i for i in items if isinstance(i, Document)]
    failures = [str(i) for i in items if isinstance(i, Failure)]
    assert [d.id for d in docs] == ["wire-001", "articles:2", "6"]
    assert failures == [
        "articles.jsonl:4: not valid JSON: Invalid control character at: "
        "line 1 column 83 (char 82)",
        "articles.jsonl:5: not valid JSON: expected an object, got list",
        'articles.jsonl:6: no "text" string in the object',
    ]
    first, second, third = docs
    assert (first.title, first.date, first.date_source, first.url, first.lang) == (
        "Nvidia to invest $5 billion in Intel", dt.date(2025, 9, 18), "jsonl",
        "https://wire.example/nvidia-intel", "en")
    assert (second.date, second.lang, second.origin) == (dt.date(2025, 8, 19), None,
                                                          "articles.jsonl:2")
    assert (third.date, third.date_source) == (None, "rejected-future:2031-05-01")


@pytest.mark.parametrize(("line", "message"), [
    ("{not json}", "not valid JSON: Expecting property name enclosed in double quotes: "
                   "line 1 column 2 (char 1)"),
    ('"a string"', "not valid JSON: expected an object, got str"),
    ("42", "not valid JSON: expected an object, got int"),
    ('{"title": "x"}', 'no "text" string in the object'),
    ('{"text": "   "}', 'no "text" string in the object'),
    ('{"text": 12}', 'no "text" string in the object'),
    ('{"text": "ok", "title": ["a"]}', '"title" must be a string, not list'),
    ('{"text": "ok", "id": true}', '"id" must be a string or a number, not bool'),
])
def test_parse_lines_bad_line_messages(line: str, message: str) -> None:
    assert _read(f'{{"text": "first"}}\n{line}\n{{"text": "third"}}\n') == [
        Document(id="batch:1", text="first", origin="batch.jsonl:1"),
        Failure("batch.jsonl:2", message),
        Document(id="batch:3", text="third", origin="batch.jsonl:3"),
    ]


def test_parse_lines_skips_blank_lines_but_keeps_numbering() -> None:
    items = _read('\n  \n{"text": "a"}\r\n\n{"text": "b"}')
    assert [i.id for i in items if isinstance(i, Document)] == ["batch:3", "batch:5"]


def test_parse_lines_accepts_a_bom_and_datetime_dates() -> None:
    data = b'\xef\xbb\xbf{"text": "a", "date": "2025-08-19T23:30:00-05:00"}\n'
    (doc,) = parse_lines([data], "x.jsonl", TODAY)
    assert isinstance(doc, Document) and doc.date == dt.date(2025, 8, 19)


def test_parse_lines_invalid_utf8_line_is_reported_alone() -> None:
    lines = [b'{"text": "caf\xe9"}\n', '{"text": "thé"}\n'.encode()]
    first, second = parse_lines(lines, "x.jsonl", TODAY)
    assert first == Failure("x.jsonl:1", "not valid UTF-8 (byte 0xe9 at offset 13); "
                                         "try --encoding latin-1")
    assert isinstance(second, Document) and second.text == "thé"


def test_parse_lines_with_encoding_reads_latin1_lines() -> None:
    (doc,) = parse_lines([b'{"text": "caf\xe9"}\n'], "x.jsonl", TODAY, encoding="latin-1")
    assert isinstance(doc, Document) and doc.text == "café"


def test_parse_lines_over_long_line_is_refused_without_reading_it_whole() -> None:
    stream = io.BytesIO(b'{"text": "' + b"x" * 5000 + b'"}\n{"text": "short"}\n')
    items = list(parse_lines(bounded_lines(stream, 100), "big.jsonl", TODAY, max_bytes=100))
    assert items[0] == Failure("big.jsonl:1",
                               "line is over the 0.0001 MB limit (raise --max-bytes)")
    assert isinstance(items[1], Document) and items[1].text == "short"


def test_bounded_lines_keeps_lines_up_to_the_limit() -> None:
    stream = io.BytesIO(b"abc\n" + b"d" * 10 + b"\n" + b"e" * 30 + b"\nlast")
    assert list(bounded_lines(stream, 10)) == [b"abc\n", b"d" * 10 + b"\n", b"e" * 11, b"last"]
