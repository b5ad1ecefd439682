"""Money amounts in French and English news, as intervals in their own currency.

One compiled pattern per language, built from ``data/lexicons/<lang>/money.yaml``,
finds each mention; the match is then read in this order:

1. the head: a vague magnitude ("des dizaines de milliards", "several billion",
   "une centaine de milliards") or a number with its scale, optional qualifier
   ("jusqu'à", "more than", "environ", "entre ... et ...") and optional range;
2. the currency, written before ("$1.5bn", "USD 3.2 billion") or after
   ("2 milliards d'euros", "50 mln dlrs") the number, and "a share" after it;
3. the checks that make it money: a currency or a scale word, a count noun not
   following it ("20 mln shares" is a count), and single-letter scales ("£400m")
   only next to a currency;
4. the implicit currency: a mention naming none takes the currency of the closest
   preceding mention that names one, else ``default_currency``. One still without a
   currency is kept only at the scale of billions, where the context is money.

Currencies are never converted. Percentages, years and counts are not money.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from dealgraph.knowledge import lexicon
from dealgraph.nlp.numbers import (
    alternation,
    fragment,
    grammar,
    is_article,
    lowered,
    parse_number,
    scale_value,
    words,
)
from dealgraph.records import Amount

# Below this scale a mention naming no currency anywhere is more likely a count.
_BARE_SCALE_FLOOR = 1e9
# How far before a number its qualifier and currency may start ("pas moins de US$").
_REACH = 40


@dataclass(frozen=True, slots=True)
class _Currency:
    pattern: re.Pattern[str]
    code: str
    factor: float


@dataclass(frozen=True, slots=True)
class _MoneyGrammar:
    pattern: re.Pattern[str]
    cores: re.Pattern[str]  # the words or digits every mention contains
    starters: re.Pattern[str]  # the words a mention may start with before its core
    count_after: re.Pattern[str]
    before: tuple[_Currency, ...]
    after: tuple[_Currency, ...]
    roles: tuple[tuple[re.Pattern[str], str], ...]  # qualifier -> max/min/approx/range
    openers_only: re.Pattern[str]  # joiners valid only after a range opener ("et", "and")
    plural: dict[str, tuple[float, float]]
    few_multipliers: dict[str, float]
    about: dict[str, float]


def _currencies(entries: list[dict[str, object]], side: str) -> tuple[_Currency, ...]:
    found: list[_Currency] = []
    for entry in entries:
        for pat in entry.get(side, []) or []:  # type: ignore[attr-defined]
            found.append(
                _Currency(
                    re.compile(fragment(str(pat)), re.IGNORECASE),
                    str(entry["code"]),
                    float(entry.get("factor", 1.0)),  # type: ignore[arg-type]
                )
            )
    return tuple(found)


def _glue(pattern: str) -> str:
    """A word that ends in an apostrophe needs no space after it ("d'euros")."""
    return pattern + r"(?:\s+|(?<=['’]))"


@cache
def _grammar(lang: str) -> _MoneyGrammar:
    data = lexicon(lang, "money")
    units = lexicon(lang, "quantities")
    g = grammar(lang)
    cur = data["currencies"]
    before = [p for c in cur for p in c.get("before", [])]
    after = [p for c in cur for p in c.get("after", [])]
    quals = data["qualifiers"]
    vague = data["vague"]
    conn = _glue(words(data["connectors"]))
    joiners = data["range"]["after_opener"] + data["range"]["infix"]

    pre = rf"(?:(?<!\w)(?P<{{n}}>{alternation(before)})\s?)?"
    head = (
        rf"(?:(?P<qual>{words(q for qs in quals.values() for q in qs)})(?:\s+|(?<=['’])))?"
        + pre.format(n="pre")
        + rf"(?P<n1>{g.number})(?:(?:\s*|-)(?P<s1>{g.scale}))?"
        + rf"(?:\s*(?P<rj>{alternation(joiners)})\s*"
        + pre.format(n="pre2")
        + rf"(?P<n2>{g.number})(?:(?:\s*|-)(?P<s2>{g.scale}))?)?"
    )
    vague_head = (
        rf"(?:(?P<vpo>{words(vague['plural_openers'])})\s+)?"
        rf"(?P<vp>{words(vague['plural'])})\s*{conn}(?P<vs1>{g.long_scale})"
        rf"|(?P<vf>{words(vague['few'])})\s+"
        rf"(?:(?P<vm>{words(vague['few_multipliers'])})\s+)?(?P<vs2>{g.long_scale})"
        rf"|(?P<vao>{words(vague['about_openers'])})\s+"
        rf"(?P<va>{words(vague['about'])})\s*{conn}(?P<vs3>{g.long_scale})"
    )
    tail = (
        rf"(?:\s*(?:{conn})?(?P<post>{alternation(after)})(?!\w))?"
        rf"(?:\s+(?P<per>{words(data['per_share'])}))?"
    )
    # Every mention starts a word; the lookbehind spares the engine most positions.
    pattern = re.compile(rf"(?<!\w)(?:{vague_head}|{head}){tail}")
    nouns = list(data["count_nouns"]) + [p for ps in units["units"].values() for p in ps]
    count_after = re.compile(rf"\s*(?:{conn})?{words(nouns)}")
    roles = tuple(
        (re.compile(fragment(q), re.IGNORECASE), role) for role, qs in quals.items() for q in qs
    )
    nums = data["numbers"]
    articles = {str(a).lower() for a in nums["articles"]}
    core_words = [str(w) for w in nums["words"] if str(w).lower() not in articles]
    core_words += list(vague["plural"]) + list(vague["about"])
    core_words += [w for few in vague["few"] for w in few.split() if w.lower() not in articles]
    scale_words = [x["pattern"] for x in data["scales"] if not x.get("short", False)]
    # One lookbehind and one trie: this pattern runs over the whole text.
    cores = re.compile(rf"(?<!\w)(?:[.,]?\d|{alternation(core_words + scale_words)}(?!\w))")
    starts = [q for qs in quals.values() for q in qs] + list(vague["plural_openers"])
    starts += list(vague["few"]) + list(vague["about_openers"]) + sorted(articles)
    starters = re.compile(rf"{words(starts)}|(?<!\w){alternation(before)}")
    return _MoneyGrammar(
        pattern=pattern,
        cores=cores,
        starters=starters,
        count_after=count_after,
        before=_currencies(cur, "before"),
        after=_currencies(cur, "after"),
        roles=roles,
        openers_only=re.compile(
            alternation(set(data["range"]["after_opener"]) - set(data["range"]["infix"])),
            re.IGNORECASE,
        ),
        plural={k.lower(): (float(v[0]), float(v[1])) for k, v in vague["plural"].items()},
        few_multipliers={k.lower(): float(v) for k, v in vague["few_multipliers"].items()},
        about={k.lower(): float(v) for k, v in vague["about"].items()},
    )


def _lookup(table: tuple[_Currency, ...], written: str | None) -> _Currency | None:
    if written is None:
        return None
    for currency in table:
        if currency.pattern.fullmatch(written):
            return currency
    return None


def _role(g: _MoneyGrammar, written: str) -> str:
    for pattern, role in g.roles:
        if pattern.fullmatch(written):
            return role
    return "range"


@dataclass(frozen=True, slots=True)
class _Found:
    amount: Amount
    scale: float  # the magnitude of the scale word, 1 when there is none
    named: bool  # the phrase itself names its currency


def _read(text: str, m: re.Match[str], lang: str, g: _MoneyGrammar) -> _Found | None:
    """The amount a match (on the lower-cased text) stands for, or None.

    ``text`` is the text as written, which the amount's words are copied from.
    """
    post = _lookup(g.after, m.group("post"))
    pre = _lookup(g.before, m.group("pre")) or _lookup(g.before, m.group("pre2"))
    currency = post or pre
    factor = currency.factor if currency else 1.0
    per_share = m.group("per") is not None
    if m.group("vp") or m.group("vf") or m.group("va"):
        return _read_vague(text, m, lang, g, currency, factor)

    rj = m.group("rj")
    qual = m.group("qual")
    role = _role(g, qual) if qual else None
    ranged = rj is not None
    if ranged and role != "range" and g.openers_only.fullmatch(rj or ""):
        # "4,345 and 4,350 dlrs": a list, not a range; the second is read on its own.
        return None
    s1 = scale_value(m.group("s1"), lang) if m.group("s1") else None
    s2 = scale_value(m.group("s2"), lang) if m.group("s2") else None
    if ranged and s1 is None:
        s1 = s2
    if ranged and s2 is None:
        s2 = s1
    if currency is None and (s1 is None or s1[1] or (s2 is not None and s2[1])):
        return None
    n1 = m.group("n1")
    if s1 is None and is_article(n1, lang):
        return None
    v1 = parse_number(n1, lang)
    if v1 is None:
        return None
    scale = s1[0] if s1 else 1.0
    low = high = v1 * scale * factor
    if ranged:
        v2 = parse_number(m.group("n2"), lang)
        if v2 is None or (s2 is None and is_article(m.group("n2"), lang)):
            return None
        other = v2 * (s2[0] if s2 else 1.0) * factor
        low, high = min(low, other), max(high, other)
    if currency is None and g.count_after.match(m.string, m.end()):
        return None
    start = m.start("pre") if m.group("pre") else m.start("n1")
    lo: float | None = low
    hi: float | None = high
    approximate = False
    if qual and (role != "range" or ranged):
        start = m.start("qual")
        if not ranged and role == "max":
            lo = None
        elif not ranged and role == "min":
            hi = None
        elif role == "approx":
            approximate = True
    amount = Amount(
        text[start : m.end()], start, m.end(), lo, hi,
        currency.code if currency else None, approximate, per_share,
    )
    return _Found(amount, scale, currency is not None)


def _read_vague(
    text: str, m: re.Match[str], lang: str, g: _MoneyGrammar, currency: object, factor: float
) -> _Found | None:
    code = getattr(currency, "code", None)
    word = m.group("vs1") or m.group("vs2") or m.group("vs3")
    found = scale_value(word, lang)
    if found is None:
        return None
    scale = found[0] * factor
    approximate = False
    if m.group("vp"):
        lo_f, hi_f = g.plural[m.group("vp").lower()]
    elif m.group("vf"):
        mult = g.few_multipliers.get((m.group("vm") or "").lower(), 1.0)
        lo_f, hi_f = 2 * mult, 10 * mult
    else:
        lo_f = hi_f = g.about[m.group("va").lower()]
        approximate = True
    if code is None and g.count_after.match(m.string, m.end()):
        return None
    amount = Amount(
        text[m.start() : m.end()], m.start(), m.end(), lo_f * scale, hi_f * scale,
        code, approximate, m.group("per") is not None,
    )
    return _Found(amount, found[0], code is not None)


def find_amounts(text: str, lang: str, *, default_currency: str | None = None) -> list[Amount]:
    """Every money mention in ``text``, in order, with its span in ``text``.

    Raises KnowledgeError for a language without a money lexicon. A mention that
    names no currency takes the one of the closest preceding mention that does,
    else ``default_currency``; without either it is kept only at the scale of
    billions ("100 milliards" is money, "2 millions" alone may be a count).
    """
    g = _grammar(lang)
    low = lowered(text)
    found: list[_Found] = []
    pos = 0
    # The full pattern is costly to try at every position, so it is tried only
    # where a mention can start: at a number, vague or scale word (a core), or at
    # a qualifier, opener or currency just before one.
    for core in g.cores.finditer(low):
        at = core.start()
        if at < pos:
            continue
        starts = [s.start() for s in g.starters.finditer(low, max(pos, at - _REACH), at)]
        for start in (*starts, at):
            m = g.pattern.match(low, start)
            if m is None or m.end() <= at:
                continue
            item = _read(text, m, lang, g)
            if item is not None:
                found.append(item)
                pos = m.end()
                break
    out: list[Amount] = []
    context = None
    for item in found:
        amount = item.amount
        if item.named:
            context = amount.currency
        else:
            currency = context or default_currency
            if currency is None and item.scale < _BARE_SCALE_FLOOR:
                continue
            amount = replace(amount, currency=currency)
        out.append(amount)
    return out


def parse_money(phrase: str, lang: str) -> Amount | None:
    """The first money amount in ``phrase`` (spans relative to it), or None.

    >>> parse_money("jusqu'à 100 milliards de dollars", "fr").max
    100000000000.0
    """
    found = find_amounts(phrase, lang)
    return found[0] if found else None
