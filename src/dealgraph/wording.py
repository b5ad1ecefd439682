"""How the ledger's values are written for people, in French or English.

The pages and the command line show amounts as people write them ("$60B",
"1,5 Md€"), dates as a reader of that language expects ("31 Jan 2026",
"janv. 2026" for a date known only to the month) and every interface string in
the reader's language. None of those words live here: they are data, one file
per language in ``data/ui/<lang>.yaml`` (checked against ``ui.schema.json``), so
adding a language is adding a file. This module only applies them; it knows
nothing of HTTP or terminals (choosing a language from request headers is
:func:`choose_language`, a pure function of the header values).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from dealgraph.knowledge import DATA, read_yaml
from dealgraph.records import GENERIC_SOURCES, SourceKind

UI = DATA / "ui"
DEFAULT_LANGUAGE = "en"
#: The cookie that keeps a reader's choice of language.
COOKIE = "dealgraph_lang"
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@cache
def languages() -> tuple[str, ...]:
    """The interface languages: one per file in ``data/ui/``, default first."""
    found = sorted(p.stem for p in UI.glob("*.yaml"))
    return tuple(sorted(found, key=lambda code: code != DEFAULT_LANGUAGE))


@dataclass(frozen=True)
class Wording:
    """The words and number conventions of one language."""

    lang: str
    data: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.data["name"])

    def text(self, key: str, **values: Any) -> str:
        """The interface string ``key`` with its ``{placeholders}`` filled (the key if unknown)."""
        template = self.data["strings"].get(key)
        if template is None:
            fallback = wording(DEFAULT_LANGUAGE).data["strings"] if self.lang != DEFAULT_LANGUAGE else {}
            template = fallback.get(key, key)
        return str(template).format(**values) if values else str(template)

    def status(self, value: str | None) -> str:
        if not value:
            return self.text("unknown")
        return str(self.data["statuses"].get(value, value.replace("_", " ")))

    def kind(self, value: str | None) -> str:
        if not value:
            return ""
        return str(self.data["kinds"].get(value, value.replace("_", " ")))

    def source(self, name: str | None, kind: str | None) -> str | None:
        """Who a claim is attributed to, in this language: a named source as it was
        written ("Reuters"), a source the article names no one for ("unnamed
        sources", stored in English) in this language's words; None when the
        article says it on its own (the caller says how it writes that)."""
        if not name:
            return None
        try:
            generic = GENERIC_SOURCES.get(SourceKind(kind or SourceKind.NONE))
        except ValueError:
            return name
        if generic is not None and name == generic:
            return str(self.data["source_kinds"][kind])
        return name

    def source_kind(self, kind: str | None) -> str:
        """The kind of a source ("unnamed", "analysts"...) in this language."""
        return str(self.data["source_kinds"].get(kind or "none", kind))

    # -- numbers and amounts ---------------------------------------------------------

    def number(self, value: float, digits: int = 3) -> str:
        """``value`` with ``digits`` significant digits past the thousands, in this language."""
        nums = self.data["numbers"]
        if abs(value) >= 1000 or float(value).is_integer():
            text = f"{round(value):,}"
        else:
            text = f"{value:.{digits}g}"
            if "e" in text:
                text = f"{value:f}".rstrip("0").rstrip(".")
        return text.replace(",", "\x00").replace(".", nums["decimal"]).replace("\x00", nums["group"])

    def amount(self, value: float | None, currency: str | None = None) -> str:
        """An amount as people write it: ``$60B``, ``1,5 Md€``, ``250M CHF``; ``?`` if unknown."""
        if value is None:
            return "?"
        nums = self.data["numbers"]
        unit = nums["plain_unit"]
        shown = self.number(value)
        for step in nums["units"]:
            if abs(value) >= step["size"]:
                scaled = value / step["size"]
                shown = self._significant(scaled)
                unit = step["suffix"]
                break
        if not currency:
            return f"{shown}{unit}".strip() if unit.strip() else shown
        symbol = self.data["currencies"].get(currency)
        if symbol:
            return str(nums["with_symbol"]).format(number=shown, unit=unit, symbol=symbol)
        return str(nums["with_code"]).format(number=shown, unit=unit.rstrip() or "", code=currency)

    def _significant(self, scaled: float) -> str:
        """A scaled amount to three significant digits (``1.5``, ``60``, ``2,300``)."""
        if abs(scaled) >= 100:
            return self.number(round(scaled))
        text = f"{scaled:.3g}"
        if "e" in text:
            text = f"{scaled:.0f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text.replace(".", self.data["numbers"]["decimal"])

    def amount_range(self, low: float | None, high: float | None, currency: str | None) -> str:
        """An interval as people write it: "up to $100B", "$20B–$100B", "$10B"."""
        if low is None and high is None:
            return self.text("amount_unknown")
        if low is None:
            return self.text("range_up_to", high=self.amount(high, currency))
        if high is None:
            return self.text("range_over", low=self.amount(low, currency))
        if low == high:
            return self.amount(low, currency)
        return self.text("range", low=self.amount(low, currency), high=self.amount(high, currency))

    def names(self, names: list[str]) -> str:
        """"A", "A and B", "A, B and C" (with this language's "and")."""
        if len(names) < 2:
            return "".join(names)
        return f"{', '.join(names[:-1])} {self.text('list_and')} {names[-1]}"

    def together(self, names: list[str]) -> str:
        """"together with B and C": whom a shared figure is also told for ("" if nobody)."""
        return self.text("together_with", names=self.names(names)) if names else ""

    # -- dates -----------------------------------------------------------------------

    def date(self, value: Any) -> str:
        """An ISO date, or a prefix of one (``2026``, ``2026-01``), written for this language.

        A date known to the month stays a month, and one known to the year a
        year: writing ``2026-01`` as "1 Jan 2026" would claim a precision the
        source never gave. Anything else is returned as it came.
        """
        if value is None or value == "":
            return self.text("undated")
        text = value.isoformat() if hasattr(value, "isoformat") else str(value)
        found = _ISO.match(text)
        if not found:
            return text
        year, month, day = found.groups()
        nums = self.data["numbers"]
        if month is None:
            return year
        name = self.data["months"][int(month) - 1]
        if day is None:
            return str(nums["date_month"]).format(month=name, year=year)
        return str(nums["date_day"]).format(day=int(day), month=name, year=year)


@cache
def wording(lang: str = DEFAULT_LANGUAGE) -> Wording:
    """The wording of ``lang`` (an interface language; others get the default)."""
    if lang not in languages():
        lang = DEFAULT_LANGUAGE
    return Wording(lang, read_yaml(UI / f"{lang}.yaml", "ui"))


def choose_language(asked: str | None = None, cookie: str | None = None,
                    accept: str | None = None) -> str:
    """The interface language for a reader.

    An explicit choice (``asked``, e.g. a ``?lang=`` in the URL) comes first,
    then the choice kept in the cookie, then the best match in the browser's
    ``Accept-Language`` header (by its q-values), then the default.
    """
    known = languages()
    for choice in (asked, cookie):
        if choice and choice.lower() in known:
            return choice.lower()
    best, best_q = DEFAULT_LANGUAGE, 0.0
    for position, part in enumerate((accept or "").split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        code = tag.strip().lower().split("-")[0]
        if code not in known:
            continue
        weight = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                weight = float(params[2:])
            except ValueError:
                continue
        weight -= position * 1e-6  # equal weights: the first listed wins
        if weight > best_q:
            best, best_q = code, weight
    return best


def cookie_value(cookie_header: str | None) -> str | None:
    """The language kept in ``COOKIE`` within a raw ``Cookie`` header, if any."""
    for part in (cookie_header or "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == COOKIE:
            return value.strip() or None
    return None
