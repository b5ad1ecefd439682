"""Every bundled knowledge-base file: schema, size, duplicates, clashes, references."""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

from dealgraph.knowledge import read_yaml
from dealgraph.nlp.kb import KB_DIR, KnowledgeBase, name_key

SIDE = {"products": "products", "descriptions": "descriptions", "rules": "rules"}
FILES = sorted(KB_DIR.glob("*.yaml"))


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_kb_file_matches_its_schema_and_says_where_it_comes_from(path):
    data = read_yaml(path, SIDE.get(path.stem, "kb"))
    assert data["version"] and data["source"].strip()


def test_kb_has_at_least_300_organisations_and_40_people(kb):
    assert len(kb.orgs) >= 300
    assert len(kb.people) >= 40


def test_kb_ids_are_unique_across_files():
    ids = Counter(
        entry["id"]
        for path in FILES if path.stem not in SIDE
        for section in ("orgs", "people")
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")).get(section, ())
    )
    assert [i for i, n in ids.items() if n > 1] == []


def test_kb_no_surface_form_names_two_entities(kb):
    assert kb.clashes() == []


def test_kb_no_two_organisations_share_a_comparison_key(kb):
    keys: dict[str, str] = {}
    clashes = []
    for e in kb.orgs:
        for form in (e.name, *e.aliases):
            key = name_key(form, kb.legal_suffixes)
            if keys.setdefault(key, e.id) != e.id:
                clashes.append((form, keys[key], e.id))
    assert clashes == []


def test_kb_references_point_to_existing_organisations(kb):
    org_ids = {e.id for e in kb.orgs}
    assert all(p.org in org_ids for p in kb.people if p.org)
    assert all(kb.facts(e.id).parent in org_ids for e in kb.orgs if kb.facts(e.id).parent)
    assert all(p.maker in org_ids for p in kb.products if p.maker)


def test_kb_no_product_is_also_an_organisation_name(kb):
    names = {f.casefold() for e in kb.orgs for f in (e.name, *e.aliases)}
    assert [n for p in kb.products for n in p.names if n.casefold() in names] == []


def test_kb_generic_descriptions_name_categories_that_exist(kb):
    tags = {t for e in kb.orgs for t in kb.facts(e.id).tags}
    for lang in ("fr", "en"):
        for phrase, categories in kb.generic_descriptions(lang):
            assert categories & tags, phrase


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_name_cue_lexicon_loads_and_compiles(lang):
    from dealgraph.knowledge import lexicon
    from dealgraph.nlp.names import name_cues

    data = lexicon(lang, "names")
    assert data["language"] == lang
    cues = name_cues(lang)
    assert cues.org_heads and cues.before.pattern


def test_the_kb_schemas_categories_are_the_org_category_enum() -> None:
    import json

    from dealgraph.records import OrgCategory

    schema = json.loads((KB_DIR.parent / "schemas" / "kb.schema.json").read_text(encoding="utf-8"))
    enum = schema["$defs"]["org"]["properties"]["category"]["enum"]
    assert sorted(enum) == sorted(c.value for c in OrgCategory)
