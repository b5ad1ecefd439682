"""Organisation and person mentions in an article, resolved to knowledge-base entities.

:class:`EntityFinder` is pure: it is given the :class:`KnowledgeBase` and, optionally,
a statistical NER callable, and reads no file. Steps, cheapest first:

1. gazetteer (:mod:`dealgraph.nlp.gazetteer`): one compiled matcher per (knowledge base, language) for names,
   aliases, tickers ("NVDA.O"), people, products, specific descriptions ("le géant
   de Redmond"), product and person templates ("the ChatGPT maker", "la société de
   Sam Altman") and generic descriptions ("le fabricant de puces"); names are
   matched with their case, except descriptions and long multi-word names;
2. overlaps: the longest span wins ("Google DeepMind" over "Google"), and a product
   span (Azure OpenAI Service) hides the organisation names inside it;
3. in text order: short forms only once the full name was met ("le Journal" after
   the Wall Street Journal; "Huang", then "Sam", after "Jensen Huang", "Sam Altman");
   generic descriptions after a definite determiner, resolved to the organisation
   they stand next to, else to the last organisation of their category;
   nationality descriptions ("au japonais", "the South Korean group",
   :mod:`dealgraph.nlp.nationality`) to the last organisation of their country;
4. unknown organisations by pattern: Reuters-style ``<Sedio N.V.>`` and a run of
   capitalised words ending in a legal suffix ("Hughes Tool Co");
5. statistical NER, only on ``ner_sentences``: ORG spans (and, in French, MISC
   spans that name a known org or carry a legal suffix), PER spans with two or
   more capitalised words; filtered against products, places, known people and
   capitalised common words; a PER span that names a known org is that org;
6. later short forms of the unknown names found in 4–5 (the name without its
   suffix, the surname of a person).

Entities absent from the knowledge base get ``known=False`` and an id
``ner:<slug>`` (whichever of the pattern or the NER found them).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import deque
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass

from dealgraph.knowledge import LEXICONS
from dealgraph.nlp.canonical import canonicalise, link_tickers, slug
from dealgraph.nlp.gazetteer import GUARD, Span, gazetteer
from dealgraph.nlp.kb import KnowledgeBase, name_key, name_rules
from dealgraph.nlp.names import (
    Cued,
    NameCues,
    all_caps,
    camel_case,
    find_cued,
    is_camel_case,
    is_role,
    name_cues,
    shouting,
    strip_prefix,
    tickers,
    without_suffix,
)
from dealgraph.nlp.nationality import NationalityCues, NationalPhrase, find_national, nationality_cues
from dealgraph.records import Entity, EntityKind, Mention, Sentence

NerFn = Callable[[list[str]], list[list[tuple[int, int, str]]]]


_ORG_LABELS = frozenset({"ORG"})
_PER_LABELS = frozenset({"PER", "PERSON"})


def _cues_for(lang: str) -> NameCues:
    """The name cues of ``lang``, or the English ones for a language without its
    file; a malformed file raises :class:`KnowledgeError`."""
    if not (LEXICONS / lang / "names.yaml").exists():
        return name_cues("en")
    return name_cues(lang)


_PRIORITY = {
    "entity": 0, "short": 1, "description": 2, "person_org": 3,
    "surname": 4, "first": 5, "generic": 6, "product": 7,
}
_CAP = r"[A-Z0-9][\w&.'’-]*"


def _one_of(words: Iterable[str]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


#: Small words a company name may hold ("Bank of America"): data, ``kb/rules.yaml``.
_LINK = _one_of(name_rules()["name_joiners"])
_SP = r"[^\S\n]+"  # a company name never runs across a line break
_CAPITALISED = re.compile(r"(?<![\w'’])[A-ZÀ-ÖØ-Þ][\w&'’.-]*")
#: A place's possessive before a name: "Japan's ", "South Korea’s ".
_PLACE_POSSESSIVE = re.compile(r"([A-Z][\w.-]*(?: [A-Z][\w.-]*){0,2})['’]s\s+(?=[A-Z0-9])")
_POSSESSIVE = re.compile(r"(?:['’]s?|\.)$")  # "Japan's", "Philippines'", "Tokyo."
_INITIALLED = re.compile(r"(?<![\w.])[A-Z][a-z]+[^\S\n]+[A-Z]\.[^\S\n]+$")  # "David F. " before a name
_BRACKETED = re.compile(r"<([A-Z0-9][^<>\n]{1,80}?)>")
_TRAILING_LOWER = re.compile(r"(?:\s+[a-zß-öø-ÿ][\w'’-]*)+$")
_TRAILING_TICKER = re.compile(r"\s+[A-Z0-9^]+\.[A-Z]{1,2}$")
_APPOSITION = re.compile(r"[\s,]*")
_ELIDED_WORD = re.compile(r"[A-Za-z]['’][a-zà-ÿ]")  # "L'assureur", "D'après": never a name's start
_TICKER_LENGTH = 6  # the longest all-caps single word that may still be a name (SODEC, NVIDIA)


@dataclass
class Draft:
    """An article's mentions found by the rules (steps 1-4), and the sentences
    (``asked``) whose capitalised words only the statistical NER can still explain."""

    text: str
    mentions: list[Mention]
    blocked: list[tuple[int, int]]  # product spans: no organisation inside
    unknown: dict[str, Entity]  # names outside the knowledge base, by key
    places: Collection[str]
    asked: list[Sentence]

    def questions(self) -> list[str]:
        """The texts to give the NER, in the order :meth:`EntityFinder.complete` expects."""
        return [self.text[s.start : s.end] for s in self.asked]


class EntityFinder:
    """Finds the organisation and person mentions of an article (see the module
    docstring for the steps). Build one per language and reuse it."""

    def __init__(self, kb: KnowledgeBase, lang: str, ner: NerFn | None = None) -> None:
        self.kb = kb
        self.lang = lang
        self.ner = ner
        self._gaz = gazetteer(kb, lang)
        self._common = kb.common_words(lang) | kb.common_words("en")
        self._common_lower = frozenset(w.lower() for w in self._common)
        self._suffixes = frozenset(kb.legal_suffixes)
        self._cues = _cues_for(lang)
        self._national: NationalityCues | None = None
        if (LEXICONS / lang / "names.yaml").exists():
            self._national = nationality_cues(lang, kb.determiners(lang))
        # "la banque japonaise": a company noun that is a generic description prefers its category
        self._noun_categories = {phrase.lower(): cats for phrase, cats in kb.generic_descriptions(lang)}
        alts = "|".join(re.escape(s) for s in sorted(self._suffixes, key=len, reverse=True))
        self._suffixed = re.compile(
            rf"([A-Z0-9]{GUARD}(?:[\w&.'’-]*{_SP}(?:{_LINK}{_SP})?)(?:{_CAP}{_SP}(?:{_LINK}{_SP})?){{0,4}}?)((?:{alts})(?:,?{_SP}(?:{alts}))*)(?![\w&])"
        )

    def find(self, text: str, sentences: Sequence[Sentence], ner_sentences: Collection[int] = ()) -> list[Mention]:
        """Every mention in ``text``, in text order, without overlaps. The NER (if
        any) runs only on the sentences whose indexes are in ``ner_sentences``."""
        draft = self.draft(text, sentences, ner_sentences)
        answers = self.ner(draft.questions()) if self.ner is not None and draft.asked else []
        return self.complete(draft, answers)

    def draft(self, text: str, sentences: Sequence[Sentence], ner_sentences: Collection[int] = ()) -> Draft:
        """Steps 1-4, and the sentences the NER should still read (step 5), so that a
        caller may put the sentences of many articles through the model at once."""
        spans = self._gaz.spans(text)
        mentions = self._resolve(text, spans)
        blocked = [(s.start, s.end) for s in spans if s.targets[0].kind == "product"]
        unknown: dict[str, Entity] = {}
        cued = find_cued(text, self._cues)
        places = cued.places | self.kb.places
        mentions += self._patterns(text, mentions, blocked, unknown, cued, places)
        mentions += self._people(text, mentions, blocked, unknown, cued, places)
        asked: list[Sentence] = []
        if self.ner is not None and ner_sentences:
            taken = [(m.start, m.end) for m in mentions] + blocked
            chosen = [sentences[i] for i in sorted(set(ner_sentences)) if 0 <= i < len(sentences)]
            # The model is the costliest step of the whole extraction: ask it only about
            # sentences with a capitalised word that nothing found yet can explain.
            asked = [s for s in chosen if self._unexplained_name(text, s, taken, places)]
        return Draft(text, mentions, blocked, unknown, places, asked)

    def complete(self, draft: Draft, answers: Sequence[list[tuple[int, int, str]]]) -> list[Mention]:
        """Steps 5-6 once the NER has answered ``draft.questions()`` (in order)."""
        text, mentions = draft.text, draft.mentions
        if draft.asked:
            mentions += self._statistical(draft, answers)
        mentions += self._short_forms(text, mentions, draft.unknown)
        mentions = link_tickers(text, mentions, self._suffixes)
        return canonicalise(mentions, self._suffixes)

    def named_by_role(self, draft: Draft, mentions: list[Mention],
                      spans: Sequence[tuple[int, int]]) -> list[Mention]:
        """``mentions`` plus the organisations the parse found in a deal role that no
        step named (:meth:`dealgraph.extract.frames.FrameReader.unnamed`), each with
        every other occurrence of its name in the article."""
        text = draft.text
        taken = [(m.start, m.end) for m in mentions]
        out: list[Mention] = []
        for a, b in spans:
            name = text[a:b]
            if any(a < y and b > x for x, y in taken) or name in self._common \
                    or name.lower() in self._common_lower:
                continue
            if " " not in name and re.search(rf"(?<![\w-]){re.escape(name.lower())}(?![\w-])", text):
                continue  # "Société de ...": a word the article also writes in small letters
            first = self._new_org(text, a, b, "parse", draft.unknown)
            if first is None:
                continue
            for found in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
                x, y = found.span()
                if not any(x < q and y > p for p, q in taken):
                    out.append(Mention(name, x, y, first.entity, "parse"))
                    taken.append((x, y))
        return sorted(mentions + out, key=lambda m: m.start) if out else mentions

    # -- step 3: knowledge-base spans in text order ------------------------------

    def _resolve(self, text: str, spans: list[Span]) -> list[Mention]:
        out: list[Mention] = []
        met: dict[str, int] = {}  # entity id -> order of its latest mention
        recent: list[Entity] = []  # organisations in mention order
        # A headline or a lead often names a person by surname before the full name
        # ("Buffett, le gourou de la finance, ... Warren Buffett"): the full name
        # anywhere in the article vouches for the surname.
        named = {t.id for span in spans for t in span.targets
                 if t.kind == "entity" and (e := self.kb.get(t.id)) is not None
                 and e.kind is EntityKind.PERSON}
        phrases, hidden = self._national_phrases(text, spans)
        for i, span in enumerate(spans):
            while phrases and phrases[0].start < span.start:
                self._refer(text, phrases.popleft(), out, met, recent)
            if i in hidden:
                continue
            start, entity, via = span.start, None, ""
            for t in sorted(span.targets, key=lambda t: (_PRIORITY[t.kind], -met.get(t.id, -1))):
                if t.kind == "product":
                    break
                if t.kind == "entity" or (t.kind in ("short", "surname") and t.id in met) \
                        or (t.kind == "surname" and t.id in named):
                    entity, via = self.kb.get(t.id), t.via
                elif t.kind == "first" and t.id in met and self._sole_first_name(t.id, met):
                    entity, via = self.kb.get(t.id), t.via
                elif t.kind in ("description", "person_org"):
                    start = self._determiner_start(text, span.start)
                    entity, via = self.kb.get(t.id), t.via
                    if t.kind == "person_org":
                        out += self._inner_person(text, span, t.person, met)
                elif t.kind == "generic":
                    det = self._determiner_start(text, span.start)
                    if det == span.start:
                        continue  # "un fabricant de puces" is any chipmaker
                    start, via = det, t.via
                    entity = self._antecedent(text, span, spans[i + 1 : i + 2], t.categories, recent)
                if entity is not None:
                    break
            if entity is None:
                continue
            if entity.kind is EntityKind.ORG and _INITIALLED.search(text, max(0, start - 40), start):
                continue  # "David F. Roche": a person whose surname is a company's name
            out.append(Mention(text[start : span.end], start, span.end, entity, via))
            met[entity.id] = len(out)
            if entity.kind is EntityKind.ORG:
                recent.append(entity)
        while phrases:
            self._refer(text, phrases.popleft(), out, met, recent)
        return out

    def _national_phrases(self, text: str, spans: list[Span]) -> tuple[deque[NationalPhrase], set[int]]:
        """The nationality descriptions the gazetteer leaves free, and the indexes of
        the generic spans inside them ("banque" of "la banque japonaise"), which they
        replace. A phrase gives way to a name, a specific description or a longer
        generic one that overlaps it ("le conglomérat japonais", "le géant américain
        de la tech"), and to a gazetteer name right after it ("le groupe américain xAI")."""
        if self._national is None:
            return deque(), set()
        kept: deque[NationalPhrase] = deque()
        hidden: set[int] = set()
        starts = [s.start for s in spans]
        for phrase in find_national(text, self._national):
            i = bisect_left(starts, phrase.start)
            if i > 0 and spans[i - 1].end > phrase.start:
                continue  # a span that began before the phrase runs into it
            inside: list[int] = []
            while i < len(spans) and spans[i].start < phrase.end:
                span = spans[i]
                if span.end > phrase.end or any(t.kind != "generic" for t in span.targets):
                    break
                inside.append(i)
                i += 1
            else:
                if i < len(spans) and not text[phrase.end : spans[i].start].strip():
                    continue
                kept.append(phrase)
                hidden.update(inside)
        return kept, hidden

    def _refer(self, text: str, phrase: NationalPhrase, out: list[Mention], met: dict[str, int],
               recent: list[Entity]) -> None:
        """Resolve "au japonais" to the last organisation of that country met so far,
        one of the noun's category first ("la banque japonaise" after MUFG and Sony)."""
        same = [e for e in reversed(recent) if self.kb.facts(e.id).country == phrase.country]
        if not same:
            return
        categories = self._noun_categories.get(phrase.noun.lower(), frozenset())
        entity = next((e for e in same if self.kb.facts(e.id).tags & categories), same[0])
        out.append(Mention(text[phrase.start : phrase.end], phrase.start, phrase.end, entity, "description"))
        met[entity.id] = len(out)
        recent.append(entity)

    def _determiner_start(self, text: str, start: int) -> int:
        """Where the definite determiner before ``start`` begins (``start`` if none)."""
        if self._gaz.determiner is None:
            return start
        m = self._gaz.determiner.search(text, max(0, start - 8), start)
        return m.start() if m else start

    def _antecedent(self, text: str, span: Span, following: list[Span],
                    categories: frozenset[str], recent: list[Entity]) -> Entity | None:
        """The organisation a generic description stands for: the one named right
        after it ("le fabricant de puces Nvidia"), else the last one of its category."""
        for nxt in following:
            if _APPOSITION.fullmatch(text, span.end, nxt.start):
                for t in nxt.targets:
                    if t.kind == "entity" and self.kb.facts(t.id).tags & categories:
                        return self.kb.get(t.id)
        for entity in reversed(recent):
            if self.kb.facts(entity.id).tags & categories:
                return entity
        return None

    def _sole_first_name(self, person_id: str, met: dict[str, int]) -> bool:
        """A first name alone is the person only if no other person met shares it."""
        person = self.kb.get(person_id)
        first = person.name.split()[0] if person else ""
        others = [p for p in met if p != person_id and (e := self.kb.get(p)) is not None
                  and e.kind is EntityKind.PERSON and e.name.split()[0] == first]
        return not others

    def _inner_person(self, text: str, span: Span, person_id: str, met: dict[str, int]) -> list[Mention]:
        person = self.kb.get(person_id)
        if person is None:
            return []
        inside = text[span.start : span.end]
        for form in (person.name, *person.aliases):
            at = inside.find(form)
            if at >= 0:
                met[person.id] = len(met) + 1
                a = span.start + at
                return [Mention(form, a, a + len(form), person, "name")]
        return []

    # -- step 4: unknown organisations by pattern ------------------------------

    def _patterns(self, text: str, mentions: list[Mention], blocked: list[tuple[int, int]],
                  unknown: dict[str, Entity], cued: Cued, places: Collection[str]) -> list[Mention]:
        """Unknown organisations, surest patterns first: a bracketed wire name that is
        not a ticker, a name ending in a legal suffix, a name after an organisation
        cue or before an apposition, an intercapital brand name."""
        # One byte per character: testing a candidate against what is taken is then
        # a slice scan in C, not a loop over every earlier span.
        taken = bytearray(len(text))
        for x, y in [(m.start, m.end) for m in mentions] + blocked + tickers(text):
            taken[x:y] = b"\x01" * (y - x)
        out: list[Mention] = []
        candidates = [(m.start(1), m.end(1)) for m in _BRACKETED.finditer(text)]
        for m in self._suffixed.finditer(text):
            candidates.append((m.start(1), m.end(2)))
        candidates += cued.orgs + camel_case(text, self._cues)
        # "Bilzerian and Bicoastal Financial Corp": a person the article names is no
        # first half of a company name joined by "and"
        surnames = {text[x:y].split()[-1] for x, y in cued.people}
        for a, b in candidates:
            a = self._skip_common(text, strip_prefix(text, a, b, self._cues), b)
            a = _after_listed_person(text, a, b, surnames)
            if b - a < 2 or 1 in taken[a:b] or self._shouted(text, a, b):
                continue
            name = text[a:b]
            # "Sa Holding Berkshire": a suffix alone is no name; "TI" is an abbreviation.
            if name in places or name in self._common or len(name) <= 2 or all(
                    w in self._suffixes for w in name.split()):
                continue
            mention = self._new_org(text, a, b, "pattern", unknown)
            if mention is not None:
                out.append(mention)
                taken[a:b] = b"\x01" * (b - a)
        return out

    def _shouted(self, text: str, a: int, b: int) -> bool:
        """An all-caps span that the knowledge base does not know and that is either
        in an all-caps headline ("PCT OF DIM") or too long for an acronym."""
        name = without_suffix(text[a:b], self._suffixes)  # "DIM S.A." is as long as "DIM"
        if not all_caps(name) or self.kb.lookup(name) is not None:
            return False
        return shouting(text, a, b) or " " in name.strip() or len(name) > _TICKER_LENGTH

    def _skip_common(self, text: str, start: int, end: int) -> int:
        """The start of a name once leading common words and linking words are dropped."""
        for word in re.finditer(r"\S+", text[start:end]):
            token = word.group()
            if token in self._common or re.fullmatch(_LINK, token) or token.isdigit() or _ELIDED_WORD.match(token):
                continue
            return start + word.start()
        return end

    def _new_org(self, text: str, a: int, b: int, via: str, unknown: dict[str, Entity]) -> Mention | None:
        a = self._after_place(text, strip_prefix(text, a, b, self._cues), b)
        if b - a < 2:
            return None
        name = text[a:b]
        known = self.kb.lookup(name)
        if known is not None:
            return Mention(name, a, b, known, via) if known.kind is EntityKind.ORG else None
        if self.kb.is_product(name) or name in self.kb.places:
            return None
        key = name_key(name, self._suffixes)
        entity = unknown.setdefault(key, Entity(f"ner:{slug(key)}", name, EntityKind.ORG, known=False))
        return Mention(name, a, b, entity, via)

    # -- step 4b: people named with their role ------------------------------------

    def _people(self, text: str, mentions: list[Mention], blocked: list[tuple[int, int]],
                unknown: dict[str, Entity], cued: Cued, places: Collection[str]) -> list[Mention]:
        """People the knowledge base lacks, named next to a job or courtesy title."""
        taken = [(m.start, m.end) for m in mentions] + blocked
        out: list[Mention] = []
        for a, b in cued.people:
            if any(a < y and b > x for x, y in taken):
                continue
            mention = self._new_person(text, a, b, "pattern", unknown, places)
            if mention is not None:
                out.append(mention)
                taken.append((a, b))
        return out

    def _new_person(self, text: str, a: int, b: int, via: str, unknown: dict[str, Entity],
                    places: Collection[str]) -> Mention | None:
        name = text[a:b]
        words = name.split()
        known = self.kb.lookup(name)
        if known is not None:
            return Mention(name, a, b, known, via) if known.kind is EntityKind.PERSON else None
        if any(w in self._common or w in places for w in words) or name in places or is_role(name, self._cues):
            return None
        if words[-1] in self._cues.org_heads or words[-1] in self._suffixes:
            return None
        if any(is_camel_case(w, self._cues) for w in words) or self.kb.is_product(name):
            return None
        key = name_key(name)
        entity = unknown.setdefault("person:" + key, Entity(f"ner:{slug(key)}", name, EntityKind.PERSON, known=False))
        return Mention(name, a, b, entity, via)

    # -- step 5: statistical NER on chosen sentences -----------------------------

    def _statistical(self, draft: Draft, answers: Sequence[list[tuple[int, int, str]]]) -> list[Mention]:
        text = draft.text
        taken = [(m.start, m.end) for m in draft.mentions] + draft.blocked
        out: list[Mention] = []
        for sentence, spans in zip(draft.asked, answers, strict=True):
            for start, end, label in spans:
                a, b = self._trim(text, sentence.start + start, sentence.start + end)
                if b - a < 2 or any(a < y and b > x for x, y in taken) or self._shouted(text, a, b):
                    continue
                mention = self._judge(text, a, b, label, draft.unknown, draft.places)
                if mention is not None:
                    out.append(mention)
                    taken.append((a, b))
        return out

    def _unexplained_name(self, text: str, sentence: Sentence, taken: list[tuple[int, int]],
                          places: Collection[str]) -> bool:
        """Whether a capitalised word of ``sentence`` is left that no mention covers and
        that is no common word ("Cela", "However"), no elided word ("L'armée") and no
        place: only such a word may be a name the model would find."""
        for match in _CAPITALISED.finditer(text, sentence.start, sentence.end):
            a, b = match.span()
            if any(x <= a and b <= y for x, y in taken):
                continue
            word = match.group()
            if word.lower() in self._common_lower or _ELIDED_WORD.match(word) \
                    or word in places or _POSSESSIVE.sub("", word) in places:
                continue
            return True
        return False

    def _after_place(self, text: str, a: int, b: int) -> int:
        """Where a name starts once a place's possessive is dropped: "Japan's Nidec" is
        Nidec, "New York's Pace" is Pace (a place of the knowledge base only, so that
        "McDonald's" and "Moody's" keep their names)."""
        m = _PLACE_POSSESSIVE.match(text, a, b)
        if m is not None and m.group(1) in self.kb.places:
            return m.end()
        return a

    def _trim(self, text: str, a: int, b: int) -> tuple[int, int]:
        """Drop leading common words, a describing first word ("Paris-based"), a place's
        possessive, and a trailing ticker or punctuation from an NER span."""
        a = self._after_place(text, strip_prefix(text, a, b, self._cues), b)
        a = self._skip_common(text, a, b)
        span = _TRAILING_TICKER.sub("", text[a:b]).rstrip(" ,;:.!?»”\"'’)")
        # "United Internet jeudi": a trailing word in small letters is no part of a name
        span = _TRAILING_LOWER.sub("", span)
        return a, a + len(span)

    def _judge(self, text: str, a: int, b: int, label: str, unknown: dict[str, Entity],
               places: Collection[str]) -> Mention | None:
        """The mention an NER span stands for, or None when a filter rejects it."""
        name = text[a:b]
        words = name.split()
        if name.islower() or not name[0].isupper() and not name[0].isdigit():
            return None  # "six" is a number, whatever organisation spells it in capitals
        known = self.kb.lookup(name)
        if known is not None and known.kind is EntityKind.ORG:
            return Mention(name, a, b, known, "ner")  # "Cerebras" tagged PER is still the org
        if known is not None:
            return None
        if self.kb.is_product(name) or name in places or name in self._common:
            return None
        if label in _PER_LABELS:
            # The models tag many company names as people: an intercapital brand
            # ("SiPearl") or a name ending in Bank, Bancorp, Industries is not one.
            if words[-1] in self._cues.org_heads or words[-1] in self._suffixes or (
                    len(words) == 1 and is_camel_case(name, self._cues)):
                return self._new_org(text, a, b, "ner", unknown)
            if len(words) < 2 or not all(w[0].isupper() for w in words) or words[0] in self._common:
                return None
            return self._new_person(text, a, b, "ner", unknown, places)
        suffixed = len(words) > 1 and words[-1] in self._suffixes
        # The French model files many company names under MISC ("United Internet"):
        # in a deal sentence, a capitalised name the article repeats is taken for one.
        repeated = all(w[0].isupper() for w in words) and text.count(name) >= 2
        if label in _ORG_LABELS or (label == "MISC" and self.lang == "fr" and (suffixed or repeated)):
            # A lone unknown word of two letters ("VC", "UE") is an abbreviation far
            # more often than a company the knowledge base lacks.
            if len(words) == 1 and (name.capitalize() in self._common or len(name) <= 2):
                return None
            return self._new_org(text, a, b, "ner", unknown)
        return None

    # -- step 6: later short forms of unknown names -------------------------------

    def _short_forms(self, text: str, mentions: list[Mention], unknown: dict[str, Entity]) -> list[Mention]:
        """"Piedmont" after "Piedmont Aviation Inc", "Soarez" after "Steven Soarez"."""
        forms: dict[str, tuple[Entity, int, str]] = {}
        for m in sorted(mentions, key=lambda m: m.start):
            e = m.entity
            if e.known or e.id in {f[0].id for f in forms.values()}:
                continue
            words = e.name.split()
            if e.kind is EntityKind.PERSON:
                short, via = words[-1], "surname"
            else:
                short, via = self._without_suffix(words), "alias"
            if len(short) >= 3 and short != e.name and short[0].isupper() and short not in self._common:
                forms.setdefault(short, (e, m.end, via))
            head = words[0]
            if e.kind is EntityKind.ORG and len(words) > 1 and len(head) >= 4 and head[0].isupper() \
                    and head not in self._common and self.kb.lookup(head) is None:
                # "Southwest" after "Southwest Forest Industries": wires shorten to the first word
                forms.setdefault(head, (e, m.end, "alias"))
        if not forms:
            return []
        taken = [(m.start, m.end) for m in mentions]
        out: list[Mention] = []
        for start, end in _whole_words(text, sorted(forms, key=len, reverse=True)):
            form = text[start:end]
            entity, after, via = forms[form]
            # a person's surname may come first (a headline, a lead); a company's short
            # form only after its full name, since a first word alone is often a place
            forward = via == "surname"
            if (forward or start >= after) and not any(start < y and end > x for x, y in taken):
                out.append(Mention(form, start, end, entity, via))
                taken.append((start, end))
        return sorted(out, key=lambda m: m.start)

    def _without_suffix(self, words: list[str]) -> str:
        while len(words) > 1 and words[-1] in self._suffixes:
            words = words[:-1]
        return " ".join(words)


def _whole_words(text: str, forms: list[str]) -> list[tuple[int, int]]:
    """Where each of ``forms`` (longest first) stands in ``text`` as a whole word,
    without overlaps. A plain search: compiling a pattern per article costs more
    than the few forms an article has."""
    found: list[tuple[int, int]] = []
    for form in forms:
        at = text.find(form)
        while at >= 0:
            end = at + len(form)
            before = text[at - 1] if at else " "
            after = text[end] if end < len(text) else " "
            if not (before.isalnum() or before in "_&") and not (after.isalnum() or after in "_&") \
                    and not any(at < y and end > x for x, y in found):
                found.append((at, end))
            at = text.find(form, at + 1)
    return sorted(found)


_LISTED = re.compile(rf"^([\w'’-]+){_SP}{_one_of(name_rules()['list_joiners'])}{_SP}")


def _after_listed_person(text: str, a: int, b: int, surnames: Collection[str]) -> int:
    """Where a company name starts once a leading "<surname> and " is dropped, when the
    surname belongs to a person the article names (else ``a`` unchanged)."""
    listed = _LISTED.match(text[a:b])
    if listed and listed.group(1) in surnames:
        return a + listed.end()
    return a
