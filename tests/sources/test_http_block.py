"""Archived HTTP responses: status, headers, and the body as the server meant it."""

from __future__ import annotations

import gzip
import zlib

import brotli
import pytest

from dealgraph.errors import InputError
from dealgraph.sources.http_block import decode_page, parse_response

PAGE = "<html><body><p>Levée de fonds de 5 M€</p></body></html>".encode()


def _block(headers: list[str], body: bytes, status: str = "HTTP/1.1 200 OK") -> bytes:
    return ("\r\n".join([status, *headers]) + "\r\n\r\n").encode("latin-1") + body


def _chunked(body: bytes, size: int = 7) -> bytes:
    parts = [b"%x\r\n%s\r\n" % (len(body[i:i + size]), body[i:i + size]) for i in range(0, len(body), size)]
    return b"".join(parts) + b"0\r\n\r\n"


@pytest.mark.parametrize(("coding", "encode"), [
    ("gzip", gzip.compress), ("deflate", zlib.compress), ("br", brotli.compress),
    ("identity", lambda b: b)])
def test_content_encodings_are_undone(coding: str, encode: object) -> None:
    block = _block(["Content-Type: text/html; charset=UTF-8", f"Content-Encoding: {coding}"],
                   encode(PAGE))  # type: ignore[operator]
    response = parse_response(block, "https://x.example.com/a")
    assert (response.status, response.media_type, response.charset) == (200, "text/html", "utf-8")
    assert response.body == PAGE


def test_a_chunked_gzipped_body_is_joined_then_inflated() -> None:
    block = _block(["Transfer-Encoding: chunked", "Content-Encoding: gzip"], _chunked(gzip.compress(PAGE)))
    assert parse_response(block, "u").body == PAGE


def test_damage_is_an_input_error_naming_the_page() -> None:
    with pytest.raises(InputError, match="cannot undo the gzip content encoding"):
        parse_response(_block(["Content-Encoding: gzip"], b"not gzip at all"), "https://x.example.com/a")
    with pytest.raises(InputError, match="not an HTTP response"):
        parse_response(b"<html>no status line</html>", "u")
    with pytest.raises(InputError, match="broken chunked"):
        parse_response(_block(["Transfer-Encoding: chunked"], b"zz\r\nabc"), "u")


def test_page_text_prefers_valid_utf8_then_the_declared_charset() -> None:
    assert "Levée" in decode_page(PAGE, "iso-8859-1", "u")  # a stale header loses to valid UTF-8
    latin = PAGE.decode().encode("cp1252")
    assert "Levée" in decode_page(latin, "windows-1252", "u")
    with pytest.raises(InputError, match="not valid utf-8 as declared"):
        decode_page(PAGE.replace(b"Lev", b"L\xff\xfev"), "utf-8", "u")
