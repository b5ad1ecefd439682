"""The body of ``dealgraph watch``: settings in, passes run, one summary line per pass."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from dealgraph.config import Settings
from dealgraph.errors import InputError, shown
from dealgraph.watch.feeds import feed_targets
from dealgraph.watch.fetch import FetchPolicy, PoliteClient
from dealgraph.watch.poll import PassReport, Watcher, parse_every, watch


def run_watch(names: Sequence[str], settings: Settings, *, every: str, once: bool,
              policy: FetchPolicy, say: Callable[[str], None], quiet: bool) -> int:
    """Watch the feeds and OPML files ``names``; the exit status (1 if the last pass had errors).

    Raises :class:`InputError` for a name that is neither a feed URL nor an OPML
    file, and for a malformed ``every``.
    """
    try:
        seconds = parse_every(every)
    except ValueError as exc:
        raise InputError(str(exc), input="--every") from None
    feeds = feed_targets(list(names))
    from dealgraph.extract.pipeline import Extractor
    from dealgraph.store.engine import open_engine
    from dealgraph.store.writes import Ledger

    watcher = Watcher(Ledger(open_engine(settings.db)), Extractor(settings), PoliteClient(policy))

    def report(done: PassReport) -> None:
        for where, message in done.errors:
            say(f"Error: {shown(where)}: {message}")
        if not quiet:
            say(f"{time.strftime('%H:%M:%S')} {done.line()}")

    if not quiet:
        say(f"Watching {len(feeds)} feed(s) into {settings.db}"
            + ("" if once else f", every {every}; Ctrl-C stops"))
    try:
        last = watch(feeds, watcher, seconds, once, report, time.sleep)
    except KeyboardInterrupt:
        return 0
    finally:
        watcher.client.close()
    return 1 if last.errors else 0
