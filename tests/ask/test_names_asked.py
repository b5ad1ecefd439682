"""The organisations a question names, as the ledger knows them or as it lacks them."""

from __future__ import annotations

from sqlalchemy import Connection

from dealgraph.ask import ask


def test_a_company_the_ledger_lacks_is_named_not_replaced_by_a_common_word(
        ask_conn: Connection) -> None:
    # "fonds" is a word of the question, not the organisation "Fonds" the NER once found
    found = ask(ask_conn, "Qui a participé à la levée de fonds de Zorblatt ?", "fr")
    assert found.kind == "none"
    assert found.reason == "aucune organisation nommée Zorblatt"
