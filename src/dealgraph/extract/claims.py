"""Deal claims from one article's sentences, mentions, amounts and dates.

Reading order matters: an article tells a story, and later sentences lean on
earlier ones ("les entreprises", "le montant", "nous"). The extractor walks the
sentences in order and keeps a little state: the deal being talked about, the
last report named, the last date of the paragraph. For each sentence:

1. find deal words (the cues lexicon); where the sentence's dependency parse names
   their parties through a predicate frame (:mod:`dealgraph.extract.frames`), the
   claims are the frames' (:mod:`dealgraph.extract.frame_claims`); elsewhere the
   parties are read by position (:mod:`dealgraph.extract.parties`), a missing one
   from the deal being talked about, or "nous/we" from the person quoted;
2. a later clause that moves the same deal on ("..., and made their filings with
   the Department of Justice") is a claim of its own, as is the report a denial
   names;
3. read the status (status lexicon, by precedence), the amount and valuation
   (:mod:`dealgraph.extract.amounts`), the date (in the sentence, else earlier in
   its paragraph) and the source (:mod:`dealgraph.extract.attribution`);
4. a sentence with an amount but no party ("le montant ... passant à quelques
   dizaines", "les montants devraient se situer entre 20 et 50 milliards") speaks
   of the deal being talked about: it completes the last claim if that one had no
   amount, and otherwise makes a claim of its own if it has its own status cue.

Finally, claims that say the same thing twice (the title and the lead) are merged
(:mod:`dealgraph.extract.folding`).

The reader itself keeps nothing of an article: what one article's sentences share
(the context, the claims so far, the parses) lives in an :class:`ArticleReading`
made for that article, so one reader serves several threads at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from dealgraph.extract.amounts import DealAmount, deal_amount
from dealgraph.extract.attribution import MEDIA_CATEGORIES, can_be_party, find_attribution
from dealgraph.extract.cues import Cues, Hit, normalise
from dealgraph.extract.folding import MERGE_DISTANCE, merge, without_headline_repeats
from dealgraph.extract.frame_claims import claims_from_frames, mark_shared
from dealgraph.extract.frames import reader_for
from dealgraph.extract.mood import grammatical_status
from dealgraph.extract.parties import Context, Party, RoleFinder, party
from dealgraph.knowledge import lexicon
from dealgraph.nlp.parse import Parse
from dealgraph.records import (
    Amount,
    Attribution,
    Claim,
    DateMention,
    DealKind,
    DealStatus,
    EntityKind,
    Mention,
    PartialDate,
    Sentence,
    SourceKind,
)

ParseMoney = Callable[[str, str], Amount | None]

_NESTED = 8  # characters between two deal words that make one phrase ("offer to buy")


@dataclass
class ArticleReading:
    """One article while its claims are read: what its sentences share.

    ``published`` is the article's date; ``parses`` the dependency parses of its deal
    sentences, by index; ``vouched`` the people that may be parties; ``ctx`` the deal
    in discussion, the last report and speaker; ``claims`` what was read so far.
    """

    text: str
    sentences: Sequence[Sentence]
    dates: Sequence[DateMention]
    paragraph: list[int]
    published: dt.date | None
    parses: Mapping[int, Parse]
    vouched: frozenset[str]
    ctx: Context = field(default_factory=Context)
    claims: list[Claim] = field(default_factory=list)


@dataclass(frozen=True)
class SentenceReading:
    """One sentence of an article being read: its place, words, names and money."""

    index: int
    sentence: Sentence
    words: str  # the sentence normalised, as the cue patterns read it
    inside: list[Mention]  # every mention in the sentence
    orgs: list[Mention]  # the mentions that can be a deal's party
    money: list[Amount]


class ClaimExtractor:
    """Finds the claims of articles in one language; keeps no article's state, so one
    instance serves any number of articles, in any number of threads."""

    def __init__(self, cues: Cues, org_names: Mapping[str, str], parse_money: ParseMoney):
        self.cues = cues
        self.org_names = org_names
        self.parse_money = parse_money
        self._parties = RoleFinder(cues, org_names)
        self._frames = reader_for(cues.lang)
        # the plain negation words ("not", "pas") that a parse may show as a verb's dependents
        self._negation_words = frozenset(
            w.lower() for w in lexicon(cues.lang, "status").get("negations", ())
            if re.fullmatch(r"[\w']+", w))
        elliptic = lexicon(cues.lang, "deals").get("elliptic")
        self._elliptic = (
            (re.compile(elliptic["pattern"], re.IGNORECASE), elliptic["joiner"]) if elliptic else None
        )

    def extract(
        self,
        text: str,
        sentences: Sequence[Sentence],
        mentions: Sequence[Mention],
        amounts: Sequence[Amount],
        dates: Sequence[DateMention],
        title_end: int = 0,
        published: dt.date | None = None,
        parses: Mapping[int, Parse] | None = None,
    ) -> list[Claim]:
        """The claims of the article ``text``, in narrative order.

        ``title_end`` is where the headline ends: a headline's claim that the body
        makes too (with its date and source) is the body's. ``published`` is the
        article's date: a deal it dates before the article's month, with no word of its
        status ("the purchase of Crunchy Data last year"), has happened. ``parses`` are
        the dependency parses of the deal sentences, by sentence index: where a
        sentence's frames name its parties, they are read first (:mod:`.frames`), and
        the positional rules read the other sentences.
        """
        # A person the statistical NER alone proposes may be a company it mislabelled
        # ("les faillites de Bear Stearns"): only people the knowledge base knows, or
        # that a pattern found ("l'investisseur américain Warren Buffett"), are parties.
        vouched = frozenset(m.entity.id for m in mentions if m.entity.kind is EntityKind.PERSON
                            and (m.entity.known or m.via == "pattern"))
        art = ArticleReading(text, sentences, dates, _paragraph_numbers(text, sentences),
                             published, parses or {}, vouched)
        ctx, claims = art.ctx, art.claims
        for index, sentence in enumerate(sentences):
            inside = [m for m in mentions if sentence.start <= m.start < sentence.end]
            money = [a for a in amounts if sentence.start <= a.start < sentence.end]
            money += self._elliptic_amounts(text, sentence, money)
            here = SentenceReading(index, sentence, normalise(sentence.text), inside,
                                   [m for m in inside if self._can_be_party(art, m)], money)
            found = _with_round_amount(claims, here, self._sentence_claims(art, here))
            for claim in found:
                claims.append(claim)
                if claim.investor is not None:
                    ctx.investor, ctx.target, ctx.kind = claim.investor, claim.target, claim.kind
                elif claim.target != ctx.target:
                    ctx.investor, ctx.target, ctx.kind = None, claim.target, claim.kind
            if not found:
                _return_to_named_deal(ctx, claims, inside)
            for m in inside:
                if m.entity.kind is EntityKind.PERSON:
                    ctx.speaker = m
            # the subject a pronoun opening the next sentence stands for ("Il s'est engagé")
            ctx.topic = next((party(m) for m in here.orgs if m.entity.kind is EntityKind.ORG),
                             None)
            if any((m.entity.category or "") in MEDIA_CATEGORIES for m in inside):
                attribution = find_attribution(sentence, text, inside, self.cues)
                if attribution is not None and attribution.kind is SourceKind.PUBLICATION:
                    ctx.report = attribution
        # nobody invests in itself: a pair read twice from one name is no claim
        kept = [c for c in claims if c.investor is None or c.investor != c.target]
        return merge(without_headline_repeats(kept, title_end))

    # -- one sentence -------------------------------------------------------------

    def _sentence_claims(self, art: ArticleReading, here: SentenceReading) -> list[Claim]:
        ctx, s = art.ctx, here.words
        # "WMX Acquisition Corp": a deal word inside a name is no deal word
        names = [(m.start - here.sentence.start, m.end - here.sentence.start) for m in here.inside]
        hits = [h for h in self.cues.kind_hits(s) if not any(a <= h.start < b for a, b in names)]
        if not hits and (ctx.target is None or ctx.kind is None):
            return []  # nothing to claim and no deal in discussion: most sentences stop here
        status, cue = self.cues.status_of(s)
        framed: list[Claim] = []
        if hits and here.index in art.parses:
            framed = self._framed(art, here)
        if framed and status is not DealStatus.DENIED and any(c.investor for c in framed):
            return framed
        # the positional rules read the rest, and two cases the frames read less well
        # when the rules read them at all: a denial of a report ("X denied it was in talks
        # to buy Y"), and a deal whose parties only the context names ("les entreprises
        # ... un investissement")
        if not hits:
            return self._amount_only(art, here, status, cue)
        ruled = self._ruled(art, here, hits, status, cue)
        if not ruled and not framed and self.cues.deal_anaphora.search(s):
            # "The merger was then challenged in court": the deal in discussion, named by
            # anaphora, whose parties no rule reads in the sentence itself
            return self._amount_only(art, here, status, cue)
        return ruled or framed

    def _ruled(self, art: ArticleReading, here: SentenceReading, hits: list[Hit],
               status: DealStatus | None, cue: str | None) -> list[Claim]:
        """The claims the positional rules read in a sentence with deal words."""
        s, sentence, money = here.words, here.sentence, here.money
        results: list[Claim] = []
        # A deal word right after another is its complement ("its tender offer to buy
        # shares", "une offre de rachat"): the phrase is one deal, read from its head.
        hits = [h for i, h in enumerate(hits)
                if i == 0 or h.start - hits[i - 1].end > _NESTED or h.label == hits[i - 1].label]
        # Money words come before partnership words ("leur partenariat ... un
        # investissement de dizaines de milliards"); of several, the one the sentence's
        # money follows nearest: in "X, ... après le rachat de Merrill Lynch, a annoncé
        # avoir levé 15 milliards", the amount is the raise's.
        spots = [a.start - sentence.start for a in money]
        hits.sort(key=lambda h: (h.label == DealKind.PARTNERSHIP.value,
                                 min((p - h.end for p in spots if p >= h.end), default=len(s))))
        for hit in hits:
            lo, hi = self.cues.clause(s, hit.start, hit.end)
            own_money = money
            if (lo, hi) != (0, len(s)):
                # "..., and it has said it plans to stay independent": another statement
                status, cue = self.cues.status_of(s[lo:hi])
            relative = self.cues.relative_clause(s, hit.start, hit.end)
            if relative is not None:
                # "Rainier, which agreed to merge with Security Pacific, said ... its assets
                # will rise to 9.8 billion dlrs": the main clause's amounts are not the aside's
                own_money = [a for a in money if relative[0] <= a.start - sentence.start < relative[1]]
            status, cue = self._modifier_status(s, hit, status, cue)
            if status is None and here.index in art.parses:
                # no status word: the deal word's mood and tense ("has backed": done)
                status = grammatical_status(art.parses[here.index], hit.start,
                                            self._frames.frames, self._negation_words)
            roles = self._parties.roles(s, sentence.start, hit, here.orgs, art.ctx, here.inside,
                                        art.text, status, bool(own_money))
            if roles is None:
                continue
            investors, target, kind, explicit = roles
            amount = deal_amount(art.text, own_money, self.cues)
            if not investors and kind is not DealKind.FUNDING_ROUND:
                continue
            # A sentence that names no party leans wholly on the context; it is a claim
            # only if it says something of its own: an amount and a status, or a turn.
            if not explicit and not ((amount and status) or status in _CHANGES
                                     or _new_stage(art, status)):
                continue
            if kind is DealKind.FUNDING_ROUND and not any(not p.name for p in investors):
                # The round itself, then one claim per named participant, each with the
                # round's amount and status (the evaluation schema's reading of a round).
                investors = [Party("", "", DealKind.FUNDING_ROUND), *investors]
            holders: list[Party | None] = list(investors) or [None]
            first = len(results)
            for investor in holders:
                own_kind = investor.kind if investor and investor.kind else kind
                # A participant's share of a round is not the round's amount.
                share = amount if own_kind is kind else None
                said = _Said(investor if investor and investor.name else None, target, own_kind,
                             status, cue, share)
                results.append(self._claim(art, here, said, anchor=sentence.start + hit.start,
                                           lead=investor is not None and investor.lead))
            if kind is not DealKind.FUNDING_ROUND:
                mark_shared(results, first)
            results += self._other_clauses(art, here, (lo, hi), results[0])
            break  # one deal per sentence: the first deal word that has parties
        if status is DealStatus.DENIED and results:
            results += self._denied_report(here, results[0])
        if results and self.cues.detail.search(s) and art.claims:
            # "The investment includes the purchase of ... shares", "nous pensions que la
            # participation serait composée d'actions ordinaires": the parts of a deal told
            return []
        return results

    def _framed(self, art: ArticleReading, here: SentenceReading) -> list[Claim]:
        """The claims of a sentence whose parse names the parties of its deal words."""
        parse, start = art.parses[here.index], here.sentence.start
        frames = self._frames.read(parse, start, here.orgs)
        if not frames:
            return []
        # a round no role names is the main subject's ("Clubhouse said the round was led
        # by X"), unless a newspaper reports it, or the round in discussion
        speaker = self._frames.main_subject(parse, start, here.orgs)
        fallback = [party(speaker)] if speaker is not None and (
            speaker.entity.category or "") not in MEDIA_CATEGORIES else []
        if art.ctx.target and art.ctx.kind is DealKind.FUNDING_ROUND:
            fallback.append(Party(art.ctx.target, ""))

        def build(investor: Party | None, target: Party, kind: DealKind,
                  status: DealStatus | None, cue: str | None, amount: DealAmount | None,
                  anchor: int, lead: bool) -> Claim:
            return self._claim(art, here, _Said(investor, target, kind, status, cue, amount),
                               anchor=anchor, lead=lead)

        return claims_from_frames(art.text, (start, here.sentence.end), frames, here.money,
                                  self.cues, build, fallback)

    def _modifier_status(self, s: str, hit: Hit, status: DealStatus | None, cue: str | None
                         ) -> tuple[DealStatus | None, str | None]:
        """A status word that qualifies the deal noun tells its stage better than a word of
        the process around it: "complied with all federal waiting period requirements for
        Stone's proposed 32.25 dlr per share cash acquisition" is a proposed acquisition,
        not one under review (the lexicon names such context statuses)."""
        if status not in self.cues.context_statuses:
            return status, cue
        modifier = self.cues.modifier(s, hit.start, hit.end)
        if modifier is None:
            return status, cue
        return DealStatus(modifier.label), modifier.text

    def _other_clauses(self, art: ArticleReading, here: SentenceReading,
                       own: tuple[int, int], claim: Claim) -> list[Claim]:
        """A later clause of the sentence with no deal word of its own that moves the same
        deal on: "The companies entered into a merger agreement on January 27, and made
        their initial filings with the Department of Justice" is an agreement and a review."""
        s = here.words
        found: list[Claim] = []
        for lo, hi in self.cues.clauses(s):
            if (lo, hi) == own or lo < own[0] or self.cues.kind_hits(s[lo:hi]):
                continue
            status, cue = self.cues.status_of(s[lo:hi])
            if status is None or status == claim.status or status not in _CHANGES | {DealStatus.UNDER_REVIEW}:
                continue
            investor = Party(claim.investor, "") if claim.investor else None
            where = next((h.start for h in self.cues.status_hits(s[lo:hi]) if h.text == cue), 0)
            said = _Said(investor, Party(claim.target or "", ""), claim.kind, status, cue, None)
            found.append(self._claim(art, here, said, anchor=here.sentence.start + lo + where))
        return found

    def _denied_report(self, here: SentenceReading, denial: Claim) -> list[Claim]:
        """"SoftBank a démenti les informations du Nikkei selon lesquelles il serait en
        discussions...": the report denied is a claim too, from the publication."""
        hits = self.cues.status_hits(here.words)
        first = next((h for h in hits if h.label == DealStatus.DENIED.value), None)
        reported = next((h for h in hits if first and h.start > first.end
                         and h.label not in (DealStatus.DENIED.value, DealStatus.RUMORED.value)),
                        None)
        if reported is None:
            return []
        paper = next((m for m in here.inside if (m.entity.category or "") in MEDIA_CATEGORIES),
                     None)
        source = (Attribution(paper.entity.name, SourceKind.PUBLICATION, paper.text, paper.start,
                              paper.end) if paper else None)
        return [replace(denial, status=DealStatus(reported.label), cue=reported.text,
                        source=source, embedded=True)]

    def _can_be_party(self, art: ArticleReading, m: Mention) -> bool:
        """Organisations other than media and regulators; and people who speak for no
        organisation, since they invest in their own name (a chief executive's
        announcement is the company's deal)."""
        if m.entity.kind is EntityKind.PERSON:
            return m.entity.org is None and m.entity.id in art.vouched
        return can_be_party(art.text, m, self.cues)

    def _claim(self, art: ArticleReading, here: SentenceReading, said: _Said,
               anchor: int | None = None, lead: bool = False) -> Claim:
        """The claim ``said`` of a sentence, with its source, date and status completed."""
        investor, target, status, cue, amount = (said.investor, said.target, said.status,
                                                 said.cue, said.amount)
        text, sentence, ctx = art.text, here.sentence, art.ctx
        names = {target.name} | ({investor.name} if investor else set())
        ids = {target.id} | ({investor.id} if investor else set())
        source = find_attribution(sentence, text, here.inside, self.cues, names, ids, ctx.report)
        if source is None and investor is not None and ctx.speaker is not None \
                and self.cues.first_person.search(here.words):
            speaker = ctx.speaker
            source = Attribution(speaker.entity.name, SourceKind.PARTY, speaker.text,
                                 speaker.start, speaker.end)
        when = _date_for(art, here.index, anchor)
        dated_here = any(sentence.start <= d.start < sentence.end for d in art.dates)
        if status is None and when is not None and dated_here and art.published is not None \
                and when.latest() < art.published.replace(day=1):
            # only a date of the sentence itself: one borrowed from earlier in the paragraph
            # ("la valeur comptable au 31 août. MUFG investira...") may date something else
            status, cue = DealStatus.COMPLETED, None
        if status is None and ((source is not None and source.kind is SourceKind.UNNAMED)
                               or self.cues.hearsay.search(here.words)):
            # No word of a stage, but the claim is only reported: "selon des sources",
            # "people familiar with the matter", "X rachèterait Y" (a rumour's mood).
            status, cue = DealStatus.RUMORED, None
        return Claim(
            investor=investor.name if investor else None,
            target=target.name,
            kind=said.kind,
            status=status or self.cues.default_status,
            evidence=sentence,
            min=amount.min if amount else None,
            max=amount.max if amount else None,
            currency=amount.currency if amount else None,
            valuation=amount.valuation if amount else None,
            per_share=amount.per_share if amount else None,
            date=when,
            source=source,
            amount=amount.amount if amount else None,
            cue=cue,
            order=here.index,
            lead=lead,
        )

    def _amount_only(self, art: ArticleReading, here: SentenceReading,
                     status: DealStatus | None, cue: str | None) -> list[Claim]:
        """A sentence without deal words that still speaks of the deal in discussion.

        "Le montant ... passant à quelques dizaines" completes the last claim when
        that one had no amount; a sentence with its own source ("selon la plupart des
        analystes") is a claim of its own; so is a turn of events ("n'était pas
        contraignant") naming one of the deal's parties.
        """
        ctx, claims, s, money = art.ctx, art.claims, here.words, here.money
        if ctx.target is None or ctx.kind is None:
            return []
        names = {m.entity.name for m in here.orgs}
        parties = {ctx.investor, ctx.target}
        if names and not names & parties:
            return []
        if money and not any(_deal_money(deal_amount(art.text, [a], self.cues)) for a in money):
            # a profit, damages or a share's closing price: the sentence is about other money
            return []
        investor = Party(ctx.investor, "") if ctx.investor else None
        target = Party(ctx.target, "")
        amount = deal_amount(art.text, money[-1:], self.cues) if money else None
        if amount is not None and self.cues.amount_nouns.search(s):
            own_source = find_attribution(here.sentence, art.text, here.inside, self.cues)
            last = claims[-1] if claims else None
            if own_source is None:
                if (last is not None and last.min is None and last.max is None
                        and here.index - last.order <= MERGE_DISTANCE):
                    claims[-1] = replace(last, min=amount.min, max=amount.max,
                                         currency=amount.currency, amount=amount.amount)
                return []
            return [self._claim(art, here, _Said(investor, target, ctx.kind, status, cue,
                                                 amount))]
        names_deal = bool(names & parties) or bool(self.cues.deal_anaphora.search(s))
        if (status in _CHANGES or _new_stage(art, status)) and names_deal and investor is not None:
            amount = deal_amount(art.text, money, self.cues)
            return [self._claim(art, here, _Said(investor, target, ctx.kind, status, cue,
                                                 amount))]
        return []

    def _elliptic_amounts(self, text: str, sentence: Sentence, money: list[Amount]) -> list[Amount]:
        """"d'une centaine de milliards à quelques dizaines": the second borrows the unit."""
        if self._elliptic is None or not money:
            return []
        pattern, joiner = self._elliptic
        found: list[Amount] = []
        for match in pattern.finditer(normalise(sentence.text)):
            start = sentence.start + match.start(1)
            prior = [a for a in money if a.end <= start and start - a.end <= 8]
            if not prior:
                continue
            unit_words = prior[-1].text.split()
            for k in range(1, min(4, len(unit_words)) + 1):
                phrase = f"{match.group(1)} {joiner} {' '.join(unit_words[-k:])}"
                parsed = self.parse_money(phrase, self.cues.lang)
                if parsed is not None and parsed.min is not None:
                    found.append(Amount(match.group(1), start, sentence.start + match.end(1),
                                        parsed.min, parsed.max,
                                        parsed.currency or prior[-1].currency, True))
                    break
        return found


