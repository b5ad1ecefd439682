"""Claims from the predicate frames of one sentence (:mod:`dealgraph.extract.frames`).

The frames say who and whom; this module adds what the claim needs besides: the status
read in the predicate's own clause (not the whole sentence, which may tell another
stage of another deal), the amount found in that clause, and the schema's reading of a
round: the round itself, then one claim per named participant with the round's amount,
the lead marked (a round's amount is the round's, which each participant carries; one
figure for several investors outside a round is theirs together, each claim marked
``shared``). A round whose company the sentence does not name as a role takes the
subject of the sentence's main verb ("Clubhouse said the round was led by X") or the
company of the round in discussion.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from dealgraph.extract.amounts import DealAmount, deal_amount
from dealgraph.extract.cues import Cues, normalise
from dealgraph.extract.frames import Frame
from dealgraph.extract.parties import Party, party
from dealgraph.records import Amount, Claim, DealKind, DealStatus

# (investor, target, kind, status, cue, amount, anchor, lead) -> the claim
BuildClaim = Callable[[Party | None, Party, DealKind, DealStatus | None, str | None,
                       DealAmount | None, int, bool], Claim]


def claims_from_frames(text: str, sentence: tuple[int, int], frames: Sequence[Frame],
                       money: Sequence[Amount], cues: Cues, build: BuildClaim,
                       fallback_targets: Sequence[Party]) -> list[Claim]:
    """The claims the frames of one sentence make, in the order of their predicates.
    ``fallback_targets``, best first, stand for a round's company when no role names
    it; one that takes part in the round is never its company."""
    out: list[Claim] = []
    seen: set[tuple[str | None, str, DealKind]] = set()
    statuses: dict[int, tuple[DealStatus | None, str | None]] = {}  # by predicate

    def add(investor: Party | None, target: Party, kind: DealKind, frame: Frame,
            amount: DealAmount | None, lead: bool = False) -> None:
        key = (investor.name if investor else None, target.name, kind)
        if key in seen:
            return
        seen.add(key)
        if frame.predicate.i not in statuses:
            statuses[frame.predicate.i] = _status(text, frame, cues, sentence)
        status, cue = statuses[frame.predicate.i]
        # the predicate's place in the text: the date nearest it is the claim's
        out.append(build(investor, target, kind, status, cue, amount,
                         sentence[0] + frame.predicate.start, lead))

    rounds = [f for f in frames if f.kind is DealKind.FUNDING_ROUND]
    if rounds:
        named = next((f.target for f in rounds if f.target is not None), None)
        backers = {m.entity.name for f in rounds for m in f.investors}
        fallbacks = [p for p in fallback_targets if p.name not in backers]
        # a round with neither a named company nor a named backer says too little to
        # read from the parse; the positional rules and the context read it
        target = party(named) if named is not None else (
            fallbacks[0] if fallbacks and backers else None)
        if target is not None:
            first = min(rounds, key=lambda f: f.predicate.i)
            amount = _amount(text, rounds, money, cues, alone=len(rounds) == len(frames))
            add(None, target, DealKind.FUNDING_ROUND, first, amount)
            for frame in sorted(rounds, key=lambda f: (not f.lead, f.predicate.i)):
                for m in frame.investors:
                    if m.entity.name != target.name:
                        add(party(m), target, DealKind.FUNDING_ROUND, frame, amount, frame.lead)
    for frame in frames:
        if frame.kind is DealKind.FUNDING_ROUND or frame.target is None:
            continue
        # one sum for several targets ("$4bn into 55 companies, including A and B")
        # is the amount of none of them
        amount = None if len(frame.targets) > 1 else _amount(text, [frame], money, cues,
                                                             alone=len(frames) == 1)
        for named_target in frame.targets:
            before = len(out)
            for m in frame.investors:
                add(party(m), party(named_target), frame.kind, frame, amount)
            mark_shared(out, before)
    return out


def mark_shared(claims: list[Claim], first: int) -> None:
    """The claims from ``first`` on give several investors one amount: the figure is
    theirs together ("Nvidia, Microsoft and Amazon could invest up to $60 billion"),
    so each claim is marked ``shared`` rather than read as each one's own."""
    named = [c for c in claims[first:] if c.investor]
    if len(named) > 1 and any(c.min is not None or c.max is not None for c in named):
        claims[first:] = [replace(c, shared=True) if c.investor else c for c in claims[first:]]


def _status(text: str, frame: Frame, cues: Cues, sentence: tuple[int, int]
            ) -> tuple[DealStatus | None, str | None]:
    """The status words of the predicate's clause, else of its sentence ("en
    pourparlers pour investir"), else what its mood and tense say."""
    lo, hi = frame.clause
    status, cue = cues.status_of(normalise(text[lo:hi]))
    if status is None and frame.described:
        return DealStatus.COMPLETED, None  # told in passing as a fact, whatever the sentence says
    if status is None:
        status, cue = cues.status_of(normalise(text[sentence[0]:sentence[1]]))
    if status is None and frame.conditional:
        return DealStatus.RUMORED, None  # "BHP rachèterait Anglo American": a rumour's mood
    if status is None and frame.past:
        return DealStatus.COMPLETED, None  # "X bought Y", "X a investi dans Y": done
    return status, cue


def _amount(text: str, frames: Sequence[Frame], money: Sequence[Amount], cues: Cues,
            alone: bool) -> DealAmount | None:
    """The deal amount among the money of the sentence, when it tells this deal alone
    and not in an aside (the parse may hang the amount anywhere: "signé un accord pour
    racheter Dust ... pour 300 millions"); else among the money of the frames' clauses."""
    if alone and not any(f.aside for f in frames):
        own = list(money)  # the sentence tells this deal alone: all its money is the deal's
    else:
        own = [a for a in money if any(f.clause[0] <= a.start < f.clause[1] for f in frames)]
    return deal_amount(text, own, cues) if own else None

