"""Date expressions in French and English news, resolved against the publication day.

The words come from ``data/lexicons/<lang>/dates.yaml``. Forms recognised, in the
order they are tried at one position:

- ``2025-03-03``;
- a day and a month, with or without a year: "le 3 mars 2025", "March 3, 2025",
  "3 March"; without a year, the occurrence closest to the publication day;
- a month and a year: "janvier 2026", "fin janvier 2026" -> 2026-01;
- a month after a lead word or before "dernier"/after "last": "en septembre",
  "septembre dernier", "last September" -> the last such month on or before the
  publication month ("dernier"/"last" exclude the publication month itself);
- a year after a lead word: "en 2019", "depuis 2019", "début 2025", "l'année 2026".
  A bare year is never a date: it is as likely an amount, a count or a forecast;
- a weekday: "vendredi", "on Monday" -> the last such day on or before the
  publication day (that very day when it is the same weekday); "jeudi dernier",
  "last Thursday" -> strictly before it;
- relative words: "hier", "yesterday", "aujourd'hui", "l'an dernier", "last month";
  "la semaine dernière"/"last week" -> the month of the day a week before
  publication (a week is not a calendar unit of PartialDate; the month is honest).

"depuis"/"since" set ``since``. Without a publication date, expressions that need
one yield nothing; absolute ones still resolve. The clock is never read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from dealgraph.knowledge import lexicon
from dealgraph.nlp.numbers import alternation, fragment
from dealgraph.records import DateMention, PartialDate

# How far before its core a date may start ("au cours de l'année 2026").
_REACH = 32


@dataclass(frozen=True, slots=True)
class _DateGrammar:
    pattern: re.Pattern[str]
    cores: re.Pattern[str]  # what every date contains: a digit, a name, a relative word
    starters: re.Pattern[str]  # words a date may start with before its core
    months: tuple[tuple[re.Pattern[str], int], ...]
    weekdays: tuple[tuple[re.Pattern[str], int], ...]
    relative: tuple[tuple[re.Pattern[str], str], ...]
    since: re.Pattern[str]
    flags: int


def _names(table: dict[Any, list[str]], exact: bool) -> str:
    """Month or weekday names; in exact mode only as written or in capitals."""
    patterns = [p for ps in table.values() for p in ps]
    if not exact:
        return alternation(patterns)
    return "(?-i:" + alternation(_cased(patterns, exact=True), fold=False) + ")"


def _cased(patterns: list[str], exact: bool) -> list[str]:
    """The spellings a case-sensitive pattern must try: as written, capitalised, capitals."""
    out = set()
    for p in patterns:
        out.update({p, p.upper()})
        if not exact:
            out.update({p.lower(), p[:1].upper() + p[1:].lower()})
    return sorted(out)


def _glued(patterns: list[str]) -> str:
    """Lead words: a space after them, or none after a hyphen or apostrophe ("mi-2025")."""
    return rf"(?<!\w){alternation(patterns)}(?:\s+|(?<=[-'’]))"


@cache
def _grammar(lang: str) -> _DateGrammar:
    data = lexicon(lang, "dates")
    exact = bool(data["case_sensitive_names"])
    month = _names(data["months"], exact)
    weekday = _names(data["weekdays"], exact)
    suffix = f"(?:{data['day_suffix']})?" if data["day_suffix"] else ""
    day = rf"(?:1er|\d{{1,2}}){suffix}" if lang == "fr" else rf"\d{{1,2}}{suffix}"
    before_day = rf"(?:{_glued(data['before_day'])})?" if data["before_day"] else ""
    wd_prefix = rf"(?:{weekday},?\s+)?"
    leads = _glued(data["leads"])
    year_leads = _glued(data["leads"] + data["year_leads"])
    past_after = rf"(?:\s+(?P<{{n}}>{alternation(data['past_after'])}))" if data["past_after"] else ""
    past_before = alternation(data["past_before"]) if data["past_before"] else "(?!)"
    on = rf"(?:{_glued(data['before_weekday'])})?" if data["before_weekday"] else ""
    year = r"(?:1[89]|20)\d{2}(?!\d)"
    forms = [r"(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})(?!\d)"]
    if "dm" in data["orders"]:
        forms.append(
            rf"(?P<l1>{leads})?{wd_prefix}{before_day}(?P<d1>{day})\s+(?:of\s+)?"
            rf"(?P<m1>{month})(?:,?\s+(?P<y1>{year}))?"
        )
    if "md" in data["orders"]:
        forms.append(
            rf"(?P<l2>{leads})?{wd_prefix}{before_day}(?P<m2>{month})\s+(?P<d2>\d{{1,2}}){suffix}(?!\d)"
            rf"(?:,?\s+(?P<y2>{year}))?"
        )
    forms += [
        rf"(?P<l3>{leads})?(?P<m3>{month})\s+(?P<y3>{year})",
        rf"(?P<l4>{leads})(?P<m4>{month})" + (past_after.format(n="pa4") + "?" if past_after else ""),
        rf"(?P<pb5>{past_before})\s+(?P<m5>{month})",
    ]
    if past_after:
        forms.append(rf"(?P<m6>{month})" + past_after.format(n="pa6"))
    forms += [
        rf"(?P<l7>{year_leads})(?P<y7>{year})",
        rf"(?P<pb8>{past_before})\s+(?P<w8>{weekday})",
        rf"{on}(?P<w9>{weekday})" + (past_after.format(n="pa9") + "?" if past_after else ""),
        rf"(?P<rel>{alternation(p for ps in data['relative'].values() for p in ps)})",
    ]
    flags = re.IGNORECASE
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(forms) + r")(?!\w)", flags)

    def table(entries: dict[Any, list[str]]) -> tuple[tuple[re.Pattern[str], int], ...]:
        return tuple(
            (re.compile(p if exact else fragment(p), 0 if exact else flags), int(k))
            for k, ps in entries.items()
            for p in ps
        )

    relative = tuple(
        (re.compile(fragment(p), flags), key) for key, ps in data["relative"].items() for p in ps
    )
    since = re.compile(rf"(?<!\w){alternation(data['since'])}(?!\w)", flags)
    rel_words = [p for ps in data["relative"].values() for p in ps]
    # Scanned over the whole text without ignoring case, which halves its cost.
    cores = re.compile(
        rf"(?<!\w)(?:\d|(?:{_names(data['months'], True) if exact else _any_case(data['months'])}"
        rf"|{_names(data['weekdays'], True) if exact else _any_case(data['weekdays'])}"
        rf"|{alternation(_cased(rel_words, exact=False), fold=False)})(?!\w))"
    )
    starts = data["leads"] + data["year_leads"] + data["before_day"] + data["before_weekday"]
    starts += data["past_before"] + data["since"]
    starters = re.compile(rf"(?<!\w){alternation(starts)}", flags)
    return _DateGrammar(
        pattern, cores, starters, table(data["months"]), table(data["weekdays"]), relative,
        since, flags,
    )


def _any_case(table: dict[Any, list[str]]) -> str:
    return alternation(_cased([p for ps in table.values() for p in ps], exact=False), fold=False)


def _lookup(table: tuple[tuple[re.Pattern[str], Any], ...], written: str) -> Any:
    # Wire headlines write "MARCH 3" in capitals; the tables hold "March".
    for form in (written, written.capitalize(), written.lower()):
        for pattern, value in table:
            if pattern.fullmatch(form):
                return value
    return None


def _month_before(month: int, published: dt.date, strict: bool) -> PartialDate:
    """The last ``month`` on or before the publication month (before it if strict)."""
    year = published.year
    if month > published.month or (strict and month == published.month):
        year -= 1
    return PartialDate(year, month)


def _closest_day(month: int, day: int, published: dt.date) -> PartialDate | None:
    """Of the dates ``month``/``day`` in the years around publication, the closest."""
    options = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            options.append(dt.date(year, month, day))
        except ValueError:
            continue
    if not options:
        return None
    return PartialDate.from_date(min(options, key=lambda d: abs((d - published).days)))


def _day(year: int, month: int, day: int) -> PartialDate | None:
    try:
        return PartialDate.from_date(dt.date(year, month, day))
    except ValueError:
        return None


def _weekday(wd: int, published: dt.date, strict: bool) -> PartialDate:
    back = (published.weekday() - wd) % 7
    if strict and back == 0:
        back = 7
    return PartialDate.from_date(published - dt.timedelta(days=back))


def _relative(key: str, published: dt.date) -> PartialDate:
    days = {"today": 0, "yesterday": -1, "day_before_yesterday": -2, "tomorrow": 1}
    if key in days:
        return PartialDate.from_date(published + dt.timedelta(days=days[key]))
    if key == "last_week":
        before = published - dt.timedelta(days=7)
        return PartialDate(before.year, before.month)
    if key == "last_month":
        first = published.replace(day=1) - dt.timedelta(days=1)
        return PartialDate(first.year, first.month)
    if key == "this_month":
        return PartialDate(published.year, published.month)
    if key == "last_year":
        return PartialDate(published.year - 1)
    return PartialDate(published.year)


def _value(m: re.Match[str], g: _DateGrammar, published: dt.date | None) -> PartialDate | None:
    """What one match denotes, or None when it needs a publication date it lacks."""
    get = m.group
    if get("iy"):
        return _day(int(get("iy")), int(get("im")), int(get("id")))
    for d, mo, y in (("d1", "m1", "y1"), ("d2", "m2", "y2")):
        if mo in g.pattern.groupindex and get(mo) and get(d):
            month = _lookup(g.months, get(mo))
            if month is None:
                return None
            day = int(re.sub(r"\D", "", get(d)) or 1)
            if get(y):
                return _day(int(get(y)), month, day)
            return _closest_day(month, day, published) if published else None
    if get("m3"):
        month = _lookup(g.months, get("m3"))
        return PartialDate(int(get("y3")), month) if month is not None else None
    for mo, strict_group in (("m4", "pa4"), ("m5", "pb5"), ("m6", "pa6")):
        if mo in g.pattern.groupindex and get(mo):
            strict = strict_group in g.pattern.groupindex and get(strict_group) is not None
            month = _lookup(g.months, get(mo))
            return _month_before(month, published, strict) if published and month else None
    if get("y7"):
        return PartialDate(int(get("y7")))
    for wd, strict_group in (("w8", "pb8"), ("w9", "pa9")):
        if get(wd):
            strict = strict_group in g.pattern.groupindex and get(strict_group) is not None
            weekday = _lookup(g.weekdays, get(wd))
            if weekday is None:
                return None
            return _weekday(weekday, published, strict) if published else None
    key = _lookup(g.relative, get("rel") or "")
    return _relative(key, published) if published and key else None


def find_dates(text: str, lang: str, published: dt.date | None) -> list[DateMention]:
    """Every date expression in ``text`` that resolves, in order, with its span.

    Raises KnowledgeError for a language without a dates lexicon.
    """
    g = _grammar(lang)
    found: list[DateMention] = []
    pos = 0
    # As for money: the full pattern only where a date can start, at its core or at
    # a lead word ("fin", "depuis", "last") shortly before it.
    for core in g.cores.finditer(text):
        at = core.start()
        if at < pos:
            continue
        starts = [s.start() for s in g.starters.finditer(text, max(pos, at - _REACH), at)]
        for start in (*starts, at):
            m = g.pattern.match(text, start)
            if m is None or m.end() <= at:
                continue
            value = _value(m, g, published)
            if value is None:
                continue
            since = g.since.match(text, m.start()) is not None
            found.append(DateMention(m.group(), m.start(), m.end(), value, since))
            pos = m.end()
            break
    return found


def resolve_date(expr: str, lang: str, published: dt.date | None) -> PartialDate | None:
    """The date one expression denotes ("vendredi", "en septembre", "2026"), or None.

    A bare year, which :func:`find_dates` ignores in running text, is accepted
    here: the caller says the expression is a date.
    """
    found = find_dates(expr, lang, published)
    if found:
        return found[0].value
    _grammar(lang)  # an unknown language fails here as well
    bare = re.fullmatch(r"\s*((?:1[89]|20)\d{2})\s*", expr)
    return PartialDate(int(bare.group(1))) if bare else None
