"""Writing articles into the ledger: one transaction per document.

:class:`Ledger` writes each article with everything extracted from it, its
links to earlier articles and the refreshed verdict of every deal it touches,
in one transaction: a run killed at any point leaves whole documents or
nothing, and a rerun skips what is stored (unique URL and content hash).

Several processes may write to one ledger. Each article's transaction runs
alone: on PostgreSQL it first takes a transaction-scoped advisory lock (one per
schema), on SQLite its first statement is a write, which takes the database's
write lock. So the copy lookup, the story links and the deal verdicts always
see every article committed before, whichever process stored it; a unique key
that another writer took first is retried or counted as a duplicate.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import replace
from enum import StrEnum
from typing import Any

from datasketch import MinHash
from sqlalchemy import Connection, CursorResult, Engine, and_, func, insert, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from dealgraph.errors import DatabaseDown, StoreError
from dealgraph.nlp.usd import rate_table, tidy, to_usd
from dealgraph.records import Claim, Document, Entity, EntityKind, PartialDate, Record
from dealgraph.store import tables as t
from dealgraph.store.faults import ATTEMPTS as FAULT_ATTEMPTS
from dealgraph.store.faults import Fault, fault_of, pause
from dealgraph.store.near import index_document
from dealgraph.store.relink import Relinker
from dealgraph.stories.copies import content_hash, signature, to_bytes
from dealgraph.stories.credibility import verdict
from dealgraph.stories.timeline import NEVER, TimedClaim, estimated_publication, order

log = logging.getLogger(__name__)
SEP = " | "
#: Attempts at writing one article when another writer took a unique key first.
ATTEMPTS = 3


class Outcome(StrEnum):
    NEW = "new"
    DUPLICATE = "duplicate"
    FAILED = "failed"


def deal_key(claim: Claim) -> tuple[str, str, str]:
    """Investor, target and kind, with ``""`` for an unnamed party (NULLs never compare equal)."""
    return (claim.investor or "", claim.target or "", claim.kind.value)


class Ledger:
    """The write side of the store, for one run over one database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # Aliases of the entities already stored, by (table, key): most articles name
        # known companies, and a lookup here saves a query per entity per article.
        self._entities_seen: dict[tuple[str, str], tuple[frozenset[str], str]] = {}
        self._pending: dict[tuple[str, str], tuple[frozenset[str], str]] = {}
        # The exchange rates load here, not inside the first article's transaction,
        # which other writers would otherwise wait on.
        rate_table()

    def known(self, doc: Document) -> bool:
        """Whether this article (same URL or same normalised text) is already stored."""
        digest = content_hash(doc.text)
        cond = t.documents.c.content_hash == digest
        if doc.url:
            cond = cond | (t.documents.c.url == doc.url)
        for faults in range(1, FAULT_ATTEMPTS + 1):
            try:
                with self.engine.connect() as conn:
                    row = conn.execute(select(t.documents.c.id).where(cond).limit(1)).first()
                return row is not None
            except DBAPIError as exc:
                self._retry_or_stop(exc, faults, doc.origin or doc.url or doc.id)
        raise AssertionError("unreachable: the last fault raises")  # pragma: no cover

    def add(self, record: Record) -> Outcome:
        """Store one article and all it yields; ``DUPLICATE`` if it was already there."""
        doc = record.document
        mh = signature(doc.text)
        faults = 0
        for attempt in range(1, ATTEMPTS + FAULT_ATTEMPTS + 1):
            self._pending = {}
            try:
                with self.engine.begin() as conn:
                    self._write(conn, record, mh)
            except IntegrityError as exc:
                if attempt > ATTEMPTS:
                    break
                if self.known(doc):
                    return Outcome.DUPLICATE
                # Another writer stored an organisation or a deal this article also
                # creates, between our read and our insert: read again and retry.
                log.info("%s: write conflict (attempt %d): %s", doc.id, attempt, exc.orig)
                self._entities_seen.clear()
                continue
            except DBAPIError as exc:
                faults += 1
                self._retry_or_stop(exc, faults, doc.origin or doc.id)
                continue
            # Only what was committed enters the cache: a rolled-back article must not
            # leave the cache believing its new entities are stored.
            self._entities_seen.update(self._pending)
            return Outcome.NEW
        raise StoreError(f"could not store the article after {ATTEMPTS} write conflicts",
                         input=doc.origin or doc.url or doc.id)

    def _retry_or_stop(self, exc: DBAPIError, faults: int, doing: str) -> None:
        """Pause before retrying a statement that met a lock or a lost connection.

        Raises :class:`DatabaseDown` naming the database for a full disk, an
        unknown failure, or a fault that outlasted every retry: the run cannot go
        on, and what was committed before stays.
        """
        kind = fault_of(exc)
        where = self.engine.url.render_as_string(hide_password=True)
        if kind is Fault.FULL:
            raise DatabaseDown("the database is full (no room left on its disk); everything "
                               "stored before is kept", input=where,
                               hint="free some space and run again") from None
        if kind is None or faults >= FAULT_ATTEMPTS:
            what = "unreachable" if kind is Fault.GONE else "busy" if kind else "failing"
            raise DatabaseDown(f"the database is {what}: {' '.join(str(exc.orig).split())}",
                               input=where, hint=f"while storing {doing}; everything stored "
                               "before is kept, run again to store the rest") from None
        log.info("%s: %s (retry %d): %s", doing, kind.value, faults, exc.orig)
        pause(faults)

    def fail(self, input: str, message: str) -> None:
        """Record an input that could not be read or analysed (once per input and reason)."""
        digest = content_hash(f"{input}\n{message}")
        for faults in range(1, FAULT_ATTEMPTS + 1):
            try:
                with self.engine.begin() as conn:
                    conn.execute(insert(t.failures).values(input=input, message=message,
                                                           content_hash=digest))
                return
            except IntegrityError:
                return  # the same failure from an earlier run: already on record
            except DBAPIError as exc:
                self._retry_or_stop(exc, faults, f"the failure of {input}")

    # -- one document ---------------------------------------------------------------

    def _write(self, conn: Connection, record: Record, mh: MinHash) -> None:
        doc = record.document
        estimate = estimated_publication(doc.date, [c.date.iso() if c.date else None
                                                    for c in record.claims])
        _write_alone(conn)
        # The article is inserted first (on SQLite this takes the write lock), then
        # compared with the originals stored before it.
        doc_id = _new_id(conn.execute(insert(t.documents).values(
            key=doc.id, url=doc.url, publication=doc.site, title=doc.title,
            language=record.lang, published=doc.date, published_estimate=estimate,
            # The analysed text (title, blank line, body), which every stored span indexes.
            date_source=doc.date_source, text=record.text or doc.text,
            content_hash=content_hash(doc.text),
            origin=doc.origin, supported=int(record.supported), minhash=to_bytes(mh),
        )))
        index_document(conn, doc_id, mh)
        stored = self._entities(conn, record)
        self._spans(conn, doc_id, record, estimate)
        # a party is named as the ledger first named its organisation: "TransCanada
        # Pipelines" today joins the deals of yesterday's "TransCanada PipeLines"
        claims = [replace(c, investor=stored.get(c.investor, c.investor) if c.investor else None,
                          target=stored.get(c.target, c.target) if c.target else None)
                  for c in record.claims]
        deal_ids = self._claims(conn, doc_id, claims, estimate)
        # linked once its claims are written: a rewrite is recognised by them
        changed = Relinker(conn).place(doc_id) - {doc_id}
        if changed:  # their copies' and rewrites' weight in their deals changed too
            c = t.claims
            deal_ids += conn.execute(select(c.c.deal_id).where(c.c.document_id.in_(sorted(changed)))
                                     .distinct()).scalars().all()
        for deal_id in sorted(set(deal_ids)):
            refresh_deal(conn, deal_id)

    def _entities(self, conn: Connection, record: Record) -> dict[str, str]:
        """Store the article's organisations and people; returns, for each organisation
        whose stored name differs from the article's, the article's name -> stored name."""
        written: dict[str, set[str]] = {}
        for m in record.mentions:
            if m.names and m.text != m.entity.name:
                written.setdefault(m.entity.id, set()).add(m.text)
        renamed: dict[str, str] = {}
        for entity in (*record.orgs, *record.people):
            table = "organisations" if entity.kind is EntityKind.ORG else "people"
            aliases = frozenset(entity.aliases) | written.get(entity.id, set())
            known = self._entities_seen.get((table, entity.id))
            if known is not None and known[1] != entity.name:
                aliases |= {entity.name}  # stored under another spelling
            if known is None or not aliases <= known[0]:
                known = _upsert_entity(conn, entity, aliases)
                self._pending[(table, entity.id)] = known
            if entity.kind is EntityKind.ORG and known[1] != entity.name:
                renamed[entity.name] = known[1]
        return renamed

    def _spans(self, conn: Connection, doc_id: int, record: Record,
               estimate: dt.date | None) -> None:
        if record.mentions:
            conn.execute(insert(t.mentions), [
                {"document_id": doc_id, "entity_key": m.entity.id,
                 "entity_kind": m.entity.kind.value, "text": m.text[:400], "start": m.start,
                 "end": m.end, "via": m.via} for m in record.mentions])
        if record.amounts:
            when = PartialDate.from_date(estimate) if estimate else None
            conn.execute(insert(t.amounts), [
                {"document_id": doc_id, "text": a.text[:400], "minimum": tidy(a.min),
                 "maximum": tidy(a.max), "currency": a.currency,
                 **_usd(a.min, a.max, a.currency, when), "approximate": int(a.approximate),
                 "start": a.start, "end": a.end} for a in record.amounts])

    def _claims(self, conn: Connection, doc_id: int, claims: Sequence[Claim],
                estimate: dt.date | None) -> list[int]:
        deal_ids = []
        rows = []
        published = PartialDate.from_date(estimate) if estimate else None
        for c in claims:
            deal_id = _deal_id(conn, deal_key(c))
            deal_ids.append(deal_id)
            rows.append({
                "document_id": doc_id, "deal_id": deal_id, "investor": c.investor,
                "target": c.target, "kind": c.kind.value, "status": c.status.value,
                "minimum": tidy(c.min), "maximum": tidy(c.max), "currency": c.currency,
                **_usd(c.min, c.max, c.currency, c.date or published),
                "shared": int(c.shared), "per_share": tidy(c.per_share),
                "valuation": tidy(c.valuation), "date": c.date.iso() if c.date else None,
                "date_precision": c.date.precision.value if c.date else None,
                "latest_date": c.date.latest() if c.date else estimate,
                "source": c.source.name if c.source else None,
                "source_kind": c.source.kind.value if c.source else None,
                "source_chain": SEP.join(c.source.chain) if c.source else None,
                "quote": c.evidence.text, "evidence_start": c.evidence.start,
                "evidence_end": c.evidence.end, "cue": c.cue, "position": c.order,
            })
        if rows:
            conn.execute(insert(t.claims), rows)
        return deal_ids


