"""The record filters as command-line options, shared by ``extract`` and ``ingest``.

Kept apart from ``cli.py`` so that each command only declares them: the
options, and the :class:`~dealgraph.sources.filters.RecordFilters` they make.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import click

from dealgraph.sources.filters import RecordFilters

F = TypeVar("F", bound=Callable[..., Any])
_DAY = click.DateTime(["%Y-%m-%d"])


def filter_options(lang_flag: str) -> Callable[[F], F]:
    """``--since/--until``, ``lang_flag`` (repeatable), ``--domain``/``--exclude-domain``
    and ``--keyword``; the command receives them as one ``filters`` argument."""

    def decorate(func: F) -> F:
        options = [
            click.option("--since", type=_DAY, default=None,
                         help="Only pages captured or published on or after DATE (YYYY-MM-DD)."),
            click.option("--until", type=_DAY, default=None,
                         help="Only pages captured or published on or before DATE (YYYY-MM-DD)."),
            click.option(lang_flag, "langs", multiple=True, metavar="LANG",
                         help="Only pages in LANG (declared by the page, else detected). Repeatable."),
            click.option("--domain", "domains", multiple=True,
                         help="Only pages of this host and its subdomains. Repeatable."),
            click.option("--exclude-domain", "exclude_domains", multiple=True,
                         help="Leave out the pages of this host and its subdomains. Repeatable."),
            click.option("--keyword", "keywords", multiple=True,
                         help="Only pages whose raw content holds this word (any of them). Repeatable."),
        ]
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


def filters_from(kwargs: dict[str, Any]) -> RecordFilters:
    """Pop the filter options out of a command's ``kwargs`` into one value."""

    def day(value: dt.datetime | None) -> dt.date | None:
        return value.date() if value else None

    return RecordFilters(
        since=day(kwargs.pop("since")), until=day(kwargs.pop("until")),
        langs=frozenset(kwargs.pop("langs")), domains=tuple(kwargs.pop("domains")),
        exclude_domains=tuple(kwargs.pop("exclude_domains")), keywords=tuple(kwargs.pop("keywords")),
    )
