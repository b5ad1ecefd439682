"""The scorer's name rule: an expected form matches the answered organisation's name,
or whole words of a name the ledger stores for it, never a piece of a word."""

from __future__ import annotations

from tests.ask.scoring import same_name

FORMS = {"Toronto-Dominion Bank": ["TD Bank", "TD Bank Group", "TD.TO"],
         "Reliance Industries": ["Reliance Industries Ltd"]}


def test_a_form_the_ledger_stores_for_the_answered_organisation_matches() -> None:
    assert same_name(["TD"], "Toronto-Dominion Bank", FORMS)
    assert not same_name(["TD"], "Toronto-Dominion Bank")  # without the ledger's names


def test_a_piece_of_a_word_of_an_alias_does_not_match() -> None:
    assert not same_name(["TD"], "Reliance Industries", FORMS)  # "td" of "Ltd"
    assert not same_name(["Horizon"], "Toronto-Dominion Bank", FORMS)