def _write_alone(conn: Connection) -> None:
    """Wait until no other transaction is writing an article to this ledger (PostgreSQL).

    The lock is per schema (several ledgers may share one database) and is
    released at commit or rollback. SQLite needs nothing: its first write locks.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('dealgraph:' || current_schema()))"))


def _usd(low: float | None, high: float | None, currency: str | None,
         when: PartialDate | None) -> dict[str, float | None]:
    usd_min, usd_max = to_usd(low, high, currency, when)
    return {"usd_min": usd_min, "usd_max": usd_max}


def _new_id(result: CursorResult[Any]) -> int:
    """The primary key an INSERT just gave its row."""
    key = result.inserted_primary_key
    if key is None:  # pragma: no cover - every table here has an integer key
        raise StoreError("the database did not return the new row's id")
    return int(key[0])


def _upsert_entity(conn: Connection, entity: Entity, aliases: frozenset[str]
                   ) -> tuple[frozenset[str], str]:
    """Insert the entity or add the new aliases; returns every alias now stored and the
    stored name. Near-identical names of one company ("TransCanada PipeLines",
    "TransCanada Pipelines") have one key: the name stored first stays, the other
    becomes an alias."""
    table = t.organisations if entity.kind is EntityKind.ORG else t.people
    row = conn.execute(select(table.c.id, table.c.aliases, table.c.name)
                       .where(table.c.key == entity.id)).first()
    if row is None:
        values: dict[str, object] = {"key": entity.id, "name": entity.name,
                                     "aliases": SEP.join(sorted(aliases))}
        if entity.kind is EntityKind.ORG:
            tickers = sorted(set(entity.tickers) | ({entity.ticker} if entity.ticker else set()))
            values.update(tickers=SEP.join(tickers), category=entity.category,
                          known=int(entity.known))
        else:
            values.update(speaks_for=entity.org)
        conn.execute(insert(table).values(**values))
        return aliases, entity.name
    if entity.name != row.name:
        aliases = aliases | {entity.name}
    stored = frozenset(filter(None, (row.aliases or "").split(SEP)))
    if not aliases <= stored:
        conn.execute(update(table).where(table.c.id == row.id)
                     .values(aliases=SEP.join(sorted(stored | aliases))))
    return stored | aliases, str(row.name)


def _deal_id(conn: Connection, key: tuple[str, str, str]) -> int:
    d = t.deals
    where = and_(d.c.investor == key[0], d.c.target == key[1], d.c.kind == key[2])
    row = conn.execute(select(d.c.id).where(where)).first()
    if row is not None:
        return int(row.id)
    return _new_id(conn.execute(insert(d).values(investor=key[0], target=key[1], kind=key[2],
                                                 claims=0, conflicts=0)))


def deal_claims(conn: Connection, deal_id: int) -> list[TimedClaim]:
    """The claims of one deal, with what ordering and weighing need, in timeline order."""
    return claims_of(conn, [deal_id]).get(deal_id, [])


def claims_of(conn: Connection, deal_ids: Sequence[int]) -> dict[int, list[TimedClaim]]:
    """The claims of several deals in one query, each deal's in timeline order."""
    c, d = t.claims, t.documents
    rows = conn.execute(
        select(c.c.id, c.c.deal_id, c.c.document_id, c.c.status, c.c.source, c.c.source_kind,
               c.c.date, c.c.minimum, c.c.maximum, c.c.currency, c.c.shared, c.c.position,
               d.c.published_estimate, d.c.story_place, d.c.copy_of)
        .join(d, d.c.id == c.c.document_id).where(c.c.deal_id.in_(list(deal_ids)))
    ).all()
    found: dict[int, list[TimedClaim]] = {}
    for r in rows:
        found.setdefault(r.deal_id, []).append(TimedClaim(
            id=r.id, document_id=r.document_id, status=r.status, source=r.source,
            source_kind=r.source_kind, date=r.date, published=r.published_estimate,
            min=r.minimum, max=r.maximum, currency=r.currency, shared=bool(r.shared),
            position=r.position, story_place=r.story_place or 0, copy=r.copy_of is not None))
    return {k: order(v) for k, v in found.items()}


