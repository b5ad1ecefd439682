"""Every name the ledger knows an organisation by, held in memory for reading questions.

A question names organisations in many ways (a ticker, an alias, the first word of
a long name); looking each way up in SQL costs a scan of the organisations per
guess. The index reads the names once and is kept until the ledger gains an
organisation or a deal (its counts and largest ids are the signature), so an
answer spends microseconds on names however large the ledger.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from sqlalchemy import Connection, func, select

from dealgraph.nlp.kb import name_key
from dealgraph.nlp.name_words import initials, name_words
from dealgraph.store import tables as t
from dealgraph.store.query.names import legal_suffixes
from dealgraph.store.writes import SEP

_KEPT = 4
#: The key prefix of organisations the statistical NER found (no knowledge-base entry).
NER_PREFIX = "ner:"
#: A name that may be an acronym: two to five capitals.
_ACRONYM = re.compile(r"[A-Z]{2,5}")
#: How long a checked signature is trusted: one answer asks for the index several
#: times, and a name stored within that second may wait for the next question.
_TRUSTED = 1.0
_checked: dict[str, tuple[float, tuple[object, ...]]] = {}
_cache: OrderedDict[tuple[object, ...], NameIndex] = OrderedDict()
_lock = threading.Lock()


@dataclass
class NameIndex:
    """Name keys (case, accents, articles and legal suffixes reduced) -> canonical names,
    and the same by a name's words in English (:func:`name_words`)."""

    suffixes: tuple[str, ...]
    by_key: dict[str, set[str]] = field(default_factory=dict)
    forms: dict[str, set[str]] = field(default_factory=dict)  # canonical -> its keys
    by_name: dict[str, set[str]] = field(default_factory=dict)  # key of a canonical name
    by_words: dict[frozenset[str], set[str]] = field(default_factory=dict)
    wordings: dict[str, set[frozenset[str]]] = field(default_factory=dict)  # canonical -> words
    joined: dict[str, set[str]] = field(default_factory=dict)  # acronym <-> its long name
    names: list[str] = field(default_factory=list)

    def add(self, form: str, canonical: str) -> None:
        key = name_key(form, self.suffixes)
        if key and form == canonical:
            self.by_name.setdefault(key, set()).add(canonical)
        if key:
            self.by_key.setdefault(key, set()).add(canonical)
            self.forms.setdefault(canonical, set()).add(key)
        words = name_words(form, self.suffixes)
        if words is not None:
            self.by_words.setdefault(words, set()).add(canonical)
            self.wordings.setdefault(canonical, set()).add(words)

    def join(self, a: str, b: str) -> None:
        """``a`` and ``b`` are one organisation stored under two names."""
        self.joined.setdefault(a, set()).add(b)
        self.joined.setdefault(b, set()).add(a)

    def find(self, form: str) -> str | None:
        """The one organisation called ``form`` (name, alias, ticker, id, or the same
        words in another language: "Banque Nationale du Canada"); None when no
        organisation or several answer to it."""
        found = self.by_key.get(name_key(form, self.suffixes), set())
        if not found:
            words = name_words(form, self.suffixes)
            found = self.by_words.get(words, set()) if words is not None else set()
        if len(found) == 1:
            return next(iter(found))
        exact = [n for n in found if n == form]
        return exact[0] if exact else None

    def is_name(self, form: str) -> bool:
        """``form`` is the canonical name of an organisation (not only an alias)."""
        return name_key(form, self.suffixes) in self.by_name

    def starting(self, form: str) -> list[str]:
        """Organisations whose name begins with the words of ``form``, shortest first."""
        key = name_key(form, self.suffixes)
        if not key:
            return []
        head = key + " "
        found = {n for k, names in self.by_key.items() if k.startswith(head) for n in names}
        return sorted(found, key=lambda n: (len(n), n))

    def group(self, name: str) -> list[str]:
        """``name`` and the organisations that may be the same one: those named by one
        of its aliases or having its name as an alias (by key, or by words in another
        language), its acronym or the long name it abbreviates, and those whose name
        begins with it. The ledger may hold one company under several names until
        they are merged."""
        same = self._same(name)
        for other in list(same):
            same |= self.joined.get(other, set())
        return list(dict.fromkeys([name, *sorted(same - {name}), *self.starting(name)]))

    def _same(self, name: str) -> set[str]:
        own = name_key(name, self.suffixes)
        # another organisation whose name is one of this one's aliases, or that has
        # this one's name as an alias; two that merely share an alias stay apart
        same = {name} | self.joined.get(name, set())
        same |= {n for key in self.forms.get(name, set()) for n in self.by_name.get(key, set())}
        same |= {n for n in self.by_key.get(own, set()) if own in self.forms.get(n, set())}
        words = name_words(name, self.suffixes)
        mine = self.wordings.get(name, set())
        for other in {n for w in mine for n in self.by_words.get(w, set())}:
            # the same rule by words: one's name is the other's name or alias
            theirs = name_words(other, self.suffixes)
            if theirs in mine or (words is not None and words in self.wordings.get(other, set())):
                same.add(other)
        return same


