"""Integrity of a ledger: what must hold after any crash, fault or restore.

Each article is written in one transaction, so a fault may lose the article
being written but must never leave half of it. :func:`check` looks for every
trace a half-written or corrupted ledger would leave: rows pointing at a
missing article, deal or story; spans that fall outside their article's text;
an article without its story; deals or stories whose counts disagree with their
rows; links between articles that loop; and, on SQLite, the file's own
consistency (``PRAGMA quick_check``). It reads only, and never raises for what
it finds: it returns one :class:`Problem` per kind of fault, with a count and
a few example ids, so a caller can print them and set an exit status.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DBAPIError

#: Example ids listed per problem; the count says how many there are in all.
EXAMPLES = 5


@dataclass(frozen=True)
class Problem:
    """One kind of fault found: a name, how many rows show it, and a few of their ids."""

    name: str
    count: int
    examples: tuple[object, ...] = ()

    def __str__(self) -> str:
        shown = ", ".join(str(e) for e in self.examples)
        return f"{self.name}: {self.count} row(s)" + (f" (e.g. {shown})" if shown else "")


#: Each rule: a name and a query returning the id of every row breaking it.
#: Written in the SQL both SQLite and PostgreSQL speak (length() counts characters
#: in both, as Python's spans do).
RULES: tuple[tuple[str, str], ...] = (
    ("mention of a missing document",
     "SELECT m.id FROM mentions m LEFT JOIN documents d ON d.id = m.document_id "
     "WHERE d.id IS NULL"),
    ("amount of a missing document",
     "SELECT a.id FROM amounts a LEFT JOIN documents d ON d.id = a.document_id "
     "WHERE d.id IS NULL"),
    ("claim of a missing document",
     "SELECT c.id FROM claims c LEFT JOIN documents d ON d.id = c.document_id "
     "WHERE d.id IS NULL"),
    ("claim of a missing deal",
     "SELECT c.id FROM claims c LEFT JOIN deals x ON x.id = c.deal_id WHERE x.id IS NULL"),
    ("link from or to a missing document",
     "SELECT l.document_id FROM document_links l "
     "LEFT JOIN documents a ON a.id = l.document_id "
     "LEFT JOIN documents b ON b.id = l.origin_id WHERE a.id IS NULL OR b.id IS NULL"),
    ("story whose first document is missing",
     "SELECT s.id FROM stories s LEFT JOIN documents d ON d.id = s.first_document_id "
     "WHERE s.first_document_id IS NOT NULL AND d.id IS NULL"),
    ("document without a story",
     "SELECT d.id FROM documents d LEFT JOIN stories s ON s.id = d.story_id "
     "WHERE s.id IS NULL"),
    ("copy or rewrite of a missing document",
     "SELECT d.id FROM documents d "
     "LEFT JOIN documents c ON c.id = d.copy_of LEFT JOIN documents r ON r.id = d.derived_from "
     "WHERE (d.copy_of IS NOT NULL AND c.id IS NULL) "
     "OR (d.derived_from IS NOT NULL AND r.id IS NULL)"),
    ("mention span outside its document's text",
     "SELECT m.id FROM mentions m JOIN documents d ON d.id = m.document_id "
     "WHERE m.start < 0 OR m.\"end\" < m.start OR m.\"end\" > length(d.text)"),
    ("amount span outside its document's text",
     "SELECT a.id FROM amounts a JOIN documents d ON d.id = a.document_id "
     "WHERE a.start < 0 OR a.\"end\" < a.start OR a.\"end\" > length(d.text)"),
    ("claim evidence outside its document's text",
     "SELECT c.id FROM claims c JOIN documents d ON d.id = c.document_id "
     "WHERE c.evidence_start < 0 OR c.evidence_end < c.evidence_start "
     "OR c.evidence_end > length(d.text)"),
    ("deal whose claim count disagrees with its claims",
     "SELECT x.id FROM deals x LEFT JOIN "
     "(SELECT deal_id, count(*) AS n FROM claims GROUP BY deal_id) c ON c.deal_id = x.id "
     "WHERE x.claims <> coalesce(c.n, 0)"),
    ("story whose document count disagrees with its documents",
     "SELECT s.id FROM stories s LEFT JOIN "
     "(SELECT story_id, count(*) AS n FROM documents GROUP BY story_id) d "
     "ON d.story_id = s.id WHERE s.documents <> coalesce(d.n, 0)"),
)


def check(engine: Engine) -> list[Problem]:
    """Every integrity problem of the ledger behind ``engine`` (empty when it is sound)."""
    with engine.connect() as conn:
        missing = {"documents", "claims", "deals", "stories"} - set(inspect(conn).get_table_names())
        if missing:
            return [Problem(f"not a ledger: no {', '.join(sorted(missing))} table", 0)]
        problems = _file_problems(conn)
        if problems:  # a corrupt file makes every other answer meaningless
            return problems
        for name, query in RULES:
            ids = [row[0] for row in conn.execute(text(query))]
            if ids:
                problems.append(Problem(name, len(ids), tuple(ids[:EXAMPLES])))
        cycle = _cycle(conn)
        if cycle:
            problems.append(Problem("articles linked in a loop (copy, rewrite or link)",
                                    len(cycle), tuple(cycle[:EXAMPLES])))
    return problems


def _file_problems(conn: Connection) -> list[Problem]:
    if conn.dialect.name != "sqlite":
        return []
    try:
        found = [row[0] for row in conn.execute(text("PRAGMA quick_check"))]
    except DBAPIError as exc:  # damage bad enough that the check itself cannot read on
        return [Problem("the SQLite file is damaged", 1, (str(exc.orig),))]
    if found == ["ok"]:
        return []
    return [Problem("the SQLite file is damaged", len(found), tuple(found[:EXAMPLES]))]


def _cycle(conn: Connection) -> list[int]:
    """The articles of one loop in the graph of copies, rewrites and links, if any."""
    edges: dict[int, set[int]] = {}
    rows: Iterable[Sequence[int | None]] = [
        *conn.execute(text("SELECT id, copy_of FROM documents WHERE copy_of IS NOT NULL")),
        *conn.execute(text("SELECT id, derived_from FROM documents "
                           "WHERE derived_from IS NOT NULL")),
        *conn.execute(text("SELECT document_id, origin_id FROM document_links")),
    ]
    for source, target in rows:
        if source is not None and target is not None:
            edges.setdefault(int(source), set()).add(int(target))
    return find_cycle(edges)


def find_cycle(edges: dict[int, set[int]]) -> list[int]:
    """The nodes of one cycle of the directed graph ``edges`` (node -> successors), or [].

    Iterative, so a chain of a million reprints cannot overflow the stack.

    >>> find_cycle({1: {2}, 2: {3}})
    []
    >>> sorted(find_cycle({1: {2}, 2: {3}, 3: {1}}))
    [1, 2, 3]
    """
    done: set[int] = set()
    for start in list(edges):
        if start in done:
            continue
        path: list[int] = [start]
        on_path = {start}
        stack = [iter(sorted(edges.get(start, ())))]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                stack.pop()
                node = path.pop()
                on_path.discard(node)
                done.add(node)
                continue
            if nxt in on_path:
                return path[path.index(nxt):]
            if nxt in done:
                continue
            path.append(nxt)
            on_path.add(nxt)
            stack.append(iter(sorted(edges.get(nxt, ()))))
    return []