def refresh_deal(conn: Connection, deal_id: int) -> None:
    """Recompute a deal's current status, amount, span of dates and conflict count.

    When the current amount is a figure several investors gave together, the deal
    is marked ``shared`` and names the others (``shared_with``), so that no reader
    takes the figure for this investor's own."""
    claims = deal_claims(conn, deal_id)
    if not claims:
        return
    v = verdict(claims)
    dated = sorted((c for c in claims if c.as_of != NEVER), key=lambda c: c.as_of)
    source = next((c for c in claims if c.id == v.amount_claim), None)
    when = (source.partial_date or (PartialDate.from_date(source.published)
                                    if source.published else None)) if source else None
    others = co_investors(conn, v.amount_claim) if v.shared and v.amount_claim else []
    conn.execute(update(t.deals).where(t.deals.c.id == deal_id).values(
        status=v.status, minimum=tidy(v.min), maximum=tidy(v.max), currency=v.currency,
        **_usd(v.min, v.max, v.currency, when),
        shared=int(v.shared), shared_with=SEP.join(others) or None,
        first_date=_as_written(dated[0]) if dated else None,
        last_date=_as_written(dated[-1]) if dated else None,
        claims=len(claims), conflicts=len(v.conflicts)))


def co_investors(conn: Connection, claim_id: int) -> list[str]:
    """The other investors of a shared figure: the claims of the same sentence that
    give the same target, kind and amount, marked shared, in the sentence's order."""
    c = t.claims
    one = conn.execute(select(c).where(c.c.id == claim_id)).one()
    same = [col == getattr(one, col.name) if getattr(one, col.name) is not None else col.is_(None)
            for col in (c.c.document_id, c.c.evidence_start, c.c.target, c.c.kind,
                        c.c.minimum, c.c.maximum, c.c.currency)]
    rows = conn.execute(select(c.c.investor).where(
        *same, c.c.shared == 1, c.c.id != claim_id, c.c.investor.is_not(None),
        c.c.investor != "", c.c.investor != (one.investor or "")).order_by(c.c.position, c.c.id))
    return list(dict.fromkeys(r.investor for r in rows))


def _as_written(claim: TimedClaim) -> str:
    """The claim's date as precisely as it was written ("2023" stays "2023"), else
    the day its article appeared."""
    return claim.date or claim.as_of.isoformat()


def count(conn: Connection, table: str) -> int:
    """The number of rows in ``table``."""
    query = select(func.count()).select_from(t.metadata.tables[table])
    return int(conn.execute(query).scalar_one())
