"""Bytes to text: encoding detection, and refusal of what is not text at all.

Order of the checks, each justified by a file we were actually given:

1. an explicit encoding wins (the user knows better than any guess);
2. nothing but whitespace is an empty file;
3. a byte-order mark settles UTF-8, UTF-16 and UTF-32 (Windows editors write them);
4. NUL bytes or many control characters mean a binary file (an image, an archive);
5. strict UTF-8;
6. text with high bytes but no valid UTF-8 multi-byte sequence is Western
   legacy text saved by an old editor: it is read as cp1252, with a warning;
7. mostly valid UTF-8 with a few broken sequences is a damaged file: refused,
   naming the first bad byte, since guessing would silently garble it.
"""

from __future__ import annotations

import codecs
import logging
import re

from dealgraph.errors import InputError

log = logging.getLogger(__name__)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control bytes that plain text does not contain (tab, newlines, form feed and
# escape excepted: ESC appears in terminal captures that are still text).
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
# A well-formed UTF-8 multi-byte sequence (RFC 3629, no surrogates or overlongs).
_UTF8_MULTI = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]"
    rb"|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_HIGH = re.compile(rb"[\x80-\xff]")
SNIFF_BYTES = 8192
# Binary formats are dense in control bytes; text pasted from a terminal or a
# PDF may carry a stray few. 5% of the first 8 KB tells them apart.
MAX_CONTROL_RATIO = 0.05
# Accented Western text has a few high bytes per line; a file made mostly of
# them with no UTF-8 structure is some other encoding we should not guess.
MAX_LEGACY_HIGH_RATIO = 0.3


def is_binary(data: bytes) -> bool:
    """True when ``data`` (without a UTF-16/32 BOM) looks like a binary file."""
    head = data[:SNIFF_BYTES]
    if b"\x00" in head:
        return True
    return len(_CONTROL.findall(head)) > MAX_CONTROL_RATIO * max(len(head), 1)


def _bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _decode_with(data: bytes, encoding: str, name: str) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", input=name) from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid {encoding} (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            input=name,
        ) from None


def _latin1_fallback(exc: UnicodeError) -> tuple[str, int]:
    assert isinstance(exc, UnicodeDecodeError)
    return exc.object[exc.start:exc.end].decode("latin-1"), exc.end


# cp1252 leaves five bytes undefined; Latin-1 maps them to C1 controls, which
# keeps every byte readable instead of failing a whole file on one odd byte.
codecs.register_error("dealgraph-latin1", _latin1_fallback)


def _cp1252(data: bytes) -> str:
    return data.decode("cp1252", errors="dealgraph-latin1")


def decode(data: bytes, name: str, encoding: str | None = None) -> str:
    """The text of ``data``, read as described in the module docstring.

    Raises :class:`InputError` naming ``name`` with one of the messages
    "empty file", "binary file, not text", "not valid UTF-8 (byte 0x.. at
    offset N); try --encoding latin-1", "unknown encoding '...'".
    A leading BOM is never part of the returned text.
    """
    if encoding is not None:
        text = _decode_with(data, encoding, name).removeprefix("\ufeff")
        if not text.strip():
            raise InputError("empty file", input=name)
        return text
    if not data.strip():
        raise InputError("empty file", input=name)
    bom = _bom_encoding(data)
    if bom is not None:
        text = _decode_with(data, bom, name).removeprefix("\ufeff")
    elif is_binary(data):
        raise InputError("binary file, not text", input=name)
    else:
        text = _utf8_or_legacy(data, name)
    if not text.strip():
        raise InputError("empty file", input=name)
    return text


def _utf8_or_legacy(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    sequences = _UTF8_MULTI.findall(data)
    high = len(_HIGH.findall(data))
    valid = len(sequences)
    invalid = high - sum(len(s) for s in sequences)
    if valid < invalid and high <= MAX_LEGACY_HIGH_RATIO * len(data):
        log.warning("%s: not UTF-8; read as Windows-1252 (Latin-1) text", name)
        return _cp1252(data)
    raise InputError(
        f"not valid UTF-8 (byte 0x{data[first_bad]:02x} at offset {first_bad}); "
        "try --encoding latin-1",
        input=name,
    )
