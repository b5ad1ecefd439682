"""A deal's amount and valuation from the money amounts of its sentence.

The money parser reads each amount on its own; a deal often needs several read
together: "des dizaines de milliards ... le chiffre pourrait atteindre 50 milliards"
is at least 20 and at most 50 billion. Rules:

- an amount right after a valuation word ("valorisée à", "valued at") is the
  valuation, not the deal's size;
- an amount named by another noun ("un don de", "a loan of", "sales of") is not
  the deal's;
- a per-share price ("32.25 dlrs a share", "au prix unitaire de 25,25 dollars") is a
  price, never the deal's size: it is kept apart as ``per_share``;
- an amount right after a cap ("pourrait atteindre", "could reach") is an upper
  bound, after a floor ("atteindre ou dépasser", "or more") a lower bound;
- the deal's interval is the intersection of what remains, when they overlap;
  when they do not, the first amount (closest to the deal words) is kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from dealgraph.extract.cues import Cues, normalise
from dealgraph.records import Amount

_WINDOW = 30  # characters before an amount in which a cap/floor/valuation word counts


@dataclass(frozen=True)
class DealAmount:
    min: float | None
    max: float | None
    currency: str | None
    valuation: float | None
    amount: Amount | None
    per_share: float | None = None  # the price of one share, in ``currency``


def _preceded_by(text: str, amount: Amount, pattern: re.Pattern[str]) -> bool:
    return pattern.search(normalise(text[max(0, amount.start - _WINDOW): amount.start])) is not None


def _named_by(text: str, amount: Amount, nouns: re.Pattern[str]) -> bool:
    """True when one of ``nouns`` stands right before the amount, give or take a
    preposition and a qualifier ("a loan of about", "un don de")."""
    window = normalise(text[max(0, amount.start - _WINDOW): amount.start])
    found = list(nouns.finditer(window))
    return bool(found) and len(window[found[-1].end():].split()) <= 2


def _followed_by(text: str, amount: Amount, pattern: re.Pattern[str]) -> bool:
    return pattern.search(normalise(text[amount.end: amount.end + 12])) is not None


def deal_amount(text: str, amounts: Sequence[Amount], cues: Cues) -> DealAmount | None:
    """Combine the ``amounts`` of one sentence (spans index ``text``) into a deal amount."""
    if not amounts:
        return None
    sizes: list[tuple[float | None, float | None, Amount]] = []
    valuation: float | None = None
    for a in amounts:
        if _named_by(text, a, cues.other_money):
            continue  # "un don de sept millions ... pour racheter": the gift, not the price
        if _preceded_by(text, a, cues.valuation) or cues.valuation_after.match(
                normalise(text[a.end: a.end + 20]).lstrip()):
            valuation = a.max if a.max is not None else a.min
            continue
        lo, hi = a.min, a.max
        if lo is not None and hi is not None and lo == hi:
            if _preceded_by(text, a, cues.floor) or _followed_by(text, a, cues.floor):
                hi = None
            elif _preceded_by(text, a, cues.cap):
                lo = None
        sizes.append((lo, hi, a))
    # "au prix unitaire de 25,25 dollars, soit un montant total de trois milliards"
    prices = [s for s in sizes if s[2].per_share or _preceded_by(text, s[2], cues.unit_price)]
    whole = [s for s in sizes if s not in prices]
    price = prices[0][2] if prices else None
    per_share = None if price is None else (price.max if price.max is not None else price.min)
    if not whole:
        return DealAmount(None, None, price.currency if price else None, valuation, None,
                          per_share)
    lo, hi, first = whole[0]
    currency = first.currency
    for other_lo, other_hi, other in whole[1:]:
        if other.currency not in (None, currency):
            continue
        new_lo = _max(lo, other_lo)
        new_hi = _min(hi, other_hi)
        if new_lo is not None and new_hi is not None and new_lo > new_hi:
            continue
        lo, hi = new_lo, new_hi
    if price is not None and price.currency not in (None, currency):
        per_share = None  # a price in another currency than the deal's is not read
    return DealAmount(lo, hi, currency, valuation, first, per_share)


def _max(a: float | None, b: float | None) -> float | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def _min(a: float | None, b: float | None) -> float | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)
