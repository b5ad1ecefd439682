"""The ``dealgraph`` command line: thin wrappers over the library.

Each command parses its arguments, calls one library function and formats the
result. stdout carries results only; messages and progress go to stderr.
Exit codes: 0 success, 1 an input or data error (the message names the input),
2 a usage error. Batch commands go on past a bad document and exit 1 at the end.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import logging
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TextIO, TypeVar, cast

import click

from dealgraph import __version__
from dealgraph.cli_filters import filter_options, filters_from
from dealgraph.config import Settings, load_settings
from dealgraph.errors import DealgraphError, shown
from dealgraph.records import DealKind, DealStatus

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = ("table", "json", "jsonl", "csv")
log = logging.getLogger("dealgraph")


def fail(message: str, name: str | None = None) -> None:
    """Print one ``Error: ...`` line on stderr, about the input ``name`` when given.

    The name is escaped when it holds a character that does not print (see
    :func:`~dealgraph.errors.shown`), and a line break left in a message is
    written as ``\\n``: one error, one line.
    """
    if name is not None:
        message = f"{shown(name)}: {message}"
    click.echo("Error: " + message.replace("\r", "\\r").replace("\n", "\\n"), err=True)


def output_options(func: F) -> F:
    """``--format`` and ``--quiet``, shared by every command that prints results.

    The default format is a table on a terminal and JSON lines when piped.
    """

    @click.option(
        "--format", "fmt", type=click.Choice(FORMATS), default=None,
        help="Output format (default: table on a terminal, jsonl when piped).",
    )
    @click.option("--quiet", "-q", is_flag=True, help="No progress or messages on stderr.")
    @functools.wraps(func)
    def wrapper(*args: Any, fmt: str | None, quiet: bool, **kwargs: Any) -> Any:
        if fmt is None:
            fmt = "table" if sys.stdout.isatty() else "jsonl"
        _configure_logging(quiet)
        return func(*args, fmt=fmt, quiet=quiet, **kwargs)

    return wrapper  # type: ignore[return-value]


def db_option(func: F) -> F:
    """``--db``: an SQLite path or a postgresql:// URL (else DEALGRAPH_DB, else ./dealgraph.db)."""
    return click.option(
        "--db", default=None, metavar="URL",
        help="SQLite file or postgresql:// URL (default: $DEALGRAPH_DB or ./dealgraph.db).",
    )(func)


def _configure_logging(quiet: bool) -> None:
    level = logging.ERROR if quiet else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s: %(message)s", stream=sys.stderr)
    logging.getLogger().setLevel(level)
    # psycopg sets its own logger to WARNING and warns of the cleanup errors that follow
    # a lost server ("error ignored terminating ..."); the loss itself is reported once,
    # as an Error: line naming the database.
    logging.getLogger("psycopg").setLevel(logging.ERROR)


def emit(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str] | None = None,
         title: str | None = None) -> None:
    """Write ``rows`` to stdout as a Rich table, a JSON array, JSON lines or CSV."""
    columns = list(columns or (rows[0].keys() if rows else []))
    if fmt == "json":
        click.echo(json.dumps(list(rows), ensure_ascii=False, indent=2, default=str))
    elif fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False, default=str))
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: _csv_cell(row.get(c)) for c in columns})
        click.echo(buf.getvalue(), nl=False)
    else:
        from rich.console import Console
        from rich.markup import escape
        from rich.table import Table

        rows, columns = _people_amounts(rows, columns)
        table = Table(title=title, show_lines=False)
        for col in columns:
            table.add_column(col, no_wrap=col in ("amount", "valuation", "id"))
        for row in rows:
            table.add_row(*(escape(_cell(row.get(c))) for c in columns))
        Console(soft_wrap=False).print(table)


