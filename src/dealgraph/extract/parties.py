"""Who invests in whom: the parties around one deal word, read by position.

Given a sentence, one of its deal words (:class:`dealgraph.extract.cues.Hit`) and the
mentions that may be parties, :meth:`RoleFinder.roles` answers with the investors,
the target and the kind:

- the subject before the word invests or acquires; the party after "dans/in" or
  after an acquisition word is the target; "par/by" after the word makes the
  sentence passive; "lever/raise" makes its subject the target, and the backers
  after "auprès de/from" (the lead after "menée par/led by") its investors;
- inverse cues ("ouvre son capital à X"): the subject is the target;
- a subsidiary acts for its parent; a noun's complement ("le rachat de X") is no
  subject; parties listed with "et/and" share the role;
- a missing party comes from the deal in discussion (:class:`Context`), "les deux
  sociétés", or "nous/we" and the person quoted.

Every word list is the language's lexicon (:mod:`dealgraph.extract.cues`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from dealgraph.extract.cues import Cues, Hit, normalise
from dealgraph.records import Attribution, DealKind, DealStatus, EntityKind, Mention

# A party more than this many characters from its deal word is too far to be read
# by position alone (a long sentence often holds two stories).
REACH = 160
# "in Paris-based DIM", "dans la parisienne Dust": a place adjective before a name
_PLACE_ADJECTIVE = re.compile(r"-(?:based|basée?s?)$")


@dataclass
class Context:
    """What the article is talking about so far: the deal in discussion, the last
    report named and the last person quoted."""

    investor: str | None = None
    target: str | None = None
    kind: DealKind | None = None
    report: Attribution | None = None
    speaker: Mention | None = None
    topic: Party | None = None  # the first organisation of the previous sentence


@dataclass(frozen=True)
class Party:
    """A party to a claim: its name and entity id (both empty for an unnamed one)."""

    name: str
    id: str
    kind: DealKind | None = None  # this party's own kind of deal, when it differs
    lead: bool = False  # leads the round it takes part in


def party(m: Mention, kind: DealKind | None = None, lead: bool = False) -> Party:
    return Party(m.entity.name, m.entity.id, kind, lead)


class RoleFinder:
    """Reads the parties of deal words; one instance per language, reusable."""

    def __init__(self, cues: Cues, org_names: Mapping[str, str]) -> None:
        self.cues = cues
        self.org_names = org_names

    def roles(self, s: str, base: int, hit: Hit, orgs: list[Mention], ctx: Context,
               inside: list[Mention], text: str, status: DealStatus | None, priced: bool
               ) -> tuple[list[Party], Party, DealKind, int] | None:
        """Investors, target and kind around one deal word; ``None`` when unreadable.

        In a round, every named participant (the lead of "menée par General Catalyst"
        and each backer of "auprès de X et Y") takes part in the round itself, as the
        evaluation schema reads it; the lead is marked.
        """
        kind = DealKind(hit.label)
        start, end = base + hit.start, base + hit.end
        before = [m for m in orgs if m.end <= start and start - m.end <= REACH
                  and not self._speaks(text, m, start)]
        # People put money in ("Warren Buffett a acheté", "auprès de Xavier Niel") but
        # are not bought or funded: after the deal word only backers may be people.
        reached = [m for m in orgs if m.start >= end and m.start - end <= REACH]
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
            joining = [m for m in orgs if m.start > start and m.end > end and m.start - end <= REACH]
            investors = [party(m) for m in joining[:1]]
            target = party(companies[-1]) if companies else (
                Party(ctx.target, "") if ctx.target else None)
            if not investors or target is None:
                return None
            return investors, target, DealKind.INVESTMENT, 1 + bool(companies)
        if is_raise:
            # "mené par Schwarz Group et Bosch": the parties listed with a lead co-lead
            leads = self._listed_with(text, [m for m in reached
                                             if self._introduced_by(text, m, self.cues.lead)], reached)
            backers = [m for m in reached if m not in leads
                       and self._introduced_by(text, m, self.cues.investor_before)]
            backers = self._listed_with(text, backers, reached)
            # Past the first "led by" / "from" / "with participation from", the names
            # listed are the round's participants ("led by Andrew Chen of Andreessen
            # Horowitz, with participation from DST Global"), never the company raising.
            zone = self._participant_zone(s, base, hit)
            for m in reached:
                if zone is not None and m.start >= zone and m.entity.kind is EntityKind.ORG \
                        and m not in leads and m not in backers:
                    (leads if not leads and not backers
                     and self._introduced_by(text, m, self.cues.lead, loose=True) else backers
                     ).append(m)
            named = set(map(id, leads)) | set(map(id, backers))
            # the subject may stand further back than a party would, behind an apposition
            companies = [m for m in orgs if m.end <= start and m.entity.kind is EntityKind.ORG]
            subject = self._subject(text, companies, inside, s, base)
            if subject is None:
                # "a funding round that will raise £300m for Monzo"
                subject = next((m for m in after if id(m) not in named and (
                    zone is None or m.start < zone)), None)
            if subject is not None:
                target = party(subject)
            elif ctx.target is not None:
                target = Party(ctx.target, "")
            if not leads and not backers and target is not None and ctx.investor \
                    and ctx.kind is DealKind.FUNDING_ROUND and ctx.target == target.name \
                    and not self.cues.unnamed_investors.search(s):
                # "son directeur général a confirmé la levée": the round led by the same lead
                leads = [m for m in inside if m.entity.name == ctx.investor][:1]
                if not leads:
                    investors = [Party(ctx.investor, "", DealKind.FUNDING_ROUND, True)]
            kind = DealKind.FUNDING_ROUND
            if not leads and len(backers) == 1 \
                    and not self._introduced_by(text, backers[0], self.cues.partial_list):
                # "a levé 16 millions auprès de Sequoia": the one named backer is the round's.
                leads, backers = backers, []
            investors += [party(m, DealKind.FUNDING_ROUND, lead=True) for m in leads]
            investors += [party(m, DealKind.FUNDING_ROUND) for m in backers]
        else:
            if kind is DealKind.ACQUISITION and self.cues.stake.search(s[hit.end: hit.end + 45]):
                kind = DealKind.INVESTMENT  # "to buy a 34 pct interest in": a stake
            actor = next((m for m in after if self._introduced_by(text, m, self.cues.passive)
                          and "," not in text[end: m.start]), None)
            prior = before[-1] if before else None
            if actor is None and prior is not None and len(before) > 1 \
                    and self._introduced_by(text, prior, self.cues.passive):
                # "rejected a proposal by Diagnostic Retrieval to acquire its stock"
                investors = [party(prior)]
                chosen = after[0] if after else before[0]
                target = party(chosen)
            elif actor is None and prior is not None and self._unnamed_actor(s[hit.end:]):
                # "talks on its possible purchase by a 'substantial U.S. company'"
                investors, target = [Party("", "", kind)], party(prior)
            elif actor is not None:
                # "le rachat d'Aleph Alpha par SAP", "a proposal from Ecolab"
                investors = [party(actor)]
                rest = [m for m in after if m is not actor and m.start < actor.start]
                chosen = rest[0] if rest else (before[-1] if before else None)
                target = party(chosen) if chosen else None
            else:
                if before:
                    # "The Bass Group, which holds 24.9 pct of Taft, said ... to acquire":
                    # the subject, not the last name of an aside or a complement
                    subject = self._subject(text, before, inside, s, base)
                    head = before[: before.index(subject) + 1] if subject else before
                    investors = [party(self._parent(text, m, head))
                                 for m in self._coordinated(text, head)]
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
                target = party(chosen) if chosen else None
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
            elif ctx.topic is not None and self.cues.pronoun_subject.match(s):
                # "Le conglomérat dirigé par Masayoshi Son multiplie les paris. Il s'est
                # engagé à investir ... dans OpenAI": the pronoun is the last subject
                investors = [ctx.topic]
                explicit += 1
        # "could invest up to ¥300 billion in Japanese AI companies": a target, unnamed
        unnamed_target = target is None and self._unnamed_target(s[hit.end: hit.end + 60])
        if target is None and kind is DealKind.ACQUISITION and investors and not unnamed_target:
            # "Vodafone monte, une information voulant qu'AT&T étudie une éventuelle OPA":
            # a takeover word with no object is about the other company named.
            party_names = {p.name for p in investors}
            other = next((m for m in before if m.entity.name not in party_names), None)
            if other is not None and ctx.target is None:
                target = party(other)
        if target is None and status is DealStatus.DENIED and investors:
            # "Black Forest Labs denied a report that Meta would invest in the start-up":
            # who denies, if not the investor, is the target.
            party_names = {p.name for p in investors}
            denier = next((m for m in before if m.entity.name not in party_names), None)
            if denier is not None:
                target = party(denier)
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

    def _subject(self, text: str, candidates: list[Mention], inside: list[Mention],
                 s: str, base: int) -> Mention | None:
        """The subject among the parties before a verb: the last one that is neither a
        noun's complement nor in a relative clause. In "Goldman Sachs, seule survivante
        après les faillites de Bear Stearns et Lehman Brothers et le rachat de Merrill
        Lynch, a annoncé avoir levé", the names after "de" (and those listed with them)
        belong to the apposition; in "The Bass Group, which holds 24.9 pct of Taft,
        said", Taft belongs to the aside."""
        for m in reversed(candidates):
            if not self._complement(text, m, inside) \
                    and self.cues.relative_clause(s, m.start - base, m.end - base) is None:
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

    def _speaks(self, text: str, m: Mention, start: int) -> bool:
        """A person followed by a reporting verb before the deal word tells of the deal
        ("Buffett a dit qu'IBM ..."), and is no party to it, unless listed with the
        subject ("Bilzerian and Bicoastal Financial Corp said they bought")."""
        if m.entity.kind is not EntityKind.PERSON:
            return False
        after = normalise(text[m.end: start])
        if any(after.lower().lstrip(" ,").startswith(j + " ") for j in self.cues.list_joiners):
            return False
        return bool(self.cues.reporting.search(after))

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

    def _introduced_by(self, text: str, m: Mention, pattern: re.Pattern[str],
                       loose: bool = False) -> bool:
        """True when ``pattern`` stands just before ``m``, give or take a few
        lower-case words ("menée par le fonds américain General Catalyst"); ``loose``,
        any few words, a person's name among them ("led by Andrew Chen of Andreessen
        Horowitz")."""
        window = normalise(text[max(0, m.start - (120 if loose else 50)): m.start]).rstrip()
        for match in pattern.finditer(window):
            tail = window[match.end():].split()
            if loose and len(tail) <= 6:
                return True
            if len(tail) <= 4 and all(w[:1].islower() or _PLACE_ADJECTIVE.search(w) for w in tail):
                return True
        return False

    def _participant_zone(self, s: str, base: int, hit: Hit) -> int | None:
        """Where a round's participants begin: the first lead or backer marker after
        the deal word, in text offsets; None when the sentence names none."""
        starts = [m.start() for pattern in (self.cues.lead, self.cues.investor_before)
                  for m in pattern.finditer(s, hit.end)]
        return base + min(starts) if starts else None

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
            if gap and " " in gap:  # "X et le Y", "X and the Y": the list goes on past the article
                head, _, last = gap.rpartition(" ")
                if self.cues.determiner.fullmatch(last):
                    gap = head.strip(" ,")
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

    def _first_person_org(self, s: str, hit: Hit, ctx: Context) -> Party | None:
        if ctx.speaker is None or not self.cues.first_person.search(s[: hit.start]):
            return None
        org = ctx.speaker.entity.org
        name = self.org_names.get(org) if org else None
        return Party(name, org or "") if name else None
