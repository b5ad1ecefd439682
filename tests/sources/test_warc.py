"""Reading web archives: pages through the HTML path, filters before parsing, damage reported."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import pytest

from dealgraph.records import Document
from dealgraph.sources.failure import Failure
from dealgraph.sources.filters import RecordFilters
from dealgraph.sources.reader import read_inputs
from dealgraph.sources.warc import WarcStats, count_records, read_warc, record_offsets
from tests.sources.builders import NOW
from tests.sources.warc_builder import Page, article, write_warc

EN = "Acme Capital invests 5 million dollars in Widget Labs, the company said on Tuesday."
FR = "Le fonds Acme Capital investit 5 millions d'euros dans la jeune pousse Widget Labs."


def _pages(n: int, host: str = "news.example.com", lang: str = "en") -> list[Page]:
    body = EN if lang == "en" else FR
    return [Page(f"https://{host}/2025/story-{i}", article(f"Story {i} on {host}", f"{body} ({i})",
                                                          lang=lang),
                 date=f"2025-03-{i + 1:02d}T08:00:00Z") for i in range(n)]


def _docs(items: list[Document | Failure]) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def _fails(items: list[Document | Failure]) -> list[Failure]:
    return [i for i in items if isinstance(i, Failure)]


@pytest.mark.parametrize("gz", [True, False])
def test_pages_become_documents_with_the_target_uri_and_capture_date(tmp_path: Path, gz: bool) -> None:
    path = write_warc(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), _pages(3), gz=gz)
    items = list(read_warc(path, now=NOW))
    assert [d.url for d in _docs(items)] == [f"https://news.example.com/2025/story-{i}" for i in range(3)]
    first = _docs(items)[0]
    assert first.id == first.url and first.origin == first.url
    assert first.title == "Story 0 on news.example.com"
    assert "Acme Capital invests 5 million dollars" in first.text
    assert (first.date, first.date_source) == (dt.date(2025, 3, 1), "warc-date")
    assert not _fails(items)


def test_the_page_own_date_wins_over_the_capture_date(tmp_path: Path) -> None:
    page = Page("https://news.example.com/a", article("Dated", EN, published="2025-02-27T09:00:00Z"),
                date="2025-03-04T10:00:00Z")
    doc = _docs(list(read_warc(write_warc(tmp_path / "a.warc.gz", [page]))))[0]
    assert doc.date == dt.date(2025, 2, 27) and doc.date_source != "warc-date"


def test_index_ranges_partition_the_records(tmp_path: Path) -> None:
    pages = _pages(7)
    pages.insert(3, Page("https://news.example.com/req", b"GET / HTTP/1.1", record_type="request"))
    path = write_warc(tmp_path / "crawl.warc.gz", pages)
    total = count_records(path)
    assert total == 7  # the request record takes no index
    parts = [(0, 3), (3, 5), (5, None)]
    read = [d.url for a, b in parts for d in _docs(list(read_warc(path, start=a, stop=b)))]
    assert read == [d.url for d in _docs(list(read_warc(path)))]
    assert len(read) == 7 and len(set(read)) == 7


def _read(items: list[Document | Failure]) -> list[tuple[str, str]]:
    return [("doc", i.url or "") if isinstance(i, Document) else ("fail", i.input) for i in items]


@pytest.mark.parametrize("gz", [True, False])
def test_a_range_read_from_its_offset_gives_the_records_of_a_scan(tmp_path: Path, gz: bool) -> None:
    pages = _pages(8)
    pages.insert(4, Page("https://news.example.com/req", b"GET / HTTP/1.1", record_type="request"))
    path = write_warc(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), pages, gz=gz)
    if gz:  # one damaged member: the unreadable stretch keeps its index from an offset too
        data = bytearray(path.read_bytes())
        fifth = _members(bytes(data))[6]  # after the warcinfo, four stories and the request
        data[fifth + 200:fifth + 260] = b"\x00" * 60
        path.write_bytes(bytes(data))
    total, offsets = record_offsets(path, 3)
    assert total == count_records(path) == 8 and len(offsets) == 3 and offsets == sorted(offsets)
    ranges = [(a, min(a + 3, total)) for a in range(0, total, 3)]
    by_offset = [_read(list(read_warc(path, start=a, stop=b, offset=offsets[i], now=NOW)))
                 for i, (a, b) in enumerate(ranges)]
    by_scan = [_read(list(read_warc(path, start=a, stop=b, now=NOW))) for a, b in ranges]
    assert by_offset == by_scan
    assert sum(by_offset, []) == _read(list(read_warc(path, now=NOW)))
    if gz:
        assert ("fail", "https://news.example.com/2025/story-4") in by_offset[1]


@pytest.mark.parametrize("gz", [True, False])
def test_a_range_read_from_its_offset_reads_nothing_before_it(tmp_path: Path, gz: bool) -> None:
    path = write_warc(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), _pages(6), gz=gz)
    total, offsets = record_offsets(path, 2)
    expected = _read(list(read_warc(path, start=4, stop=total, now=NOW)))
    damaged = tmp_path / ("damaged.warc.gz" if gz else "damaged.warc")
    data = path.read_bytes()
    damaged.write_bytes(b"\xff" * offsets[2] + data[offsets[2]:])  # everything before is garbage
    assert _read(list(read_warc(damaged, start=4, stop=total, offset=offsets[2], now=NOW))) == expected
    assert len(expected) == 2 and all(kind == "doc" for kind, _ in expected)
    # a scan from the file's start does meet the garbage
    assert _read(list(read_warc(damaged, start=4, stop=total, now=NOW))) != expected


def test_filters_apply_to_date_domain_language_and_keywords(tmp_path: Path) -> None:
    pages = (_pages(3, "news.example.com") + _pages(2, "blog.other.org")
             + _pages(2, "www.presse.example.fr", lang="fr"))
    path = write_warc(tmp_path / "crawl.warc.gz", pages)

    def urls(filters: RecordFilters) -> list[str]:
        stats = WarcStats()
        docs = _docs(list(read_warc(path, filters=filters, stats=stats)))
        assert stats.filtered + stats.documents == stats.responses == 7
        return [d.url or "" for d in docs]

    assert len(urls(RecordFilters(since=dt.date(2025, 3, 2), until=dt.date(2025, 3, 2)))) == 3
    assert all("other.org" in u for u in urls(RecordFilters(domains=("other.org",))))
    assert len(urls(RecordFilters(domains=("other.org",)))) == 2
    assert len(urls(RecordFilters(exclude_domains=("example.com",)))) == 4
    assert len(urls(RecordFilters(domains=("presse.example.fr",)))) == 2  # www. ignored
    assert all("presse" in u for u in urls(RecordFilters(langs=frozenset({"fr"}))))
    assert len(urls(RecordFilters(langs=frozenset({"fr"})))) == 2
    assert len(urls(RecordFilters(keywords=("JEUNE POUSSE", "nothing-here")))) == 2
    assert urls(RecordFilters(keywords=("absent",))) == []


def test_non_html_statuses_and_encodings_are_counted_and_reported_by_url(tmp_path: Path) -> None:
    good = _pages(2)
    bad_utf8 = article("Broken", EN).encode("utf-8").replace(b"Acme", b"Ac\xff\xfeme", 1)
    pages = [
        good[0],
        Page("https://news.example.com/report.pdf", b"%PDF-1.7 binary", content_type="application/pdf"),
        Page("https://news.example.com/old", b"", status="301 Moved Permanently"),
        Page("https://news.example.com/broken", bad_utf8),
        Page("https://news.example.com/cut", article("Cut", EN),
             extra_warc={"WARC-Truncated": "length"}),
        Page("https://news.example.com/menu", "<html><body><nav>Home</nav></body></html>"),
        good[1],
    ]
    stats = WarcStats()
    items = list(read_warc(write_warc(tmp_path / "crawl.warc.gz", pages), stats=stats))
    assert [d.url for d in _docs(items)] == [good[0].url, good[1].url]
    failed = {f.input: f.message for f in _fails(items)}
    assert failed["https://news.example.com/report.pdf"] == "not an HTML page (application/pdf)"
    assert "utf-8" in failed["https://news.example.com/broken"]
    assert "truncated" in failed["https://news.example.com/cut"]
    assert "no article" in failed["https://news.example.com/menu"]
    assert "https://news.example.com/old" not in failed
    assert stats.skipped == 1 and stats.responses == 7
    assert stats.failures == {"not HTML": 1, "bad encoding": 1, "truncated": 1, "no article": 1}


def test_a_latin1_page_declared_as_such_is_read(tmp_path: Path) -> None:
    html = article("Levée de fonds", FR, lang="fr", charset="iso-8859-1").encode("iso-8859-1")
    page = Page("https://presse.example.fr/a", html, content_type="text/html; charset=iso-8859-1")
    doc = _docs(list(read_warc(write_warc(tmp_path / "a.warc.gz", [page]))))[0]
    assert "jeune pousse" in doc.text and doc.title == "Levée de fonds"


def _members(data: bytes) -> list[int]:
    starts, pos = [], 0
    while (pos := data.find(b"\x1f\x8b\x08", pos)) >= 0:
        starts.append(pos)
        pos += 1
    return starts


def test_a_broken_gzip_member_is_reported_and_the_rest_is_read(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "crawl.warc.gz", _pages(5))
    data = path.read_bytes()
    starts = _members(data)
    assert len(starts) == 6  # warcinfo + 5 responses, one member each
    third = starts[3]  # the member of story-2
    damaged = bytearray(data)
    damaged[third + 200:third + 260] = b"\x00" * 60
    path.write_bytes(bytes(damaged))
    stats = WarcStats()
    items = list(read_warc(path, stats=stats))
    assert [d.url for d in _docs(items)] == [
        f"https://news.example.com/2025/story-{i}" for i in (0, 1, 3, 4)]
    (failure,) = _fails(items)
    assert failure.input == "https://news.example.com/2025/story-2"  # salvaged from the header
    assert "unreadable record" in failure.message
    assert stats.failures == {"unreadable": 1}
    assert count_records(path) == 5


def test_a_file_cut_short_reports_its_last_record_as_truncated(tmp_path: Path) -> None:
    for name, gz in (("cut.warc.gz", True), ("cut.warc", False)):
        path = write_warc(tmp_path / name, _pages(3), gz=gz)
        path.write_bytes(path.read_bytes()[:-300])
        items = list(read_warc(path))
        assert len(_docs(items)) == 2
        (failure,) = _fails(items)
        assert failure.input == "https://news.example.com/2025/story-2"
        assert "truncated" in failure.message


def test_warcio_reads_a_record_fastwarc_refuses(tmp_path: Path) -> None:
    # A WARC header longer than FastWARC accepts (32 KB): warcio still reads it.
    pages = _pages(3)
    pages[1].extra_warc = {"WARC-Note": "x" * 40_000}
    stats = WarcStats()
    items = list(read_warc(write_warc(tmp_path / "long.warc.gz", pages), stats=stats))
    assert [d.url for d in _docs(items)] == [p.url for p in pages]
    assert stats.warcio == 1


def test_read_inputs_streams_archives_with_filters_and_skips_nothing_else(tmp_path: Path) -> None:
    write_warc(tmp_path / "a.warc.gz", _pages(2) + _pages(1, "blog.other.org"))
    (tmp_path / "note.html").write_text(article("Loose page", EN), encoding="utf-8")
    items = list(read_inputs([str(tmp_path)], now=NOW, filters=RecordFilters(domains=("example.com",))))
    assert len(_docs(items)) == 2  # the loose page has no URL, so a domain filter drops it
    items = list(read_inputs([str(tmp_path)], now=NOW))
    assert len(_docs(items)) == 4


@pytest.mark.parametrize("name", ["fake.warc.gz", "fake.warc", "empty.warc"])
def test_a_file_that_is_not_an_archive_is_one_failure(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    content = b"" if name.startswith("empty") else b"hello, not an archive\r\n" * 10
    path.write_bytes(gzip.compress(content) if name.endswith(".gz") else content)
    (failure,) = list(read_warc(path))
    assert isinstance(failure, Failure) and failure.input == str(path)
    assert "not a WARC archive" in failure.message
