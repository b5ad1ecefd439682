"""The answer page: ``/ask?q=``, reached from the question box of every page.

The answer is written in the question's language (the words of its question
lexicon), the page around it in the reader's; each claim links to its article's
page, each deal to its own.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from dealgraph.ask import ask as answer_question
from dealgraph.ask.parse import MAX_QUESTION
from dealgraph.ask.render import (
    MAX_CONFLICTS,
    conflict_line,
    money,
    reading_line,
    source_name,
    status_name,
    template,
)
from dealgraph.serve.deps import ConnDep, ReadAccess
from dealgraph.web.render import render

router = APIRouter(include_in_schema=False, dependencies=[ReadAccess])


@router.get("/ask", response_class=HTMLResponse)
def ask_page(request: Request, conn: ConnDep,
             q_: Annotated[str, Query(alias="q", max_length=MAX_QUESTION)] = "") -> HTMLResponse:
    if not q_.strip():
        return HTMLResponse(render(request, "ask.html", answer=None, question=""))
    found = answer_question(conn, q_)
    return HTMLResponse(render(request, "ask.html", answer=found, question=q_,
                               said=_wording(found.lang)))


def _wording(lang: str) -> dict[str, Any]:
    """The answer's own words, in the question's language."""
    return {
        "lang": lang,
        "reading": lambda r: reading_line(lang, r),
        "conflicts": lambda r: list(dict.fromkeys(
            conflict_line(lang, n) for n in r.conflicts))[:MAX_CONFLICTS],
        "status": lambda s: status_name(lang, s),
        "source": lambda c: source_name(lang, c),
        "money": lambda lo, hi, cur: money(lang, lo, hi, cur),
        "t": lambda key, **v: template(lang, key).format(**v),
    }
