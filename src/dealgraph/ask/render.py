"""An answer as text, in the question's language, with the words of its lexicon
(``answer`` in ``data/lexicons/<lang>/questions.yaml``): the reading first, then
the claims behind it with their articles and exact sentences, then conflicts.
"""

from __future__ import annotations

from typing import Any

from dealgraph.ask.model import Answer, Citation, ConflictNote, Reading
from dealgraph.knowledge import lexicon
from dealgraph.wording import wording

#: Conflicts written out for one deal; the JSON answer keeps them all.
MAX_CONFLICTS = 4


def _words(lang: str) -> dict[str, Any]:
    answer: dict[str, Any] = lexicon(lang, "questions")["answer"]
    return answer


def template(lang: str, name: str) -> str:
    return str(_words(lang)["templates"][name])


def status_name(lang: str, status: str | None) -> str:
    if status is None:
        return "?"
    return str(_words(lang)["statuses"].get(status, status))


def kind_name(lang: str, kind: str) -> str:
    return str(_words(lang)["kinds"].get(kind, kind))


def number(lang: str, value: float) -> str:
    """``100 billion`` / ``100 milliards``: the largest scale word that fits."""
    for size, word in _words(lang)["scales"]:
        if abs(value) >= size:
            shown = f"{value / size:,.2f}".rstrip("0").rstrip(".")
            if lang == "fr":
                shown = shown.replace(",", "\u202f").replace(".", ",")
            return f"{shown} {word}"
    shown = f"{value:,.0f}"
    return shown.replace(",", "\u202f") if lang == "fr" else shown


def money(lang: str, lo: float | None, hi: float | None, currency: str | None) -> str | None:
    if lo is None and hi is None:
        return None
    cur = currency or ""
    if lo is not None and hi is not None:
        if lo == hi:
            return template(lang, "amount_exact").format(lo=number(lang, lo), currency=cur).strip()
        return template(lang, "amount_between").format(
            lo=number(lang, lo), hi=number(lang, hi), currency=cur).strip()
    if hi is not None:
        return template(lang, "amount_up_to").format(hi=number(lang, hi), currency=cur).strip()
    assert lo is not None
    return template(lang, "amount_at_least").format(lo=number(lang, lo), currency=cur).strip()


def reading_line(lang: str, r: Reading) -> str:
    t = _words(lang)["templates"]
    line = t["deal"].format(investor=r.investor or t["unnamed"], target=r.target or "?",
                            kind=kind_name(lang, r.kind), status=status_name(lang, r.status))
    if r.since:
        line += t["since"].format(date=r.since)
    amount = money(lang, r.min, r.max, r.currency)
    if amount:
        line += t["amount"].format(amount=amount)
    if r.valuation:
        valued = next((c for c in r.citations if c.valuation == r.valuation), None)
        currency = valued.valuation_currency if valued else None
        line += t["valuation"].format(amount=money(lang, r.valuation, r.valuation, currency))
    if r.date:
        line += t["as_of"].format(date=r.date)
    return str(line)


def source_name(lang: str, c: Citation, unattributed: str = "unattributed") -> str:
    """Who ``c`` is attributed to, in ``lang`` (the interface's words for a source the
    article names no one for), else the answer's word for ``unattributed``."""
    return wording(lang).source(c.source, c.source_kind) or str(
        _words(lang)["templates"][unattributed])


def citation_line(lang: str, c: Citation) -> str:
    t = _words(lang)["templates"]
    return str(t["claim"]).format(
        source=source_name(lang, c), date=c.date or c.published or t["undated"],
        status=status_name(lang, c.status), quote=c.quote, title=c.title or c.document,
        outlet=c.outlet or t["no_outlet"], published=c.published or t["undated"],
        link=c.link or c.url or "")


def conflict_line(lang: str, note: ConflictNote) -> str:
    t = _words(lang)["templates"]
    a, b = note.a, note.b
    if note.kind == "amount":
        return str(t["conflict_amount"]).format(
            a_source=source_name(lang, a, "article"), b_source=source_name(lang, b, "article"),
            a_amount=money(lang, a.min, a.max, a.currency),
            b_amount=money(lang, b.min, b.max, b.currency))
    return str(t["conflict"]).format(
        a_source=source_name(lang, a, "article"), a_status=status_name(lang, a.status),
        a_date=a.date or a.published or t["undated"],
        b_source=source_name(lang, b, "article"), b_status=status_name(lang, b.status),
        b_date=b.date or b.published or t["undated"])


def render(answer: Answer) -> str:
    """The whole answer as lines of text."""
    lang = answer.lang
    t = _words(lang)["templates"]
    lines: list[str] = []
    if answer.kind == "none":
        lines.append(t["none"].format(what=answer.reason or ""))
        if answer.nearest:
            lines.append(t["nearest"])
            lines += [f"- {n.label}" for n in answer.nearest]
        return "\n".join(lines)
    if answer.kind == "search":
        lines.append(t["search"])
        if not answer.hits:
            lines.append(t["no_results"])
        for h in answer.hits:
            lines.append(t["hit"].format(sentence=h.sentence, title=h.title or h.document,
                                         outlet=h.outlet or t["no_outlet"],
                                         published=h.published or t["undated"], link=h.link))
        return "\n".join(lines)
    header = _header(answer)
    if header:
        lines.append(header)
    one = len(answer.readings) == 1 and answer.kind in {"deal", "sources", "valuation"}
    for r in answer.readings:
        lines.append(reading_line(lang, r) if one else f"* {reading_line(lang, r)}")
        if one and r.citations:
            lines.append(t["claims"])
        lines += [citation_line(lang, c) for c in r.citations]
        if one:  # a list of deals keeps its conflicts in the JSON, not in its lines
            conflicts = list(dict.fromkeys(conflict_line(lang, n) for n in r.conflicts))
            lines += conflicts[:MAX_CONFLICTS]
    return "\n".join(lines)


def _header(answer: Answer) -> str | None:
    lang = answer.lang
    t = _words(lang)["templates"]
    subject = answer.subject or ""
    if answer.kind == "investors":
        return str(t["investors"].format(org=subject))
    if answer.kind == "targets":
        return str(t["targets"].format(org=subject))
    if answer.kind == "changes":
        return str(t["changes"].format(date=answer.since or ""))
    if answer.kind == "largest":
        if answer.subject:
            scope = t["scope_org"].format(org=answer.subject)
        elif answer.year:
            scope = t["scope_year"].format(year=answer.year)
        elif answer.since:
            scope = t["scope_since"].format(date=answer.since)
        else:
            scope = ""
        return str(t["largest"].format(scope=scope))
    if answer.kind == "sources" and answer.readings:
        r = answer.readings[0]
        return str(t["sources"].format(investor=r.investor or t["unnamed"], target=r.target or "?"))
    if answer.kind == "valuation" and answer.readings:
        r = answer.readings[0]
        valued = next((c for c in r.citations if c.valuation), None)
        if valued is not None:
            return str(t["valuation_answer"].format(
                org=answer.subject or r.target or "?",
                amount=money(lang, valued.valuation, valued.valuation, valued.valuation_currency),
                date=valued.date or valued.published or t["undated"],
                status=status_name(lang, valued.status)))
    return None
