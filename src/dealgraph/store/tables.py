"""The ledger's schema, one SQLAlchemy Core ``MetaData`` for SQLite and PostgreSQL.

Table and column names are meant to be read by a person browsing the file in
Datasette: plain English, no abbreviations, one row per thing a journalist
would name (an article, an organisation, a claim, a deal).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

#: Each article once: a second copy (same URL or same normalised text) is refused
#: by the unique constraints, which is what makes ingestion idempotent.
documents = Table(
    "documents", metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(400), nullable=False, comment="The article's id in its source"),
    Column("url", String(2000), unique=True),
    Column("publication", String(200), comment="Site or publisher"),
    Column("title", Text),
    Column("language", String(8)),
    Column("published", Date, comment="Publication date, when known"),
    Column("published_estimate", Date,
           comment="Publication date, else the end of the latest month its claims name"),
    Column("date_source", String(40)),
    Column("text", Text, nullable=False),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("origin", Text, comment="File or URL it was read from"),
    Column("supported", Integer, nullable=False, default=1),
    Column("story_id", Integer, comment="The story this article belongs to"),
    Column("copy_of", Integer, comment="Set when the article reprints another one"),
    Column("derived_from", Integer, comment="Set when the article retells another one"),
    Column("story_place", Integer, nullable=False, default=0,
           comment="0 for an original, 1 + its origin's place for a rewrite"),
    Column("minhash", LargeBinary, comment="Near-duplicate signature (64 x uint64)"),
)

#: The near-duplicate index: each article's MinHash band keys
#: (``stories.copies.band_keys``). Looking a new article's keys up here finds its
#: candidate originals, and the later copies it may be the origin of, whichever
#: process or run stored them.
minhash_bands = Table(
    "minhash_bands", metadata,
    Column("key", BigInteger, primary_key=True, autoincrement=False,
           comment="One LSH band of the signature, hashed"),
    Column("document_id", Integer, ForeignKey("documents.id"), primary_key=True,
           autoincrement=False),
)

#: How an article relates to an earlier one: ``duplicate`` (same text),
#: ``near_duplicate`` (a reprint) or ``derived`` (a rewrite of its story).
document_links = Table(
    "document_links", metadata,
    Column("document_id", Integer, ForeignKey("documents.id"), primary_key=True),
    Column("origin_id", Integer, ForeignKey("documents.id"), primary_key=True),
    Column("relation", String(20), nullable=False),
    Column("score", Float, nullable=False),
)

stories = Table(
    "stories", metadata,
    Column("id", Integer, primary_key=True),
    Column("title", Text),
    Column("first_document_id", Integer, ForeignKey("documents.id")),
    Column("documents", Integer, nullable=False, default=1),
)

organisations = Table(
    "organisations", metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(200), nullable=False, unique=True, comment="Knowledge-base id"),
    Column("name", String(400), nullable=False, comment="Canonical name"),
    Column("aliases", Text, comment="Names seen in articles, separated by ' | '"),
    Column("tickers", Text, comment="Stock tickers, separated by ' | '"),
    Column("category", String(80)),
    Column("known", Integer, nullable=False, default=1),
)

people = Table(
    "people", metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(200), nullable=False, unique=True),
    Column("name", String(400), nullable=False),
    Column("aliases", Text),
    Column("speaks_for", String(200), comment="Knowledge-base id of their organisation"),
)

mentions = Table(
    "mentions", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False),
    Column("entity_key", String(200), nullable=False),
    Column("entity_kind", String(10), nullable=False),
    Column("text", String(400), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("via", String(20)),
    Index("mentions_entity", "entity_key"),
    Index("mentions_document", "document_id"),
)

amounts = Table(
    "amounts", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False),
    Column("text", String(400), nullable=False),
    Column("minimum", Float),
    Column("maximum", Float),
    Column("currency", String(3)),
    Column("usd_min", Float, comment="The amount in US dollars at its article's date"),
    Column("usd_max", Float),
    Column("approximate", Integer, nullable=False, default=0),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Index("amounts_document", "document_id"),
)

#: One (investor, target, kind): every claim about it, from any article, points here.
deals = Table(
    "deals", metadata,
    Column("id", Integer, primary_key=True),
    Column("investor", String(400), comment="Canonical name; empty for unnamed investors"),
    Column("target", String(400)),
    Column("kind", String(30), nullable=False),
    Column("status", String(20), comment="Current status, from the most credible recent claim"),
    Column("minimum", Float),
    Column("maximum", Float),
    Column("currency", String(3)),
    Column("usd_min", Float, comment="The current amount in US dollars, for sorting and sums"),
    Column("usd_max", Float),
    Column("shared", Integer, nullable=False, default=0, server_default="0",
           comment="1 when the current amount is several investors' together"),
    Column("shared_with", Text,
           comment="The co-investors of a shared amount, separated by ' | '"),
    Column("first_date", String(10), comment="Earliest claim's date, as written (YYYY[-MM[-DD]])"),
    Column("last_date", String(10), comment="Latest claim's date, as written"),
    Column("claims", Integer, nullable=False, default=0),
    Column("conflicts", Integer, nullable=False, default=0),
    UniqueConstraint("investor", "target", "kind", name="deals_parties"),
    Index("deals_target", "target"),
)

claims = Table(
    "claims", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False),
    Column("deal_id", Integer, ForeignKey("deals.id"), nullable=False),
    Column("investor", String(400)),
    Column("target", String(400)),
    Column("kind", String(30), nullable=False),
    Column("status", String(20), nullable=False),
    Column("minimum", Float),
    Column("maximum", Float),
    Column("currency", String(3)),
    Column("usd_min", Float, comment="The amount in US dollars at the claim's date"),
    Column("usd_max", Float),
    Column("shared", Integer, nullable=False, default=0, server_default="0",
           comment="1 when the amount is that of several investors together"),
    Column("per_share", Float, comment="A price per share, never a deal's amount"),
    Column("valuation", Float),
    Column("date", String(10), comment="YYYY, YYYY-MM or YYYY-MM-DD"),
    Column("date_precision", String(5)),
    Column("latest_date", Date, comment="Last day the date can denote, for ordering"),
    Column("source", String(400)),
    Column("source_kind", String(20)),
    Column("source_chain", Text),
    Column("quote", Text, nullable=False, comment="The sentence that makes the claim"),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Column("cue", String(200)),
    Column("position", Integer, nullable=False, default=0, comment="Order in the article"),
    Index("claims_deal", "deal_id"),
    Index("claims_document", "document_id"),
)

#: Inputs that could not be read or extracted, with the reason: never silently lost.
failures = Table(
    "failures", metadata,
    Column("id", Integer, primary_key=True),
    Column("input", Text, nullable=False),
    Column("message", Text, nullable=False),
    Column("content_hash", String(64), unique=True, comment="Identity of the failure"),
)

#: The feeds ``dealgraph watch`` follows, with the validators of their last answer
#: (conditional GET) so that a restarted watcher asks only for what changed.
watch_feeds = Table(
    "watch_feeds", metadata,
    Column("id", Integer, primary_key=True),
    Column("url", String(2000), nullable=False, unique=True),
    Column("etag", String(400), comment="ETag of the last full answer"),
    Column("last_modified", String(100), comment="Last-Modified of the last full answer"),
    Column("checked_at", String(40), comment="When it was last asked (UTC, ISO 8601)"),
    Column("status", String(200), comment="What the last poll got: 200, 304, or the error"),
    Column("errors", Integer, nullable=False, default=0, comment="Failed polls in a row"),
)

#: Every feed item the watcher has met, and what became of its page: a page is
#: fetched once, unless a passing fault (timeout, 5xx) leaves it to retry.
watch_items = Table(
    "watch_items", metadata,
    Column("id", Integer, primary_key=True),
    Column("feed_id", Integer, ForeignKey("watch_feeds.id"), nullable=False),
    Column("item_key", String(2000), nullable=False, comment="The item's guid, else its link"),
    Column("url", String(2000)),
    Column("outcome", String(20), nullable=False,
           comment="new, duplicate, failed, or retry (a passing fault)"),
    Column("message", Text),
    Column("attempts", Integer, nullable=False, default=0),
    Column("seen_at", String(40), nullable=False),
    UniqueConstraint("feed_id", "item_key", name="watch_items_key"),
)

#: Partitions of a distributed ingest (``ingest --engine dask``) stored to the end:
#: a rerun skips them. The key names the input, its size and the range read.
ingest_partitions = Table(
    "ingest_partitions", metadata,
    Column("id", Integer, primary_key=True),
    Column("key_hash", String(64), nullable=False, unique=True,
           comment="SHA-256 of the partition's key"),
    Column("name", Text, nullable=False, comment="The file and the range of lines or records"),
    Column("new", Integer, nullable=False),
    Column("duplicate", Integer, nullable=False),
    Column("failed", Integer, nullable=False),
    Column("finished_at", String(40), nullable=False),
)

DESCRIPTIONS: dict[str, str] = {
    "documents": "Every article read once, with its text and publication date.",
    "minhash_bands": "The near-duplicate index: band keys of each article's signature.",
    "document_links": "Reprints and rewrites: which article copies or retells which.",
    "stories": "Groups of articles telling the same story (an origin and its copies).",
    "organisations": "Companies and other organisations, with aliases and tickers.",
    "people": "People named in articles, and who they speak for.",
    "mentions": "Where each organisation or person is named in each article.",
    "amounts": "Every money amount written in an article, as an interval.",
    "claims": "One statement about a deal, with its source and the sentence quoted.",
    "deals": "Who invests in whom: all the claims about one investor, target and kind.",
    "ingest_partitions": "Pieces of a distributed ingest already stored, skipped by a rerun.",
    "failures": "Inputs that could not be read or analysed, and why.",
    "watch_feeds": "Feeds followed by dealgraph watch, and their last answer.",
    "watch_items": "Feed items met by dealgraph watch, and what became of their page.",
}