@dataclass(frozen=True)
class _Said:
    """What a reading of a sentence says before the claim is completed: the parties,
    the kind, the status words and the amount."""

    investor: Party | None
    target: Party
    kind: DealKind
    status: DealStatus | None
    cue: str | None
    amount: DealAmount | None


def _with_round_amount(claims: Sequence[Claim], here: SentenceReading,
                       found: list[Claim]) -> list[Claim]:
    """A round's participants named in a later sentence without money of its own ("The
    round was led by X and joined by Y and Z") take part in the round told before: each
    carries its amount, as the schema reads a round: the last round of the same company
    told with an amount lends it."""
    if here.money or not found:
        return found
    rounds = [c for c in claims if c.kind is DealKind.FUNDING_ROUND and c.investor is None
              and (c.min is not None or c.max is not None)]
    named = {m.entity.name for m in here.orgs}  # not a participant the context recalls
    out = []
    for claim in found:
        told = next((r for r in reversed(rounds) if r.target == claim.target), None)
        if told is not None and claim.kind is DealKind.FUNDING_ROUND and claim.investor in named \
                and claim.min is None and claim.max is None:
            claim = replace(claim, min=told.min, max=told.max, currency=told.currency,
                            amount=told.amount)
        out.append(claim)
    return out


def _deal_money(amount: DealAmount | None) -> bool:
    """Whether an amount read from a sentence is deal money: a size, a valuation or a
    price per share, not money the lexicon names as something else."""
    return amount is not None and any(v is not None for v in (
        amount.min, amount.max, amount.valuation, amount.per_share))


