"""Who does what to whom, read from the dependency parse through predicate frames.

A frame (``data/lexicons/<lang>/frames.yaml``) names a deal verb or noun, its kind, and
the grammatical roles that fill the investor and the target, in order of preference:
"X acquired Y" (subject, object), "Y was acquired by X" (passive subject, agent), "the
acquisition of Y by X", "X's stake in Y", "Y a levé 50 M€ auprès de X". Reading roles
instead of positions makes the passive, the nominal and the controlled forms ("agreed to
buy", "va acquérir") read the same, lets coordination give every party of a list, and
keeps the names of a relative clause or an apposition out of the main clause's roles.

The reader is pure: it takes a sentence's :class:`dealgraph.nlp.parse.Token` tuple, the
sentence's offset and the entity mentions found in it, and returns :class:`Frame`
values; :mod:`dealgraph.extract.claims` turns them into claims (status, amount, date,
source). A frame whose parties are not both found is not returned: the positional rules
of :mod:`dealgraph.extract.parties` then read the sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from dealgraph.knowledge import lexicon
from dealgraph.nlp.parse import Parse, Token
from dealgraph.records import DealKind, EntityKind, Mention

# Dependency labels of the two label sets the pinned models use (ClearNLP for English,
# Universal Dependencies for French).
SUBJ = frozenset({"nsubj"})
PASS_SUBJ = frozenset({"nsubjpass", "nsubj:pass"})
OBJ = frozenset({"dobj", "obj"})
# "agreed to buy", "in talks to raise", "deal to buy": the verb's subject is found up
# through these relations, to the first verb that has one
CONTROLLED = frozenset({"xcomp", "conj", "acl", "pobj", "prep", "dobj", "obj", "obl", "obl:arg",
                        "obl:mod", "nmod", "advcl"})
REPORTED = frozenset({"ccomp", "conj"})  # "X said it would buy": "it" is X
RELATIVE = frozenset({"relcl", "acl:relcl"})
PHRASE = frozenset({"obl", "obl:arg", "obl:mod", "obl:agent", "nmod", "iobj", "acl"})
NAME_PARTS = frozenset({"compound", "flat", "flat:name", "appos", "dep"})
CLIMB = frozenset({"xcomp", "acl", "prep", "pobj"})
ASIDES = RELATIVE  # what the span of a clause leaves out: an aside's words are its own
NAME_SKIPS = RELATIVE | {"conj", "cc", "punct", "appos", "acl", "advcl"}  # around a name


@dataclass(frozen=True)
class Frame:
    """One deal predicate of a sentence and the parties its roles name."""

    kind: DealKind
    investors: tuple[Mention, ...]
    targets: tuple[Mention, ...]  # "backed firms including A and B": each a target
    predicate: Token
    clause: tuple[int, int]  # absolute offsets of the predicate's clause (its status and money)
    conditional: bool  # the predicate is in the conditional mood (French rumour)
    lead: bool = False
    past: bool = False  # a verb that tells a past event in the indicative: done
    aside: bool = False  # told in a relative clause: the main clause's money is not its own
    described: bool = False  # a standing fact told in passing ("Microsoft-backed OpenAI")

    @property
    def target(self) -> Mention | None:
        return self.targets[0] if self.targets else None


@dataclass(frozen=True)
class FrameSpec:
    lemmas: tuple[tuple[str, tuple[str, ...]], ...]  # (lemma, particles): "take over"
    kind: DealKind
    investor: tuple[str, ...]
    target: tuple[str, ...]
    lead: bool
    stake_object: bool


@dataclass(frozen=True)
class Frames:
    """The frames of one language, and the grammar words their reader needs."""

    verbs: tuple[FrameSpec, ...]
    nouns: tuple[FrameSpec, ...]
    stake_nouns: frozenset[str]
    examples: tuple[tuple[str, ...], ...] = ()  # "investors including X": X fills the role
    relative_pronouns: frozenset[str] = frozenset()
    modals: frozenset[str] = frozenset()
    perfect_auxiliaries: frozenset[str] = frozenset()
    percent_words: frozenset[str] = frozenset()
    name_complements: frozenset[str] = frozenset()
    stake_target: tuple[str, ...] = ()
    contractions: tuple[tuple[str, str], ...] = ()
    irregular_forms: frozenset[str] = frozenset()  # "led", "bought": forms unlike their lemma


def _spec(raw: dict[str, Any]) -> FrameSpec:
    lemmas = tuple((words[0], tuple(words[1:])) for words in (w.lower().split() for w in raw["lemmas"]))
    return FrameSpec(lemmas, DealKind(raw["kind"]), tuple(raw["investor"]), tuple(raw["target"]),
                     bool(raw.get("lead", False)), bool(raw.get("stake_object", False)))


@cache
def lemma_stems(frames: Frames, modals: bool = False) -> Callable[[str], bool]:
    """A cheap test of whether a word may have a lemma the frames read: its first
    letters are those of a frame lemma, a stake noun, an irregular form of one
    ("bought", whose first letters are not their lemma's) or (with ``modals``) a modal.
    The parser lemmatises only those words (:func:`dealgraph.nlp.parse.spacy_analyser`):
    a form left out keeps its own spelling as lemma, and its frame is never read."""
    words = [lemma for spec in (*frames.verbs, *frames.nouns) for lemma, _ in spec.lemmas]
    words += [*frames.stake_nouns, *frames.irregular_forms, *(frames.modals if modals else ())]
    stems = tuple(sorted({w[:3] for w in words if w}))

    def wanted(lower: str) -> bool:
        return lower.startswith(stems) or (lower[:2] == "co" and lower[2:].lstrip("-").startswith(stems))

    return wanted


@cache
def frames_for(lang: str) -> Frames:
    data = lexicon(lang, "frames")

    def words(key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in data.get(key, ()))

    return Frames(tuple(_spec(v) for v in data["verbs"]), tuple(_spec(n) for n in data["nouns"]),
                  words("stake_nouns"), tuple(tuple(w.lower().split()) for w in data.get("examples", ())),
                  words("relative_pronouns"), words("modals"), words("perfect_auxiliaries"),
                  words("percent_words"), words("name_complements"), tuple(data.get("stake_target", ())),
                  tuple(sorted(data.get("contractions", {}).items())), words("irregular_forms"))


@cache
def reader_for(lang: str) -> FrameReader:
    """The frame reader of ``lang`` (one per language, shared)."""
    return FrameReader(frames_for(lang))


class FrameReader:
    """Reads the frames of one parsed sentence; one instance per language."""

    def __init__(self, frames: Frames) -> None:
        self.frames = frames

    def read(self, parse: Parse, base: int, mentions: Sequence[Mention]) -> list[Frame]:
        sentence = _Sentence(parse, base, mentions, self.frames)
        found = []
        for token in parse:
            if self._complement_of_deal_noun(sentence, token):
                continue
            for spec, is_noun in self._specs_of(sentence, token):
                frame = self._frame(sentence, token, spec, is_noun)
                if frame is not None:
                    found.append(frame)
                    break
        return found

    def unnamed(self, parse: Parse, base: int, mentions: Sequence[Mention]) -> list[tuple[int, int]]:
        """Spans (absolute offsets) of proper names that fill a deal role but that no
        mention covers: "Monzo" in "Alphabet is in talks to take a stake in Monzo". A
        proper noun that raises money, is bought or buys is a company, whatever the
        knowledge base knows; the entity finder decides what to make of the span."""
        sentence = _Sentence(parse, base, mentions, self.frames)
        spans: list[tuple[int, int]] = []
        for token in parse:
            for spec, _ in self._specs_of(sentence, token):
                for role in (*spec.investor, *spec.target):
                    for filler in sentence.role(token, role):
                        for t in (filler, *sentence.conjuncts(filler), *sentence.named_by(filler)):
                            span = sentence.proper_name(t)
                            if span is not None and sentence.mention(t) is None \
                                    and not sentence.holds_mention(t) and span not in spans:
                                spans.append(span)
        return spans

    def main_subject(self, parse: Parse, base: int, mentions: Sequence[Mention]) -> Mention | None:
        """The organisation that is the subject of the sentence's main verb ("Clubhouse
        said the round was led by X"), if the parse names one."""
        sentence = _Sentence(parse, base, mentions, self.frames)
        for token in parse:
            if token.head == token.i:
                for subject in sentence.role(token, "subj"):
                    mention = sentence.mention(subject)
                    if mention is not None and mention.entity.kind is EntityKind.ORG:
                        return mention
        return None

    def _complement_of_deal_noun(self, sentence: _Sentence, token: Token) -> bool:
        """"l'offre de rachat", "a takeover offer": the inner noun only qualifies the
        outer one, whose roles tell the parties."""
        if token.pos not in ("NOUN", "PROPN") or token.dep not in ("nmod", "compound"):
            return False
        head = sentence.head(token)
        return head.i != token.i and any(
            head.lemma == lemma for spec in self.frames.nouns for lemma, _ in spec.lemmas)

    def _specs_of(self, sentence: _Sentence, token: Token) -> list[tuple[FrameSpec, bool]]:
        if token.pos in ("VERB", "AUX"):
            specs, is_noun = self.frames.verbs, False
        elif token.pos in ("NOUN", "PROPN"):
            specs, is_noun = self.frames.nouns, True
        else:
            return []
        out = []
        for spec in specs:
            for lemma, particles in spec.lemmas:
                # "co-lead", "codiriger": a round's lead shared, the same frame
                bare = token.lemma[2:].lstrip("-") if spec.lead and token.lemma.startswith("co") else None
                if (token.lemma == lemma or bare == lemma) and all(
                        any(c.text.lower() == p for c in sentence.children(token)) for p in particles):
                    out.append((spec, is_noun))
        return out

    def _frame(self, sentence: _Sentence, token: Token, spec: FrameSpec, is_noun: bool) -> Frame | None:
        kind = spec.kind
        holder, target_roles = token, spec.target
        if spec.stake_object:
            # "bought a 10% stake in Y": the stake's target, and an investment
            objects = sentence.role(token, "obj")
            stake = next((c for c in objects if c.lemma in self.frames.stake_nouns), None)
            if stake is not None:
                kind, holder, target_roles = DealKind.INVESTMENT, stake, self.frames.stake_target
            elif any(sentence.percentage(c) for c in objects):
                kind = DealKind.INVESTMENT  # "to buy 9.9% of X": a stake, not the company
        targets = self._all(sentence, holder, target_roles)
        investors = self._all(sentence, token, spec.investor)
        investors = tuple(m for m in investors if all(m.entity.id != t.entity.id for t in targets))
        if any(t.entity.kind is not EntityKind.ORG for t in targets):
            return None  # people invest, but are not bought or funded
        if kind is DealKind.FUNDING_ROUND:
            if not targets and not investors:
                return None
        elif not targets or not investors:
            return None
        top = sentence.top(token)
        start, end = sentence.span(top, ASIDES)
        conditional = any("Mood=Cnd" in t.morph for t in (token, top, *sentence.children(token),
                                                             *sentence.children(top))
                          if t.dep.startswith("aux") or t is token or t is top)
        # "Microsoft-backed OpenAI", "Hedosophia, an early backer of Airbnb": a standing
        # fact told in passing, the money already in
        described = token.dep in ("amod", "appos") or (
            token.dep == "acl" and "VerbForm=Part" in token.morph and not spec.lead)
        past = described or (not is_noun and sentence.past(token) and top is token)
        aside = any(t.dep in RELATIVE for t in (token, top))
        return Frame(kind, investors, targets, token, (start, end), conditional, spec.lead, past=past,
                     aside=aside or described, described=described)

    def _all(self, sentence: _Sentence, token: Token, roles: Sequence[str]) -> tuple[Mention, ...]:
        for role in roles:
            found: list[Mention] = []
            for filler in sentence.role(token, role):
                for t in (filler, *sentence.conjuncts(filler), *sentence.exemplified(filler)):
                    mention = sentence.mention(t)
                    if mention is not None and mention not in found:
                        found.append(mention)
            if found:
                return tuple(found)
        return ()


class _Sentence:
    """A parse with its children index and the mentions its tokens fall in."""

    def __init__(self, parse: Parse, base: int, mentions: Sequence[Mention],
                 frames: Frames) -> None:
        self.parse = parse
        self.frames = frames
        self.examples = frames.examples
        self.base = base
        self._children: dict[int, list[Token]] = {}
        for t in parse:
            if t.head != t.i:
                self._children.setdefault(t.head, []).append(t)
        self._mentions = [m for m in mentions if m.entity.kind in (EntityKind.ORG, EntityKind.PERSON)]

    def children(self, token: Token) -> list[Token]:
        return self._children.get(token.i, [])

    def head(self, token: Token) -> Token:
        return self.parse[token.head]

    def conjuncts(self, token: Token) -> list[Token]:
        """The tokens listed with ``token`` ("X et Y", "X, Y and Z"), also when the
        parser hangs the list on a later word of a name ("Partners Group et GIC")."""
        out: list[Token] = []
        todo = [token]
        while todo:
            t = todo.pop()
            for c in self.children(t):
                if c.dep == "conj" and c not in out:
                    out.append(c)
                    todo.append(c)
                elif c.dep in ("flat", "flat:name", "compound") and c.i > t.i:
                    todo.append(c)
        return out

    def top(self, token: Token) -> Token:
        """The word whose clause holds ``token``'s status words: up through "to buy"
        (xcomp), "in talks to take" (acl, preposition), and a noun's governing verb;
        not into the clause of a verb of saying (ccomp), which may tell another stage."""
        current = token
        for _ in range(4):
            noun_role = current.pos in ("NOUN", "PROPN") and current.dep in OBJ | SUBJ | PASS_SUBJ
            if current.head != current.i and (current.dep in CLIMB or noun_role):
                current = self.head(current)
            else:
                break
        return current

    def past(self, token: Token) -> bool:
        """True when the verb ``token`` tells a past event in the indicative: "bought",
        "has invested", "a racheté" (not "would buy", "will buy", "va racheter")."""
        if token.pos not in ("VERB", "AUX"):
            return False
        kids = self.children(token)
        if any("Mood=Cnd" in k.morph or k.lemma in self.frames.modals
               for k in kids if k.dep.startswith("aux")):
            return False
        if "Mood=Cnd" in token.morph or "VerbForm=Inf" in token.morph or token.dep == "xcomp":
            return False
        perfect = any(k.dep in ("aux", "aux:tense") and k.lemma in self.frames.perfect_auxiliaries
                      for k in kids)
        return "Tense=Past" in token.morph and ("VerbForm=Fin" in token.morph or perfect)

    def span(self, token: Token, skip: frozenset[str]) -> tuple[int, int]:
        """The absolute span of ``token`` and its dependents, the branches whose
        relation is in ``skip`` left out."""
        lo, hi, todo = token.start, token.end, [token]
        while todo:
            for c in self.children(todo.pop()):
                if c.dep in skip:
                    continue
                lo, hi = min(lo, c.start), max(hi, c.end)
                todo.append(c)
        return self.base + lo, self.base + hi

    def role(self, token: Token, role: str) -> list[Token]:
        kids = self.children(token)
        if role == "subj":
            if any(c.dep in PASS_SUBJ or c.dep in ("agent", "obl:agent") for c in kids) or (
                    token.dep == "acl" and "VerbForm=Part" in token.morph):
                return []  # a passive ("a round led by X"): its subject is no actor
            current, path = token, 0
            while True:
                subjects = [c for c in self.children(current) if c.dep in SUBJ]
                if subjects:
                    return [self._resolved(current, x) for x in subjects]
                if current.dep not in CONTROLLED or current.head == current.i or path >= 4:
                    return []
                current, path = self.head(current), path + 1
        if role == "obj":
            return [c for c in kids if c.dep in OBJ]
        if role == "pass_subj":
            return [self._resolved(token, c) for c in kids if c.dep in PASS_SUBJ]
        if role == "compound":  # "the Brookfield-EIG takeover of Origin"
            return [c for c in kids if c.dep == "compound"]
        if role == "modifier":  # "Microsoft-backed OpenAI"
            return [c for c in kids if c.dep in ("npadvmod", "compound", "nmod")]
        if role == "governor":  # "Microsoft-backed OpenAI", "Hedosophia, an early backer of Airbnb"
            return [self.head(token)] if token.dep in ("amod", "acl", "appos") and token.head != token.i else []
        if role == "agent":
            out = [c for c in kids if c.dep == "obl:agent"]
            for c in kids:
                if c.dep == "agent":
                    out += [g for g in self.children(c) if g.dep == "pobj"]
            return out
        if role == "poss":
            return [c for c in kids if c.dep in ("poss", "nmod:poss")]
        if role == "host_subj":
            if token.dep in OBJ | PHRASE:
                return self.role(self.head(token), "subj")
            return []
        if role.startswith("prep:"):
            return self._phrase(token, role[5:])
        raise ValueError(f"unknown frame role {role!r}")

    def _resolved(self, verb: Token, subject: Token) -> Token:
        """A subject pronoun stands for someone named elsewhere in the sentence: "X,
        which bought Y" (the noun the relative clause follows), "X said it would buy
        Y", "the bank announced it has agreed to be bought" (the speaker)."""
        word = subject.text.lower()
        relative = word in self.frames.relative_pronouns
        if relative and verb.dep in RELATIVE:
            return self.head(verb)
        if subject.pos == "PRON" and not relative:
            current = verb
            for _ in range(4):
                if current.head == current.i:
                    break
                current = self.head(current)
                speakers = [c for c in self.children(current) if c.dep in SUBJ and c.pos != "PRON"]
                if speakers:
                    return speakers[0]
        return subject

    def _phrase(self, token: Token, word: str) -> list[Token]:
        """The heads of the phrases ``word`` opens under ``token``, or under its object
        (the parser often hangs "in OpenAI" on "$10 billion" rather than on "invest")."""
        words = word.lower().split()
        hosts = [token] + [c for c in self.children(token) if c.dep in OBJ]
        hosts += [g for c in self.children(token) if c.dep == "prep"
                  for g in self.children(c) if g.dep == "pobj"]  # "raised $X in a round from Y"
        out: list[Token] = []
        for host in hosts:
            for c in self.children(host):
                if c.dep == "prep" and c.text.lower() == words[0]:
                    if len(words) == 1:
                        out += [g for g in self.children(c) if g.dep == "pobj"]
                elif c.dep in PHRASE or c.dep == "obl:agent":
                    if self._opens(self._markers(c), words):
                        out.append(c)
                elif c.dep == "prep" and (c.text.lower(),) in self.examples:
                    # "raised €200 million, including from the European Investment Bank"
                    out += [g for n in self.children(c) if n.dep == "prep" and n.text.lower() == words[0]
                            for g in self.children(n) if g.dep == "pobj"]
                elif c.text.lower() == words[0] and c.dep in ("advmod", "case", "mark"):
                    # "auprès de X" parsed as the adverb "auprès" governing "de X"
                    out += [g for g in self.children(c)
                            if (g.dep in PHRASE or g.dep == "pobj")
                            and self._opens(self._markers(g), words[1:])]
        return out

    def _markers(self, phrase: Token) -> list[str]:
        marker = [g.text.lower() for g in self.children(phrase) if g.dep in ("case", "fixed")]
        return [w for m in marker for w in m.replace("'", "' ").split()]

    def exemplified(self, token: Token) -> list[Token]:
        """The names a common noun is exemplified by: "investors including Nvidia,
        Oracle and Salesforce", "des fonds comme Sequoia et Nvidia"."""
        if token.pos not in ("NOUN", "PRON"):
            return []
        out: list[Token] = []
        for c in self.children(token):
            if c.dep == "prep" and (c.text.lower(),) in self.examples:
                heads = [g for g in self.children(c) if g.dep == "pobj"]
            elif c.dep == "prep" and any(e[0] == c.text.lower() for e in self.examples if len(e) > 1):
                heads = [g for n in self.children(c) for g in self.children(n) if g.dep == "pobj"] + \
                        [g for g in self.children(c) if g.dep == "pobj"]
            elif c.dep == "prep" and any(e == self._words_before(c) for e in self.examples if len(e) > 1):
                # "such as X": the parser hangs "such" on "as"
                heads = [g for g in self.children(c) if g.dep == "pobj"]
            elif c.dep in PHRASE and any(self._opens(self._markers(c), list(e)) for e in self.examples):
                heads = [c]
            else:
                continue
            for h in heads:
                out += [h, *self.conjuncts(h)]
        return out

    def named_by(self, token: Token) -> list[Token]:
        """The proper name a common noun is put beside: "la pépite du quantique, Pasqal",
        "the Japanese automaker Zorvex" (an apposition, or a name the noun qualifies
        with no preposition between them)."""
        if token.pos != "NOUN":
            return []
        # the parser may hang the apposition on the noun's own complement ("la pépite
        # bretonne du logiciel, Zorvex")
        nouns = [token] + [c for c in self.children(token) if c.dep == "nmod" and c.pos == "NOUN"]
        return [c for n in nouns for c in self.children(n) if c.pos == "PROPN" and (
            c.dep == "appos" or (n is token and c.dep in ("nmod", "dep", "flat:name")
                                 and not any(g.dep in ("case", "prep") for g in self.children(c))))]

    def _words_before(self, token: Token) -> tuple[str, ...]:
        """``token`` with the words that depend on it and stand before it, lower-case."""
        return (*(c.text.lower() for c in self.children(token) if c.i < token.i), token.text.lower())

    def holds_mention(self, token: Token) -> bool:
        """True when a mention lies under ``token`` ("Société de développement Angus":
        the first word heads a longer name already found)."""
        lo, hi = self.span(token, ASIDES)
        return any(lo <= m.start and m.end <= hi for m in self._mentions)

    def proper_name(self, token: Token) -> tuple[int, int] | None:
        """The absolute span of the proper name ``token`` heads (its capitalised
        compound and flat parts), or None when it is no proper noun."""
        if token.pos != "PROPN" or not token.text[:1].isupper():
            return None
        parts = [token] + [c for c in self.children(token)
                           if c.dep in ("compound", "flat", "flat:name") and c.text[:1].isupper()
                           and c.pos in ("PROPN", "X", "NOUN")]
        return self.base + min(t.start for t in parts), self.base + max(t.end for t in parts)

    def mention(self, token: Token) -> Mention | None:
        """The mention a role's head token names: its own, or one of the words that
        make up its noun phrase ("bank First Horizon", "la société Partners Group",
        "Andrew Chen of Andreessen Horowitz"), never a name further down a complement
        ("la survivante après les faillites de Lehman Brothers")."""
        todo, depth = [token], 0
        while todo and depth < 3:
            found = [m for t in todo for m in self._mentions
                     if m.start < self.base + t.end and self.base + t.start < m.end]
            if found:
                return found[0]
            nxt = [c for t in todo for c in self.children(t) if c.dep in NAME_PARTS]
            if depth == 0:  # a head noun's own complement, when it is a name
                nxt += [c for c in self.children(token) if c.pos == "PROPN" and (
                    c.dep == "nmod" or (c.dep in SUBJ and token.pos == "NOUN"))]
                nxt += [g for c in self.children(token)
                        if c.dep == "prep" and c.text.lower() in self.frames.name_complements
                        for g in self.children(c) if g.dep == "pobj" and g.pos == "PROPN"]
            todo, depth = nxt, depth + 1
        if token.pos == "PROPN":
            # a name split by the parse ("Société de développement Angus")
            lo, hi = self.span(token, NAME_SKIPS)
            inside = [m for m in self._mentions if lo <= m.start and m.end <= hi]
            if inside:
                return inside[0]
        return None

    def percentage(self, token: Token) -> bool:
        """True for a share of a company written as a percentage ("9.9%", "20 pct")."""
        words = [token.text.lower()] + [c.text.lower() for c in self.children(token)]
        return any(w in self.frames.percent_words or w.endswith("%") for w in words)

    def _opens(self, marker: list[str], words: list[str]) -> bool:
        """True when the case words of a phrase are ``words`` ("auprès de"), allowing the
        contracted article ("du" for "de le", "au" for "à le")."""
        contracted = dict(self.frames.contractions)
        return [contracted.get(w, w) for w in marker][:len(words)] == [contracted.get(w, w) for w in words]
