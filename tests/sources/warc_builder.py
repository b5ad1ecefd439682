"""Web archives written by the tests themselves (warcio's writer), from pages written here.

``Page`` describes one archived response; :func:`write_warc` writes a list of
them, gzipped (one member per record, as crawlers do) or not, and returns the
path. :func:`article` makes an HTML news page long enough to be an article.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


def article(title: str, body: str, *, lang: str | None = "en", published: str | None = None,
            charset: str = "utf-8") -> str:
    """An HTML page with one article (title, dateline meta, three paragraphs)."""
    lang_attr = f' lang="{lang}"' if lang else ""
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    paras = "".join(f"<p>{body} Paragraph {n} adds context on the market and its players.</p>"
                    for n in range(1, 4))
    return (f'<!DOCTYPE html><html{lang_attr}><head><meta charset="{charset}">'
            f"<title>{title}</title>{meta}</head><body><header><nav>Home | Markets</nav></header>"
            f"<article><h1>{title}</h1>{paras}</article><footer>Contact</footer></body></html>")


@dataclass
class Page:
    url: str
    body: bytes | str
    date: str = "2025-03-04T10:00:00Z"
    status: str = "200 OK"
    content_type: str | None = "text/html; charset=utf-8"
    record_type: str = "response"
    extra_http: list[tuple[str, str]] = field(default_factory=list)
    extra_warc: dict[str, str] = field(default_factory=dict)

    def payload(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


def _record_id(*parts: object) -> str:
    """A record id derived from what the record is: the same archive bytes on every run,
    so a test that damages a given stretch of them always damages the same thing."""
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, '|'.join(map(str, parts)))}>"


def write_records(stream: io.BufferedIOBase, pages: list[Page], gz: bool = True) -> None:
    writer = WARCWriter(stream, gzip=gz)
    info = writer.create_warcinfo_record("test.warc", {"software": "tests"})
    info.rec_headers.replace_header("WARC-Record-ID", _record_id("warcinfo"))
    info.rec_headers.replace_header("WARC-Date", "2025-03-01T00:00:00Z")
    writer.write_record(info)
    for n, page in enumerate(pages):
        headers = [("Content-Type", page.content_type)] if page.content_type else []
        http = StatusAndHeaders(page.status, headers + page.extra_http, protocol="HTTP/1.1")
        warc_headers = {"WARC-Date": page.date, "WARC-Record-ID": _record_id(n, page.url),
                        **page.extra_warc}
        if page.record_type == "response":
            record = writer.create_warc_record(page.url, "response", payload=io.BytesIO(page.payload()),
                                               http_headers=http, warc_headers_dict=warc_headers)
        else:
            record = writer.create_warc_record(page.url, page.record_type,
                                               payload=io.BytesIO(page.payload()),
                                               warc_content_type="text/plain",
                                               warc_headers_dict=warc_headers)
        writer.write_record(record)


def write_warc(path: Path, pages: list[Page], gz: bool = True) -> Path:
    with path.open("wb") as stream:
        write_records(stream, pages, gz)  # type: ignore[arg-type]
    return path
