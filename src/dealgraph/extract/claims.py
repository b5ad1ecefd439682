"""Deal claims from one article's sentences, mentions, amounts and dates.

Reading order matters: an article tells a story, and later sentences lean on
earlier ones ("les entreprises", "le montant", "nous"). The extractor walks the
sentences in order and keeps a little state: the deal being talked about, the
last report named, the last date of the paragraph. For each sentence:

1. find deal words (the cues lexicon) and, for each, the parties by position:
   the subject before the word invests or acquires, the party after "dans/in"
   or after an acquisition word is the target; "lever/raise" makes its subject
   the target; "par/by" after the word makes the sentence passive;
2. fill a missing party from the deal being talked about, or "nous/we" from the
   person quoted;
3. read the status (status lexicon, by precedence), the amount and valuation
   (:mod:`dealgraph.extract.amounts`), the date (in the sentence, else earlier in
   its paragraph) and the source (:mod:`dealgraph.extract.attribution`);
4. a sentence with an amount but no party ("le montant ... passant à quelques
   dizaines", "les montants devraient se situer entre 20 et 50 milliards") speaks
   of the deal being talked about: it completes the last claim if that one had no
   amount, and otherwise makes a claim of its own if it has its own status cue.

Finally, claims that say the same thing twice (the title and the lead) are merged.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from dealgraph.extract.amounts import DealAmount, deal_amount
from dealgraph.extract.attribution import MEDIA_CATEGORIES, can_be_party, find_attribution
from dealgraph.extract.cues import Cues, Hit, normalise
from dealgraph.knowledge import lexicon
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

# A party more than this many characters from its deal word is too far to be read
# by position alone (a long sentence often holds two stories).
_REACH = 160
_NESTED = 8  # characters between two deal words that make one phrase ("offer to buy")
_MERGE_DISTANCE = 3  # sentences within which a continued report is merged
# "in Paris-based DIM", "dans la parisienne Dust": a place adjective before a name
_PLACE_ADJECTIVE = re.compile(r"-(?:based|basée?s?)$")


@dataclass
class _Context:
    """What the article is talking about so far."""

    investor: str | None = None
    target: str | None = None
    kind: DealKind | None = None
    report: Attribution | None = None
    speaker: Mention | None = None


@dataclass(frozen=True)
class Party:
    name: str
    id: str
    kind: DealKind | None = None  # this party's own kind of deal, when it differs


class ClaimExtractor:
    """Finds the claims of one article; one instance per language, reusable."""

    def __init__(self, cues: Cues, org_names: Mapping[str, str], parse_money: ParseMoney):
        self._published: dt.date | None = None
        self._vouched: set[str] = set()
        self.cues = cues
        self.org_names = org_names
        self.parse_money = parse_money
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
    ) -> list[Claim]:
        """The claims of the article ``text``, in narrative order.

        ``title_end`` is where the headline ends: a headline's claim that the body
        makes too (with its date and source) is the body's. ``published`` is the
        article's date: a deal it dates before the article's month, with no word of its
        status ("the purchase of Crunchy Data last year"), has happened.
        """
        self._published = published
        # A person the statistical NER alone proposes may be a company it mislabelled
        # ("les faillites de Bear Stearns"): only people the knowledge base knows, or
        # that a pattern found ("l'investisseur américain Warren Buffett"), are parties.
        self._vouched = {m.entity.id for m in mentions
                         if m.entity.kind is EntityKind.PERSON and (m.entity.known or m.via == "pattern")}
        ctx = _Context()
        claims: list[Claim] = []
        paragraph = _paragraph_numbers(text, sentences)
        for index, sentence in enumerate(sentences):
            inside = [m for m in mentions if sentence.start <= m.start < sentence.end]
            money = [a for a in amounts if sentence.start <= a.start < sentence.end]
            money += self._elliptic_amounts(text, sentence, money)
            found = self._sentence_claims(text, sentence, index, inside, money, dates,
                                          sentences, paragraph, ctx, claims)
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
            if any((m.entity.category or "") in MEDIA_CATEGORIES for m in inside):
                attribution = find_attribution(sentence, text, inside, self.cues)
                if attribution is not None and attribution.kind is SourceKind.PUBLICATION:
                    ctx.report = attribution
        return _merge(_without_headline_repeats(claims, title_end))

    # -- one sentence -------------------------------------------------------------

    def _sentence_claims(self, text: str, sentence: Sentence, index: int,
                         inside: list[Mention], money: list[Amount], dates: Sequence[DateMention],
                         sentences: Sequence[Sentence], paragraph: list[int], ctx: _Context,
                         claims: list[Claim]) -> list[Claim]:
        s = normalise(sentence.text)
        # "WMX Acquisition Corp": a deal word inside a name is no deal word
        names = [(m.start - sentence.start, m.end - sentence.start) for m in inside]
        hits = [h for h in self.cues.kind_hits(s) if not any(a <= h.start < b for a, b in names)]
        if not hits and (ctx.target is None or ctx.kind is None):
            return []  # nothing to claim and no deal in discussion: most sentences stop here
        status, cue = self.cues.status_of(s)
        orgs = [m for m in inside if self._can_be_party(text, m)]
        if not hits:
            return self._amount_only(text, sentence, index, inside, orgs, money, dates,
                                     sentences, paragraph, ctx, claims, status, cue)
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
            roles = self._roles(s, sentence.start, hit, orgs, ctx, inside, text, status,
                                bool(own_money))
            if roles is None:
                continue
            investors, target, kind, explicit = roles
            amount = deal_amount(text, own_money, self.cues)
            if not investors and kind is not DealKind.FUNDING_ROUND:
                continue
            # A sentence that names no party leans wholly on the context; it is a claim
            # only if it says something of its own: an amount and a status, or a turn.
            if not explicit and not ((amount and status) or status in _CHANGES):
                continue
            if kind is DealKind.FUNDING_ROUND and not any(
                    p.kind is DealKind.FUNDING_ROUND for p in investors) and (
                    amount is not None or not investors):
                # The round itself, when it has an amount or nobody else to hold it.
                investors = [Party("", "", DealKind.FUNDING_ROUND), *investors]
            holders: list[Party | None] = list(investors) or [None]
            for investor in holders:
                own_kind = investor.kind if investor and investor.kind else kind
                # A participant's share of a round is not the round's amount.
                share = amount if own_kind is kind else None
                claim = self._claim(text, sentence, index, investor if investor and investor.name
                                    else None, target, own_kind, status, cue, share, inside,
                                    dates, sentences, paragraph, ctx,
                                    anchor=sentence.start + hit.start)
                results.append(claim)
            results += self._other_clauses(text, s, sentence, index, (lo, hi), results[0], inside,
                                           dates, sentences, paragraph, ctx)
            break  # one deal per sentence: the first deal word that has parties
        if status is DealStatus.DENIED and results:
            results += self._denied_report(s, sentence, results[0], inside, text)
        if results and self.cues.detail.search(s) and claims:
            # "The investment includes the purchase of ... shares", "nous pensions que la
            # participation serait composée d'actions ordinaires": the parts of a deal told
            return []
        return results

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

    def _other_clauses(self, text: str, s: str, sentence: Sentence, index: int,
                       own: tuple[int, int], claim: Claim, inside: list[Mention],
                       dates: Sequence[DateMention], sentences: Sequence[Sentence],
                       paragraph: list[int], ctx: _Context) -> list[Claim]:
        """A later clause of the sentence with no deal word of its own that moves the same
        deal on: "The companies entered into a merger agreement on January 27, and made
        their initial filings with the Department of Justice" is an agreement and a review."""
        found: list[Claim] = []
        for lo, hi in self.cues.clauses(s):
            if (lo, hi) == own or lo < own[0] or self.cues.kind_hits(s[lo:hi]):
                continue
            status, cue = self.cues.status_of(s[lo:hi])
            if status is None or status == claim.status or status not in _CHANGES | {DealStatus.UNDER_REVIEW}:
                continue
            investor = Party(claim.investor, "") if claim.investor else None
            where = next((h.start for h in self.cues.status_hits(s[lo:hi]) if h.text == cue), 0)
            found.append(self._claim(text, sentence, index, investor, Party(claim.target or "", ""),
                                     claim.kind, status, cue, None, inside, dates, sentences,
                                     paragraph, ctx, anchor=sentence.start + lo + where))
        return found

    def _denied_report(self, s: str, sentence: Sentence, denial: Claim, inside: list[Mention],
                       text: str) -> list[Claim]:
        """"SoftBank a démenti les informations du Nikkei selon lesquelles il serait en
        discussions...": the report denied is a claim too, from the publication."""
        hits = self.cues.status_hits(s)
        first = next((h for h in hits if h.label == DealStatus.DENIED.value), None)
        reported = next((h for h in hits if first and h.start > first.end
                         and h.label not in (DealStatus.DENIED.value, DealStatus.RUMORED.value)),
                        None)
        if reported is None:
            return []
        paper = next((m for m in inside if (m.entity.category or "") in MEDIA_CATEGORIES), None)
        source = (Attribution(paper.entity.name, SourceKind.PUBLICATION, paper.text, paper.start,
                              paper.end) if paper else None)
        return [replace(denial, status=DealStatus(reported.label), cue=reported.text,
                        source=source, embedded=True)]

    def _roles(self, s: str, base: int, hit: Hit, orgs: list[Mention], ctx: _Context,
               inside: list[Mention], text: str, status: DealStatus | None, priced: bool
               ) -> tuple[list[Party], Party, DealKind, int] | None:
        """Investors, target and kind around one deal word; ``None`` when unreadable.

        Each investor may carry its own kind: in a round, the lead holds the round
        ("menée par General Catalyst") and the other backers each make an investment.
        """
        kind = DealKind(hit.label)
        start, end = base + hit.start, base + hit.end
        before = [m for m in orgs if m.end <= start and start - m.end <= _REACH
                  and not self._speaks(text, m, start)]
        # People put money in ("Warren Buffett a acheté", "auprès de Xavier Niel") but
        # are not bought or funded: after the deal word only backers may be people.
        reached = [m for m in orgs if m.start >= end and m.start - end <= _REACH]
        after = [m for m in reached if m.entity.kind is EntityKind.ORG]
        is_raise = bool(self.cues.raise_.fullmatch(hit.text)) or kind is DealKind.FUNDING_ROUND
        investors: list[Party] = []
        target: Party | None = None
        chosen: Mention | None = None
        if self.cues.inverse.fullmatch(hit.text):
            # "Morgan Stanley ouvre son capital à MUFG", "l'entrée à son tour de table de
            # MUFG": the subject is the target, the party named after puts the money in.
            companies = [m for m in before if m.entity.kind is EntityKind.ORG]
            # the complement may begin inside the cue: "ses actions au japonais"
            joining = [m for m in orgs if m.start > start and m.end > end and m.start - end <= _REACH]
            investors = [_party(m) for m in joining[:1]]
            target = _party(companies[-1]) if companies else (
                Party(ctx.target, "") if ctx.target else None)
            if not investors or target is None:
                return None
            return investors, target, DealKind.INVESTMENT, 1 + bool(companies)
        if is_raise:
            leads = [m for m in reached if self._introduced_by(text, m, self.cues.lead)]
            backers = [m for m in reached if m not in leads
                       and self._introduced_by(text, m, self.cues.investor_before)]
            backers = self._listed_with(text, backers, reached)
            named = set(map(id, leads)) | set(map(id, backers))
            # the subject may stand further back than a party would, behind an apposition
            companies = [m for m in orgs if m.end <= start and m.entity.kind is EntityKind.ORG]
            subject = self._subject(text, companies, inside)
            if subject is None and after and id(after[0]) not in named:
                subject = after[0]
            if subject is not None:
                target = _party(subject)
            elif ctx.target is not None:
                target = Party(ctx.target, "")
            if not leads and not backers and target is not None and ctx.investor \
                    and ctx.kind is DealKind.FUNDING_ROUND and ctx.target == target.name \
                    and not self.cues.unnamed_investors.search(s):
                # "son directeur général a confirmé la levée": the round led by the same lead
                leads = [m for m in inside if m.entity.name == ctx.investor][:1]
                if not leads:
                    investors = [Party(ctx.investor, "", DealKind.FUNDING_ROUND)]
            kind = DealKind.FUNDING_ROUND
            if not leads and len(backers) == 1 \
                    and not self._introduced_by(text, backers[0], self.cues.partial_list):
                # "a levé 16 millions auprès de Sequoia": the one named backer is the round's.
                leads, backers = backers, []
            investors += [_party(m, DealKind.FUNDING_ROUND) for m in leads[:1]]
            investors += [_party(m, DealKind.INVESTMENT) for m in leads[1:] + backers]
        else:
            if kind is DealKind.ACQUISITION and self.cues.stake.search(s[hit.end: hit.end + 45]):
                kind = DealKind.INVESTMENT  # "to buy a 34 pct interest in": a stake
            actor = next((m for m in after if self._introduced_by(text, m, self.cues.passive)
                          and "," not in text[end: m.start]), None)
            prior = before[-1] if before else None
            if actor is None and prior is not None and len(before) > 1 \
                    and self._introduced_by(text, prior, self.cues.passive):
                # "rejected a proposal by Diagnostic Retrieval to acquire its stock"
                investors = [_party(prior)]
                chosen = after[0] if after else before[0]
                target = _party(chosen)
            elif actor is None and prior is not None and self._unnamed_actor(s[hit.end:]):
                # "talks on its possible purchase by a 'substantial U.S. company'"
                investors, target = [Party("", "", kind)], _party(prior)
            elif actor is not None:
                # "le rachat d'Aleph Alpha par SAP", "a proposal from Ecolab"
                investors = [_party(actor)]
                rest = [m for m in after if m is not actor and m.start < actor.start]
                chosen = rest[0] if rest else (before[-1] if before else None)
                target = _party(chosen) if chosen else None
            else:
                if before:
                    investors = [_party(self._parent(text, m, before))
                                 for m in self._coordinated(text, before)]
                marked = [m for m in after if self._introduced_by(text, m, self.cues.target_before)]
                chosen = marked[0] if marked else (after[0] if after else None)
                if after and chosen is not after[0] and self._loosely_marked(text, end, after[0]):
                    # "the acquisition of Tacoma, Wash.-based United Bank, for ... of Rainier
                    # stock": the first party after the marker, not a later "of X"
                    chosen = after[0]
                gap = normalise(text[end: chosen.start]) if chosen is not None else ""
                marker = self.cues.target_before.search(gap)
                if not marked and marker and len(gap[marker.end():].split()) > 3:
                    chosen = None  # "invest ¥300 billion in Japanese AI companies, ... SoftBank"
                target = _party(chosen) if chosen else None
                if status is DealStatus.REJECTED and investors and target is not None \
                        and not marked:
                    # "Soitec a rejeté une offre de GlobalWafers": who rejects is the target
                    investors, target = [target], investors[0]
        explicit = len(investors) + (target is not None and target.id != "")
        if not investors and target is None and ctx.investor and ctx.target \
                and self.cues.pair_anaphora.search(s):
            # "les deux sociétés avaient annoncé un partenariat"
            investors, target = [Party(ctx.investor, "")], Party(ctx.target, "")
            explicit = 2
        if not investors and not is_raise:
            speaker_org = self._first_person_org(s, hit, ctx)
            if speaker_org is not None:
                investors = [speaker_org]
                explicit += 1
        # "could invest up to ¥300 billion in Japanese AI companies": a target, unnamed
        unnamed_target = target is None and self._unnamed_target(s[hit.end: hit.end + 60])
        if target is None and kind is DealKind.ACQUISITION and investors and not unnamed_target:
            # "Vodafone monte, une information voulant qu'AT&T étudie une éventuelle OPA":
            # a takeover word with no object is about the other company named.
            party_names = {p.name for p in investors}
            other = next((m for m in before if m.entity.name not in party_names), None)
            if other is not None and ctx.target is None:
                target = _party(other)
        if target is None and status is DealStatus.DENIED and investors:
            # "Black Forest Labs denied a report that Meta would invest in the start-up":
            # who denies, if not the investor, is the target.
            party_names = {p.name for p in investors}
            denier = next((m for m in before if m.entity.name not in party_names), None)
            if denier is not None:
                target = _party(denier)
        newcomer = bool(investors) and ctx.investor is not None \
            and all(p.name != ctx.investor for p in investors)
        if target is None and not unnamed_target and ctx.target is not None \
                and all(p.name != ctx.target for p in investors) \
                and not (newcomer and not priced and not self._status_near(s, hit)):
            # Another investor joins the deal in discussion with money or a status of its
            # own ("Amazon, Microsoft et SoftBank discuteraient également de prises de
            # participation"); "grâce à des investissements intelligents", far from any
            # status word, is no deal with the company discussed.
            if investors or kind is DealKind.INVESTMENT:
                target = Party(ctx.target, "")
        if target is not None and not investors and not is_raise:
            if self.cues.unnamed_investors.search(s[: hit.start]):
                # "the company's early backers had sold shares": investors without a name
                return [Party("", "", kind)], target, kind, explicit
            if ctx.investor is not None and ctx.target == target.name:
                investors = [Party(ctx.investor, "")]
        if target is None:
            return None
        investors = [p for p in investors if p.name != target.name]
        if not investors and not is_raise:
            return None
        return investors, target, kind, explicit

    def _subject(self, text: str, candidates: list[Mention], inside: list[Mention]) -> Mention | None:
        """The subject among the parties before a verb: the last one that is no noun's
        complement. In "Goldman Sachs, seule survivante après les faillites de Bear
        Stearns et Lehman Brothers et le rachat de Merrill Lynch, a annoncé avoir levé",
        the names after "de" (and those listed with them) belong to the apposition."""
        for m in reversed(candidates):
            if not self._complement(text, m, inside):
                return m
        return candidates[-1] if candidates else None

    def _complement(self, text: str, m: Mention, inside: list[Mention]) -> bool:
        """True when a preposition introduces ``m``, directly or through a list."""
        if self._introduced_by(text, m, self.cues.complement_before):
            return True
        prior = [p for p in inside if p.end <= m.start]
        if prior:
            gap = normalise(text[prior[-1].end: m.start]).strip(" ,").lower()
            if gap in self.cues.list_joiners or gap == "":
                return self._complement(text, prior[-1], inside) if gap else False
        return False

    def _parent(self, text: str, m: Mention, before: list[Mention]) -> Mention:
        """The company a subsidiary acts for: "Waste Management said its wholly owned
        subsidiary, WMX Acquisition Corp, ended its tender offer" is Waste Management's."""
        earlier = [o for o in before if o.end <= m.start and o.entity.kind is EntityKind.ORG
                   and o.entity.id != m.entity.id]
        if not earlier:
            return m
        around = normalise(text[earlier[-1].end: m.start] + " " + text[m.end: m.end + 12])
        return earlier[-1] if self.cues.subsidiary.search(around) else m

    def _unnamed_target(self, rest: str) -> bool:
        """A target marker after the deal word ("invest in Japanese AI companies"), unless
        what it introduces is a deal itself: "investira six milliards dans l'acquisition de
        titres" is an investment in the company discussed, made by buying securities."""
        marker = self.cues.target_before.search(rest)
        if marker is None:
            return False
        words = rest[marker.end():].lstrip()
        determiner = self.cues.determiner.match(words)
        if determiner is not None:
            words = words[determiner.end():]
        return not any(h.start == 0 for h in self.cues.kind_hits(words))

    def _status_near(self, s: str, hit: Hit, reach: int = 40) -> bool:
        """A status word within ``reach`` characters of the deal word."""
        return any(h.end >= hit.start - reach and h.start <= hit.end + reach
                   for h in self.cues.status_hits(s))

    def _can_be_party(self, text: str, m: Mention) -> bool:
        """Organisations other than media and regulators; and people who speak for no
        organisation, since they invest in their own name (a chief executive's
        announcement is the company's deal)."""
        if m.entity.kind is EntityKind.PERSON:
            return m.entity.org is None and m.entity.id in self._vouched
        return can_be_party(text, m, self.cues)

    def _speaks(self, text: str, m: Mention, start: int) -> bool:
        """A person followed by a reporting verb before the deal word tells of the deal
        ("Buffett a dit qu'IBM ..."), and is no party to it."""
        return m.entity.kind is EntityKind.PERSON and bool(
            self.cues.reporting.search(normalise(text[m.end: start])))

    def _loosely_marked(self, text: str, end: int, m: Mention) -> bool:
        """A target marker right after the deal word, then at most three words, then ``m``."""
        gap = normalise(text[end: m.start])
        marker = self.cues.target_before.match(gap.lstrip())
        return marker is not None and len(gap.lstrip()[marker.end():].split()) <= 3

    def _unnamed_actor(self, rest: str) -> bool:
        """True when the deal word is followed by "by a ..." / "par un ...": a buyer
        the article does not name."""
        marker = self.cues.passive.match(rest.lstrip())
        if marker is None:
            return False
        after = rest.lstrip()[marker.end():].lstrip(" \"'«“")
        return bool(self.cues.indefinite.match(after))

    def _introduced_by(self, text: str, m: Mention, pattern: re.Pattern[str]) -> bool:
        """True when ``pattern`` stands just before ``m``, give or take a few
        lower-case words ("menée par le fonds américain General Catalyst")."""
        window = normalise(text[max(0, m.start - 50): m.start]).rstrip()
        for match in pattern.finditer(window):
            tail = window[match.end():].split()
            if len(tail) <= 4 and all(w[:1].islower() or _PLACE_ADJECTIVE.search(w) for w in tail):
                return True
        return False

    def _listed_with(self, text: str, backers: list[Mention], after: list[Mention]) -> list[Mention]:
        """Backers plus the parties listed after them ("comme Lightspeed, a16z et Nvidia")."""
        if not backers:
            return backers
        out = list(backers)
        for m in after:
            if m.start <= out[-1].start or m in out:
                continue
            gap = text[out[-1].end: m.start].strip(" ,").lower()
            if gap == "" or gap in self.cues.list_joiners:
                out.append(m)
        return out

    def _coordinated(self, text: str, before: list[Mention]) -> list[Mention]:
        """The subject just before the deal word, with the parties listed with it."""
        group = [before[-1]]
        joiners = self.cues.list_joiners
        for m in reversed(before[:-1]):
            gap = text[m.end: group[0].start].strip(" ,").lower()
            if gap == "" and m.entity.id == group[0].entity.id:
                continue  # "Amazon AMZN.O": the name and its ticker
            if gap not in joiners and gap != "":
                break
            if m.entity.id != group[0].entity.id:
                group.insert(0, m)
        seen: dict[str, Mention] = {}
        for m in group:
            seen.setdefault(m.entity.id, m)
        return list(seen.values())

    def _first_person_org(self, s: str, hit: Hit, ctx: _Context) -> Party | None:
        if ctx.speaker is None or not self.cues.first_person.search(s[: hit.start]):
            return None
        org = ctx.speaker.entity.org
        name = self.org_names.get(org) if org else None
        return Party(name, org or "") if name else None

    def _claim(self, text: str, sentence: Sentence, index: int, investor: Party | None,
               target: Party, kind: DealKind, status: DealStatus | None, cue: str | None,
               amount: DealAmount | None, inside: list[Mention], dates: Sequence[DateMention],
               sentences: Sequence[Sentence], paragraph: list[int], ctx: _Context,
               anchor: int | None = None) -> Claim:
        names = {target.name} | ({investor.name} if investor else set())
        ids = {target.id} | ({investor.id} if investor else set())
        source = find_attribution(sentence, text, inside, self.cues, names, ids, ctx.report)
        if source is None and investor is not None and ctx.speaker is not None \
                and self.cues.first_person.search(normalise(sentence.text)):
            speaker = ctx.speaker
            source = Attribution(speaker.entity.name, SourceKind.PARTY, speaker.text,
                                 speaker.start, speaker.end)
        when = _date_for(sentence, index, dates, sentences, paragraph, anchor)
        dated_here = any(sentence.start <= d.start < sentence.end for d in dates)
        if status is None and when is not None and dated_here and self._published is not None \
                and when.latest() < self._published.replace(day=1):
            # only a date of the sentence itself: one borrowed from earlier in the paragraph
            # ("la valeur comptable au 31 août. MUFG investira...") may date something else
            status, cue = DealStatus.COMPLETED, None
        return Claim(
            investor=investor.name if investor else None,
            target=target.name,
            kind=kind,
            status=status or self.cues.default_status,
            evidence=sentence,
            min=amount.min if amount else None,
            max=amount.max if amount else None,
            currency=amount.currency if amount else None,
            valuation=amount.valuation if amount else None,
            date=when,
            source=source,
            amount=amount.amount if amount else None,
            cue=cue,
            order=index,
        )

    def _amount_only(self, text: str, sentence: Sentence, index: int, inside: list[Mention],
                     orgs: list[Mention], money: list[Amount], dates: Sequence[DateMention],
                     sentences: Sequence[Sentence], paragraph: list[int], ctx: _Context,
                     claims: list[Claim], status: DealStatus | None, cue: str | None
                     ) -> list[Claim]:
        """A sentence without deal words that still speaks of the deal in discussion.

        "Le montant ... passant à quelques dizaines" completes the last claim when
        that one had no amount; a sentence with its own source ("selon la plupart des
        analystes") is a claim of its own; so is a turn of events ("n'était pas
        contraignant") naming one of the deal's parties.
        """
        if ctx.target is None or ctx.kind is None:
            return []
        s = normalise(sentence.text)
        names = {m.entity.name for m in orgs}
        parties = {ctx.investor, ctx.target}
        if names and not names & parties:
            return []
        investor = Party(ctx.investor, "") if ctx.investor else None
        target = Party(ctx.target, "")
        amount = deal_amount(text, money[-1:], self.cues) if money else None
        if amount is not None and self.cues.amount_nouns.search(s):
            own_source = find_attribution(sentence, text, inside, self.cues)
            last = claims[-1] if claims else None
            if own_source is None:
                if (last is not None and last.min is None and last.max is None
                        and index - last.order <= _MERGE_DISTANCE):
                    claims[-1] = replace(last, min=amount.min, max=amount.max,
                                         currency=amount.currency, amount=amount.amount)
                return []
            return [self._claim(text, sentence, index, investor, target, ctx.kind,
                                status, cue, amount, inside, dates, sentences, paragraph, ctx)]
        names_deal = bool(names & parties) or bool(self.cues.deal_anaphora.search(s))
        if status in _CHANGES and names_deal and investor is not None:
            amount = deal_amount(text, money, self.cues)
            return [self._claim(text, sentence, index, investor, target, ctx.kind, status, cue,
                                amount, inside, dates, sentences, paragraph, ctx)]
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


