"""Non-money quantities: power, chips, users, staff, shares, tonnes, barrels.

A quantity is a number, an optional scale word ("300 millions", "20 mln") and a
unit word from ``data/lexicons/<lang>/quantities.yaml``, whose keys are the
normalised units a :class:`Quantity` carries ("10 gigawatts" -> 10 "GW"). Numbers
and scale words are those of the money lexicon (see ``nlp/numbers.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from dealgraph.knowledge import lexicon
from dealgraph.nlp.numbers import fragment, grammar, is_article, lowered, parse_number, scale_value, words
from dealgraph.records import Quantity


@dataclass(frozen=True, slots=True)
class _QuantityGrammar:
    pattern: re.Pattern[str]
    units: tuple[tuple[re.Pattern[str], str], ...]


@cache
def _grammar(lang: str) -> _QuantityGrammar:
    data = lexicon(lang, "quantities")
    g = grammar(lang)
    unit_patterns = [p for ps in data["units"].values() for p in ps]
    conn = words(data["connectors"]) + r"(?:\s+|(?<=['’]))"
    pattern = re.compile(
        # The leading lookbehind lets the engine skip positions inside words cheaply.
        rf"(?<!\w)(?P<n>{g.number})(?:\s*(?P<s>{g.long_scale}))?\s*(?:{conn})?"
        rf"(?P<u>{words(unit_patterns, after_digit=True)})"
    )
    units = tuple(
        (re.compile(fragment(p)), unit) for unit, ps in data["units"].items() for p in ps
    )
    return _QuantityGrammar(pattern, units)


def find_quantities(text: str, lang: str) -> list[Quantity]:
    """Every quantity in ``text``, in order, with its span in ``text``.

    Raises KnowledgeError for a language without lexicons. "a"/"un" count as one
    only before a scale word ("un million d'utilisateurs").
    """
    g = _grammar(lang)
    low = lowered(text)
    found: list[Quantity] = []
    for m in g.pattern.finditer(low):
        number = m.group("n")
        if m.group("s") is None and is_article(number, lang):
            continue
        value = parse_number(number, lang)
        if value is None:
            continue
        scale = scale_value(m.group("s"), lang) if m.group("s") else None
        if scale is not None:
            value *= scale[0]
        unit = next((u for p, u in g.units if p.fullmatch(m.group("u"))), None)
        if unit is None:
            continue
        found.append(Quantity(text[m.start() : m.end()], m.start(), m.end(), value, unit))
    return found
