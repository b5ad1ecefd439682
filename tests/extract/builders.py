"""Builders for claim tests: mentions and amounts placed by hand in a sentence.

The claim walker is tested on its own, with the entities and amounts a reader
would mark, so that its rules are checked apart from the entity finder's.
"""

from __future__ import annotations

import re

from dealgraph.nlp.sentences import split_sentences
from dealgraph.records import Amount, Entity, EntityKind, Mention

ORGS = {
    "Nvidia": "chipmaker", "OpenAI": "lab", "Amazon": "cloud", "Microsoft": "cloud",
    "SoftBank": "investor", "Reuters": "wire", "Wall Street Journal": "newspaper",
    "Sequoia": "investor", "Mistral AI": "lab", "ASML": "chipmaker", "Arm": "chipmaker",
    "Bloomberg": "wire", "Texaco": "oil", "Getty Oil": "oil",
}
ORGS |= {"IBM": "tech", "Morgan Stanley": "bank", "MUFG": "bank", "Goldman Sachs": "bank",
         "Merrill Lynch": "bank", "Lehman Brothers": "bank", "Berkshire Hathaway": "investor",
         "Waste Management Inc": "services", "WMX Acquisition Corp": "services", "ChemLawn": "services",
         "Southwest Forest": "paper", "Stone Container": "paper", "Rainier": "bank",
         "Security Pacific": "bank", "Justice Department": "regulator"}
# people and the organisation they speak for (None: they act in their own name)
PEOPLE: dict[str, str | None] = {"Jensen Huang": "nvidia", "Sam Altman": "openai", "Xavier Niel": None}


def entity(name: str) -> Entity:
    if name in PEOPLE:
        return Entity(id=name.lower().replace(" ", "-"), name=name, kind=EntityKind.PERSON,
                      org=PEOPLE[name])
    return Entity(id=name.lower().replace(" ", "-"), name=name, kind=EntityKind.ORG,
                  category=ORGS[name])


def mentions(text: str, names: dict[str, str] | None = None) -> list[Mention]:
    """Every occurrence of a known name (or of a written form -> canonical name in ``names``)."""
    forms = {n: n for n in (*ORGS, *PEOPLE)} | (names or {})
    found: list[Mention] = []
    for form, canonical in forms.items():
        for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text):
            found.append(Mention(form, m.start(), m.end(), entity(canonical), "name"))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for m in found:
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept


def amount(text: str, phrase: str, lo: float | None, hi: float | None, currency: str = "USD",
           occurrence: int = 0, per_share: bool = False) -> Amount:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    return Amount(phrase, start, start + len(phrase), lo, hi, currency, per_share=per_share)


__all__ = ["amount", "mentions", "split_sentences"]
