"""Compiled cue matchers built from one language's lexicons (deals, status, attribution).

The lexicons are data (``data/lexicons/<lang>/*.yaml``); this module only turns
their patterns into regular expressions, once per language, and answers simple
questions about a piece of text: which deal words it holds, which status it
expresses, where its attribution formulas are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from dealgraph.knowledge import lexicon
from dealgraph.records import DealKind, DealStatus

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'"})


def normalise(text: str) -> str:
    """Same length as ``text``, with typographic apostrophes made straight.

    Offsets found in the normalised text are valid in the original.
    """
    return text.translate(_APOSTROPHES)


def _alternation(patterns: list[str]) -> str:
    # Longest first so that "a investi" is preferred to "investi" at the same place.
    return "|".join(f"(?:{p})" for p in sorted(patterns, key=len, reverse=True))


def _words(patterns: list[str]) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{_alternation(patterns)})(?![\w-])", re.IGNORECASE)


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
    target_before: re.Pattern[str]
    investor_before: re.Pattern[str]
    lead: re.Pattern[str]
    passive: re.Pattern[str]
    raise_: re.Pattern[str]
    amount_nouns: re.Pattern[str]
    valuation: re.Pattern[str]
    valuation_after: re.Pattern[str]
    partial_list: re.Pattern[str]
    unit_price: re.Pattern[str]
    cap: re.Pattern[str]
    floor: re.Pattern[str]
    first_person: re.Pattern[str]
    according_to: re.Pattern[str]
    reporting: re.Pattern[str]
    citing: re.Pattern[str]
    unnamed: re.Pattern[str]
    analysts: re.Pattern[str]
    analysts_at: re.Pattern[str]
    spokesperson: re.Pattern[str]
    back_reference: re.Pattern[str]
    clause_breaks: tuple[str, ...]
    any_kind: re.Pattern[str]  # every deal word at once: most sentences have none
    any_status: re.Pattern[str]

    def kind_hits(self, text: str) -> list[Hit]:
        """Deal words in ``text``, in order; overlapping hits keep the longest."""
        hits = _hits(text, self.any_kind, self.kinds)
        if hits:
            blocked = [(m.start(), m.end()) for m in self.not_deals.finditer(text)]
            hits = [h for h in hits if not any(a <= h.start < b for a, b in blocked)]
        return hits

    def status_hits(self, text: str) -> list[Hit]:
        """Status words in ``text``, in order; overlapping hits keep the longest."""
        return _hits(text, self.any_status, self.statuses)

    def clause(self, text: str, start: int, end: int) -> tuple[int, int]:
        """The clause of ``text`` around ``[start, end)``, bounded by clause breaks."""
        lo = max((text.rfind(b, 0, start) + len(b) for b in self.clause_breaks
                  if text.rfind(b, 0, start) >= 0), default=0)
        hi = min((i for b in self.clause_breaks if (i := text.find(b, end)) >= 0),
                 default=len(text))
        return lo, hi

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
    order = [DealStatus(s) for s in status["precedence"]]
    by_status = {DealStatus(k): v for k, v in status["cues"].items()}
    return Cues(
        lang=lang,
        kinds=tuple((DealKind(k), _words(v)) for k, v in deals["kinds"].items()),
        not_deals=_words(deals.get("not_deals", ["(?!x)x"])),
        stake=_words(deals.get("stake", ["(?!x)x"])),
        pair_anaphora=_words(deals.get("pair_anaphora", ["(?!x)x"])),
        deal_anaphora=_words(deals.get("deal_anaphora", ["(?!x)x"])),
        detail=re.compile(
            rf"\s*(?:{_alternation(deals.get('deal_anaphora', ['(?!x)x']))})\s+"
            rf"(?:{_alternation(deals.get('detail_verbs', ['(?!x)x']))})(?![\w-])", re.IGNORECASE),
        unnamed_investors=_words(deals.get("unnamed_investors", ["(?!x)x"])),
        statuses=tuple((s, _words(by_status[s])) for s in order if s in by_status),
        default_status=DealStatus(status.get("default", "announced")),
        target_before=_words(roles["target_before"]),
        investor_before=_words(roles["investor_before"]),
        lead=_words(roles.get("lead", ["(?!x)x"])),
        passive=_words(roles["passive"]),
        raise_=_words(roles["raise"]),
        amount_nouns=_words(deals.get("amount_nouns", ["(?!x)x"])),
        valuation=_words(deals.get("valuation", ["(?!x)x"])),
        valuation_after=_words(deals.get("valuation_after", ["(?!x)x"])),
        partial_list=_words(deals.get("partial_list", ["(?!x)x"])),
        unit_price=_words(deals.get("unit_price", ["(?!x)x"])),
        cap=_words(deals.get("cap", ["(?!x)x"])),
        floor=_words(deals.get("floor", ["(?!x)x"])),
        first_person=_words(deals.get("first_person", ["(?!x)x"])),
        according_to=_words(attribution["according_to"]),
        reporting=_words(attribution["reporting_verbs"]),
        citing=_words(attribution["citing"]),
        unnamed=_words(attribution["unnamed"]),
        analysts=_words(attribution["analysts"]),
        analysts_at=_words(attribution.get("analysts_at", ["(?!x)x"])),
        spokesperson=_words(attribution.get("spokesperson", ["(?!x)x"])),
        back_reference=_words(attribution.get("back_reference", ["(?!x)x"])),
        clause_breaks=tuple(deals.get("clause_breaks", ())),
        any_kind=_words([p for v in deals["kinds"].values() for p in v]),
        any_status=_words([p for v in status["cues"].values() for p in v]),
    )