def _return_to_named_deal(ctx: Context, claims: list[Claim], inside: list[Mention]) -> None:
    """A sentence naming both parties of a deal told earlier brings the story back to it
    ("Nvidia restera un investisseur important dans OpenAI", after a Microsoft aside)."""
    names = {m.entity.name for m in inside}
    for claim in reversed(claims):
        if claim.investor in names and claim.target in names:
            ctx.investor, ctx.target, ctx.kind = claim.investor, claim.target, claim.kind
            return


def _new_stage(art: ArticleReading, status: DealStatus | None) -> bool:
    """Whether ``status`` is a stage of the deal in discussion that no claim of the
    article has told yet: a story tells a deal's history ("the merger, announced two
    years ago", "TD did not expect regulatory approval", then "called off"), and each
    stage is a claim of its own, even in a sentence that names the deal only by
    anaphora. An intention or a rumour ("would", "is expected to", "reportedly") is no
    stage: such a word qualifies what the sentence says about the deal, not the deal;
    nor is talk of the talks ("the talks are at an early stage"), which tells how the
    negotiation goes rather than a new turn."""
    ctx = art.ctx
    if status is None or status in _HEDGES or ctx.target is None:
        return False
    return not any(c.status is status for c in art.claims
                   if (c.investor, c.target) == (ctx.investor, ctx.target))


