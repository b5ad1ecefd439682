"""The compiled knowledge-base matcher of one (knowledge base, language).

Every name, alias, ticker, product, description and template of the knowledge base
becomes one form in one of two regular expressions factored as tries (one matched
with case, one without); :meth:`Gazetteer.spans` returns what they match, overlaps
resolved longest first. What a span means is decided by the finder
(:mod:`dealgraph.nlp.entities`), from the :class:`Target` list of each form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from dealgraph.nlp.kb import KnowledgeBase
from dealgraph.records import Entity, EntityKind

# Names this long with two or more words are matched whatever their case
# ("wall street journal" in a lower-cased headline); shorter ones keep their case
# because "Arm", "Meta", "Apple" are everyday words too.
_CASELESS_MIN = 10
GUARD = r"(?<![\w&][\s\S])"  # placed after a first character: nothing word-like before it


@dataclass(frozen=True, slots=True)
class Target:
    """What a gazetteer form points to."""

    kind: str  # "entity", "short", "surname", "first", "description", "generic", "person_org", "product"
    id: str = ""  # entity id (for "generic": unused)
    via: str = "name"
    categories: frozenset[str] = frozenset()
    person: str = ""  # for "person_org": the person's id


@dataclass(slots=True)
class Span:
    start: int
    end: int
    targets: tuple[Target, ...]


def _key(text: str) -> str:
    return " ".join(text.replace("’", "'").split())


def _trie_pattern(forms: Iterable[str]) -> str:
    """A regular expression matching any of ``forms``, factored as a trie so that
    each text position costs one branch test per distinct next character; at a
    position, the longest form wins (optional tails are greedy)."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for form in forms:
        node = trie
        for ch in form:
            node = node.setdefault(ch, {})
        node[""] = {}

    def char(ch: str) -> str:
        if ch == " ":
            return r"\s+"
        if ch == "'":
            return "['’]"
        return re.escape(ch)

    def build(node: dict, guard: str = "") -> str:  # type: ignore[type-arg]
        end = "" in node
        branches = [char(ch) + guard + build(child) for ch, child in node.items() if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            return f"(?:{body})?"
        return body

    # The word-boundary test sits after the first character, so that the pattern
    # starts with a plain set of characters and the regex engine can skip ahead
    # to candidate positions instead of trying every one.
    return build(trie, GUARD) + r"(?![\w&])"


def _elided(phrase: str, lang: str) -> list[str]:
    """French elides "de" before a vowel: "start-up de Elon Musk" is written "d'Elon"."""
    if lang != "fr":
        return [phrase]
    return [phrase, re.sub(r"\bde (?=[aeiouyhéèêàâîôûAEIOUYHÉÈÊÀÂÎÔÛ])", "d'", phrase)]


class Gazetteer:
    """The compiled matcher of one (knowledge base, language)."""

    def __init__(self, kb: KnowledgeBase, lang: str) -> None:
        self.cased: dict[str, list[Target]] = {}
        self.caseless: dict[str, list[Target]] = {}
        for entity in kb.entities():
            self._add_entity(kb, entity, lang)
        for product in kb.products:
            for name in product.names:
                self._add(name, Target("product", product.maker or ""), cased=True)
            if product.maker:
                for template in kb.product_templates(lang):
                    for name in product.names:
                        for phrase in _elided(template.replace("{product}", name), lang):
                            self._add(phrase, Target("description", product.maker, "description"), cased=False)
        templates = kb.city_templates(lang)
        for city, org in kb.sole_city_orgs().items() if templates else ():
            for template in templates:
                for phrase in _elided(template.replace("{city}", city), lang):
                    self._add(phrase, Target("description", org, "description"), cased=False)
        for phrase, categories in kb.generic_descriptions(lang):
            self._add(phrase, Target("generic", via="description", categories=categories), cased=False)
        dets = sorted(kb.determiners(lang), key=len, reverse=True)
        alts = "|".join(re.escape(d).replace("'", "['’]").replace("’", "['’]") for d in dets)
        self.determiner = re.compile(rf"(?<!\w)(?:{alts})\s*$", re.IGNORECASE) if alts else None
        self.cased_re = re.compile(_trie_pattern(self.cased))
        self.caseless_re = re.compile(_trie_pattern(self.caseless))
        self.caseless_any = re.compile(_trie_pattern(self.caseless), re.IGNORECASE)

    def _add(self, form: str, target: Target, cased: bool) -> None:
        form = _key(form)
        table = self.cased if cased else self.caseless
        key = form if cased else form.lower()
        if target not in table.setdefault(key, []):
            table[key].append(target)

    def _add_entity(self, kb: KnowledgeBase, entity: Entity, lang: str) -> None:
        names = [(entity.name, "name"), *((a, "alias") for a in entity.aliases)]
        names += [(t, "ticker") for t in entity.tickers if len(t) >= 2]
        for form, via in names:
            caseless = via != "ticker" and " " in form.strip() and len(form) >= _CASELESS_MIN
            self._add(form, Target("entity", entity.id, via), cased=not caseless)
        if entity.kind is EntityKind.PERSON:
            parts = entity.name.split()
            if len(parts) >= 2:
                self._add(parts[-1], Target("surname", entity.id, "surname"), cased=True)
                self._add(parts[0], Target("first", entity.id, "surname"), cased=True)
            if entity.org:
                for template in kb.person_templates(lang):
                    for form in (entity.name, *entity.aliases):
                        for phrase in _elided(template.replace("{person}", form), lang):
                            target = Target("person_org", entity.org, "description", person=entity.id)
                            self._add(phrase, target, cased=False)
            return
        facts = kb.facts(entity.id)
        for form in facts.after_name:
            self._add(form, Target("short", entity.id, "alias"), cased=True)
        for phrase in facts.descriptions_in(lang):
            for variant in _elided(phrase, lang):
                self._add(variant, Target("description", entity.id, "description"), cased=False)

    def spans(self, text: str) -> list[Span]:
        """Every match of both matchers, overlaps resolved: longest first, then leftmost."""
        found: list[Span] = []
        lowered = text.lower()
        # Matching the lower-cased text is several times faster than IGNORECASE,
        # and safe whenever lower-casing keeps every offset (it does not for "İ").
        caseless, subject = (self.caseless_re, lowered) if len(lowered) == len(text) else (self.caseless_any, text)
        passes = ((self.cased_re, self.cased, False, text), (caseless, self.caseless, True, subject))
        for regex, table, fold, seen in passes:
            for m in regex.finditer(seen):
                key = _key(text[m.start() : m.end()])
                targets = table.get(key.lower() if fold else key)
                if targets:
                    found.append(Span(m.start(), m.end(), tuple(targets)))
        return _non_overlapping(found)


def _non_overlapping(spans: list[Span]) -> list[Span]:
    kept: list[Span] = []
    taken: list[tuple[int, int]] = []
    for span in sorted(spans, key=lambda s: (s.start - s.end, s.start)):
        if all(span.end <= a or span.start >= b for a, b in taken):
            kept.append(span)
            taken.append((span.start, span.end))
    return sorted(kept, key=lambda s: s.start)


@lru_cache(maxsize=8)
def gazetteer(kb: KnowledgeBase, lang: str) -> Gazetteer:
    return Gazetteer(kb, lang)