def _signature(conn: Connection) -> tuple[object, ...]:
    o, d = t.organisations, t.deals
    orgs = conn.execute(select(func.count(), func.max(o.c.id))).one()
    deals = conn.execute(select(func.count(), func.max(d.c.id))).one()
    return (str(conn.engine.url), tuple(orgs), tuple(deals))


def _build(conn: Connection) -> NameIndex:
    index = NameIndex(legal_suffixes())
    o, d = t.organisations, t.deals
    for r in conn.execute(select(o.c.name, o.c.key, o.c.aliases, o.c.tickers)):
        index.names.append(str(r.name))
        for form in (r.name, r.key, *(r.aliases or "").split(SEP), *(r.tickers or "").split(SEP)):
            if form and form.strip():
                index.add(form.strip(), str(r.name))
    known = set(index.names)
    parties = select(d.c.investor.label("party")).union(select(d.c.target))
    for (party,) in conn.execute(parties):
        if party and party not in known:
            index.names.append(str(party))
            index.add(str(party), str(party))
    _join_acronyms(conn, index)
    return index


def _join_acronyms(conn: Connection, index: NameIndex) -> None:
    """Join an organisation the NER found under an acronym ("RIL") to the one whose
    written name or alias has those initials ("Reliance Industries Ltd"), when one
    article names both: initials alone are shared by too many names."""
    o, m = t.organisations, t.mentions
    rows = conn.execute(select(o.c.name, o.c.key, o.c.aliases)).all()
    keys = {str(r.name): str(r.key) for r in rows}
    acronyms = {str(r.name) for r in rows
                if str(r.key).startswith(NER_PREFIX) and _ACRONYM.fullmatch(str(r.name))}
    if not acronyms:
        return
    hosts: dict[str, set[str]] = {}
    for r in rows:
        for form in (r.name, *(r.aliases or "").split(SEP)):
            letters = initials(form.strip()) if form and form.strip() else None
            if letters in acronyms and r.name != letters:
                hosts.setdefault(letters, set()).add(str(r.name))
    if not hosts:
        return
    a, b = m.alias("a"), m.alias("b")
    by_key = {keys[n]: n for n in (*hosts, *(h for hs in hosts.values() for h in hs))}
    together = conn.execute(
        select(a.c.entity_key, b.c.entity_key).distinct()
        .join(b, b.c.document_id == a.c.document_id)
        .where(a.c.entity_key.in_([keys[n] for n in hosts]),
               b.c.entity_key.in_([keys[h] for hs in hosts.values() for h in hs]))).all()
    met: dict[str, set[str]] = {}
    for short, long in together:
        met.setdefault(by_key[short], set()).add(by_key[long])
    for short, found in met.items():
        named = found & hosts[short]
        if len(named) == 1:
            index.join(short, named.pop())


def name_index(conn: Connection) -> NameIndex:
    """The index of the ledger behind ``conn``, rebuilt when it gained names."""
    url = str(conn.engine.url)
    now = time.monotonic()
    with _lock:
        recent = _checked.get(url)
    if recent is not None and now - recent[0] < _TRUSTED:
        signature = recent[1]
    else:
        signature = _signature(conn)
        with _lock:
            _checked[url] = (now, signature)
    with _lock:
        found = _cache.get(signature)
        if found is not None:
            _cache.move_to_end(signature)
            return found
    built = _build(conn)
    with _lock:
        _cache[signature] = built
        while len(_cache) > _KEPT:
            _cache.popitem(last=False)
    return built