def _return_to_named_deal(ctx: _Context, claims: list[Claim], inside: list[Mention]) -> None:
    """A sentence naming both parties of a deal told earlier brings the story back to it
    ("Nvidia restera un investisseur important dans OpenAI", after a Microsoft aside)."""
    names = {m.entity.name for m in inside}
    for claim in reversed(claims):
        if claim.investor in names and claim.target in names:
            ctx.investor, ctx.target, ctx.kind = claim.investor, claim.target, claim.kind
            return


# Statuses that change a deal's course and are news even without an amount.
_CHANGES = frozenset({DealStatus.STALLED, DealStatus.DENIED, DealStatus.CANCELLED,
                      DealStatus.REJECTED, DealStatus.CONFIRMED, DealStatus.COMPLETED})


def _party(m: Mention, kind: DealKind | None = None) -> Party:
    return Party(m.entity.name, m.entity.id, kind)


def _paragraph_numbers(text: str, sentences: Sequence[Sentence]) -> list[int]:
    numbers: list[int] = []
    count, pos = 0, 0
    for s in sentences:
        count += text.count("\n", pos, s.start)
        pos = s.start
        numbers.append(count)
    return numbers


def _date_for(sentence: Sentence, index: int, dates: Sequence[DateMention],
              sentences: Sequence[Sentence], paragraph: list[int],
              anchor: int | None = None) -> PartialDate | None:
    """The date of the sentence nearest its deal word ("Fondée en 2023, Dust avait levé
    16 millions l'an dernier": l'an dernier), else the last date earlier in the paragraph."""
    inside = [d for d in dates if sentence.start <= d.start < sentence.end]
    if inside:
        where = sentence.start if anchor is None else anchor
        return min(inside, key=lambda d: (not d.since, abs(d.start - where))).value
    start = sentences[index].start
    para_start = next((sentences[j].start for j in range(index, -1, -1)
                       if paragraph[j] != paragraph[index]), None)
    earlier = [d for d in dates if d.end <= start and (para_start is None or d.start > para_start)]
    return earlier[-1].value if earlier else None


