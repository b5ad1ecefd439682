"""Exact and near copies: normalised hashes, MinHash over word shingles, LSH band keys."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealgraph.stories.copies import (
    BANDS,
    NearDuplicates,
    band_keys,
    closest,
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


def test_band_keys_are_fixed_integers_of_the_signature() -> None:
    keys = band_keys(signature(WIRE))
    assert len(keys) == BANDS
    assert all(-(2 ** 63) <= k < 2 ** 63 for k in keys)
    assert keys == band_keys(from_bytes(to_bytes(signature(WIRE))))  # stored, read back: same keys
    assert band_keys(signature("")) == []


def test_a_reprint_shares_a_band_key_and_another_story_none() -> None:
    wire = set(band_keys(signature(WIRE)))
    assert wire & set(band_keys(signature("LYON (Agence) - " + WIRE + " Tous droits réservés.")))
    assert not wire & set(band_keys(signature(OTHER)))


def test_closest_keeps_the_most_similar_and_the_earliest_on_a_tie() -> None:
    mh = signature(WIRE)
    reprint = to_bytes(signature(WIRE + " Abonnez-vous à notre lettre."))
    same = to_bytes(mh)
    assert closest(mh, [(5, reprint), (9, same), (3, same), (4, None)]) == (3, 1.0)
    assert closest(mh, [(1, to_bytes(signature(OTHER)))]) is None
    assert closest(signature(""), [(1, same)]) is None