def _people_amounts(rows: Sequence[dict[str, Any]],
                    columns: list[str]) -> tuple[list[dict[str, Any]], list[str]]:
    """For tables: ``min``, ``max`` and ``currency`` become one ``amount`` as people write
    it ("$60B", "up to €1.5B"; "1,5 Md€" under a French locale), ``valuation`` likewise;
    a figure shared with other investors says so ("up to $60B together with B and C")."""
    if not {"min", "max", "currency"} <= set(columns):
        return list(rows), columns
    from dealgraph.wording import wording

    words = wording(_cli_language())
    out = []
    for row in rows:
        shown = {k: v for k, v in row.items() if k not in ("min", "max")}
        shown["amount"] = (words.amount_range(row.get("min"), row.get("max"), row.get("currency"))
                           if row.get("min") is not None or row.get("max") is not None else "")
        if row.get("shared_with"):
            shown["amount"] += " " + words.together(list(row["shared_with"]))
        if row.get("valuation") is not None:
            shown["valuation"] = words.amount(row["valuation"], row.get("currency"))
        if "usd_max" in columns or "usd_min" in columns:
            low, high = row.get("usd_min"), row.get("usd_max")
            shown["in USD"] = (words.amount_range(low, high, "USD")
                               if low is not None or high is not None else "")
        out.append(shown)
    at = columns.index("min")
    usd = [c for c in ("usd_min", "usd_max") if c in columns]
    kept = [c for c in columns if c not in ("min", "max", "currency", "shared_with", *usd)]
    return out, kept[:at] + ["amount"] + (["in USD"] if usd else []) + kept[at:]


def _cli_language() -> str:
    """The interface language of the terminal: French under a ``fr`` locale, else English."""
    import os

    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


def _csv_cell(value: Any) -> Any:
    """A CSV cell: numbers plain (``60000000000``, never ``60,000,000,000``), lists joined."""
    if value is None:
        return ""
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, bool | int | str):
        return value
    return _cell(value)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.0f}" if value >= 1000 else f"{value:g}"
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def settings_from(ctx: click.Context, **flags: Any) -> Settings:
    """The settings for this run: defaults < file < environment < these flags."""
    try:
        return load_settings(**flags)
    except DealgraphError as exc:
        fail(str(exc))
        ctx.exit(1)
        raise  # unreachable, for type checkers


class DealgraphGroup(click.Group):
    """Turns library errors into one ``Error:`` line and exit status 1, in one place."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DealgraphError as exc:
            fail(str(exc))
            ctx.exit(1)


@click.group(cls=DealgraphGroup)
@click.version_option(__version__, prog_name="dealgraph")
def main() -> None:
    """Read business news and keep a sourced ledger of who invests how much in whom."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--pretty", is_flag=True, help="Indented JSON, one object after another, for people.")
