"""Bytes to text: BOMs, legacy Western text, damaged UTF-8, binaries, empties."""

from __future__ import annotations

import logging

import pytest

from dealgraph.errors import InputError
from dealgraph.sources.decode import decode, is_binary

FRENCH = "Le géant des puces a investi 5 milliards d’euros — « une première » — à Paris."


@pytest.mark.parametrize(("data", "text"), [
    (FRENCH.encode("utf-8"), FRENCH),
    (b"\xef\xbb\xbf" + FRENCH.encode("utf-8"), FRENCH),
    (FRENCH.encode("utf-16"), FRENCH),
    (b"\xfe\xff" + FRENCH.encode("utf-16-be"), FRENCH),
    (FRENCH.encode("utf-32"), FRENCH),
    (b"Plain ASCII news about a $5 billion deal.\r\n",
     "Plain ASCII news about a $5 billion deal.\r\n"),
])
def test_decode_reads_utf_encodings_and_drops_the_bom(data: bytes, text: str) -> None:
    assert decode(data, "a.txt") == text


def test_decode_reads_cp1252_french_and_warns(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        assert decode(FRENCH.encode("cp1252"), "old.txt") == FRENCH
    assert "old.txt: not UTF-8; read as Windows-1252 (Latin-1) text" in caplog.text


def test_decode_reads_latin1_bytes_undefined_in_cp1252() -> None:
    data = "Résumé de l'accord, signé à Genève".encode("latin-1") + b" \x81 fin"
    assert decode(data, "x.txt") == "Résumé de l'accord, signé à Genève \x81 fin"


@pytest.mark.parametrize(("data", "message"), [
    (b"", "empty file"),
    (b" \n\t\r\n ", "empty file"),
    ("  \n".encode("utf-16"), "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not text"),
    (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + bytes(range(40)), "binary file, not text"),
    (b"text\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f" * 3, "binary file, not text"),
    # Mostly UTF-8 ("é" twice) with one Latin-1 "é": a damaged file, not a legacy one.
    ("Café, thé et ".encode() + b"caf\xe9 encore", "not valid UTF-8 (byte 0xe9 at "
     "offset 18); try --encoding latin-1"),
])
def test_decode_refuses_with_a_message_naming_the_input(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as caught:
        decode(data, "in.txt")
    assert caught.value.message == message
    assert str(caught.value) == f"in.txt: {message}"


def test_decode_explicit_encoding_overrides_detection() -> None:
    data = "Société Générale".encode("cp1252")
    assert decode(data, "x", encoding="latin-1") == "Société Générale"
    assert decode("Société".encode(), "x", encoding="latin-1") == "SociÃ©tÃ©"


def test_decode_explicit_encoding_errors_name_the_byte() -> None:
    with pytest.raises(InputError, match=r"^x: not valid utf-8 \(byte 0xe9 at offset 4\)$"):
        decode(b"Soci\xe9t\xe9", "x", encoding="utf-8")
    with pytest.raises(InputError, match=r"^x: unknown encoding 'klingon'$"):
        decode(b"abc", "x", encoding="klingon")


@pytest.mark.parametrize(("data", "binary"), [
    (b"Ordinary text\twith tabs\nand lines\x0c and a form feed", False),
    (b"\x1b[1mbold\x1b[0m terminal capture", False),
    (b"abc\x00def", True),
])
def test_is_binary_tells_control_heavy_bytes_from_text(data: bytes, binary: bool) -> None:
    assert is_binary(data) is binary