def _without_headline_repeats(claims: list[Claim], title_end: int) -> list[Claim]:
    body = {(c.investor, c.target, c.kind) for c in claims if c.evidence.start >= title_end}
    return [c for c in claims
            if c.evidence.start >= title_end or (c.investor, c.target, c.kind) not in body]


def _merge(claims: list[Claim]) -> list[Claim]:
    """Fold claims that add nothing to an earlier one.

    - the same thing said twice (the title and the lead): same parties, kind,
      status, amount and source;
    - a report continued over the next sentences ("Selon leurs sources, ... Le
      montant aurait fondu"): same parties, kind and status a few sentences on,
      one of them without an amount, the later one from no named source;
    - a sentence that has neither a status word nor an amount (a heading, "une
      levée record en vue") only says again that a deal claimed elsewhere exists.
    """
    kept: list[Claim] = []
    for claim in claims:
        if claim.embedded and any(
                (k.investor, k.target, k.kind, k.status)
                == (claim.investor, claim.target, claim.kind, claim.status)
                for k in claims if k is not claim):
            continue  # the report a denial refers to is already told elsewhere
        twin = next((k for k in kept if _same(k, claim)), None)
        if twin is not None:
            if twin.date is None and claim.date is not None:
                kept[kept.index(twin)] = replace(twin, date=claim.date)
            continue
        earlier = next((k for k in reversed(kept) if _continues(k, claim)), None)
        if earlier is not None:
            kept[kept.index(earlier)] = _fold(earlier, claim)
            continue
        kept.append(claim)
    return [c for c in kept if not _idle(c, kept)]


