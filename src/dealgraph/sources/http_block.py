"""An archived HTTP response, as a WARC record stores it: status, headers, body.

The body is returned as the server meant it: a chunked transfer is joined and
a gzip, deflate or brotli content encoding is undone. Archives written by
crawlers that already decoded the body and kept the original header under
another name (``X-Crawler-Content-Encoding``) read as plain bodies.
"""

from __future__ import annotations

import codecs
import zlib
from dataclasses import dataclass

from dealgraph.errors import InputError
from dealgraph.sources.decode import decode
from dealgraph.sources.html import declared_charset

#: Largest decoded body kept (a compressed bomb must not fill memory).
MAX_BODY = 50_000_000


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: dict[str, str]  # names lower-cased; a repeated header keeps its last value
    body: bytes

    @property
    def media_type(self) -> str | None:
        value = self.headers.get("content-type")
        return value.split(";")[0].strip().lower() or None if value else None

    @property
    def charset(self) -> str | None:
        value = self.headers.get("content-type") or ""
        for part in value.split(";")[1:]:
            key, _, val = part.partition("=")
            if key.strip().lower() == "charset" and val.strip():
                return val.strip().strip("\"'").lower()
        return None


def _dechunk(body: bytes, name: str) -> bytes:
    out = bytearray()
    pos = 0
    while True:
        end = body.find(b"\r\n", pos)
        if end < 0:
            raise InputError("broken chunked transfer encoding", input=name)
        try:
            size = int(body[pos:end].split(b";")[0].strip() or b"0", 16)
        except ValueError:
            raise InputError("broken chunked transfer encoding", input=name) from None
        if size == 0:
            return bytes(out)
        out += body[end + 2:end + 2 + size]
        pos = end + 2 + size + 2


def _decode(body: bytes, coding: str, name: str) -> bytes:
    if coding in ("", "identity"):
        return body
    if coding not in ("gzip", "x-gzip", "deflate", "br"):
        raise InputError(f"unknown content encoding {coding!r}", input=name)
    try:
        if coding == "br":
            import brotli

            return bytes(brotli.decompress(body))[:MAX_BODY]
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS if coding != "deflate" else zlib.MAX_WBITS)
        return inflater.decompress(body, MAX_BODY)
    except Exception as exc:  # zlib.error, brotli.error: the body is damaged
        raise InputError(f"cannot undo the {coding} content encoding: {exc}", input=name) from None


def parse_response(block: bytes, name: str) -> HttpResponse:
    """The response stored in a WARC ``response`` record's block.

    Raises :class:`InputError` naming ``name`` when the block is not an HTTP
    response or its body cannot be decoded.
    """
    head, sep, body = block.partition(b"\r\n\r\n")
    if not sep:
        head, sep, body = block.partition(b"\n\n")
    lines = head.replace(b"\r\n", b"\n").split(b"\n")
    status_line = lines[0].decode("latin-1").split()
    if len(status_line) < 2 or not status_line[0].upper().startswith("HTTP/") \
            or not status_line[1].isdigit():
        raise InputError("not an HTTP response", input=name)
    headers: dict[str, str] = {}
    for line in lines[1:]:
        key, colon, value = line.decode("latin-1").partition(":")
        if colon:
            headers[key.strip().lower()] = value.strip()
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = _dechunk(body, name)
    codings = [c.strip().lower() for c in headers.get("content-encoding", "").split(",") if c.strip()]
    for coding in reversed(codings):
        body = _decode(body, coding, name)
    return HttpResponse(int(status_line[1]), headers, body)


def decode_page(body: bytes, charset: str | None, name: str) -> str:
    """The text of an HTML page served with ``charset`` (the HTTP header's, or None).

    Raises :class:`InputError` naming ``name`` for an empty page or a page that
    is not valid in the encoding it declares.
    """
    # A valid UTF-8 reading wins over any declaration (pages converted to UTF-8
    # often keep a stale one); else the HTTP charset, else the page's own, else a guess.
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        for declared in (charset, declared_charset(body)):
            if declared:
                try:
                    codecs.lookup(declared)
                except LookupError:
                    continue
                try:
                    return body.decode(declared)
                except UnicodeDecodeError:
                    raise InputError(f"bad encoding: not valid {declared} as declared",
                                     input=name) from None
        return decode(body, name)
    if not text.strip():
        raise InputError("empty page", input=name)
    return text.removeprefix("\ufeff")