@click.option("--lang", default=None, help="Skip language detection and read every article as LANG.")
@click.option("--kb", "kb", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra knowledge-base YAML file (same format as the bundled one). Repeatable.")
@click.option("--encoding", default=None, help="Read text files in this encoding (default: detect).")
@click.option("--max-bytes", type=int, default=None, help="Refuse input files larger than this.")
@click.option("--no-ner", is_flag=True, help="Rules and knowledge base only, no statistical NER.")
@click.option("--quiet", "-q", is_flag=True, help="No messages on stderr besides errors.")
@filter_options("--only-lang")
@click.pass_context
def extract(ctx: click.Context, /, paths: tuple[str, ...], pretty: bool, lang: str | None,
            kb: tuple[str, ...], encoding: str | None, max_bytes: int | None, no_ner: bool,
            quiet: bool, **options: Any) -> None:
    """Extract the deal record of each article in PATHS, as JSON lines on stdout.

    PATHS are files (text, HTML, JSON Lines, RSS/Atom, WARC), folders, globs, or -
    for stdin. A bad input is reported on stderr and the others are still read;
    the exit status is 1 if any input failed. The filters test archived pages
    before parsing them, other articles once read.
    """
    from dealgraph.extract.pipeline import Extractor
    from dealgraph.ingest import keep_languages
    from dealgraph.sources.reader import Failure, read_inputs

    _configure_logging(quiet)
    settings = settings_from(ctx, kb=list(kb) or None, max_bytes=max_bytes,
                             ner=False if no_ner else None)
    extractor = Extractor(settings)
    failed = 0
    filters = filters_from(options)
    inputs = keep_languages(read_inputs(list(paths), max_bytes=settings.max_bytes,
                                        encoding=encoding, filters=filters), filters.langs)

    def documents() -> Iterable[Any]:
        nonlocal failed
        for item in inputs:
            if isinstance(item, Failure):
                failed += 1
                fail(item.message, item.input)
                continue
            if lang:
                from dataclasses import replace

                item = replace(item, lang=lang)
            yield item

    for doc, record in _extracted(extractor, documents()):
        if isinstance(record, Exception):  # one article's bug must not stop a batch of thousands
            failed += 1
            log.debug("extraction failed", exc_info=record)
            fail(f"extraction failed ({type(record).__name__}: {record})", doc.origin or doc.id)
            continue
        if not record.supported and not quiet:
            click.echo(
                f"Warning: {record.document.origin or record.id}: language "
                f"{record.lang or 'unknown'} is not supported; no extraction done", err=True)
        data = record.to_dict()
        if pretty:
            click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            click.echo(json.dumps(data, ensure_ascii=False))
    if failed:
        if not quiet:
            click.echo(f"{failed} input(s) failed", err=True)
        ctx.exit(1)


def _extracted(extractor: Any, docs: Iterable[Any]) -> Iterator[tuple[Any, Any]]:
    """Each article with its record (or its error), extracted a batch at a time so
    that the statistical NER reads many articles' sentences in one pass."""
    from dealgraph.extract.pipeline import batches

    for batch in batches(docs):
        yield from zip(batch, extractor.extract_batch(batch), strict=True)


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes (about one per core for heavy traffic).")
@click.option("--public", is_flag=True,
              help="Serve on a reachable address even without DEALGRAPH_TOKEN.")
@click.pass_context
def serve(ctx: click.Context, db: str | None, host: str, port: int, workers: int,
          public: bool) -> None:
    """Serve the JSON API (/api/, docs at /docs) and the web pages.

    Writes (POST /api/documents) need DEALGRAPH_TOKEN; set DEALGRAPH_CLOSE_READS
    to require it for reads too.
    """
    from dealgraph.serve.run import run
    from dealgraph.serve.security import check_exposure

    settings = settings_from(ctx, db=db)
    check_exposure(host, settings.token, public)
    click.echo(f"Loading the language models, then serving the ledger {settings.db} on "
               f"http://{host}:{port}/"
               f"{f' with {workers} workers' if workers > 1 else ''}", err=True)
    run(settings, host, port, workers, public)


# -- the ledger: ingest, deals, timeline, org, export -----------------------------


def _ledger(db: str | None) -> Any:
    from dealgraph.store.engine import open_engine

    return open_engine(load_settings(db=db).db).connect()


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--encoding", default=None, help="Read text files in this encoding (default: detect).")
@filter_options("--lang")
@click.option("--engine", type=click.Choice(["single", "dask"]), default="single", show_default=True,
              help="One process, or partitions on a Dask cluster (see docs/scale.md).")
@click.option("--scheduler", default=None, metavar="tcp://HOST:PORT",
              help="Dask scheduler to use (default: a local cluster).")
@click.option("--workers", type=click.IntRange(1), default=2, show_default=True,
              help="Worker processes of the local Dask cluster.")
@click.option("--partition-size", type=click.IntRange(1), default=500, show_default=True,
              help="JSON lines or WARC records per Dask partition.")
@db_option
@output_options
@click.pass_context
def ingest(ctx: click.Context, /, paths: tuple[str, ...], encoding: str | None, db: str | None,
           fmt: str, quiet: bool, engine: str, scheduler: str | None, workers: int,
           partition_size: int, **options: Any) -> None:
    """Store the articles in PATHS in the ledger.

    PATHS are text, HTML, JSON Lines, RSS/Atom or WARC files, folders or globs. An article
    already stored (same URL or same normalised text) is counted as a
    duplicate; a failing one is recorded with its error and the run goes on (exit 1).
    Safe to rerun after an interruption.
    """
    from dealgraph.cli_progress import IngestProgress, estimate_total
    from dealgraph.ingest import ingest as run

    settings = settings_from(ctx, db=db)
    if engine == "dask":
        from dealgraph.scale.dask_ingest import ingest_with_dask

        spread = ingest_with_dask(
            list(paths), settings, filters=filters_from(options), encoding=encoding,
            scheduler=scheduler, workers=workers, lines=partition_size, records=partition_size,
            say=lambda line: None if quiet else click.echo(line, err=True), show_progress=not quiet)
        if not quiet:
            for name, message in spread.broken:
                fail(message, name)
            for name, message in spread.failures:
                fail(message, name)
        emit([{"new": spread.new, "duplicate": spread.duplicate, "failed": spread.failed,
               "partitions": spread.partitions, "skipped": spread.skipped,
               "broken": len(spread.broken)}], fmt, title="ingest")
        ctx.exit(1 if spread.failed or spread.broken else 0)
    err = sys.stderr
    shown = IngestProgress(err, None if quiet else estimate_total(list(paths)),
                           terminal=err.isatty(), quiet=quiet)
    summary = run(list(paths), settings, encoding=encoding,
                  progress=lambda outcome, name: shown.update(outcome.value),
                  filters=filters_from(options))
    shown.finish()
    if not quiet:
        for name, message in summary.failures:
            fail(message, name)
    emit([{"new": summary.new, "duplicate": summary.duplicate, "failed": summary.failed}],
         fmt, title="ingest")
    if summary.failed:
        ctx.exit(1)


@main.command()
@click.argument("feeds", nargs=-1, required=True)
@click.option("--every", default="10m", show_default=True, help="Time between passes (30s, 10m, 1h).")
@click.option("--once", is_flag=True, help="One pass, then exit (for tests and cron).")
@click.option("--delay", type=float, default=1.0, show_default=True,
              help="Seconds between two requests to one host (more if its robots.txt asks).")
@click.option("--timeout", type=float, default=10.0, show_default=True, help="Seconds per request.")
@click.option("--max-page-bytes", type=int, default=5_000_000, show_default=True,
              help="Largest page or feed read.")
@db_option
@click.option("--quiet", "-q", is_flag=True, help="Errors only on stderr.")
@click.pass_context
def watch(ctx: click.Context, /, feeds: tuple[str, ...], every: str, once: bool, delay: float,
          timeout: float, max_page_bytes: int, db: str | None, quiet: bool) -> None:
    """Follow RSS/Atom FEEDS (URLs or OPML files) and ingest new articles.

    Feeds are asked with conditional GET; pages are fetched politely (robots.txt,
    one request per host at a time, --delay apart). What was met is kept in the
    ledger, so a restart fetches nothing twice.
    """
    from dealgraph.watch.command import run_watch
    from dealgraph.watch.fetch import FetchPolicy

    _configure_logging(quiet)
    settings = settings_from(ctx, db=db)
    policy = FetchPolicy(timeout=timeout, max_bytes=max_page_bytes, delay=delay)
    ctx.exit(run_watch(feeds, settings, every=every, once=once, policy=policy,
                       say=lambda line: click.echo(line, err=True), quiet=quiet))


@main.command()
@click.option("--org", default=None, help="Only deals where ORG (name, alias, ticker) takes part.")
@click.option("--status", default=None, type=click.Choice([s.value for s in DealStatus]),
              help="Only deals whose current status is S.")
@click.option("--kind", default=None, type=click.Choice([k.value for k in DealKind]),
              help="Only deals of this kind.")
@click.option("--since", default=None, metavar="DATE",
              help="Only deals with a claim that can be on or after DATE (YYYY[-MM[-DD]]).")
@click.option("--sort", type=click.Choice(["largest", "recent"]), default="largest",
              show_default=True, help="Largest amount (in USD) first, or latest claim first.")
@db_option
@output_options
def deals(org: str | None, status: str | None, kind: str | None, since: str | None, sort: str,
          db: str | None, fmt: str, quiet: bool) -> None:
    """List deals with their current status and amount."""
    from dealgraph.cli_tables import DEAL_COLUMNS
    from dealgraph.store import query

    filters = query.DealFilters(org=org, status=status, kind=kind, since=_partial_date(since),
                                sort=query.Sort(sort))
    with _ledger(db) as conn:
        rows, _ = query.deals(conn, filters)
    emit([row.to_json() for row in rows], fmt, DEAL_COLUMNS, title="deals")


def _partial_date(value: str | None) -> str | None:
    """A ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` option, checked."""
    if value is None:
        return None
    from dealgraph.errors import InputError
    from dealgraph.records import PartialDate

    try:
        return PartialDate.parse(value.strip()).iso()
    except ValueError:
        raise InputError("not a date (YYYY, YYYY-MM or YYYY-MM-DD)", input=value) from None


@main.command()
@click.argument("org")
@click.argument("other", required=False)
@db_option
@output_options
def timeline(org: str, other: str | None, db: str | None, fmt: str, quiet: bool) -> None:
    """The dated claims of the deals between ORG and OTHER.

    Without OTHER, the deals of ORG with anyone. Each claim shows its status,
    amount, source, article and quote; the conflicts come last. A date in
    brackets is the article's, the claim giving none.
    """
    from dealgraph import cli_tables as shown
    from dealgraph.store import query

    with _ledger(db) as conn:
        found = query.timeline(conn, org, other)
    if fmt in ("json", "jsonl"):
        emit([h.to_json() for h in found], fmt)
        return
    for history in found:
        emit(shown.claim_rows(history), fmt, shown.CLAIM_COLUMNS, title=shown.deal_name(history))
    conflicts = shown.conflict_rows(found)
    if conflicts and fmt == "table":
        emit(conflicts, fmt, shown.CONFLICT_COLUMNS, title="conflicts")


@main.command()
@click.argument("name")
@db_option
@output_options
def org(name: str, db: str | None, fmt: str, quiet: bool) -> None:
    """An organisation: aliases, tickers, money in and out, counterparties.

    NAME may be a name, an alias, a ticker or a description, in any case.
    """
    from dealgraph import cli_tables as shown
    from dealgraph.store import query

    with _ledger(db) as conn:
        profile = query.org(conn, name)
    if fmt in ("json", "jsonl"):
        emit([profile.to_json()], fmt)
        return
    if fmt == "table":
        click.echo(f"{profile.name}  aliases: {', '.join(profile.aliases) or '-'}  "
                   f"tickers: {', '.join(profile.tickers) or '-'}")
        lang = _cli_language()
        click.echo(f"money in: {shown.total_text(profile.total_in, lang)}  "
                   f"money out: {shown.total_text(profile.total_out, lang)}")
    emit(shown.org_rows(profile), fmt, shown.ORG_COLUMNS, title="deals")


@main.command("ask")
@click.argument("question")
@click.option("--lang", type=click.Choice(["fr", "en"]), default=None,
              help="The question's language (default: guessed); the answer is in it.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Text for people, JSON for programs.")
@db_option
def ask_cmd(question: str, lang: str | None, fmt: str, db: str | None) -> None:
    """Answer QUESTION (French or English) from the ledger, citing the articles."""
    from dealgraph.ask import ask, render

    with _ledger(db) as conn:
        answer = ask(conn, question, lang)
    click.echo(render(answer) if fmt == "text" else
               json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))


