"""Definite descriptions whose head is a nationality: "au japonais", "le groupe américain",
"the South Korean group".

The press refers back to a company named earlier by its country ("Morgan Stanley
vendrait 20 % de ses actions au japonais", MUFG being named before). This module
only finds such phrases and the country they name; :class:`dealgraph.nlp.entities.EntityFinder`
picks the organisation, from the countries of the knowledge base.

A phrase is a definite determiner (``descriptions.yaml``) followed by one of the
``nationality_templates`` of ``data/lexicons/<lang>/names.yaml``, the nationality
being a word of ``countries`` written with its case: French "le japonais" or
"la banque japonaise" (a capital, "le Japonais", is a person), English "the
Japanese bank" ("the Japanese" alone is people). Left out, because they do not
stand for an organisation named before:

- indefinite or plural phrases ("un groupe japonais", "les banques américaines");
- a nationality that qualifies another noun ("le marché japonais", "the Japanese economy");
- a phrase followed by a name, even after a complement ("le japonais MUFG",
  "le groupe américain de logiciels Oracle"): that name is the mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from dealgraph.knowledge import lexicon

_SP = r"[^\S\n]+"  # a description never runs across a line break
_PLACEHOLDER = "{nationality}"
# A capitalised word right after the phrase, or after a short complement
# ("de logiciels", "d'origine", "of chips"): the phrase introduces that name.
_NAME_NEXT = re.compile(
    r"(?:[^\S\n]+(?:(?:de|des|du|of)(?!\w)|d['’])(?:[^\S\n]*(?:la|les|l['’]|the)?[^\S\n]*[a-zß-öø-ÿ][\w'’-]*){0,3}?)?"
    r"[^\S\n]*[«\"“]?[^\S\n]*[A-ZÀ-ÖØ-Þ]"
)


@dataclass(frozen=True, slots=True)
class NationalPhrase:
    """One phrase: its span (determiner included), the country code it names and
    its company noun ("banque", "group"; empty for "au japonais")."""

    start: int
    end: int
    country: str
    noun: str


@dataclass(frozen=True, slots=True)
class NationalityCues:
    """The compiled phrase pattern of one language and what its groups mean."""

    pattern: re.Pattern[str] | None  # None: the language has no nationality templates
    countries: dict[str, str]  # nationality word, spaces collapsed -> country code
    shapes: frozenset[tuple[str, str]]  # (noun before, noun after) pairs the templates allow


def _norm(phrase: str) -> str:
    return " ".join(phrase.replace("’", "'").split())


def _words(phrase: str) -> str:
    """A plain phrase as a pattern whose spaces match any run of blanks."""
    return _SP.join(re.escape(w).replace("'", "['’]") for w in phrase.split())


def _alternatives(phrases: set[str]) -> str:
    return "|".join(_words(p) for p in sorted(phrases, key=len, reverse=True))


def _determiners(determiners: tuple[str, ...]) -> str:
    """Elided determiners ("l'", "à l'") touch the next word; the others need a blank."""
    elided = {d.replace("’", "'") for d in determiners if d.endswith(("'", "’"))}
    full = {d for d in determiners if not d.endswith(("'", "’"))}
    parts = []
    if full:
        parts.append(f"(?:{_alternatives(full)}){_SP}")
    if elided:
        parts.append(f"(?:{_alternatives(elided)})[^\\S\\n]*")
    return "(?i:" + "|".join(parts) + ")"


@cache
def nationality_cues(lang: str, determiners: tuple[str, ...]) -> NationalityCues:
    """The phrase pattern of ``lang`` (compiled once per language and determiners)."""
    data = lexicon(lang, "names")
    countries = {" ".join(w.split()): code for w, code in data.get("countries", {}).items()}
    templates = data.get("nationality_templates", [])
    shapes = set()
    for template in templates:
        before, _, after = template.partition(_PLACEHOLDER)
        shapes.add((_norm(before), _norm(after)))
    if not templates or not countries or not determiners:
        return NationalityCues(None, countries, frozenset(shapes))
    before = {b for b, _ in shapes if b}
    after = {a for _, a in shapes if a}
    pattern = rf"(?<![\w'’-]){_determiners(determiners)}"
    if before:
        pattern += rf"(?:(?P<before>{_alternatives(before)}){_SP})?"
    pattern += rf"(?P<nat>{_alternatives(set(countries))})"
    if after:
        pattern += rf"(?:{_SP}(?P<after>{_alternatives(after)}))?"
    pattern += r"(?![\w-])"
    return NationalityCues(re.compile(pattern), countries, frozenset(shapes))


def find_national(text: str, cues: NationalityCues) -> list[NationalPhrase]:
    """The phrases of ``text`` that stand for an organisation of a country, in text order."""
    if cues.pattern is None:
        return []
    found = []
    for m in cues.pattern.finditer(text):
        groups = m.groupdict()
        before, after = _norm(groups.get("before") or ""), _norm(groups.get("after") or "")
        if (before, after) not in cues.shapes or _NAME_NEXT.match(text, m.end()):
            continue
        country = cues.countries[" ".join(m.group("nat").split())]
        found.append(NationalPhrase(m.start(), m.end(), country, before or after))
    return found
