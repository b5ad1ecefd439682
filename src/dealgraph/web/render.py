"""The Jinja2 environment of the web pages, with autoescaping on for every template.

Articles are written by strangers, so nothing reaches a page unescaped: the
environment escapes every ``{{ }}`` whatever the template's name, and no
template uses ``|safe``. Data for scripts travels as JSON inside a
``<script type="application/json">`` block, escaped by :func:`json_for_script`.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import Request
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"

_SUFFIXES = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k"))


def money(value: float | None, currency: str | None = None) -> str:
    """``1e11, "USD"`` → ``"100B USD"``; ``None`` → ``"?"``."""
    if value is None:
        return "?"
    text = f"{value:,.0f}"
    for size, suffix in _SUFFIXES:
        if abs(value) >= size:
            text = f"{value / size:,.3g}{suffix}"
            break
    return f"{text} {currency}" if currency else text


def amount_range(low: float | None, high: float | None, currency: str | None) -> str:
    """An interval as people write it: "up to 100B USD", "20B–100B USD", "10B USD"."""
    if low is None and high is None:
        return "amount not stated"
    if low is None:
        return f"up to {money(high, currency)}"
    if high is None:
        return f"over {money(low, currency)}"
    if low == high:
        return money(low, currency)
    return f"{money(low)}–{money(high, currency)}"


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
    env.filters["money"] = money
    env.filters["tojson_script"] = json_for_script
    env.globals["amount_range"] = amount_range
    return env


def render(request: Request, name: str, **context: Any) -> str:
    """The page ``name`` filled with ``context`` (``request`` and ``q`` always present)."""
    context.setdefault("q", "")
    return environment().get_template(name).render(request=request, **context)


def render_error(request: Request, status: int, message: str, input: str | None = None) -> str:
    titles = {401: "Token required", 403: "Forbidden", 404: "Not found",
              413: "Too large", 422: "Invalid request"}
    return render(request, "error.html", status=status,
                  title=titles.get(status, "Something went wrong" if status >= 500 else "Error"),
                  message=message, input=input)
