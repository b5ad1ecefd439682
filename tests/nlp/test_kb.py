"""The knowledge-base loader: lookups, user files, and errors naming file and key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dealgraph.errors import KnowledgeError
from dealgraph.nlp.kb import KnowledgeBase, default_kb, name_key

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(
    ("written", "entity_id"),
    [
        ("Nvidia", "nvidia"),
        ("NVIDIA Corporation", "nvidia"),
        ("NVDA.O", "nvidia"),
        ("SoftBank Group Corp", "softbank"),
        ("9984.T", "softbank"),
        ("the Wall Street Journal", "wsj"),
        ("Commission européenne", "european-commission"),
        ("Andreessen Horowitz", "a16z"),
        ("Jensen Huang", "jensen-huang"),
    ],
)
def test_lookup_finds_entity_by_any_written_form(written, entity_id):
    found = default_kb().lookup(written)
    assert found is not None and found.id == entity_id


@pytest.mark.parametrize("written", ["ChatGPT", "Azure", "Redmond", "", "Sedio"])
def test_lookup_rejects_products_places_and_unknown_names(written):
    assert default_kb().lookup(written) is None


def test_parent_links_stay_separate_entities():
    kb = default_kb()
    google, aws = kb.get("google"), kb.get("aws")
    assert google is not None and aws is not None
    assert kb.parent("google") == kb.get("alphabet")
    assert kb.parent("aws") == kb.get("amazon")


def test_person_speaks_for_an_organisation():
    person = default_kb().get("sam-altman")
    assert person is not None and person.org == "openai"


def test_name_key_drops_case_accents_articles_and_suffixes():
    assert name_key("Le Société Générale SA", ["SA"]) == "societe generale"
    assert name_key("SoftBank Group Corp", ["Group", "Corp"]) == "softbank"


def test_user_file_adds_entries_and_overrides_by_id():
    kb = KnowledgeBase.load(extra=[FIXTURES / "user_kb.yaml"])
    sedio = kb.lookup("Sedio N.V.")
    assert sedio is not None and sedio.id == "sedio"
    person = kb.lookup("Jan de Vries")
    assert person is not None and person.org == "sedio"
    nvidia = kb.get("nvidia")
    assert nvidia is not None and nvidia.aliases == ("Team Green",)
    assert default_kb().lookup("Team Green") is None


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("dangling_kb.yaml", "at people/0/org: unknown organisation id 'no-such-org'"),
        ("duplicate_kb.yaml", "at orgs/1/id: duplicate id 'acme'"),
        ("malformed_kb.yaml", "at orgs/0: 'category' is a required property"),
    ],
)
def test_bad_user_file_fails_naming_file_and_key(fixture, message):
    with pytest.raises(KnowledgeError) as caught:
        KnowledgeBase.load(extra=[FIXTURES / fixture])
    assert caught.value.input is not None and caught.value.input.endswith(fixture)
    assert caught.value.message == message


def test_missing_user_file_fails_naming_it(tmp_path):
    with pytest.raises(KnowledgeError) as caught:
        KnowledgeBase.load(extra=[tmp_path / "absent.yaml"])
    assert caught.value.input == str(tmp_path / "absent.yaml")


def test_every_bundled_organisation_has_a_headquarters_country():
    kb = default_kb()
    missing = [e.id for e in kb.orgs if kb.facts(e.id).country is None]
    malformed = [e.id for e in kb.orgs if not re.fullmatch(r"[A-Z]{2}", kb.facts(e.id).country or "")]
    assert missing == [] and malformed == []


@pytest.mark.parametrize(
    ("org_id", "country"),
    [("mufg", "JP"), ("samsung", "KR"), ("tsmc", "TW"), ("asml", "NL"), ("mistral", "FR"), ("arm", "GB"),
     ("nvidia", "US"), ("norges", "NO"), ("pif", "SA")],
)
def test_country_is_carried_into_the_organisation_facts(org_id, country):
    assert default_kb().facts(org_id).country == country


def test_user_organisation_without_country_has_none():
    kb = KnowledgeBase.load(extra=[FIXTURES / "user_kb.yaml"])
    assert kb.get("sedio") is not None and kb.facts("sedio").country is None


def test_country_must_be_an_upper_case_two_letter_code(tmp_path):
    bad = tmp_path / "bad_country.yaml"
    bad.write_text('version: 1\nsource: "test"\norgs:\n  - {id: acme, name: Acme, category: industrial, country: jp}\n',
                   encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        KnowledgeBase.load(extra=[bad])
    assert caught.value.message.startswith("at orgs/0/country:")
