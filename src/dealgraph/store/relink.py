"""Copies and rewrites linked in date order, whatever order the articles arrive in.

An article's origin is chosen among the articles that come before it (by
publication date, else its estimate; an undated article after a dated one of
the same day; then the order they were stored in): the most similar earlier
original if it reprints one (``near_duplicate``), else the earlier article whose
story it retells best (``derived``); without either it starts a story.

Articles do not arrive in date order: a crawl meets old pages late, Dask
workers store partitions side by side, a feed is read after an archive. When an
article arrives that comes before stored ones, the choices it changes are made
again, as arrival in date order would have made them:

- a later article like it (an original, or a copy of another) chooses its
  origin again, so a reprint stored first becomes the copy of its older wire;
- an original that became a copy is no origin any more: its copies and
  rewrites choose again, among what comes before each;
- a later rewrite that retells its story better than its current origin does
  (or that had none) becomes its rewrite.

Choices are remade in date order, each seeing the earlier ones settled, then
stories and places follow the links: an article that no longer starts a story
takes its origin's, with everything linked to it, and its old story is removed.

Everything happens in the arriving article's transaction, which runs alone
(``store/writes.py``). In date order (the usual case) nothing later exists, and
this costs two look-ups. Copies stored before signatures were kept for them
(older ledgers) follow their origin to its own origin.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, delete, func, insert, or_, select, update

from dealgraph.store import tables as t
from dealgraph.store.near import similar_documents
from dealgraph.stories.copies import from_bytes
from dealgraph.stories.derived import DERIVED_THRESHOLD, StoryFacts, amount_marks, likely_origin, story_overlap

#: Articles sharing a deal looked at on each side of an article: popular deals
#: are told by thousands, and the nearest hundred in time are the plausible origins.
NEIGHBOURS = 100

OrderKey = tuple[dt.date, int, int]
_d = t.documents


def order_key(published: dt.date | None, estimate: dt.date | None, doc_id: int) -> OrderKey:
    """Where an article comes in date order (the same as :meth:`StoryFacts.order_key`)."""
    return (estimate or dt.date.max, 0 if published is not None else 1, doc_id)


@dataclass
class _Node:
    """What re-linking reads and changes of one stored article."""

    id: int
    order: OrderKey
    published: dt.date | None
    estimate: dt.date | None
    copy_of: int | None
    derived_from: int | None
    minhash: bytes | None
    story_id: int | None
    story_place: int
    title: str | None

    @property
    def origin(self) -> int | None:
        return self.copy_of if self.copy_of is not None else self.derived_from


def _nodes(conn: Connection, ids: Iterable[int]) -> dict[int, _Node]:
    wanted = sorted(set(ids))
    found: dict[int, _Node] = {}
    for i in range(0, len(wanted), 500):
        rows = conn.execute(select(
            _d.c.id, _d.c.published, _d.c.published_estimate, _d.c.copy_of, _d.c.derived_from,
            _d.c.minhash, _d.c.story_id, _d.c.story_place, _d.c.title,
        ).where(_d.c.id.in_(wanted[i:i + 500])))
        for r in rows:
            found[r.id] = _Node(r.id, order_key(r.published, r.published_estimate, r.id),
                                r.published, r.published_estimate, r.copy_of, r.derived_from,
                                r.minhash, r.story_id, r.story_place or 0, r.title)
    return found


def _deal_ids(conn: Connection, doc_id: int) -> list[int]:
    c = t.claims
    return sorted(conn.execute(select(c.c.deal_id).where(c.c.document_id == doc_id)
                               .distinct()).scalars())


def facts(conn: Connection, doc_id: int, dated: bool, estimate: dt.date | None) -> StoryFacts:
    """What the stored article says, reduced to what two tellings of one story share."""
    c = t.claims
    rows = conn.execute(select(c.c.investor, c.c.target, c.c.kind, c.c.minimum, c.c.maximum,
                               c.c.source).where(c.c.document_id == doc_id)).all()
    return StoryFacts(
        id=doc_id, published=estimate, dated=dated,
        deals=frozenset((r.investor or "", r.target or "", r.kind) for r in rows),
        amounts=amount_marks(b for r in rows for b in (r.minimum, r.maximum)),
        sources=frozenset(r.source.casefold() for r in rows if r.source),
    )


def _neighbours(conn: Connection, node: _Node, deal_ids: list[int], *, before: bool
                ) -> list[StoryFacts]:
    """The originals and rewrites sharing a deal with ``node`` that come before (or after)
    it, the nearest in time first (copies are never origins)."""
    if not deal_ids:
        return []
    c = t.claims
    query = (select(_d.c.id, _d.c.published, _d.c.published_estimate).distinct()
             .join(c, c.c.document_id == _d.c.id)
             .where(c.c.deal_id.in_(deal_ids), _d.c.id != node.id, _d.c.copy_of.is_(None)))
    if before:
        if node.estimate is not None:
            query = query.where(_d.c.published_estimate <= node.estimate)
        query = query.order_by(_d.c.published_estimate.desc().nulls_first(), _d.c.id.desc())
    else:
        later: ColumnElement[bool] = _d.c.published_estimate.is_(None)
        if node.estimate is not None:
            later = or_(later, _d.c.published_estimate >= node.estimate)
        query = query.where(later).order_by(_d.c.published_estimate.asc().nulls_last(),
                                            _d.c.id.asc())
    rows = conn.execute(query.limit(2 * NEIGHBOURS)).all()
    keep = [r for r in rows if (order_key(r.published, r.published_estimate, r.id) < node.order)
            == before][:NEIGHBOURS]
    return [facts(conn, r.id, r.published is not None, r.published_estimate) for r in keep]


class Relinker:
    """One article's arrival and the choices it changes, inside its transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._queue: list[tuple[OrderKey, int]] = []
        self._queued: set[int] = set()
        self._changed: set[int] = set()  # articles whose link changed

    def place(self, doc_id: int) -> set[int]:
        """Link a just-stored article (its claims written, its signature stored) and
        remake what it changes. Returns every article whose link, story or place
        changed, the new one included."""
        self._choose(doc_id, new=True)
        while self._queue:
            _, nxt = heapq.heappop(self._queue)
            self._queued.discard(nxt)
            self._choose(nxt, new=False)
        return self._restory()

    # -- choices ----------------------------------------------------------------------

    def _enqueue(self, node: _Node) -> None:
        if node.id not in self._queued:
            self._queued.add(node.id)
            heapq.heappush(self._queue, (node.order, node.id))

    def _choose(self, doc_id: int, *, new: bool) -> None:
        """Choose one article's origin among what comes before it."""
        node = _nodes(self.conn, [doc_id])[doc_id]
        was_original = not new and node.copy_of is None
        if node.minhash is None:  # a copy from before copies' signatures were stored
            self._follow(node)
            return
        similar = similar_documents(self.conn, from_bytes(node.minhash))
        others = _nodes(self.conn, [i for i, _, _ in similar if i != doc_id])
        earlier = [(score, others[i].order, i) for i, score, copy in similar
                   if i in others and not copy and others[i].order < node.order]
        if earlier:
            score, _, origin = min(earlier, key=lambda e: (-e[0], e[1]))
            self._link(node, origin, "near_duplicate", score)
            if was_original:  # no longer an origin: what hung on it chooses again
                for child in self._children([doc_id]):
                    self._enqueue(child)
            return
        deal_ids = _deal_ids(self.conn, doc_id)
        mine = facts(self.conn, doc_id, node.published is not None, node.estimate)
        found = likely_origin(mine, _neighbours(self.conn, node, deal_ids, before=True)) \
            if mine.deals else None
        if found is None:
            self._unlink(node)
        else:
            self._link(node, found[0], "derived", found[1])
        if not was_original:  # a new origin for what comes after it
            for i, _, _ in similar:
                if i in others and others[i].order > node.order:
                    self._enqueue(others[i])
            self._offer(node, mine, deal_ids)

    def _offer(self, node: _Node, mine: StoryFacts, deal_ids: list[int]) -> None:
        """Make later articles that retell ``node``'s story better than their origin
        does its rewrites."""
        if not mine.deals:
            return
        for later in _neighbours(self.conn, node, deal_ids, before=False):
            score = story_overlap(later, mine)
            if score < DERIVED_THRESHOLD:
                continue
            other = _nodes(self.conn, [later.id])[later.id]
            if other.copy_of is not None:
                continue
            if other.derived_from is not None:
                current = self._score(other.id)
                if current is not None:
                    rival = _nodes(self.conn, [other.derived_from])[other.derived_from]
                    if (-current, rival.order) <= (-score, node.order):
                        continue
            self._link(other, node.id, "derived", score)

    def _follow(self, node: _Node) -> None:
        """A copy without a signature: it follows its origin when that became a copy."""
        if node.copy_of is None:
            return
        origin = _nodes(self.conn, [node.copy_of])[node.copy_of]
        if origin.copy_of is not None:
            self._link(node, origin.copy_of, "near_duplicate", self._score(node.id) or 0.0)

    def _score(self, doc_id: int) -> float | None:
        links = t.document_links
        found = self.conn.execute(select(links.c.score).where(links.c.document_id == doc_id)).first()
        return float(found.score) if found is not None else None

    def _link(self, node: _Node, origin: int, relation: str, score: float) -> None:
        copy_of = origin if relation == "near_duplicate" else None
        derived = origin if relation == "derived" else None
        if (node.copy_of, node.derived_from) == (copy_of, derived) and self._score(node.id) == score:
            return
        links = t.document_links
        self.conn.execute(delete(links).where(links.c.document_id == node.id))
        self.conn.execute(insert(links).values(document_id=node.id, origin_id=origin,
                                               relation=relation, score=score))
        self.conn.execute(update(_d).where(_d.c.id == node.id)
                          .values(copy_of=copy_of, derived_from=derived))
        node.copy_of, node.derived_from = copy_of, derived
        self._changed.add(node.id)

    def _unlink(self, node: _Node) -> None:
        if node.origin is None:
            if node.story_id is None:
                self._changed.add(node.id)  # a new article starts its story
            return
        links = t.document_links
        self.conn.execute(delete(links).where(links.c.document_id == node.id))
        self.conn.execute(update(_d).where(_d.c.id == node.id)
                          .values(copy_of=None, derived_from=None))
        node.copy_of = node.derived_from = None
        self._changed.add(node.id)

    def _children(self, ids: list[int]) -> list[_Node]:
        if not ids:
            return []
        rows = self.conn.execute(select(_d.c.id).where(
            or_(_d.c.copy_of.in_(ids), _d.c.derived_from.in_(ids)))).scalars().all()
        return list(_nodes(self.conn, rows).values())

    # -- stories --------------------------------------------------------------------

    def _restory(self) -> set[int]:
        """Give the changed articles, and all that hangs on them, their origin's story."""
        nodes = _nodes(self.conn, self._changed)
        frontier = list(nodes)
        while frontier:
            found = [c for c in self._children(frontier) if c.id not in nodes]
            nodes.update((c.id, c) for c in found)
            frontier = [c.id for c in found]
        touched: set[int] = set()
        moved: set[int] = set()
        s = t.stories
        for node in sorted(nodes.values(), key=lambda n: n.order):
            origin = node.origin
            if origin is None:
                story, place = node.story_id, 0
                first = None if story is None else self.conn.execute(
                    select(s.c.first_document_id).where(s.c.id == story)).scalar()
                if first != node.id:
                    story = int(self.conn.execute(insert(s).values(
                        title=node.title, first_document_id=node.id, documents=0)
                    ).inserted_primary_key[0])  # type: ignore[index]
            else:
                parent = nodes.get(origin) or _nodes(self.conn, [origin])[origin]
                story = parent.story_id
                place = parent.story_place + (0 if node.copy_of is not None else 1)
            if (story, place) != (node.story_id, node.story_place):
                touched.update(x for x in (node.story_id, story) if x is not None)
                self.conn.execute(update(_d).where(_d.c.id == node.id)
                                  .values(story_id=story, story_place=place))
                node.story_id, node.story_place = story, place
                moved.add(node.id)
        for story_id in sorted(touched):
            n = self.conn.execute(select(func.count()).select_from(_d)
                                  .where(_d.c.story_id == story_id)).scalar_one()
            if n:
                self.conn.execute(update(s).where(s.c.id == story_id).values(documents=n))
            else:  # its first article joined an older story, with all its own
                self.conn.execute(delete(s).where(s.c.id == story_id))
        return self._changed | moved

