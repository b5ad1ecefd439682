"""Exact and near copies: normalised hashes and MinHash/LSH over word shingles."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealgraph.stories.copies import (
    NearDuplicates,
    content_hash,
    from_bytes,
    normalise_text,
    signature,
    to_bytes,
)

WIRE = ("Le fonds Borealis Capital est en discussions pour investir jusqu'à 500 millions de "
        "dollars dans Acme Robotics, ont indiqué lundi des personnes proches du dossier. Le "
        "fabricant lyonnais de bras robotisés pour entrepôts, fondé en 2017, équipe des "
        "épiciers et des transporteurs de colis dans toute l'Europe. Un porte-parole de la "
        "société n'a pas souhaité commenter ces discussions.")
OTHER = ("Shares of the grain cooperative fell after it said the drought in the Bahia region "
         "would cut its cocoa harvest by a third this season, and that exports would be late.")


@pytest.mark.parametrize("variant", [
    WIRE.upper(),
    "  " + WIRE.replace(" ", "\n  ") + "\n",
    WIRE.replace("'", "’").replace(",", " ,"),
    WIRE.replace("é", "e\u0301"),  # decomposed accents
])
def test_same_text_differently_written_hashes_the_same(variant: str) -> None:
    assert content_hash(variant) == content_hash(WIRE)


@pytest.mark.parametrize("different", [WIRE.replace("500", "600"), WIRE + " Fin.", OTHER])
def test_different_text_hashes_differently(different: str) -> None:
    assert content_hash(different) != content_hash(WIRE)


@pytest.mark.parametrize(("reprint", "is_copy"), [
    ("LYON (Agence) - " + WIRE + " Tous droits réservés.", True),
    (WIRE.replace("lundi", "mardi"), True),
    (WIRE.rsplit(". ", 1)[0] + ". Abonnez-vous à notre lettre.", True),  # cut and footer
    (OTHER, False),
    ("Borealis Capital investit dans Acme Robotics, un fabricant de robots pour entrepôts, "
     "selon des sources; la somme évoquée atteint 500 millions de dollars.", False),
])
def test_near_duplicates_found_by_lsh(reprint: str, is_copy: bool) -> None:
    index = NearDuplicates()
    index.add(1, signature(WIRE))
    index.add(2, signature(OTHER))
    found = index.best(signature(reprint))
    assert (found is not None and found[0] == 1) is is_copy


def test_signature_round_trips_through_bytes() -> None:
    mh = signature(WIRE)
    data = to_bytes(mh)
    assert len(data) == 64 * 8
    assert from_bytes(data).jaccard(mh) == 1.0


def test_index_rebuilt_from_stored_signatures_answers_the_same() -> None:
    index = NearDuplicates()
    index.load([(7, to_bytes(signature(WIRE))), (8, None)])
    assert len(index) == 1
    assert index.best(signature(WIRE + " Fin.")) is not None


@given(st.text(max_size=300))
def test_hash_and_signature_never_raise(text: str) -> None:
    assert len(content_hash(text)) == 64
    assert normalise_text(normalise_text(text)) == normalise_text(text)
    NearDuplicates().best(signature(text))
