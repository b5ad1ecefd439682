"""RSS and Atom feeds: one document per item."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dealgraph.errors import InputError
from dealgraph.records import Document
from dealgraph.sources.failure import Failure
from dealgraph.sources.feeds import html_to_text, parse_feed
from tests.sources.builders import TODAY


def test_parse_feed_rss_items(fixtures: Path) -> None:
    items = list(parse_feed((fixtures / "feed.rss").read_bytes(), "feed.rss", TODAY))
    amd, oracle, empty = items
    assert isinstance(amd, Document) and isinstance(oracle, Document)
    assert (amd.id, amd.url, amd.date, amd.date_source, amd.site) == (
        "marchestech-2025-10-06-amd", "https://marchestech.example/2025/10/06/amd-openai",
        dt.date(2025, 10, 6), "feed", "Marchés Tech")
    # The full content wins over the summary, in paragraphs.
    assert amd.text.startswith("AMD a accordé à OpenAI des bons de souscription")
    assert "\n\nLe contrat porte sur six gigawatts" in amd.text
    assert oracle.id == "https://marchestech.example/2025/09/10/oracle-openai"
    assert oracle.text == ("OpenAI se serait engagé à acheter pour 300 milliards de dollars de "
                           "puissance de calcul à Oracle sur environ cinq ans, selon le Wall "
                           "Street Journal.")
    assert empty == Failure("feed.rss:3", "feed item has no text")


def test_parse_feed_atom_entries(fixtures: Path) -> None:
    broadcom, coreweave = parse_feed((fixtures / "feed.atom").read_bytes(), "feed.atom", TODAY)
    assert isinstance(broadcom, Document) and isinstance(coreweave, Document)
    assert broadcom.id == "tag:computenotes.example,2025:broadcom-openai"
    assert broadcom.date == dt.date(2025, 10, 13)  # published, not updated
    assert broadcom.text.endswith("Financial terms were not disclosed.")
    assert coreweave.date == dt.date(2025, 9, 30)  # only updated is given
    assert coreweave.url == "https://computenotes.example/posts/coreweave-meta"
    assert coreweave.title == "CoreWeave expands its agreement with Meta"


def test_parse_feed_item_ids_fall_back_to_numbers() -> None:
    rss = (b"<rss version='2.0'><channel><title>T</title><item><title>A</title>"
           b"<description>Some text about a deal.</description></item></channel></rss>")
    (doc,) = parse_feed(rss, "news/daily.xml", TODAY)
    assert isinstance(doc, Document) and doc.id == "daily:1" and doc.date is None


@pytest.mark.parametrize("data", [
    b"<html><body><p>Not a feed</p></body></html>",
    b"<rss version='2.0'><channel><title>No items</title></channel></rss>",
])
def test_parse_feed_refuses_what_has_no_items(data: bytes) -> None:
    with pytest.raises(InputError, match=r"^f.xml: not a valid RSS or Atom feed"):
        list(parse_feed(data, "f.xml", TODAY))


@pytest.mark.parametrize(("html", "text"), [
    ("<p>One.</p><p>Two <b>bold</b> words.</p>", "One.\n\nTwo bold words."),
    ("Line<br>break", "Line\n\nbreak"),
    ("<script>var x = 1;</script><p>Kept</p>", "Kept"),
    ("plain   text\n\nwith  spaces", "plain text\nwith spaces"),
    ("", ""),
])
def test_html_to_text(html: str, text: str) -> None:
    assert html_to_text(html) == text
