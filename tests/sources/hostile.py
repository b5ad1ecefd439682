"""Hostile and broken inputs, each written by a function into a folder.

Every kind is what someone pointing dealgraph at the open web will meet sooner
or later: XML bombs and external entities in feeds, compression bombs, pages
and JSON nested absurdly deep, endless lines, bytes that are not text, text
that tries to fool a reader, and file names that try to fool a shell. Each
builder writes its file(s) under ``folder`` and returns the paths the reader is
given. ``EXPECT`` says, for each kind, what a clean outcome is: ``"error"`` (a
failure naming the input) or ``"read"`` (articles read, possibly besides
failures of single items or lines).
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Callable
from pathlib import Path

#: A port nothing listens on: an input that makes the reader fetch from it fails loudly
#: in the network-watch test, which serves this port and counts the requests.
WATCH_PORT_ENV = "DEALGRAPH_TEST_WATCH_PORT"

ARTICLE = ("Borealis Capital will invest $200 million in Acme Robotics, the two companies "
           "said on Tuesday. The money will pay for a new plant near Lyon and for hiring.")


def _write(path: Path, data: bytes | str) -> list[Path]:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return [path]


def _rss(items: str, prolog: str = "") -> str:
    return (f'<?xml version="1.0"?>{prolog}<rss version="2.0"><channel><title>Wire</title>'
            f"{items}</channel></rss>")


def _item(text: str, n: int = 1) -> str:
    return (f"<item><title>Item {n}</title><link>https://wire.example/{n}</link>"
            f"<description>{text}</description></item>")


def billion_laughs(folder: Path) -> list[Path]:
    levels = ['<!ENTITY l0 "ha">'] + [
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)]
    return _write(folder / "laughs.rss", _rss(_item("&l9;"), f"<!DOCTYPE rss [{''.join(levels)}]>"))


def quadratic_blowup(folder: Path) -> list[Path]:
    entity = '<!ENTITY big "' + "x" * 50_000 + '">'
    return _write(folder / "quadratic.rss",
                  _rss(_item("&big;" * 5_000), f"<!DOCTYPE rss [{entity}]>"))


def external_entity(folder: Path) -> list[Path]:
    secret = folder / "secret.txt"
    secret.write_text("TOP-SECRET-PASSWORD " * 20)
    prolog = f'<!DOCTYPE rss [<!ENTITY leak SYSTEM "file://{secret}">]>'
    return _write(folder / "xxe.rss", _rss(_item(f"{ARTICLE} &leak;"), prolog))


def external_dtd(folder: Path) -> list[Path]:
    port = os.environ.get(WATCH_PORT_ENV, "9")
    prolog = f'<!DOCTYPE rss SYSTEM "http://127.0.0.1:{port}/feed.dtd">'
    return _write(folder / "dtd.rss", _rss(_item(ARTICLE), prolog))


def parameter_entity(folder: Path) -> list[Path]:
    port = os.environ.get(WATCH_PORT_ENV, "9")
    prolog = (f'<!DOCTYPE rss [<!ENTITY % remote SYSTEM "http://127.0.0.1:{port}/p.dtd"> '
              "%remote;]>")
    return _write(folder / "param.rss", _rss(_item(ARTICLE), prolog))


def atom_bomb(folder: Path) -> list[Path]:
    levels = ['<!ENTITY a0 "lol">'] + [
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)]
    return _write(folder / "bomb.atom",
                  f'<?xml version="1.0"?><!DOCTYPE feed [{"".join(levels)}]>'
                  '<feed xmlns="http://www.w3.org/2005/Atom"><title>&a9;</title>'
                  f"<entry><title>x</title><content>{ARTICLE} &a9;</content></entry></feed>")


def feed_of_many_items(folder: Path) -> list[Path]:
    items = "".join(_item(f"Short note number {n}.", n) for n in range(100_000))
    return _write(folder / "many.rss", _rss(items))


def feed_nested_deep(folder: Path) -> list[Path]:
    return _write(folder / "deep.rss",
                  _rss(_item(ARTICLE) + "<x>" * 100_000 + "</x>" * 100_000))


def gzip_bomb(folder: Path) -> list[Path]:
    # A gzip file may hold many members one after the other: one megabyte of
    # zeros compressed once and repeated 1,024 times is 1 GB of zeros, 1 MB on disk.
    return _write(folder / "bomb.jsonl.gz", gzip.compress(bytes(1 << 20)) * 1024)


def gzip_bomb_of_lines(folder: Path) -> list[Path]:
    line = (json.dumps({"text": "a" * 200}) + "\n").encode()
    member = gzip.compress(line * 5_000)
    return _write(folder / "lines.jsonl.gz", member * 400)  # 400 MB of the same line


def not_gzip(folder: Path) -> list[Path]:
    return _write(folder / "fake.jsonl.gz", b"this was never compressed\n")


def truncated_gzip(folder: Path) -> list[Path]:
    whole = gzip.compress((json.dumps({"text": ARTICLE}) + "\n").encode() * 50)
    return _write(folder / "cut.jsonl.gz", whole[: len(whole) // 2])


def json_deep(folder: Path) -> list[Path]:
    deep = '{"text": "x", "more": ' + "[" * 10_000 + "]" * 10_000 + "}"
    return _write(folder / "deep.jsonl", deep + "\n" + json.dumps({"text": ARTICLE}) + "\n")


def json_huge_number(folder: Path) -> list[Path]:
    return _write(folder / "number.jsonl", '{"text": "x", "n": ' + "9" * 100_000 + "}\n"
                  + json.dumps({"text": ARTICLE, "id": "after-number"}) + "\n")


def json_long_line(folder: Path) -> list[Path]:
    path = folder / "long.jsonl"
    with path.open("wb") as out:
        out.write(b'{"text": "')
        chunk = b"a" * (1 << 20)
        for _ in range(100):  # one line of 100 MB
            out.write(chunk)
        out.write(b'"}\n')
        out.write((json.dumps({"text": ARTICLE}) + "\n").encode())
    return [path]


def text_long_line(folder: Path) -> list[Path]:
    path = folder / "long.txt"
    with path.open("wb") as out:
        for _ in range(100):
            out.write(b"word " * 200_000)  # 100 MB, no line break
    return [path]


def text_long_sentence(folder: Path) -> list[Path]:
    # Under the size limits, but one sentence of 600,000 characters with no stop.
    return _write(folder / "sentence.txt", "Acme Robotics raised " + "and more money " * 40_000)


def money_backtracking(folder: Path) -> list[Path]:
    # Digits and separators that a careless money pattern would try in every split.
    return _write(folder / "digits.txt", "Acme raised $" + "1,0" * 30_000 + " in cash. "
                  + "1 " * 50_000 + "million euros.")


def nul_bytes(folder: Path) -> list[Path]:
    return _write(folder / "nul.txt", ("Acme\x00Robotics raised\x00 money. " * 100).encode())


def nul_in_json(folder: Path) -> list[Path]:
    return _write(folder / "nul.jsonl",
                  json.dumps({"text": ARTICLE.replace(" ", "\u0000", 3), "id": "nul"}) + "\n")


def lone_surrogates(folder: Path) -> list[Path]:
    line = '{"id": "surrogate", "title": "\\udc80 title", "text": "' + \
        ARTICLE.replace("Acme", "Acme\\ud800", 1) + '"}'
    return _write(folder / "surrogate.jsonl", line + "\n")


def utf8_bom(folder: Path) -> list[Path]:
    return _write(folder / "bom.txt", b"\xef\xbb\xbf" + ARTICLE.encode())


def utf16_bom(folder: Path) -> list[Path]:
    return _write(folder / "utf16.txt", ARTICLE.encode("utf-16"))


def bidi_overrides(folder: Path) -> list[Path]:
    spoof = ARTICLE.replace("$200 million", "\u202e$200 million\u202c\u2066x\u2069")
    return _write(folder / "bidi.txt", spoof + "\u200f\u200e" * 1000)


def mixed_encodings(folder: Path) -> list[Path]:
    return _write(folder / "mixed.txt", ARTICLE.encode("utf-8") + " Société Générale a levé "
                  "50 millions d'euros.".encode("latin-1") + " Déjà vu.".encode())


def invalid_utf8_json(folder: Path) -> list[Path]:
    return _write(folder / "bytes.jsonl", b'{"text": "caf\xe9 \xff\xfe"}\n'
                  + (json.dumps({"text": ARTICLE, "id": "good-line"}) + "\n").encode())


def binary_file(folder: Path) -> list[Path]:
    return _write(folder / "photo.txt", bytes(range(256)) * 400)


def zalgo(folder: Path) -> list[Path]:
    return _write(folder / "zalgo.txt", ARTICLE + " " + ("a" + "\u0301" * 5_000 + " ") * 50
                  + "\u200b" * 100_000)


def html_deep(folder: Path) -> list[Path]:
    return _write(folder / "deep.html", "<html><body>" + "<div>" * 100_000 + ARTICLE
                  + "</div>" * 100_000 + "</body></html>")


def html_many_links(folder: Path) -> list[Path]:
    links = "".join(f'<a href="https://x.example/{n}">link {n}</a> ' for n in range(100_000))
    return _write(folder / "links.html", f"<html><body><article><p>{ARTICLE}</p>{links}"
                  "</article></body></html>")


def html_entity_bomb(folder: Path) -> list[Path]:
    levels = ['<!ENTITY h0 "ha">'] + [
        f'<!ENTITY h{i} "{f"&h{i - 1};" * 10}">' for i in range(1, 10)]
    return _write(folder / "bomb.html", f"<!DOCTYPE html [{''.join(levels)}]><html><body>"
                  f"<article><p>{ARTICLE} &h9;</p></article></body></html>")


def html_huge_attribute(folder: Path) -> list[Path]:
    return _write(folder / "attribute.html", '<html><body><p title="' + "x" * 10_000_000
                  + f'">{ARTICLE}</p></body></html>')


def empty_file(folder: Path) -> list[Path]:
    return _write(folder / "empty.html", b"")


def newline_name(folder: Path) -> list[Path]:
    return _write(folder / "two\nlines\r.txt", ARTICLE)


def shell_name(folder: Path) -> list[Path]:
    return _write(folder / "$(touch PWNED); `touch PWNED2` | rm -rf x & '\".txt", ARTICLE)


def undecodable_name(folder: Path) -> list[Path]:
    name = os.fsdecode(b"caf\xe9-\xff.txt")
    return _write(folder / name, ARTICLE)


def fifo(folder: Path) -> list[Path]:
    path = folder / "pipe.txt"
    os.mkfifo(path)  # nobody ever writes to it: reading it would wait forever
    return [path]


def device(folder: Path) -> list[Path]:
    return [Path("/dev/zero")]  # an endless file whose size says 0


def symlink_loop(folder: Path) -> list[Path]:
    loop = folder / "loop"
    loop.mkdir()
    (loop / "again").symlink_to(loop, target_is_directory=True)
    (loop / "note.txt").write_text(ARTICLE)
    return [loop]


BUILDERS: dict[str, Callable[[Path], list[Path]]] = {
    f.__name__: f for f in (
        billion_laughs, quadratic_blowup, external_entity, external_dtd, parameter_entity,
        atom_bomb, feed_of_many_items, feed_nested_deep, gzip_bomb, gzip_bomb_of_lines,
        not_gzip, truncated_gzip, json_deep, json_huge_number, json_long_line, text_long_line,
        text_long_sentence, money_backtracking, nul_bytes, nul_in_json, lone_surrogates,
        utf8_bom, utf16_bom, bidi_overrides, mixed_encodings, invalid_utf8_json, binary_file,
        zalgo, html_deep, html_many_links, html_entity_bomb, html_huge_attribute, empty_file,
        newline_name, shell_name, undecodable_name, fifo, device, symlink_loop,
    )
}
