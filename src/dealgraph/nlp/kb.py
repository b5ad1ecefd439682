"""The entity knowledge base: organisations, people, products and the words around them.

Facts live in ``data/kb/`` as YAML, one concept per file, checked against the
schemas of ``data/schemas/``:

- organisation and people files (``kb.schema.json``): every file of the folder except
  the three below; users add files of the same format with ``--kb FILE``, whose
  entries are added, or replace a bundled entry with the same ``id``;
- ``products.yaml``: names that are *not* organisations (ChatGPT, Azure, Blackwell);
- ``descriptions.yaml``: generic descriptions by category ("le fabricant de puces")
  and templates that turn a product or a person into an organisation;
- ``rules.yaml``: legal suffixes, places, capitalised common words and the small
  words of names (joiners, leading articles), used to
  shape company-name patterns and to filter statistical NER spans.

An organisation's optional ``country`` (its headquarters, ISO 3166-1 alpha-2) lets
"le groupe japonais" refer back to the last Japanese organisation named.

Loading validates duplicates and dangling references (``person.org``, ``org.parent``,
``product.maker``) and raises :class:`KnowledgeError` naming the file and the key.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from dealgraph.errors import KnowledgeError
from dealgraph.knowledge import DATA, read_yaml
from dealgraph.records import Entity, EntityKind

KB_DIR = DATA / "kb"
_SIDE_FILES = {"products": "products", "descriptions": "descriptions", "rules": "rules"}


@lru_cache(maxsize=1)
def name_rules() -> dict[str, Any]:
    """The bundled ``rules.yaml`` (legal suffixes, places, the small words of names),
    read once: name keys are computed before any knowledge base is loaded."""
    return read_yaml(KB_DIR / "rules.yaml", "rules")


@lru_cache(maxsize=1)
def leading_articles() -> frozenset[str]:
    """Articles that may open a written name and are no part of it ("The", "la")."""
    return frozenset(name_rules()["leading_articles"])
_Entry = tuple[dict[str, Any], tuple[str, str]]  # raw entry, (file, key)


@dataclass(frozen=True, slots=True)
class Product:
    """A product, model or service: a name that must never become an organisation."""

    name: str
    aliases: tuple[str, ...] = ()
    maker: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class OrgFacts:
    """What the resolver knows about an organisation beyond its :class:`Entity`."""

    parent: str | None = None
    tags: frozenset[str] = frozenset()  # the category and the extra tags
    after_name: tuple[str, ...] = ()  # short forms valid once the full name was met
    descriptions: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (lang, phrases)
    country: str | None = None  # ISO 3166-1 alpha-2 of the headquarters: "le japonais" refers back to it
    cities: tuple[str, ...] = ()  # the headquarters city, as written: "le groupe de Seattle"

    def descriptions_in(self, lang: str) -> tuple[str, ...]:
        return next((phrases for code, phrases in self.descriptions if code == lang), ())


_NON_WORD = re.compile(r"[^\w&]+")


@lru_cache(maxsize=32)
def _dropped(suffixes: tuple[str, ...] | frozenset[str]) -> frozenset[str]:
    return frozenset(s.lower().replace(".", "") for s in suffixes)


def name_key(text: str, suffixes: Iterable[str] = ()) -> str:
    """A comparison key for a name: no case, accents, punctuation, leading article
    or trailing legal suffix (``"SoftBank Group Corp"`` and ``"Softbank"`` differ
    only if ``Group`` is not among ``suffixes``)."""
    fixed = suffixes if isinstance(suffixes, (tuple, frozenset)) else tuple(suffixes)
    return _name_key(text, fixed)


@lru_cache(maxsize=8192)
def _name_key(text: str, suffixes: tuple[str, ...] | frozenset[str]) -> str:
    # Cached: an article repeats its names, and the finder compares each with many.
    if text.isascii():
        plain = text.lower()  # nothing to decompose: the common case, kept fast
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    words = [w for w in _NON_WORD.split(plain.replace(".", "")) if w]
    articles = leading_articles()
    while words and words[0] in articles:
        words = words[1:]
    drop = _dropped(suffixes)
    while len(words) > 1 and words[-1] in drop:
        words = words[:-1]
    return " ".join(words)


class KnowledgeBase:
    """Organisations and people (as :class:`Entity`), products, descriptions, rules.

    Build it with :meth:`load` (or share :func:`default_kb`); it is read-only after.
    """

    def __init__(
        self,
        entities: Sequence[Entity],
        facts: dict[str, OrgFacts],
        products: Sequence[Product],
        descriptions: dict[str, Any],
        rules: dict[str, Any],
    ) -> None:
        self._entities = {e.id: e for e in entities}
        self._facts = facts
        self.products: tuple[Product, ...] = tuple(products)
        self._descriptions = descriptions
        self._rules = rules
        self.legal_suffixes: tuple[str, ...] = tuple(rules.get("legal_suffixes", ()))
        self.places: frozenset[str] = frozenset(rules.get("places", ()))
        self._index = self._build_index()
        # A set, since the finder asks about every candidate name of every article.
        self._product_keys = frozenset(name_key(n) for p in self.products for n in p.names)

    # -- loading ---------------------------------------------------------------

    @classmethod
    def load(cls, extra: Sequence[Path] = (), leave_out: Sequence[str] = ()) -> KnowledgeBase:
        """The bundled knowledge base plus the user files ``extra`` (same format as
        the organisation/people files). A user entry replaces the bundled entry
        with the same id; within the bundled files an id may appear only once.
        ``leave_out`` names bundled files (by stem) to skip: the generator of
        ``listed.yaml`` compares against the hand-written files alone.

        Raises :class:`KnowledgeError` naming the file and key of a malformed
        file, a duplicate id or a reference to an unknown id.
        """
        bundled = sorted(p for p in KB_DIR.glob("*.yaml")
                         if p.stem not in _SIDE_FILES and p.stem not in leave_out)
        orgs: dict[str, _Entry] = {}
        people: dict[str, _Entry] = {}
        for path in bundled:
            _collect(path, read_yaml(path, "kb"), orgs, people, override=False)
        for path in extra:
            _collect(Path(path), read_yaml(Path(path), "kb"), orgs, people, override=True)
        side = {stem: read_yaml(KB_DIR / f"{stem}.yaml", kind) for stem, kind in _SIDE_FILES.items()}
        products = [
            Product(p["name"], tuple(p.get("aliases", ())), p.get("maker"))
            for p in side["products"]["products"]
        ]
        for table, field in ((orgs, "parent"), (people, "org")):
            for raw, (where, key) in table.values():
                ref = raw.get(field)
                if ref is not None and ref not in orgs:
                    raise KnowledgeError(f"at {key}/{field}: unknown organisation id {ref!r}", input=where)
        for i, product in enumerate(products):
            if product.maker is not None and product.maker not in orgs:
                raise KnowledgeError(f"at products/{i}/maker: unknown organisation id {product.maker!r}",
                                     input=str(KB_DIR / "products.yaml"))
        entities = [_org_entity(raw) for raw, _ in orgs.values()]
        entities += [_person_entity(raw) for raw, _ in people.values()]
        facts = {oid: _org_facts(raw) for oid, (raw, _) in orgs.items()}
        return cls(entities, facts, products, side["descriptions"], side["rules"])

    # -- queries ---------------------------------------------------------------

    def entities(self) -> list[Entity]:
        """Every organisation, then every person."""
        return [e for e in self._entities.values() if e.kind is EntityKind.ORG] + [
            e for e in self._entities.values() if e.kind is EntityKind.PERSON
        ]

    @property
    def orgs(self) -> list[Entity]:
        return [e for e in self._entities.values() if e.kind is EntityKind.ORG]

    @property
    def people(self) -> list[Entity]:
        return [e for e in self._entities.values() if e.kind is EntityKind.PERSON]

    def get(self, entity_id: str) -> Entity | None:
        return self._entities.get(entity_id)

    def facts(self, org_id: str) -> OrgFacts:
        return self._facts.get(org_id, OrgFacts())

    def parent(self, org_id: str) -> Entity | None:
        parent = self.facts(org_id).parent
        return self._entities.get(parent) if parent else None

    def lookup(self, name: str) -> Entity | None:
        """The entity one of whose names, aliases or tickers is ``name`` once both
        are reduced by :func:`name_key` (case, accents, articles, legal suffixes)."""
        return self._index.get(name_key(name, self.legal_suffixes))

    def is_product(self, name: str) -> bool:
        return name_key(name) in self._product_keys

    def determiners(self, lang: str) -> tuple[str, ...]:
        return tuple(self._descriptions.get("determiners", {}).get(lang, ()))

    def generic_descriptions(self, lang: str) -> list[tuple[str, frozenset[str]]]:
        """(phrase, categories) for the generic descriptions of ``lang``."""
        return [
            (phrase, frozenset(entry["categories"]))
            for entry in self._descriptions.get("generic", ())
            for phrase in entry.get(lang, ())
        ]

    def product_templates(self, lang: str) -> tuple[str, ...]:
        return tuple(self._descriptions.get("product_templates", {}).get(lang, ()))

    def person_templates(self, lang: str) -> tuple[str, ...]:
        return tuple(self._descriptions.get("person_templates", {}).get(lang, ()))

    def city_templates(self, lang: str) -> tuple[str, ...]:
        return tuple(self._descriptions.get("city_templates", {}).get(lang, ()))

    def sole_city_orgs(self) -> dict[str, str]:
        """Headquarters city -> the organisation based there, for the cities where the
        knowledge base has one organisation only ("Seattle"); a city of several (Paris)
        names none of them."""
        owners: dict[str, set[str]] = {}
        for entity_id, facts in self._facts.items():
            for city in facts.cities:
                owners.setdefault(city, set()).add(entity_id)
        return {city: next(iter(ids)) for city, ids in owners.items() if len(ids) == 1}

    def common_words(self, lang: str) -> frozenset[str]:
        return frozenset(self._rules.get("common_words", {}).get(lang, ()))

    def clashes(self) -> list[str]:
        """Surface forms (names, aliases, tickers) claimed by two entities, as
        ``"form: id1, id2"`` lines; empty for a consistent base."""
        owners: dict[str, set[str]] = {}
        for entity in self._entities.values():
            for form in _forms(entity):
                owners.setdefault(form.casefold(), set()).add(entity.id)
        return [f"{form}: {', '.join(sorted(ids))}" for form, ids in sorted(owners.items()) if len(ids) > 1]

    def _build_index(self) -> dict[str, Entity]:
        index: dict[str, Entity] = {}
        for entity in self._entities.values():
            for form in _forms(entity):
                index.setdefault(name_key(form, self.legal_suffixes), entity)
        index.pop("", None)
        return index


def _forms(entity: Entity) -> tuple[str, ...]:
    return (entity.name, *entity.aliases, *entity.tickers)


def _collect(
    path: Path,
    data: dict[str, Any],
    orgs: dict[str, _Entry],
    people: dict[str, _Entry],
    override: bool,
) -> None:
    """Add the entries of one file; a repeated id is an error unless ``override``."""
    seen_here: set[str] = set()
    for section, table in (("orgs", orgs), ("people", people)):
        for i, raw in enumerate(data.get(section, ())):
            key = f"{section}/{i}/id"
            ident = raw["id"]
            if ident in seen_here or (not override and (ident in orgs or ident in people)):
                raise KnowledgeError(f"at {key}: duplicate id {ident!r}", input=str(path))
            other = people if section == "orgs" else orgs
            if ident in other:
                if not override:
                    raise KnowledgeError(f"at {key}: duplicate id {ident!r}", input=str(path))
                del other[ident]
            seen_here.add(ident)
            table[ident] = (raw, (str(path), f"{section}/{i}"))


def _org_entity(raw: dict[str, Any]) -> Entity:
    tickers = tuple(raw.get("tickers", ()))
    return Entity(
        id=raw["id"],
        name=raw["name"],
        kind=EntityKind.ORG,
        aliases=tuple(raw.get("aliases", ())),
        ticker=tickers[0] if tickers else None,
        tickers=tickers,
        category=raw["category"],
    )


def _person_entity(raw: dict[str, Any]) -> Entity:
    return Entity(
        id=raw["id"],
        name=raw["name"],
        kind=EntityKind.PERSON,
        aliases=tuple(raw.get("aliases", ())),
        category=raw.get("role"),
        org=raw.get("org"),
    )


def _org_facts(raw: dict[str, Any]) -> OrgFacts:
    return OrgFacts(
        parent=raw.get("parent"),
        tags=frozenset([raw["category"], *raw.get("tags", ())]),
        after_name=tuple(raw.get("after_name", ())),
        descriptions=tuple((lang, tuple(p)) for lang, p in raw.get("descriptions", {}).items()),
        country=raw.get("country"),
        cities=tuple(raw.get("city", ())),
    )


@lru_cache(maxsize=1)
def default_kb() -> KnowledgeBase:
    """The bundled knowledge base, loaded once."""
    return KnowledgeBase.load()
