"""Clues to what a capitalised name the knowledge base lacks stands for.

Pure functions over strings, used by :class:`dealgraph.nlp.entities.EntityFinder`.
The words come from ``data/lexicons/<lang>/names.yaml`` (loaded once per language):

- organisations: a cue before the name ("la start-up X", "the investment fund X",
  French "l'allemand X"), an apposition after it ("X, a Paris-based company"), or
  an intercapital token ("SiPearl", "GlobalWafers", "eXcentris");
- people: a job title before or after a full name ("chief executive Mati
  Staniszewski", "son directeur général, Arthur Mensch", "Jason Warner, ancien
  directeur technique") or a courtesy title before a surname ("M. Dupont");
- places: a name after "based in", "basée à", "north of"... (with the names
  coordinated to it: "in Maisons-Laffitte and Grenoble");
- Reuters wire conventions: ``<PCO>`` after a name is its ticker, and an all-caps
  headline is no evidence that its words are names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from dealgraph.knowledge import lexicon

_UP = "A-ZÀ-ÖØ-Ý"
_LOW = "a-zß-öø-ÿ"
_SP = r"[^\S\n]+"  # names never run across a line break
_CAPWORD = rf"[{_UP}0-9][\w&'’.-]*(?<![.'’-])|[{_UP}]\.(?:[{_UP}]\.)+"
_ORG_NAME = rf"(?:{_CAPWORD})(?:{_SP}(?:(?:of|de|du|des|&|and|et){_SP})?(?:{_CAPWORD})){{0,3}}"
_PERSON_WORD = rf"[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?|[{_UP}]\."
_PARTICLE = r"(?:de|du|van|von|da|di|del|der|bin|al|le|la)"
_PERSON_NAME = rf"(?:{_PERSON_WORD})(?:{_SP}(?:{_PARTICLE}{_SP})?(?:{_PERSON_WORD})){{1,2}}(?![\w-])"
_TICKER = re.compile(r"<([A-Z0-9]{1,6}(?:\.[A-Z]{1,3})?)>")
_CAMEL = re.compile(rf"(?<![\w&.@/-])(?=[\w]*[{_LOW}][A-Z])[A-Za-z][A-Za-z0-9]*[A-Za-z0-9](?![\w&-])")
_CAMEL_PROBE = re.compile(rf"[{_LOW}][A-Z]")
_CAPS_RUN = re.compile(r"(?:[A-Z0-9][A-Z0-9&.'-]*[ \t]+){0,3}[A-Z0-9][A-Z0-9&.'-]*[ \t]*$")
_LOWER = re.compile(rf"[{_LOW}]")


def _alternation(patterns: list[str], nationality: str = "") -> str:
    fixed = [p.replace("{nationality}", nationality).replace("'", "['’]") for p in patterns]
    return "|".join(f"(?:{p})" for p in sorted(fixed, key=len, reverse=True)) or "(?!)"


def _lowered(pattern: str) -> str:
    """The pattern for lower-cased text: letters down, escapes (``\\S``) kept."""
    return re.sub(r"\\.|[^\\]", lambda m: m.group() if len(m.group()) > 1 else m.group().lower(), pattern)


_ORG_NAME_AT = re.compile(rf"(?:{_ORG_NAME})(?![\w&])")
_ORG_NAME_END = re.compile(rf"(?:{_ORG_NAME})$")
_PERSON_AT = re.compile(_PERSON_NAME)
_PERSON_END = re.compile(rf"(?:{_PERSON_NAME})$")
_PLACES_AT = re.compile(rf"{_ORG_NAME}(?:(?:,|{_SP}and|{_SP}et|{_SP}ou|{_SP}or){_SP}{_ORG_NAME})*")
_COORDINATION = re.compile(rf",|{_SP}(?:and|et|ou|or){_SP}")


_LOOKBACK = 80  # characters searched for a name before its apposition


@dataclass(frozen=True, slots=True)
class NameCues:
    """The compiled cues of one language (see :func:`name_cues`). The cue patterns
    run on the lower-cased text (several times faster than ignoring case); the
    names they point to are then read, with their capitals, in the original."""

    before: re.Pattern[str]  # groups "org", "person", "place": the cue before a name
    org_after: re.Pattern[str]
    person_after: re.Pattern[str]
    titled: re.Pattern[str]
    org_heads: frozenset[str]
    prefix: re.Pattern[str]
    not_camel: re.Pattern[str]
    domain: re.Pattern[str] | None  # "de téléphonie mobile " between a cue and its name
    byline: re.Pattern[str] | None  # "Par ", "Reporting by ": a line that credits a person
    role: re.Pattern[str]  # a job or role word alone, lower-cased ("investor")
    place_based: re.Pattern[str] | None  # "Freiburg-based": group 1 is a place


def nationality_patterns(data: dict[str, Any]) -> list[str]:
    """Every nationality of a names lexicon as a pattern: the ``nationalities`` that
    name no single country ("européenne?") and the words of ``countries``, kept in
    one place so that a nationality added for references is a cue word too."""
    words = [r"[^\S\n]+".join(re.escape(w) for w in word.split()) for word in data.get("countries", {})]
    return [*data["nationalities"], *words]


@cache
def name_cues(lang: str) -> NameCues:
    """The cues of ``data/lexicons/<lang>/names.yaml``, compiled once per language."""
    data = lexicon(lang, "names")
    nat = _lowered(_alternation(nationality_patterns(data)))
    roles = _lowered(_alternation(data["roles"]))
    org_before = _lowered(_alternation(data["org_before"], nat))
    org_after = _lowered(_alternation(data["org_after"], nat))
    places = _lowered(_alternation(data["place_before"]))
    # "X, former chief executive", "X, media analyst with ...": words before the role
    qualifiers = _lowered(_alternation(data.get("role_qualifiers", []) or ["(?!x)x"]))
    complement = rf"(?:{_SP}(?:of|at|de|du|des|chez|d['’])[^\S\n]*(?:the{_SP}|la{_SP}|l['’])?[\w-]+)?"
    return NameCues(
        # One scan for the three kinds of cue: a third of the time of three scans.
        before=re.compile(
            rf"(?<![\w-])(?:(?P<org>(?:{org_before}){_SP}(?:(?:{nat}){_SP})?)"
            rf"|(?P<person>(?:{roles}){complement}(?:{_SP}(?:{nat}))?,?{_SP})"
            rf"|(?P<place>(?:{places})[^\S\n]*))"
        ),
        org_after=re.compile(rf",{_SP}(?:{org_after})(?![\w-])"),
        person_after=re.compile(rf",{_SP}(?:(?:{qualifiers})(?:{_SP}|(?<=-)))*(?:{roles})(?![\w-])"),
        titled=re.compile(rf"(?<![\w.])(?:{_alternation(data['titles'])}){_SP}(?P<name>(?:{_PERSON_WORD})(?:{_SP}(?:{_PERSON_WORD}))?)(?![\w-])"),
        org_heads=frozenset(data["org_heads"]),
        prefix=re.compile(rf"(?i:{_alternation(data['name_prefixes'])}){_SP}"),
        not_camel=re.compile(r"(?:Mc|Mac|De|Di|Le|La|Van|Von|O)[A-Z]"),
        domain=_domain(data.get("org_domain_joiners", [])),
        byline=_byline(data.get("bylines", [])),
        role=re.compile(rf"(?:{roles})"),
        place_based=_place_based(data.get("place_suffixes", [])),
    )


def _place_based(suffixes: list[str]) -> re.Pattern[str] | None:
    """"Freiburg-based", "New York-headquartered": the capitalised words before the
    hyphen are a place."""
    if not suffixes:
        return None
    return re.compile(rf"(?<![\w-])([A-Z][\w.]*(?:[ -][A-Z][\w.]*)?)-(?:{_alternation(suffixes)})"
                      rf"(?![\w-])")


def _byline(cues: list[str]) -> re.Pattern[str] | None:
    """A byline: at a line's start, a credit word ("Par", "By", "Reporting by"), then,
    on the same line or the next, a person's name that ends the line or a clause
    ("By Jane Doe; Editing by ..."): the author, a person the article names."""
    if not cues:
        return None
    return re.compile(rf"(?m)^[^\S\n]*(?:{_lowered(_alternation(cues))})[^\S\n]*:?[^\S\n]*\n?[^\S\n]*")


def _domain(joiners: list[str]) -> re.Pattern[str] | None:
    """A trade between an organisation cue and its name: a joiner, then one to three
    words in small letters ("la société de téléphonie mobile Drillisch")."""
    if not joiners:
        return None
    words = _alternation(joiners).replace("['’]", "")
    trade = rf"(?!(?:{words}|la|le|les|l)(?![{_LOW}]))[{_LOW}][{_LOW}-]*{_SP}"
    return re.compile(rf"(?:{_alternation(joiners)})(?:{_SP}|(?<=['’]))(?:{trade}){{1,3}}")


def _before(text: str, lowered: str, cue: re.Pattern[str], name: re.Pattern[str]) -> list[tuple[int, int]]:
    spans = []
    for m in cue.finditer(lowered):
        line_start = text.rfind("\n", 0, m.start()) + 1
        hit = name.search(text, max(line_start, m.start() - _LOOKBACK), m.start())
        if hit:
            spans.append((hit.start(), hit.end()))
    return spans


@dataclass(frozen=True, slots=True)
class Cued:
    """What the cues of one text show: organisation and person name spans, place names."""

    orgs: list[tuple[int, int]]
    people: list[tuple[int, int]]
    places: set[str]


def find_cued(text: str, cues: NameCues) -> Cued:
    """The names of ``text`` that a cue shows to be organisations ("la start-up X",
    "X, a Paris-based company"), people ("chief executive X Y", "X Y, ancien
    directeur technique", "M. X") or places ("based in X and Y"); a place
    anywhere in the article is a place everywhere."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = text  # lower-casing moved offsets ("İ"): cues then need small letters
    orgs: list[tuple[int, int]] = []
    people: list[tuple[int, int]] = []
    places: set[str] = set()
    for m in cues.before.finditer(lowered):
        kind = m.lastgroup
        regex = _ORG_NAME_AT if kind == "org" else _PERSON_AT if kind == "person" else _PLACES_AT
        hit = regex.match(text, m.end())
        if hit is None and kind == "org" and cues.domain is not None:
            trade = cues.domain.match(text, m.end())
            hit = _ORG_NAME_AT.match(text, trade.end()) if trade else None
        if hit is None:
            continue
        if kind == "org" and cues.role.fullmatch(m.group().strip()) and _goes_by_surname(text, hit):
            people.append(hit.span())  # "Investor Paul Bilzerian ... Bilzerian said"
        elif kind == "org":
            orgs.append(hit.span())
        elif kind == "person":
            people.append(hit.span())
        else:
            places.update(p.strip() for p in _COORDINATION.split(hit.group()) if p.strip())
    orgs += _before(text, lowered, cues.org_after, _ORG_NAME_END)
    people += _before(text, lowered, cues.person_after, _PERSON_END)
    people += [(m.start("name"), m.end("name")) for m in cues.titled.finditer(text)]
    if cues.byline is not None:
        for m in cues.byline.finditer(lowered):
            hit = _PERSON_AT.match(text, m.end())
            if hit and _closes_byline(text, hit.end()):
                people.append(hit.span())
    # "the Freiburg-based company", "une start-up parisienne basée à Lyon": X-based names a place
    if cues.place_based is not None:
        places.update(m.group(1) for m in cues.place_based.finditer(text))
    return Cued(orgs, people, places)


def _closes_byline(text: str, at: int) -> bool:
    """The name ends its line, or a credit that is no sentence follows it ("By Jane
    Doe, Technology Editor"; "Par Bercy Village, le cortège passa." is prose)."""
    end = text.find("\n", at)
    rest = text[at: end if end >= 0 else len(text)].strip()
    return rest == "" or (rest[0] in ",;|(–-" and not rest.endswith((".", "!", "?", "…")))


def _goes_by_surname(text: str, hit: re.Match[str]) -> bool:
    """After a cue that is both a company noun and a role ("investor", "investisseur"):
    a person's name, which the article later shortens to its last word, as it does
    people ("Bilzerian said"); companies keep their first word ("Southwest")."""
    if not _PERSON_AT.fullmatch(hit.group()):
        return False
    words = hit.group().split()
    last = re.compile(rf"(?<![\w-]){re.escape(words[-1])}(?![\w-])")
    return any(text[max(0, at.start() - len(words[-2]) - 1): at.start()].strip() != words[-2]
               for at in last.finditer(text, hit.end()))


def camel_case(text: str, cues: NameCues) -> list[tuple[int, int]]:
    """Intercapital tokens ("SiPearl", "eXcentris"): brand names, hardly ever words or
    people; surnames such as McDonald or LeCun are left out."""
    spans: list[tuple[int, int]] = []
    # Probing for "small letter, capital" and widening to the token is ten times
    # faster than testing every position for a camel-case word.
    for probe in _CAMEL_PROBE.finditer(text):
        if spans and probe.start() < spans[-1][1]:
            continue
        a = probe.start()
        while a > 0 and (text[a - 1].isalnum() or text[a - 1] in "&.@/-"):
            a -= 1
        m = _CAMEL.match(text, a)
        if m and m.end() > probe.start() and not cues.not_camel.match(m.group()):
            spans.append((a, m.end()))
    return spans


def is_camel_case(word: str, cues: NameCues) -> bool:
    return bool(_CAMEL.fullmatch(word)) and not cues.not_camel.match(word)


def is_role(name: str, cues: NameCues) -> bool:
    """True when the capitalised words are a job title ("Directeur Général")."""
    m = cues.before.match(name.lower() + " ")
    return m is not None and m.lastgroup == "person"


def strip_prefix(text: str, start: int, end: int, cues: NameCues) -> int:
    """Where a name starts once a describing first word ("Paris-based") is dropped."""
    m = cues.prefix.match(text, start, end)
    return m.end() if m else start


def tickers(text: str) -> list[tuple[int, int]]:
    """Spans of ``<PCO>``-style wire tickers (inside the brackets); a bracketed
    name with spaces or small letters (``<Sedio N.V.>``) is not one."""
    return [(m.start(1), m.end(1)) for m in _TICKER.finditer(text)]


def caps_before(text: str, end: int) -> tuple[int, int] | None:
    """The run of up to four all-caps words ending at ``end`` on the same line
    ("PITTSTON" before " <PCO>"), or None."""
    line_start = text.rfind("\n", 0, end) + 1
    m = _CAPS_RUN.search(text, line_start, end)
    if m is None:
        return None
    run = m.group().rstrip()
    return (m.start(), m.start() + len(run)) if run else None


def shouting(text: str, start: int, end: int) -> bool:
    """True when the span has no small letter and neither has its line: in an
    all-caps headline ("SARA LEE <SLE> TO BUY 34 PCT OF DIM") capitals say nothing."""
    if _LOWER.search(text, start, end):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    return sum(c.isalpha() for c in line) >= 8 and _LOWER.search(line) is None


def all_caps(name: str) -> bool:
    return any(c.isalpha() for c in name) and _LOWER.search(name) is None


def without_suffix(name: str, suffixes: frozenset[str]) -> str:
    """The name without its trailing legal suffixes, and the "and"/"&" left before
    them ("Bear Stearns and Co" → "Bear Stearns"); unchanged if nothing would remain."""
    words = name.replace(",", " ").split()
    cut = len(words)
    while cut > 1 and words[cut - 1] in suffixes:
        cut -= 1
        while cut > 1 and words[cut - 1].lower() in ("and", "&", "et"):
            cut -= 1
    if cut == len(words):
        return name
    kept = words[:cut]
    # Cut in the original string so that its spacing survives.
    at = 0
    for word in kept:
        at = name.index(word, at) + len(word)
    return name[:at]
