"""Who says so: the source a sentence attributes its statement to.

Steps, in order, the first that answers wins:

1. "selon X" / "according to X": the entity named right after the formula.
2. A reporting verb next to an entity: "a rapporté le Wall Street Journal",
   "Reuters reported", "said Nvidia's chief executive Jensen Huang".
3. "un porte-parole de Nvidia" / "a spokesperson for Nvidia": the organisation.
4. A publication named in the sentence that is not a party ("Le Wall Street Journal
   publiait un article affirmant que...").
5. Unnamed sources ("people familiar with the matter") and analysts, which also
   join the chain of a named source ("the Journal, citing people familiar...").
6. "selon le rapport" / "the report said": the last report the article named
   (the caller passes it in as ``previous``).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from dealgraph.extract.cues import Cues
from dealgraph.records import (
    GENERIC_SOURCES,
    NOT_PARTIES,
    PUBLICATIONS,
    Attribution,
    EntityKind,
    Mention,
    Sentence,
    SourceKind,
)

MEDIA_CATEGORIES: frozenset[str] = PUBLICATIONS
#: Organisations that judge or comment on deals rather than make them.
NON_PARTY_CATEGORIES: frozenset[str] = NOT_PARTIES
UNNAMED_NAME = GENERIC_SOURCES[SourceKind.UNNAMED]
ANALYSTS_NAME = GENERIC_SOURCES[SourceKind.ANALYSTS]

# How far (in characters) an entity may sit from a reporting verb and still be its
# subject or inverted subject: French inverts after the quote ("a rapporté Reuters
# jeudi"), English puts the subject first, sometimes after a participle clause
# ("The Journal, citing people familiar with the matter, said...").
_AFTER_VERB = 45
_BEFORE_VERB = 90
_AFTER_ACCORDING = 30


def is_media(mention: Mention) -> bool:
    return (mention.entity.category or "") in MEDIA_CATEGORIES


def analysts_of(text: str, mention: Mention, cues: Cues) -> bool:
    """True for the firm in "analysts at Morgan Stanley": it comments, it is no party."""
    window = text[max(0, mention.start - 25): mention.start].replace("’", "'").rstrip()
    return any(m.end() == len(window) for m in cues.analysts_at.finditer(window))


def can_be_party(text: str, mention: Mention, cues: Cues) -> bool:
    return (mention.entity.category or "") not in NON_PARTY_CATEGORIES and not analysts_of(
        text, mention, cues)


def source_kind(mention: Mention, parties: Collection[str]) -> SourceKind:
    entity = mention.entity
    if entity.name in parties:
        return SourceKind.PARTY
    if entity.kind is EntityKind.PERSON:
        return SourceKind.PARTY if entity.org and entity.org in parties else SourceKind.PERSON
    if is_media(mention):
        return SourceKind.PUBLICATION
    return SourceKind.ORGANISATION


def find_attribution(
    sentence: Sentence,
    text: str,
    mentions: Sequence[Mention],
    cues: Cues,
    parties: Collection[str] = (),
    party_ids: Collection[str] = (),
    previous: Attribution | None = None,
) -> Attribution | None:
    """The source of ``sentence`` (spans index ``text``), or None if it asserts on its own.

    ``mentions`` are the entity mentions inside the sentence; ``parties`` the
    canonical names of the claim's parties and ``party_ids`` their ids (a person who
    speaks for a party is a party source).
    """
    s = sentence.text
    base = sentence.start
    inside = [m for m in mentions if sentence.start <= m.start < sentence.end]

    def attribution(m: Mention, start: int, end: int) -> Attribution:
        kind = _kind(m, parties, party_ids)
        return Attribution(m.entity.name, kind, text[start:end], start, end, _chain(s, base, inside, cues, m))

    for match in cues.according_to.finditer(s):
        nxt = _first_after(inside, base + match.end(), _AFTER_ACCORDING)
        # "selon le WSJ" names its source; "selon leurs sources, Jensen Huang..." does not.
        if nxt is not None and _only_function_words(text[base + match.end(): nxt.start]):
            return attribution(nxt, base + match.start(), nxt.end)
        tail = s[match.end(): match.end() + 40]
        if cues.analysts.search(tail):
            return Attribution(ANALYSTS_NAME, SourceKind.ANALYSTS, s[match.start():].split(",")[0],
                               base + match.start(), base + match.end())
        if cues.unnamed.search(tail):
            return Attribution(UNNAMED_NAME, SourceKind.UNNAMED, tail.strip(),
                               base + match.start(), base + match.end())

    for m in inside:
        if m.entity.kind is EntityKind.ORG and analysts_of(text, m, cues):
            return Attribution(m.entity.name, SourceKind.ANALYSTS, text[m.start - 12: m.end],
                               m.start, m.end)

    for match in cues.spokesperson.finditer(s):
        nxt = _first_after(inside, base + match.end(), 5)
        if nxt is not None:
            return attribution(nxt, base + match.start(), nxt.end)

    for match in cues.reporting.finditer(s):
        # "SoftBank a démenti les informations du Nikkei": the subject right before
        # the verb speaks, whatever is named after it.
        subject = _last_before(inside, base + match.start(), 20)
        if subject is not None and _only_function_words(
                text[subject.end: base + match.start()].replace(",", " , ")) \
                and "," not in text[subject.end: base + match.start()]:
            return attribution(subject, subject.start, base + match.end())
        nxt = _first_after(inside, base + match.end(), _AFTER_VERB)
        if nxt is not None and (is_media(nxt) or nxt.entity.kind is EntityKind.PERSON
                                or _only_function_words(text[base + match.end(): nxt.start])):
            return attribution(nxt, base + match.start(), nxt.end)
        before = _last_before(inside, base + match.start(), _BEFORE_VERB)
        if before is not None and (is_media(before) or before.entity.kind is EntityKind.PERSON
                                   or before.entity.name in parties):
            return attribution(before, before.start, base + match.end())

    for m in inside:
        if (is_media(m) or (m.entity.category or "") in NON_PARTY_CATEGORIES) \
                and m.entity.name not in parties:
            return attribution(m, m.start, m.end)

    if cues.back_reference.search(s) and previous is not None:
        return previous
    if (hit := cues.analysts.search(s)) is not None:
        return Attribution(ANALYSTS_NAME, SourceKind.ANALYSTS, hit.group(),
                           base + hit.start(), base + hit.end())
    if (hit := cues.unnamed.search(s)) is not None:
        return Attribution(UNNAMED_NAME, SourceKind.UNNAMED, hit.group(),
                           base + hit.start(), base + hit.end())
    return None


def _kind(m: Mention, parties: Collection[str], party_ids: Collection[str]) -> SourceKind:
    entity = m.entity
    if entity.kind is EntityKind.PERSON and entity.org and entity.org in party_ids:
        return SourceKind.PARTY
    return source_kind(m, parties)


def _chain(s: str, base: int, inside: Sequence[Mention], cues: Cues, source: Mention) -> tuple[str, ...]:
    chain: list[str] = []
    for match in cues.citing.finditer(s):
        nxt = _first_after(inside, base + match.end(), 30)
        if nxt is not None and nxt.entity.id != source.entity.id:
            chain.append(nxt.entity.name)
        elif cues.unnamed.search(s[match.start(): match.end() + 60]):
            chain.append(UNNAMED_NAME)
    if not chain and cues.unnamed.search(s):
        chain.append(UNNAMED_NAME)
    return tuple(dict.fromkeys(chain))


def _first_after(mentions: Sequence[Mention], pos: int, window: int) -> Mention | None:
    best = [m for m in mentions if pos <= m.start <= pos + window]
    return min(best, key=lambda m: m.start) if best else None


def _last_before(mentions: Sequence[Mention], pos: int, window: int) -> Mention | None:
    best = [m for m in mentions if pos - window <= m.end <= pos]
    return max(best, key=lambda m: m.end) if best else None


_FUNCTION_WORDS = frozenset(
    "le la les l' un une des du de d' the a an by par its his her their son sa ses leur".split()
)


def _only_function_words(gap: str) -> bool:
    words = gap.replace("'", "' ").replace(",", " ").split()
    return all(w.lower() in _FUNCTION_WORDS for w in words)
