"""The Jinja2 environment of the web pages, with autoescaping on for every template.

Articles are written by strangers, so nothing reaches a page unescaped: the
environment escapes every ``{{ }}`` whatever the template's name, and no
template uses ``|safe``. Data for scripts travels as JSON inside a
``<script type="application/json">`` block, escaped by :func:`json_for_script`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from dealgraph.wording import COOKIE, choose_language, languages, wording

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"

def json_for_script(value: Any) -> Markup:
    """JSON safe to place inside ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` are written as ``\\u`` escapes, so a ``</script>``
    inside an article's text cannot end the block.
    """
    text = json.dumps(value, ensure_ascii=False, default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # Templates ship with the package and do not change under a running
        # server: no stat() of every template file on every page.
        auto_reload=False,
    )
    env.filters["tojson_script"] = json_for_script
    return env


def reader_language(request: Request) -> str:
    """The language a page is written in for this request (see :func:`choose_language`)."""
    return choose_language(request.query_params.get("lang"), request.cookies.get(COOKIE),
                           request.headers.get("accept-language"))


def page_context(request: Request) -> dict[str, Any]:
    """What every template may use: the reader's wording and the language switch."""
    lang = reader_language(request)
    words = wording(lang)
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    switch = [{"code": code, "name": wording(code).name,
               "href": f"/language/{code}?{urlencode({'next': here})}"}
              for code in languages() if code != lang]
    return {"lang": lang, "w": words, "t": words.text, "amount_range": words.amount_range,
            "amount": words.amount, "together": words.together, "day": words.date,
            "status_name": words.status, "kind_name": words.kind, "switch": switch, "here": here}


def render(request: Request, name: str, **context: Any) -> str:
    """The page ``name`` filled with ``context`` (``request``, ``q`` and the wording always present)."""
    context.setdefault("q", "")
    merged = {**page_context(request), **context}
    return environment().get_template(name).render(request=request, **merged)


def render_error(request: Request, status: int, message: str, input: str | None = None,
                 suggestions: Sequence[str] = ()) -> str:
    """The error page; ``suggestions`` (stored names close to an unknown one) become links."""
    key = f"error_{status}" if status in (401, 403, 404, 413, 422) else (
        "error_500" if status >= 500 else "error_other")
    return render(request, "error.html", status=status, title_key=key, message=message,
                  input=input, suggestions=list(suggestions))
