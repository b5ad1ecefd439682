"""Finding the organisation a reader means, the way extraction finds it in an article.

A reader types "nvidia", "NVDA.O", "Nvidia Corp", "le géant de Redmond" or the
first words of a company the NER found; each must reach the canonical name the
ledger stores deals under. The steps, cheapest first:

1. the stored canonical name or knowledge-base id, exactly (an indexed query);
2. the names, aliases and tickers stored in the ledger (the knowledge base's and
   those written in articles) and the parties of stored deals, compared by
   :func:`name_key` as extraction compares them: case, accents, punctuation,
   articles and legal suffixes do not matter; failing that, by their words in
   English (:func:`name_words`: "Banque Nationale du Canada" is "National Bank of
   Canada");
3. the knowledge base's own lookup (:meth:`KnowledgeBase.lookup`), for a name or
   ticker added to it after the articles were stored;
4. the knowledge base's gazetteer, as extraction runs it on an article: a
   description ("géant de Redmond"), a product's maker ("le créateur de
   ChatGPT") or a person's organisation, when one match covers the whole name;
5. as extraction merges a short form into a longer name, the one stored name
   whose first or last words are the ones typed ("Acme" for "Acme Robotics").

Steps 3 and 4 load the knowledge base (seconds, once per process): a name the
ledger stores never needs it.

A name none of these reach raises :class:`NotFound` whose message lists the
closest stored names ("did you mean ..."), for the CLI's ``Error:`` line and
the API's 404 envelope alike.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache

from sqlalchemy import Connection, or_, select

from dealgraph.errors import NotFound
from dealgraph.knowledge import available_languages, read_yaml
from dealgraph.nlp.gazetteer import gazetteer
from dealgraph.nlp.kb import KB_DIR, KnowledgeBase, default_kb, name_key
from dealgraph.nlp.name_words import name_words
from dealgraph.store import tables as t
from dealgraph.store.writes import SEP

#: How many close names a "did you mean" offers.
SUGGESTIONS = 5
#: What a gazetteer match may point to for the whole name to be that organisation.
_ORG_TARGETS = frozenset({"entity", "short", "description", "person_org"})


@dataclass(frozen=True, slots=True)
class _Known:
    """Every form the ledger stores, by comparison key, and each key's canonical name."""

    names: dict[str, set[str]]  # key -> canonical names answering to it
    display: dict[str, str]  # canonical key -> canonical name, for suggestions
    words: dict[frozenset[str], set[str]]  # a form's words in English -> canonical names


def resolve_org(conn: Connection, name: str, kb: KnowledgeBase | None = None) -> str:
    """The canonical name, in the ledger, of the organisation a reader calls ``name``.

    Raises :class:`NotFound` naming ``name`` and, when there are, its closest
    matches among the stored organisations.
    """
    given = " ".join(name.split())
    if not given:
        raise NotFound("an organisation name is needed", input=name)
    o = t.organisations
    row = conn.execute(select(o.c.name).where(or_(o.c.name == given, o.c.key == given))
                       .limit(1)).first()
    if row is not None:
        return str(row[0])
    suffixes = legal_suffixes()
    known = _known(conn, suffixes)
    key = name_key(given, suffixes)
    answers = known.names.get(key, set())
    if not answers:
        in_english = name_words(given, suffixes)
        answers = known.words.get(in_english, set()) if in_english is not None else set()
    if len(answers) == 1:
        return next(iter(answers))
    kb = kb or default_kb()
    entity = kb.lookup(given)
    ids = [entity.id] if entity is not None else []
    for entity_id in [*ids, *described(given, kb)]:
        found = _by_key(conn, entity_id)
        if found is not None:
            return found
    words = tuple(key.split())
    if words and not answers:
        hosts = {known.display[k] for k in known.display if _part_of(words, tuple(k.split()))}
        if len(hosts) == 1:
            return hosts.pop()
        answers = hosts
    close = _closest(key, known, answers)
    raise NotFound(_not_found_message(given, close, ambiguous=len(answers) > 1), input=name,
                   suggestions=close)


def _by_key(conn: Connection, entity_id: str) -> str | None:
    row = conn.execute(select(t.organisations.c.name).where(t.organisations.c.key == entity_id)
                       ).first()
    return str(row[0]) if row is not None else None


@cache
def legal_suffixes() -> tuple[str, ...]:
    """The legal suffixes name keys drop ("Inc", "SA"), from the knowledge base's rules
    file alone: comparing names must not wait for the whole base to load."""
    return tuple(read_yaml(KB_DIR / "rules.yaml", "rules").get("legal_suffixes", ()))


def _known(conn: Connection, suffixes: tuple[str, ...]) -> _Known:
    """The stored organisations' names, aliases and tickers, and the deals' parties."""
    names: dict[str, set[str]] = {}
    display: dict[str, str] = {}
    by_words: dict[frozenset[str], set[str]] = {}

    def add(form: str, canonical: str) -> None:
        key = name_key(form, suffixes)
        if key:
            names.setdefault(key, set()).add(canonical)
        words = name_words(form, suffixes)
        if words is not None:
            by_words.setdefault(words, set()).add(canonical)

    o, d = t.organisations, t.deals
    for r in conn.execute(select(o.c.name, o.c.key, o.c.aliases, o.c.tickers)):
        display.setdefault(name_key(r.name, suffixes) or r.name, r.name)
        for form in (r.name, r.key, *(r.aliases or "").split(SEP), *(r.tickers or "").split(SEP)):
            if form:
                add(form, r.name)
    parties = select(d.c.investor.label("party")).union(select(d.c.target))
    for (party,) in conn.execute(parties):
        if party and name_key(party, suffixes) not in names:
            display.setdefault(name_key(party, suffixes) or party, party)
            add(party, party)
    return _Known(names, display, by_words)


def described(given: str, kb: KnowledgeBase) -> list[str]:
    """Knowledge-base ids a description, product phrase or person phrase covering all of
    ``given`` points to, in any language the engine reads."""
    found: list[str] = []
    for lang in available_languages():
        finder = gazetteer(kb, lang)
        for span in finder.spans(given):
            before = given[:span.start]
            whole = span.end == len(given) and (
                not before.strip() or (finder.determiner is not None
                                       and finder.determiner.fullmatch(before) is not None))
            if not whole:
                continue
            found += [x.id for x in span.targets if x.kind in _ORG_TARGETS and x.id]
    return list(dict.fromkeys(found))


def _part_of(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """``short`` is the first or last words of the longer name ``long``."""
    if len(short) >= len(long):
        return False
    return long[:len(short)] == short or long[-len(short):] == short


def _closest(key: str, known: _Known, ambiguous: set[str]) -> list[str]:
    """The stored names a reader most likely meant: every one an ambiguous name
    fits, else the closest spellings (at most :data:`SUGGESTIONS`)."""
    close = sorted(ambiguous)
    if not close:
        keys = difflib.get_close_matches(key, list(known.display), n=SUGGESTIONS, cutoff=0.6)
        close = [known.display[k] for k in keys]
    return close[:SUGGESTIONS]


def _not_found_message(given: str, close: list[str], ambiguous: bool) -> str:
    if ambiguous:
        lead = f"{given!r} could be several organisations in the ledger"
    else:
        lead = f"no organisation called {given!r} in the ledger"
    if not close:
        return lead
    return f"{lead}; did you mean {_listed(close)}?"


def _listed(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " or " + names[-1]