def _idle(claim: Claim, claims: list[Claim]) -> bool:
    """No status word and no amount, on a deal that other claims describe ("cette alliance
    stratégique", said of an investment already claimed, is the same deal)."""
    def same_deal(k: Claim) -> bool:
        pair = (k.investor, k.target) == (claim.investor, claim.target)
        return pair and (k.kind is claim.kind or claim.kind is DealKind.PARTNERSHIP)

    return claim.cue is None and claim.min is None and claim.max is None and any(
        k is not claim and same_deal(k) for k in claims)


def _same(a: Claim, b: Claim) -> bool:
    return (a.investor, a.target, a.kind, a.status, a.min, a.max, a.currency) == (
        b.investor, b.target, b.kind, b.status, b.min, b.max, b.currency
    ) and (a.source.name if a.source else None) == (b.source.name if b.source else None)


_WEAK_SOURCES = frozenset({SourceKind.UNNAMED, SourceKind.NONE})


def _continues(earlier: Claim, later: Claim) -> bool:
    if (earlier.investor, earlier.target, earlier.kind, earlier.status) != (
            later.investor, later.target, later.kind, later.status):
        return False
    if later.order - earlier.order > _MERGE_DISTANCE:
        return False
    no_amount = (earlier.min, earlier.max) == (None, None) or (later.min, later.max) == (None, None)
    weak = later.source is None or later.source.kind in _WEAK_SOURCES or (
        earlier.source is not None and later.source.name == earlier.source.name)
    return no_amount and weak


def _fold(earlier: Claim, later: Claim) -> Claim:
    if (earlier.min, earlier.max) == (None, None):
        earlier = replace(earlier, min=later.min, max=later.max, currency=later.currency,
                          amount=later.amount, valuation=earlier.valuation or later.valuation)
    if earlier.date is None:
        earlier = replace(earlier, date=later.date)
    if earlier.source is None:
        earlier = replace(earlier, source=later.source)
    return earlier