@main.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "graphml", "ftm"]),
              default="jsonl", help="jsonl (deals), csv (claims), graphml (Gephi), ftm (Aleph).")
@click.option("--output", "-o", default="-", help="File to write (default: stdout).")
@db_option
def export_cmd(fmt: str, output: str, db: str | None) -> None:
    """Write the whole ledger as JSON Lines, CSV, GraphML or FollowTheMoney entities."""
    from dealgraph.export import export

    with _ledger(db) as conn, click.open_file(output, "w", encoding="utf-8") as out:
        export(conn, fmt, cast(TextIO, out))


# -- keeping the ledger safe: check, backup, restore ------------------------------


@main.command()
@db_option
@click.pass_context
def check(ctx: click.Context, db: str | None) -> None:
    """Check the ledger's integrity; exit 1 and name each problem found."""
    from dealgraph.store.check import check as run
    from dealgraph.store.engine import open_engine
    from dealgraph.store.guard import absent

    name = load_settings(db=db).db
    if absent(name):
        fail("no ledger here", name)
        ctx.exit(1)
    problems = run(open_engine(name, migrate=False))
    for problem in problems:
        fail(str(problem), name)
    if problems:
        ctx.exit(1)
    click.echo(f"{name}: ok", err=True)


@main.command()
@click.argument("path")
@db_option
def backup(path: str, db: str | None) -> None:
    """Copy the ledger to the new file PATH (consistent even during an ingest), checked."""
    from dealgraph.store.backup import backup as run

    done = run(load_settings(db=db).db, path)
    click.echo(f"{done.path}: {done.documents} articles, {done.claims} claims, checked", err=True)


@main.command()
@click.argument("path")
@click.option("--replace", is_flag=True, help="Replace a ledger that already holds articles.")
@db_option
def restore(path: str, replace: bool, db: str | None) -> None:
    """Restore the ledger from the backup PATH; both are checked, before and after."""
    from dealgraph.store.backup import restore as run

    done = run(path, load_settings(db=db).db, replace=replace)
    click.echo(f"{done.path}: restored {done.documents} articles, {done.claims} claims, checked",
               err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
