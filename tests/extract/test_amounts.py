"""A deal's amount from the amounts of its sentence: which count, and how they combine."""

from __future__ import annotations

import pytest

from dealgraph.extract.amounts import deal_amount
from dealgraph.extract.cues import cues_for
from tests.extract.builders import amount


@pytest.mark.parametrize(
    ("lang", "text", "phrase"),
    [
        ("fr", "Ils espéraient un don de sept millions de dollars pour racheter le complexe.",
         "sept millions de dollars"),
        ("fr", "Le groupe a obtenu un prêt de 85 milliards de dollars pour son rachat.",
         "85 milliards de dollars"),
        ("en", "The acquisition will increase its assets to 9.8 billion dlrs.", "9.8 billion dlrs"),
        ("en", "The buyer took a loan of about 300 mln dlrs to fund the purchase.", "about 300 mln dlrs"),
    ],
)
def test_an_amount_named_by_another_noun_is_not_the_deals(lang: str, text: str, phrase: str) -> None:
    found = deal_amount(text, [amount(text, phrase, 1.0, 1.0)], cues_for(lang))
    assert found is not None and (found.min, found.max) == (None, None)


@pytest.mark.parametrize(
    ("lang", "text", "phrase"),
    [
        ("fr", "MUFG investira six milliards de dollars dans Morgan Stanley.", "six milliards de dollars"),
        ("en", "Rainier completed the purchase of United Bank for 59 mln dlrs.", "59 mln dlrs"),
        ("fr", "Il a acheté des actions IBM d'une valeur de 10,7 milliards de dollars.",
         "10,7 milliards de dollars"),
    ],
)
def test_the_price_of_the_deal_is_its_amount(lang: str, text: str, phrase: str) -> None:
    found = deal_amount(text, [amount(text, phrase, 5.0, 5.0)], cues_for(lang))
    assert found is not None and (found.min, found.max, found.valuation) == (5.0, 5.0, None)


def test_a_valuation_is_not_the_size() -> None:
    text = "La société est valorisée à plus de 220 milliards de dollars."
    found = deal_amount(text, [amount(text, "plus de 220 milliards de dollars", 2.2e11, None)], cues_for("fr"))
    assert found is not None and found.valuation == 2.2e11 and found.min is None
