"""Claims that say the same thing twice, folded into one.

An article repeats itself: the headline and the lead, a report continued over the
next sentences, a heading that only names a deal told elsewhere. The claim walker
(:mod:`dealgraph.extract.claims`) reports every sentence's claims; these functions
keep one claim per thing said, with the details each repeat adds.
"""

from __future__ import annotations

from dataclasses import replace

from dealgraph.records import Claim, DealKind, SourceKind

MERGE_DISTANCE = 3  # sentences within which a continued report is merged


def without_headline_repeats(claims: list[Claim], title_end: int) -> list[Claim]:
    body = {(c.investor, c.target, c.kind) for c in claims if c.evidence.start >= title_end}
    return [c for c in claims
            if c.evidence.start >= title_end or (c.investor, c.target, c.kind) not in body]


def merge(claims: list[Claim]) -> list[Claim]:
    """Fold claims that add nothing to an earlier one.

    - the same thing said twice (the title and the lead): same parties, kind,
      status, amount and source;
    - a report continued over the next sentences ("Selon leurs sources, ... Le
      montant aurait fondu"): same parties, kind and status a few sentences on,
      one of them without an amount, the later one from no named source;
    - a sentence that has neither a status word nor an amount (a heading, "une
      levée record en vue") only says again that a deal claimed elsewhere exists.
    """
    kept: list[Claim] = []
    for claim in claims:
        if claim.embedded and any(
                (k.investor, k.target, k.kind, k.status)
                == (claim.investor, claim.target, claim.kind, claim.status)
                for k in claims if k is not claim):
            continue  # the report a denial refers to is already told elsewhere
        twin = next((k for k in kept if _same(k, claim)), None)
        if twin is not None:
            if twin.date is None and claim.date is not None:
                kept[kept.index(twin)] = replace(twin, date=claim.date)
            continue
        earlier = next((k for k in reversed(kept) if _continues(k, claim)), None)
        if earlier is not None:
            kept[kept.index(earlier)] = _fold(earlier, claim)
            continue
        kept.append(claim)
    return [c for c in kept if not _idle(c, kept)]


def _idle(claim: Claim, claims: list[Claim]) -> bool:
    """No status word and no amount, on a deal that other claims describe ("cette alliance
    stratégique", said of an investment already claimed, is the same deal)."""
    def same_deal(k: Claim) -> bool:
        pair = (k.investor, k.target) == (claim.investor, claim.target)
        return pair and (k.kind is claim.kind or claim.kind is DealKind.PARTNERSHIP)

    return claim.cue is None and claim.min is None and claim.max is None and any(
        k is not claim and same_deal(k) for k in claims)


def _same(a: Claim, b: Claim) -> bool:
    return (a.investor, a.target, a.kind, a.status, a.min, a.max, a.currency) == (
        b.investor, b.target, b.kind, b.status, b.min, b.max, b.currency
    ) and (a.source.name if a.source else None) == (b.source.name if b.source else None)


_WEAK_SOURCES = frozenset({SourceKind.UNNAMED, SourceKind.NONE})


def _continues(earlier: Claim, later: Claim) -> bool:
    if (earlier.investor, earlier.target, earlier.kind, earlier.status) != (
            later.investor, later.target, later.kind, later.status):
        return False
    if later.order - earlier.order > MERGE_DISTANCE:
        return False
    no_amount = (earlier.min, earlier.max) == (None, None) or (later.min, later.max) == (None, None)
    weak = later.source is None or later.source.kind in _WEAK_SOURCES or (
        earlier.source is not None and later.source.name == earlier.source.name)
    return no_amount and weak


def _fold(earlier: Claim, later: Claim) -> Claim:
    if (earlier.min, earlier.max) == (None, None):
        earlier = replace(earlier, min=later.min, max=later.max, currency=later.currency,
                          amount=later.amount, valuation=earlier.valuation or later.valuation,
                          per_share=earlier.per_share or later.per_share,
                          shared=later.shared)
    if earlier.date is None:
        earlier = replace(earlier, date=later.date)
    if earlier.source is None:
        earlier = replace(earlier, source=later.source)
    return earlier
