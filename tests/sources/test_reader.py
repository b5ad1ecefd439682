"""read_inputs end to end, and the per-format helpers the API calls."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dealgraph.errors import InputError
from dealgraph.records import Document
from dealgraph.sources.reader import (
    Failure,
    read_data,
    read_feed,
    read_html,
    read_inputs,
    read_jsonl,
    read_text,
)
from tests.sources.builders import NOW


def _summary(paths: list[str], **kwargs: object) -> list[str]:
    out = []
    for item in read_inputs(paths, now=NOW, **kwargs):  # type: ignore[arg-type]
        out.append(str(item) if isinstance(item, Failure) else f"doc {item.id}")
    return out


def test_read_inputs_reports_each_bad_file_and_goes_on(fixtures: Path) -> None:
    assert _summary(["empty.txt", "whitespace_only.txt", "pixel.png", "image_named.txt",
                     "invalid_utf8.txt", "no_article.html", "missing.txt", "latin1_fr.txt"]) == [
        "empty.txt: empty file",
        "whitespace_only.txt: empty file",
        "pixel.png: binary file, not text",
        "image_named.txt: binary file, not text",
        "invalid_utf8.txt: not valid UTF-8 (byte 0xe9 at offset 164); try --encoding latin-1",
        "no_article.html: no article text found in the page",
        "missing.txt: no such file or directory",
        "doc latin1_fr",
    ]


def test_read_inputs_reads_legacy_french_text(fixtures: Path) -> None:
    (doc,) = read_inputs(["latin1_fr.txt"], now=NOW)
    assert isinstance(doc, Document)
    assert doc.title == "AMD et OpenAI concluent un accord géant"
    assert "« C'est une étape décisive », a déclaré la présidente" in doc.text
    assert doc.date == dt.date(2025, 10, 6)


def test_read_inputs_explicit_encoding_reads_the_damaged_file(fixtures: Path) -> None:
    (doc,) = read_inputs(["invalid_utf8.txt"], now=NOW, encoding="cp1252")
    assert isinstance(doc, Document) and "caf\u00e9 owner" in doc.text


def test_read_inputs_utf16_with_bom(fixtures: Path) -> None:
    (doc,) = read_inputs(["utf16_bom.txt"], now=NOW)
    assert isinstance(doc, Document) and doc.text.startswith("Nvidia prévoit d'investir")


def test_read_inputs_format_by_suffix_then_by_content(fixtures: Path) -> None:
    html_txt, sniffed = read_inputs(["html_in_txt.txt", "page_without_extension"], now=NOW)
    assert isinstance(html_txt, Document) and html_txt.text.startswith("<html><body><p>")
    assert isinstance(sniffed, Document) and sniffed.title == (
        "SoftBank completes $22.5 billion payment to OpenAI")


def test_read_inputs_whole_fixture_folder_in_stable_order(fixtures: Path) -> None:
    first = _summary(["."])
    assert first == _summary(["."])
    assert first[:3] == ["doc article_en", "doc article_fr", "doc wire-001"]
    assert "doc front_matter" in first and "doc page3" in first
    assert "feed.rss:3: feed item has no text" in first


def test_read_inputs_too_big_file_is_refused_without_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as out:
        out.truncate(50_000_000)  # sparse: the test does not write 50 MB either
    assert _summary([str(big)]) == [
        f"{big}: file is 50.0 MB, over the 20 MB limit (raise --max-bytes)"]
    assert _summary([str(big)], max_bytes=1_000) == [
        f"{big}: file is 50.0 MB, over the 0.001 MB limit (raise --max-bytes)"]


@pytest.mark.parametrize(("data", "expected"), [
    (b"date 2025-09-22 Titre\n\nNvidia et OpenAI signent une lettre d'intention.", "doc stdin"),
    (b'{"id": "a", "text": "one"}\n{"id": "b", "text": "two"}\n', "doc a|doc b"),
    (b"", "<stdin>: empty file"),
    (b"x" * 2000, "<stdin>: input is over the 0.001 MB limit (raise --max-bytes)"),
])
def test_read_inputs_stdin_is_sniffed(data: bytes, expected: str) -> None:
    items = read_inputs(["-"], now=NOW, stdin=io.BytesIO(data), max_bytes=1000)
    got = [str(i) if isinstance(i, Failure) else f"doc {i.id}" for i in items]
    assert "|".join(got) == expected


def test_read_inputs_streams_gzipped_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write(json.dumps({"text": "premier article"}) + "\n")
        out.write("not json\n")
        out.write(json.dumps({"id": "x", "text": "second"}) + "\n")
    assert _summary([str(path)]) == [
        "doc corpus:1",
        f"{path}:2: not valid JSON: Expecting value: line 1 column 1 (char 0)",
        "doc x",
    ]


def test_read_inputs_gzip_name_that_is_not_gzip(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl.gz"
    path.write_text('{"text": "plain"}\n', encoding="utf-8")
    (failure,) = read_inputs([str(path)], now=NOW)
    assert isinstance(failure, Failure)
    assert failure.message.startswith("not a valid gzip file: ")


def test_read_inputs_gzipped_html_page(tmp_path: Path, fixtures: Path) -> None:
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress((fixtures / "article_en.html").read_bytes()))
    (doc,) = read_inputs([str(path)], now=NOW)
    assert isinstance(doc, Document) and doc.id == "page"
    assert doc.date == dt.date(2025, 12, 31)


def test_read_inputs_shared_corpus_is_streamed(shared: Path) -> None:
    path = shared / "corpora" / "wmt_newstest_fr" / "articles.jsonl.gz"
    items = read_inputs([str(path)], now=NOW)
    first = [next(items) for _ in range(3)]
    assert all(isinstance(d, Document) and d.date_source == "jsonl" and d.lang == "fr"
               for d in first)
    assert isinstance(first[0], Document) and first[0].id.startswith("wmt-newstest")


def test_read_helpers_for_the_api(fixtures: Path) -> None:
    assert read_text("date 2025-01-02 T\n\nCorps.", "api", now=NOW).date == dt.date(2025, 1, 2)
    html = (fixtures / "article_fr.html").read_bytes()
    assert read_html(html, "api", now=NOW).site == "L'Écho des Puces"
    assert [type(i).__name__ for i in read_jsonl(b'{"text": "a"}\nnope\n', "api")] == [
        "Document", "Failure"]
    assert len(list(read_feed((fixtures / "feed.atom").read_bytes(), "api", now=NOW))) == 2
    assert [str(i) for i in read_feed(b"<p>no</p>", "api")] == [
        "api: not a valid RSS or Atom feed, or a feed without items"]
    (page,) = read_data(html, "api", "html", now=NOW)
    assert isinstance(page, Document)
    (sniffed,) = read_data(html, "api", now=NOW)
    assert isinstance(sniffed, Document) and sniffed.url == page.url
    with pytest.raises(ValueError):
        read_data(html, "api", "pdf")


def test_read_text_refusals_raise_input_error() -> None:
    with pytest.raises(InputError, match="^api: empty file$"):
        read_text("  ", "api")
    with pytest.raises(InputError, match="^api: binary file, not text$"):
        read_text(b"\x00\x01\x02", "api")
    with pytest.raises(InputError, match="^api: empty file once control characters are removed$"):
        read_text(b"\x1b \x1b\n", "api")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600) | st.text(max_size=300).map(lambda s: s.encode("utf-8")))
def test_read_text_never_raises_anything_but_input_error(data: bytes) -> None:
    try:
        doc = read_text(data, "prop.txt", now=NOW)
    except InputError as exc:
        assert exc.input == "prop.txt" and "\n" not in exc.message
    else:
        assert doc.text.strip() and doc.id == "prop"


def test_read_html_follows_the_declared_charset_when_not_utf8(fixtures: Path) -> None:
    page = (fixtures / "article_fr.html").read_text(encoding="utf-8")
    page = page.replace('<meta charset="utf-8">', '<meta charset="iso-8859-15">')
    doc = read_html(page.replace("’", "'").encode("iso-8859-15"), "p.html", now=NOW)
    assert doc.title == "Mistral AI lève 1,7 milliard d'euros auprès d'ASML"
    japanese = ("<html><head><meta http-equiv='Content-Type' "
                "content='text/html; charset=Shift_JIS'></head><body><article><p>"
                + "半導体大手は金曜日、新興企業に投資すると発表した。" * 8
                + "</p></article></body></html>")
    doc = read_html(japanese.encode("shift_jis"), "jp.html", now=NOW)
    assert doc.text.startswith("半導体大手は金曜日")


def test_read_html_utf8_page_with_a_stale_latin1_declaration(fixtures: Path) -> None:
    page = (fixtures / "article_fr.html").read_text(encoding="utf-8")
    page = page.replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">')
    doc = read_html(page.encode("utf-8"), "p.html", now=NOW)
    assert doc.title == "Mistral AI lève 1,7 milliard d'euros auprès d'ASML"
