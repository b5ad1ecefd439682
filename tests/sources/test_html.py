"""HTML pages: main text, metadata, date provenance, future dates, template boxes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dealgraph.errors import InputError
from dealgraph.sources.boilerplate import BoilerplateFilter, drop_repeated
from dealgraph.sources.html import parse_html, site_key
from tests.sources.builders import TODAY


def _page(fixtures: Path, name: str, today: dt.date = TODAY,
          boilerplate: BoilerplateFilter | None = None) -> tuple[str, ...]:
    doc = parse_html((fixtures / name).read_text(encoding="utf-8"), name, today, boilerplate)
    return (doc.id, doc.title or "", str(doc.date), doc.date_source or "", doc.url or "",
            doc.site or "")


def test_parse_html_french_page_metadata_from_json_ld(fixtures: Path) -> None:
    assert _page(fixtures, "article_fr.html") == (
        "article_fr", "Mistral AI lève 1,7 milliard d'euros auprès d'ASML", "2025-09-09",
        "json-ld", "https://www.echodespuces.example/tech/mistral-ai-asml-levee",
        "L'Écho des Puces")


def test_parse_html_english_page_canonical_url_and_site(fixtures: Path) -> None:
    assert _page(fixtures, "article_en.html") == (
        "article_en", "SoftBank completes $22.5 billion payment to OpenAI", "2025-12-31",
        "json-ld", "https://chipledger.example/2025/12/31/softbank-openai-payment/", "Chip Ledger")


def test_parse_html_date_from_meta_tag(fixtures: Path) -> None:
    assert _page(fixtures, "repeated_in_page.html")[2:4] == ("2025-06-13", "html-meta")


def test_parse_html_future_date_is_rejected_and_reported(fixtures: Path) -> None:
    assert _page(fixtures, "future_date.html")[2:4] == ("None", "rejected-future:2031-01-01")


def test_parse_html_same_page_read_after_its_date_keeps_it(fixtures: Path) -> None:
    later = dt.date(2031, 6, 1)
    assert _page(fixtures, "future_date.html", later)[2:4] == ("2031-01-01", "html-meta")


def test_parse_html_keeps_the_article_and_drops_the_template(fixtures: Path) -> None:
    doc = parse_html((fixtures / "article_fr.html").read_text(encoding="utf-8"), "a.html", TODAY)
    assert doc.text.startswith("La start-up parisienne Mistral AI a bouclé une levée de fonds")
    assert doc.text.endswith("selon une source proche du dossier.")
    assert doc.text.count("\n\n") == 3  # four paragraphs
    for template in ("cookies", "Lire aussi", "lettre d'information", "Accueil", "droits réservés",
                     "Par Claire Martin"):
        assert template not in doc.text
    assert doc.title is not None and not doc.text.startswith(doc.title)


def test_parse_html_drops_a_box_repeated_within_the_page(fixtures: Path) -> None:
    doc = parse_html((fixtures / "repeated_in_page.html").read_text(encoding="utf-8"), "p.html",
                     TODAY)
    assert "Subscribe to the Deal Desk" not in doc.text
    assert "49% stake in data-labelling startup Scale AI" in doc.text
    assert "independent company" in doc.text


@pytest.mark.parametrize("html", [
    "<html><body><nav><a href='/'>Accueil</a></nav><h1>Erreur 404</h1>"
    "<p>Cette page n'existe pas.</p></body></html>",
    "<html><head><title>Only a title</title></head><body></body></html>",
    "<p>Short.</p>",
    "not html at all",
])
def test_parse_html_without_an_article_is_refused(html: str) -> None:
    with pytest.raises(InputError, match=r"^x.html: no article text found in the page$"):
        parse_html(html, "x.html", TODAY)


def test_parse_html_no_article_fixture_is_refused(fixtures: Path) -> None:
    with pytest.raises(InputError, match="no article text found in the page"):
        parse_html((fixtures / "no_article.html").read_text(encoding="utf-8"), "n.html", TODAY)


def test_boilerplate_filter_drops_site_paragraph_from_the_third_page_on(fixtures: Path) -> None:
    site = BoilerplateFilter()
    box = "Cet article vous est offert par Le Fil Tech."
    texts = [parse_html(p.read_text(encoding="utf-8"), p.name, TODAY, site).text
             for p in sorted((fixtures / "site").glob("*.html"))]
    assert [box in t for t in texts] == [True, True, False]
    assert "Microsoft investira jusqu'à 5 milliards de dollars" in texts[2]


def test_boilerplate_filter_counts_sites_apart() -> None:
    site = BoilerplateFilter(repeats=2)
    paras = ["Subscribe to our newsletter.", "A paragraph of news."]
    assert site.clean(paras, "a.example") == paras
    assert site.clean(paras, "b.example") == paras
    again = ["Subscribe to our newsletter.", "Other news."]
    assert site.clean(again, "a.example") == ["Other news."]
    assert site.clean(paras, None) == paras


@pytest.mark.parametrize(("paras", "kept"), [
    (["A", "Lire aussi : X", "B", "Lire aussi : X"], ["A", "B"]),
    (["A", "Lire  aussi : x", "LIRE AUSSI : X"], ["A"]),  # spacing and case do not hide a copy
    (["A", "B", "C"], ["A", "B", "C"]),
])
def test_drop_repeated_removes_every_copy(paras: list[str], kept: list[str]) -> None:
    assert drop_repeated(paras) == kept


@pytest.mark.parametrize(("url", "site", "key"), [
    ("https://www.lefiltech.example/articles/1", "Le Fil Tech", "lefiltech.example"),
    ("https://news.example.org/a", None, "news.example.org"),
    (None, "Le Fil Tech", "Le Fil Tech"),
    (None, None, None),
])
def test_site_key_prefers_the_host(url: str | None, site: str | None, key: str | None) -> None:
    assert site_key(url, site) == key
