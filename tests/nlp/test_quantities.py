"""Non-money quantities with normalised units (nlp/quantities.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dealgraph.errors import KnowledgeError
from dealgraph.nlp.quantities import find_quantities

ACCEPTED = [
    ("10 gigawatts", "fr", 10, "GW"),
    ("10 GW", "en", 10, "GW"),
    ("10GW", "en", 10, "GW"),
    ("1,5 GW", "fr", 1.5, "GW"),
    ("500 mégawatts", "fr", 500, "MW"),
    ("120 TWh", "fr", 120, "TWh"),
    ("20 000 GPU", "fr", 20000, "GPU"),
    ("20,000 GPUs", "en", 20000, "GPU"),
    ("un million de puces", "fr", 1e6, "GPU"),
    ("300 millions d'utilisateurs", "fr", 3e8, "users"),
    ("300 millions d’utilisateurs", "fr", 3e8, "users"),
    ("800 million weekly active users", "en", 8e8, "users"),
    ("a million users", "en", 1e6, "users"),
    ("5,000 employees", "en", 5000, "employees"),
    ("500 salariés", "fr", 500, "employees"),
    ("2 000 emplois", "fr", 2000, "employees"),
    ("20 mln shares", "en", 2e7, "shares"),
    ("2,129,300 shares", "en", 2129300, "shares"),
    ("2 millions d'actions", "fr", 2e6, "shares"),
    ("50,000 tonnes", "en", 50000, "t"),
    ("5 000 tonnes", "fr", 5000, "t"),
    ("1.2 mln barrels", "en", 1.2e6, "bbl"),
    ("un million de barils", "fr", 1e6, "bbl"),
]


@pytest.mark.parametrize(("phrase", "lang", "value", "unit"), ACCEPTED)
def test_quantity_number_scale_and_unit(phrase: str, lang: str, value: float, unit: str) -> None:
    found = find_quantities(phrase, lang)
    assert [(q.text, q.unit) for q in found] == [(phrase, unit)]
    assert found[0].value == pytest.approx(value)


REJECTED = [
    ("100 milliards de dollars", "fr"),
    ("50 mln dlrs", "en"),
    ("10 ans", "fr"),
    ("in 2019", "en"),
    ("a share", "en"),
    ("20 dlrs a share", "en"),
    ("des actions", "fr"),
    ("5%", "en"),
]


@pytest.mark.parametrize(("phrase", "lang"), REJECTED)
def test_quantity_rejects_money_years_and_bare_words(phrase: str, lang: str) -> None:
    assert find_quantities(phrase, lang) == []


def test_quantity_spans_in_running_text() -> None:
    text = "La construction des 10 gigawatts d’infrastructure est-elle toujours d’actualité ?"
    (q,) = find_quantities(text, "fr")
    assert text[q.start : q.end] == "10 gigawatts" and q.value == 10


def test_quantity_seed_article(seeds_dir: Path) -> None:
    text = (seeds_dir / "004_560f9430aca343cf.txt").read_text(encoding="utf-8")
    found = find_quantities(text, "fr")
    assert [(q.text, q.value, q.unit) for q in found] == [("10 gigawatts", 10, "GW")] * 2


def test_quantity_unknown_language_raises() -> None:
    with pytest.raises(KnowledgeError):
        find_quantities("10 GW", "xx")


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=80), lang=st.sampled_from(["fr", "en"]))
def test_quantity_arbitrary_text_never_raises(text: str, lang: str) -> None:
    for q in find_quantities(text, lang):
        assert text[q.start : q.end] == q.text