_HEDGES = frozenset({DealStatus.PLANNED, DealStatus.RUMORED, DealStatus.IN_TALKS})

# Statuses that change a deal's course and are news even without an amount.
_CHANGES = frozenset({DealStatus.STALLED, DealStatus.DENIED, DealStatus.CANCELLED,
                      DealStatus.REJECTED, DealStatus.CONFIRMED, DealStatus.COMPLETED})


def _paragraph_numbers(text: str, sentences: Sequence[Sentence]) -> list[int]:
    numbers: list[int] = []
    count, pos = 0, 0
    for s in sentences:
        count += text.count("\n", pos, s.start)
        pos = s.start
        numbers.append(count)
    return numbers


def _date_for(art: ArticleReading, index: int, anchor: int | None = None) -> PartialDate | None:
    """The date of the sentence nearest its deal word ("Fondée en 2023, Dust avait levé
    16 millions l'an dernier": l'an dernier), else the last date earlier in the paragraph."""
    sentences, dates, paragraph = art.sentences, art.dates, art.paragraph
    sentence = sentences[index]
    inside = [d for d in dates if sentence.start <= d.start < sentence.end]
    if inside:
        where = sentence.start if anchor is None else anchor
        return min(inside, key=lambda d: (not d.since, abs(d.start - where))).value
    start = sentence.start
    para_start = next((sentences[j].start for j in range(index, -1, -1)
                       if paragraph[j] != paragraph[index]), None)
    earlier = [d for d in dates if d.end <= start and (para_start is None or d.start > para_start)]
    return earlier[-1].value if earlier else None
