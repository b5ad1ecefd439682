"""The last steps of entity finding: wire tickers, then one name per unknown entity.

Both take the finder's mentions and return new ones (records are frozen):

- :func:`link_tickers`: a Reuters ``<PCO>`` right after a name is that name's
  ticker; after an all-caps headline fragment ("PITTSTON <PCO>") the fragment is
  matched to an organisation of the body ("Pittston Co") by its first words;
- :func:`canonicalise`: an unknown name that is the first or last words of
  another name in the article is that entity ("WTC" of "WTC International N.V.",
  "Lambert" of "Drexel Burnham Lambert"); each unknown organisation is named by
  its longest written form without legal suffix ("Pittston Co" → "Pittston"), with
  the written forms as aliases and its wire ticker, if any.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dealgraph.nlp.kb import name_key
from dealgraph.nlp.names import all_caps, caps_before, tickers, without_suffix
from dealgraph.records import Entity, EntityKind, Mention


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name_key(text)).strip("-") or "x"


def link_tickers(text: str, mentions: Sequence[Mention], suffixes: frozenset[str]) -> list[Mention]:
    """The mentions plus one ``via="ticker"`` mention per wire ticker whose owner is
    found, and the all-caps fragment before it when it named no entity yet.
    A ticker whose owner is not found is dropped: it is a code, not a name."""
    out = [m for m in mentions if not _inside_ticker(m, text)]
    orgs = [m for m in out if m.entity.kind is EntityKind.ORG]
    for start, end in tickers(text):
        owner = next((m for m in orgs if _adjacent(text, m.end, start - 1)), None)
        if owner is not None:
            out.append(Mention(text[start:end], start, end, owner.entity, "ticker"))
            continue
        run = caps_before(text, start - 1)
        if run is None:
            continue
        found = _by_first_words(text, run, orgs, suffixes)
        if found is None:
            continue
        (a, b), entity = found
        if any(m.start < b and a < m.end for m in out):
            continue
        out.append(Mention(text[a:b], a, b, entity, "alias"))
        out.append(Mention(text[start:end], start, end, entity, "ticker"))
    return sorted(out, key=lambda m: m.start)


def _inside_ticker(m: Mention, text: str) -> bool:
    """A mention whose text is a bracketed ticker ("PCO" of "<PCO>") found by NER."""
    return m.via != "ticker" and m.start > 0 and text[m.start - 1] == "<" and text[m.end : m.end + 1] == ">" \
        and " " not in m.text


def _adjacent(text: str, end: int, bracket: int) -> bool:
    return 0 <= end <= bracket and text[end:bracket].strip(" \t") == "" and text[bracket] == "<"


def _by_first_words(text: str, run: tuple[int, int], orgs: list[Mention],
                    suffixes: frozenset[str]) -> tuple[tuple[int, int], Entity] | None:
    """The organisation whose name starts with the last words of the all-caps run
    ("TO ACQUIRE WTC" → "WTC International"), longest tail first."""
    words = list(re.finditer(r"\S+", text[run[0] : run[1]]))
    for i in range(len(words)):
        a = run[0] + words[i].start()
        key = name_key(text[a : run[1]], suffixes)
        if not key:
            continue
        for m in orgs:
            for form in (m.entity.name, m.text):
                full = name_key(form, suffixes)
                if full == key or full.startswith(key + " "):
                    return (a, run[1]), m.entity
    return None


def canonicalise(mentions: Sequence[Mention], suffixes: frozenset[str]) -> list[Mention]:
    """The mentions with unknown entities merged into the longer names they are
    part of, then renamed (see the module docstring); known entities are kept."""
    by_id: dict[str, list[Mention]] = {}
    for m in mentions:
        by_id.setdefault(m.entity.id, []).append(m)
    if all(ms[0].entity.known for ms in by_id.values()):
        return sorted(mentions, key=lambda m: m.start)
    names = {eid: _written_words(ms, suffixes) for eid, ms in by_id.items()}
    target: dict[str, str] = {}
    for eid, ms in by_id.items():
        entity = ms[0].entity
        if entity.known:
            continue
        mine = names[eid]
        hosts = {other for other, words in names.items()
                 if other != eid and by_id[other][0].entity.kind is entity.kind
                 and any(_part_of(w, o, entity.kind) for w in mine for o in words)}
        if len(hosts) == 1:
            target[eid] = hosts.pop()
    for eid in list(target):
        seen = {eid}
        while target[eid] in target and target[eid] not in seen:
            seen.add(target[eid])
            target[eid] = target[target[eid]]
    merged: dict[str, list[Mention]] = {}
    for eid, ms in by_id.items():
        merged.setdefault(target.get(eid, eid), []).extend(ms)
    renamed = {eid: _renamed(ms, suffixes) for eid, ms in merged.items()}
    out = [Mention(m.text, m.start, m.end, renamed[target.get(m.entity.id, m.entity.id)], m.via) for m in mentions]
    return sorted(out, key=lambda m: m.start)


def _written_words(mentions: list[Mention], suffixes: frozenset[str]) -> list[tuple[str, ...]]:
    forms = {mentions[0].entity.name, *(m.text for m in mentions if m.via != "ticker")}
    keys = {name_key(f, suffixes) for f in forms}
    return [tuple(k.split()) for k in keys if k]


def _part_of(short: tuple[str, ...], long: tuple[str, ...], kind: EntityKind) -> bool:
    """True when ``short`` is the first or last words of the longer ``long`` (for a
    person: the surname alone)."""
    if not short or len(short) >= len(long):
        return False
    if kind is EntityKind.PERSON:
        return len(short) == 1 and long[-1] == short[0]
    return long[: len(short)] == short or long[-len(short) :] == short


def _renamed(mentions: list[Mention], suffixes: frozenset[str]) -> Entity:
    entity = mentions[0].entity
    if entity.known:
        return entity
    written = [m.text for m in mentions if m.via != "ticker"] or [entity.name]
    # A headline in capitals is how the wire shouts, not how the company is named.
    cased = [w for w in written if not all_caps(w) or len(w) <= 6] or written
    longest = max(cased, key=lambda w: (len(w.split()), len(w)))
    name = " ".join(longest.split())
    if entity.kind is EntityKind.ORG:
        name = without_suffix(name, suffixes)
    ticks = tuple(dict.fromkeys(m.text for m in mentions if m.via == "ticker"))
    aliases = tuple(dict.fromkeys(" ".join(w.split()) for w in written if " ".join(w.split()) != name))
    ident = entity.id if entity.kind is EntityKind.PERSON else f"ner:{slug(name)}"
    return Entity(ident, name, entity.kind, aliases, ticks[0] if ticks else None, ticks,
                  entity.category, entity.org, known=False)
