"""Compiled cue matchers built from one language's lexicons (deals, status, attribution).

The lexicons are data (``data/lexicons/<lang>/*.yaml``); this module only turns
their patterns into regular expressions, once per language, and answers simple
questions about a piece of text: which deal words it holds, which status it
expresses, where its attribution formulas are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from dealgraph.knowledge import lexicon
from dealgraph.records import DealKind, DealStatus

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'"})


def normalise(text: str) -> str:
    """Same length as ``text``, with typographic apostrophes made straight.

    Offsets found in the normalised text are valid in the original.
    """
    if "’" in text or "ʼ" in text or "‘" in text:
        return text.translate(_APOSTROPHES)
    return text  # most sentences: the translation's table lookups are spared


def _alternation(patterns: list[str]) -> str:
    # Longest first so that "a investi" is preferred to "investi" at the same place.
    return "|".join(f"(?:{p})" for p in sorted(patterns, key=len, reverse=True))


def _words(patterns: list[str]) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{_alternation(patterns)})(?![\w-])", re.IGNORECASE)


def _leading(words: list[str]) -> re.Pattern[str]:
    """One of ``words`` at the start of a text: a whole word, or an elided one ("l'")."""
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!x)x"
    return re.compile(rf"(?:{alts})(?:(?<=['’])|\b)\s*", re.IGNORECASE)


def _opening(pronouns: list[str], impersonal: list[str]) -> re.Pattern[str]:
    """A text opened by one of ``pronouns``, unless an impersonal phrase opens it
    ("Il y a", "It was not clear")."""
    if not pronouns:
        return re.compile("(?!x)x")
    refuse = f"(?!(?:{_alternation(impersonal)})(?![\\w-]))" if impersonal else ""
    return re.compile(rf"\s*{refuse}(?:{_alternation(pronouns)})(?![\w'-])", re.IGNORECASE)


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    text: str
    label: str


@dataclass(frozen=True)
class Cues:
    """The compiled cues of one language."""

    lang: str
    kinds: tuple[tuple[DealKind, re.Pattern[str]], ...]
    not_deals: re.Pattern[str]
    stake: re.Pattern[str]
    pair_anaphora: re.Pattern[str]
    deal_anaphora: re.Pattern[str]
    detail: re.Pattern[str]  # "The investment includes ...": the parts of a deal already told
    unnamed_investors: re.Pattern[str]
    statuses: tuple[tuple[DealStatus, re.Pattern[str]], ...]
    default_status: DealStatus
    hearsay: re.Pattern[str]  # a mood that reports without asserting (French conditional)
    negation: re.Pattern[str]  # "neither ... ", "did not ": ends right before a denied word
    modifier_before: bool  # "the proposed acquisition" (en) or "le rachat envisagé" (fr)
    context_statuses: frozenset[DealStatus]
    target_before: re.Pattern[str]
    investor_before: re.Pattern[str]
    lead: re.Pattern[str]
    passive: re.Pattern[str]
    raise_: re.Pattern[str]
    inverse: re.Pattern[str]  # "ouvre son capital à X": the subject is the target
    subsidiary: re.Pattern[str]  # "its subsidiary, X": X acts for the company named before
    complement_before: re.Pattern[str]  # prepositions: "le rachat de X" -- X is no subject
    list_joiners: frozenset[str]  # "et", "and": the words that list parties
    amount_nouns: re.Pattern[str]
    valuation: re.Pattern[str]
    valuation_after: re.Pattern[str]
    partial_list: re.Pattern[str]
    unit_price: re.Pattern[str]
    other_money: re.Pattern[str]  # "un don de", "a loan of": not the deal's amount
    cap: re.Pattern[str]
    floor: re.Pattern[str]
    first_person: re.Pattern[str]
    pronoun_subject: re.Pattern[str]  # "Il ", "It ": a sentence opened by a subject pronoun
    determiner: re.Pattern[str]  # a leading determiner ("l'", "the"), to be skipped
    indefinite: re.Pattern[str]  # a leading word opening an unnamed party ("a", "plusieurs")
    according_to: re.Pattern[str]
    reporting: re.Pattern[str]
    citing: re.Pattern[str]
    unnamed: re.Pattern[str]
    analysts: re.Pattern[str]
    analysts_at: re.Pattern[str]
    spokesperson: re.Pattern[str]
    back_reference: re.Pattern[str]
    clause_breaks: tuple[str, ...]
    relative_breaks: tuple[str, ...]  # ", which ", ", qui ": an aside closed by a comma
    any_kind: re.Pattern[str]  # every deal word at once: most sentences have none
    any_status: re.Pattern[str]
    # The engine asks about the same sentence several times (which sentences deserve
    # the NER, then which make claims): the scans are kept for the latest texts.
    _seen: dict[tuple[bool, str], tuple[Hit, ...]] = field(
        default_factory=dict, compare=False, hash=False, repr=False)

    def kind_hits(self, text: str) -> list[Hit]:
        """Deal words in ``text``, in order; overlapping hits keep the longest."""
        return list(self._scan(True, text))

    def status_hits(self, text: str) -> list[Hit]:
        """Status words in ``text``, in order; overlapping hits keep the longest."""
        return list(self._scan(False, text))

    def _scan(self, kinds: bool, text: str) -> tuple[Hit, ...]:
        key = (kinds, text)
        found = self._seen.get(key)
        if found is None:
            if kinds:
                hits = _hits(text, self.any_kind, self.kinds)
                if hits:
                    blocked = [(m.start(), m.end()) for m in self.not_deals.finditer(text)]
                    hits = [h for h in hits if not any(a <= h.start < b for a, b in blocked)]
            else:
                hits = [h for h in _hits(text, self.any_status, self.statuses)
                        if not self._negated(text, h)]
            if len(self._seen) >= _SEEN:
                self._seen.clear()
            found = self._seen[key] = tuple(hits)
        return found

    def _negated(self, text: str, hit: Hit) -> bool:
        """Whether a word of the deal going on is denied just before it: "Neither company
        confirmed the deal", "n'a pas été finalisé". A word that the deal is off or
        stuck keeps its sense ("not binding" is a cue of its own)."""
        if hit.label in _OFF_TRACK:
            return False
        return self.negation.search(text, max(0, hit.start - _NEGATION_WINDOW), hit.start) is not None

    def clause(self, text: str, start: int, end: int) -> tuple[int, int]:
        """The clause of ``text`` around ``[start, end)``, bounded by clause breaks."""
        lo = max((text.rfind(b, 0, start) + len(b) for b in self.clause_breaks
                  if text.rfind(b, 0, start) >= 0), default=0)
        hi = min((i for b in self.clause_breaks if (i := text.find(b, end)) >= 0),
                 default=len(text))
        return lo, hi

    def relative_clause(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """The relative clause ``[start, end)`` stands in (", which ... ,"), if any: from
        its pronoun to the next comma or the end."""
        opened = max((at + len(b) for b in self.relative_breaks
                      if (at := text.rfind(b, 0, start)) >= 0), default=-1)
        if opened < 0 or "," in text[opened: start]:
            return None
        close = text.find(",", end)
        return opened, close if close >= 0 else len(text)

    def clauses(self, text: str) -> list[tuple[int, int]]:
        """The clauses of ``text``, as (start, end) pairs, cut at the clause breaks."""
        cuts = sorted({i + len(b) for b in self.clause_breaks for i in _find_all(text, b)})
        bounds = [0, *cuts, len(text)]
        return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if a < b]

    def modifier(self, text: str, start: int, end: int) -> Hit | None:
        """A status word qualifying the deal noun at ``[start, end)``: next to it on the
        side the language puts such words, with nothing between but other modifiers (no
        punctuation, no preposition)."""
        reach = 40
        if self.modifier_before:
            found = self.status_hits(text[max(0, start - reach): start])
            hit = found[-1] if found else None
            gap = text[max(0, start - reach) + hit.end: start] if hit else ""
        else:
            found = self.status_hits(text[end: end + reach])
            hit = found[0] if found else None
            gap = text[end: end + hit.start] if hit else ""
        if hit is None or _PUNCTUATION.search(gap) or self.complement_before.search(gap):
            return None
        return hit

    def status_of(self, text: str) -> tuple[DealStatus | None, str | None]:
        """The status ``text`` expresses by precedence, and the words that say so."""
        hits = self.status_hits(text)
        for status, _ in self.statuses:
            for hit in hits:
                if hit.label == status.value:
                    return status, hit.text
        return None, None


def _hits(text: str, gate: re.Pattern[str],
          table: tuple[tuple[DealKind, re.Pattern[str]], ...] | tuple[tuple[DealStatus, re.Pattern[str]], ...],
          ) -> list[Hit]:
    """Matches of every pattern of ``table``, labelled; one ``gate`` search spares the
    per-label patterns on the many sentences that hold none."""
    if not gate.search(text):
        return []
    return _no_overlaps([Hit(m.start(), m.end(), m.group(), label.value)
                         for label, pattern in table for m in pattern.finditer(text)])


_OFF_TRACK = frozenset({DealStatus.DENIED.value, DealStatus.CANCELLED.value,
                        DealStatus.REJECTED.value, DealStatus.STALLED.value})
_NEGATION_REACH = 2  # words between a negation and the status word it denies
_NEGATION_WINDOW = 40  # characters before a status word searched for a negation
_SEEN = 4096  # sentences whose scans are kept: a few articles' worth, bounded memory
_PUNCTUATION = re.compile(r"[;:()«»\"]|[,.](?!\d)")  # not the point of "32.25"


def _find_all(text: str, needle: str) -> list[int]:
    out, at = [], text.find(needle)
    while at >= 0:
        out.append(at)
        at = text.find(needle, at + 1)
    return out


def _no_overlaps(hits: list[Hit]) -> list[Hit]:
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[Hit] = []
    for hit in hits:
        if kept and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    return kept


@cache
def cues_for(lang: str) -> Cues:
    """The cues of ``lang``; raises KnowledgeError when the language has no lexicon."""
    deals = lexicon(lang, "deals")
    status = lexicon(lang, "status")
    attribution = lexicon(lang, "attribution")
    roles = deals["roles"]
    inverse = roles.get("inverse", [])
    kinds = {k: list(v) for k, v in deals["kinds"].items()}
    kinds["investment"] = kinds.get("investment", []) + inverse
    order = [DealStatus(s) for s in status["precedence"]]
    by_status = {DealStatus(k): v for k, v in status["cues"].items()}
    return Cues(
        lang=lang,
        kinds=tuple((DealKind(k), _words(v)) for k, v in kinds.items()),
        not_deals=_words(deals.get("not_deals", ["(?!x)x"])),
        stake=_words(deals.get("stake", ["(?!x)x"])),
        pair_anaphora=_words(deals.get("pair_anaphora", ["(?!x)x"])),
        deal_anaphora=_words(deals.get("deal_anaphora", ["(?!x)x"])),
        detail=re.compile(
            rf"(?<![\w-])(?:{_alternation(deals.get('deal_anaphora', ['(?!x)x']))})\s+"
            rf"(?:{_alternation(deals.get('detail_verbs', ['(?!x)x']))})(?![\w-])", re.IGNORECASE),
        unnamed_investors=_words(deals.get("unnamed_investors", ["(?!x)x"])),
        statuses=tuple((s, _words(by_status[s])) for s in order if s in by_status),
        default_status=DealStatus(status.get("default", "announced")),
        hearsay=_words(status.get("hearsay", ["(?!x)x"])),
        negation=re.compile(rf"(?<![\w'-])(?:{_alternation(status.get('negations', ['(?!x)x']))})"
                            rf"(?:\s+\S+){{0,{_NEGATION_REACH}}}\s+$", re.IGNORECASE),
        modifier_before=status.get("modifier_position", "before") == "before",
        context_statuses=frozenset(DealStatus(x) for x in status.get("context_statuses", ())),
        target_before=_words(roles["target_before"]),
        investor_before=_words(roles["investor_before"]),
        lead=_words(roles.get("lead", ["(?!x)x"])),
        passive=_words(roles["passive"]),
        raise_=_words(roles["raise"]),
        inverse=_words(inverse or ["(?!x)x"]),
        subsidiary=_words(deals.get("subsidiary", ["(?!x)x"])),
        complement_before=_words(roles.get("complement_before", ["(?!x)x"])),
        list_joiners=frozenset(deals.get("coordination", ())),
        amount_nouns=_words(deals.get("amount_nouns", ["(?!x)x"])),
        valuation=_words(deals.get("valuation", ["(?!x)x"])),
        valuation_after=_words(deals.get("valuation_after", ["(?!x)x"])),
        partial_list=_words(deals.get("partial_list", ["(?!x)x"])),
        unit_price=_words(deals.get("unit_price", ["(?!x)x"])),
        other_money=_words(deals.get("other_money", ["(?!x)x"])),
        cap=_words(deals.get("cap", ["(?!x)x"])),
        floor=_words(deals.get("floor", ["(?!x)x"])),
        first_person=_words(deals.get("first_person", ["(?!x)x"])),
        pronoun_subject=_opening(deals.get("subject_pronouns", []), deals.get("impersonal", [])),
        determiner=_leading(deals.get("determiners", ())),
        indefinite=_leading(deals.get("indefinites", ())),
        according_to=_words(attribution["according_to"]),
        reporting=_words(attribution["reporting_verbs"]),
        citing=_words(attribution["citing"]),
        unnamed=_words(attribution["unnamed"]),
        analysts=_words(attribution["analysts"]),
        analysts_at=_words(attribution.get("analysts_at", ["(?!x)x"])),
        spokesperson=_words(attribution.get("spokesperson", ["(?!x)x"])),
        back_reference=_words(attribution.get("back_reference", ["(?!x)x"])),
        clause_breaks=tuple(deals.get("clause_breaks", ())),
        relative_breaks=tuple(deals.get("relative_breaks", ())),
        any_kind=_words([p for v in kinds.values() for p in v]),
        any_status=_words([p for v in status["cues"].values() for p in v]),
    )
