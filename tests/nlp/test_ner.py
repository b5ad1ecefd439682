"""The spaCy NER wrapper, the pipeline component, and the finder against plain NER on the seeds."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest
import spacy

from dealgraph.errors import ConfigError
from dealgraph.nlp.entities import EntityFinder
from dealgraph.nlp.kb import default_kb
from dealgraph.nlp.ner import MODELS, load_pipeline, spacy_ner
from dealgraph.nlp.sentences import split_sentences
from dealgraph.records import Mention

SENTENCES = {
    "fr": [
        "Le projet de Nvidia NVDA.O d'investir dans OpenAI s'est enlisé, a rapporté le Wall Street Journal vendredi.",
        "Le directeur général de Nvidia, Jensen Huang, a souligné que l'accord n'était pas contraignant.",
        "AMD, Intel et les startups spécialisées (Groq, Cerebras, SambaNova) s'organisent.",
    ],
    "en": [
        "Nvidia Corp said on Friday it would invest up to $100 billion in OpenAI, the Wall Street Journal reported.",
        "Hughes Tool Co agreed to buy Baker International Corp, Chief Executive James Lee said.",
    ],
}


@pytest.mark.parametrize("lang", sorted(MODELS))
def test_lean_pipeline_tags_exactly_as_the_full_model(lang):
    full = spacy.load(MODELS[lang][0])
    lean = load_pipeline(lang)
    assert set(lean.pipe_names) < set(full.pipe_names)
    expect = [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in full.pipe(SENTENCES[lang])]
    assert spacy_ner(lang)(SENTENCES[lang]) == expect


def test_spacy_ner_returns_offsets_in_each_text():
    texts = SENTENCES["fr"][:2]
    for text, spans in zip(texts, spacy_ner("fr")(texts), strict=False):
        assert spans and all(0 <= a < b <= len(text) for a, b, _ in spans)
    assert ("Jensen Huang", "PER") in [(texts[1][a:b], label) for a, b, label in spacy_ner("fr")(texts)[1]]


def test_unknown_language_is_a_config_error():
    with pytest.raises(ConfigError, match="no NER model for language 'xx'"):
        load_pipeline("xx")


def test_component_writes_mentions_and_span_group():
    import dealgraph.nlp.spacy_components  # noqa: F401  (registers the factory)

    nlp = spacy.blank("en")
    nlp.add_pipe("dealgraph_entities")
    doc = nlp("The ChatGPT maker said Nvidia Corp would invest, the WSJ reported.")
    mentions = doc._.dealgraph_mentions
    assert all(isinstance(m, Mention) for m in mentions)
    assert [(s.text, s.label_, s.kb_id_) for s in doc.spans["dealgraph"]] == [
        ("The ChatGPT maker", "ORG", "openai"),
        ("Nvidia Corp", "ORG", "nvidia"),
        ("WSJ", "ORG", "wsj"),
    ]


def test_component_uses_the_pipeline_ner_for_unknown_names():
    import dealgraph.nlp.spacy_components  # noqa: F401

    nlp = spacy.load(MODELS["fr"][0], exclude=list(MODELS["fr"][1]))
    nlp.add_pipe("dealgraph_entities")
    doc = nlp("Le fonds Zorbex Capital a investi dans OpenAI, selon Steven Soarez.")
    found = {(m.text, m.entity.known) for m in doc._.dealgraph_mentions}
    assert ("OpenAI", True) in found
    assert ("Steven Soarez", False) in found


# -- the finder against plain NER on the gold seeds -------------------------------

def _score_module(shared: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("dealgraph_score", shared / "eval" / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _entries(mentions: list[Mention], kind: str) -> list[dict[str, object]]:
    grouped: dict[str, dict[str, object]] = {}
    for m in mentions:
        if m.entity.kind.value == kind:
            entry = grouped.setdefault(m.entity.id, {"name": m.entity.name, "aliases": [], "ticker": m.entity.ticker})
            entry["aliases"].append(m.text)  # type: ignore[union-attr]
    return list(grouped.values())


def _org_f1(shared: Path, predict) -> float:
    score = _score_module(shared)
    tally = score.Tally()
    for line in (shared / "gold" / "seeds.jsonl").read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        text = (shared / "seeds" / f"{gold['id']}.txt").read_text(encoding="utf-8")
        tp, fp, fn, _ = score.match(predict(text), gold["orgs"],
                                    lambda p, g: bool(score.names_of(p) & score.names_of(g)))
        tally.add(tp, fp, fn)
    return float(tally.prf()[2])


@pytest.mark.shared
def test_finder_beats_plain_ner_on_the_seeds(shared):
    nlp = load_pipeline("fr")

    def plain(text: str) -> list[str]:
        return sorted({e.text for e in nlp(text).ents if e.label_ == "ORG"})

    def finder(everywhere: bool):
        engine = EntityFinder(default_kb(), "fr", spacy_ner("fr"))

        def predict(text: str) -> list[dict[str, object]]:
            sentences = split_sentences(text)
            chosen = range(len(sentences)) if everywhere else ()
            return _entries(engine.find(text, sentences, chosen), "org")

        return predict

    baseline = _org_f1(shared, plain)
    rules_only = _org_f1(shared, finder(False))
    with_ner = _org_f1(shared, finder(True))
    assert baseline < 0.8
    assert rules_only >= 0.95 and with_ner >= 0.95
    assert min(rules_only, with_ner) - baseline >= 0.25
