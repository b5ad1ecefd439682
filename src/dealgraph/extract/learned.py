"""A learned layer on top of the rule engine's claims: keep or drop, and which status.

The rules propose every claim a deal word, its parties and the context allow; on real
articles most of those proposals pair the wrong parties, and the status of a claim with
no status word is a guess (the lexicon's default). Two small linear models, trained on
the development annotations (:mod:`dealgraph.extract.train`), read each proposal in its
article and

- drop it when the chance that its investor/target pair is one the article's readers
  annotated is low (logistic regression; the threshold is chosen by cross-validation so
  that the pairs found stay found);
- replace its status when the status model is confident and the rules were not (no
  status word set it), or wherever cross-validation showed that it helps.

The features are general: words of the evidence sentence with the parties, other names,
money and digits masked (no company name is ever a feature), what the rules decided
(kind, status, cue, source), where the parties were found (knowledge base or NER, in the
sentence or carried over from the context) and how often the article names them.

The weights are data (``data/models/claims.json``, versioned, with the sets they were
trained on, checked against ``data/schemas/claims_model.schema.json``) and are read
lazily; without the file the layer changes nothing. Scoring is a sum of weights in pure
Python: no numerical library is needed to run it.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from dealgraph.errors import KnowledgeError
from dealgraph.knowledge import DATA, schema
from dealgraph.records import Claim, DealStatus, EntityKind, Mention, Record

MODEL = DATA / "models" / "claims.json"
SCHEMA = "claims_model"

Features = dict[str, float]

# Where the status model may overrule the rules: never, only where no status word set
# the status (the lexicon's default, a past date, hearsay), or everywhere.
SCOPES = ("none", "uncued", "all")

_WORD = re.compile(r"<\w+>|\w+")
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Model:
    """The two linear models and when to act on them (see the module docstring)."""

    version: str
    source: str
    validity: Mapping[str, float]
    validity_bias: float
    threshold: float  # a claim whose P(valid) is under this is dropped
    statuses: tuple[str, ...]
    status: Mapping[str, Mapping[str, float]]  # class -> feature -> weight
    status_bias: Mapping[str, float]
    status_threshold: float  # the status model overrules at this probability or more
    scope: str

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Model:
        validity, status = data["validity"], data["status"]
        return cls(
            version=str(data["version"]), source=str(data["source"]),
            validity=dict(validity["weights"]), validity_bias=float(validity["bias"]),
            threshold=float(validity["threshold"]),
            statuses=tuple(status["classes"]),
            status={c: dict(w) for c, w in status["weights"].items()},
            status_bias={c: float(b) for c, b in status["bias"].items()},
            status_threshold=float(status["threshold"]), scope=str(status["scope"]),
        )

    def p_valid(self, features: Features) -> float:
        """P(the claim's pair is one of the article's gold pairs)."""
        z = self.validity_bias + sum(self.validity.get(f, 0.0) * v for f, v in features.items())
        return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0

    def p_status(self, features: Features) -> dict[str, float]:
        """The probability of each status (softmax over the classes seen in training)."""
        if not self.statuses:
            return {}
        z = {c: self.status_bias.get(c, 0.0)
             + sum(self.status.get(c, {}).get(f, 0.0) * v for f, v in features.items())
             for c in self.statuses}
        top = max(z.values())
        e = {c: math.exp(v - top) for c, v in z.items()}
        total = sum(e.values())
        return {c: v / total for c, v in e.items()}


def validate(data: Any, origin: str = "model") -> None:
    """Raise :class:`KnowledgeError` naming the key at fault when ``data`` is no model."""
    errors = sorted(jsonschema.Draft202012Validator(schema(SCHEMA)).iter_errors(data),
                    key=lambda e: list(e.absolute_path))
    if errors:
        key = "/".join(str(p) for p in errors[0].absolute_path) or "(top level)"
        raise KnowledgeError(f"at {key}: {errors[0].message}", input=origin)


@cache
def load_model(path: Path = MODEL) -> Model | None:
    """The model in ``path``, read once; ``None`` when there is none (the layer is then
    a no-op, so a checkout without trained weights extracts as the rules alone do)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise KnowledgeError(f"not valid JSON: {exc}", input=str(path)) from None
    validate(data, str(path))
    return Model.from_dict(data)


def refine(record: Record, claims: Sequence[Claim] | None = None, model: Model | None = None
           ) -> list[Claim]:
    """``claims`` (by default the record's) less those the model finds unlikely, with the
    status it is sure of where the rules were not; the claims unchanged without a model."""
    claims = list(record.claims if claims is None else claims)
    model = model or load_model()
    if model is None or not claims or (model.threshold <= 0 and model.scope == "none"):
        return claims  # nothing to drop and no status to settle: the features cost nothing
    article = Article(record, claims)
    kept: list[Claim] = []
    for claim in claims:
        feats = features(record, claim, claims, article)
        p_status = model.p_status(feats) if model.scope != "none" else {}
        settled = settle(claim, model.p_valid(feats), p_status, model.threshold, model.scope,
                         model.status_threshold)
        if settled is not None:
            kept.append(settled)
    return kept


def settle(claim: Claim, p_valid: float, p_status: Mapping[str, float], threshold: float,
           scope: str, status_threshold: float) -> Claim | None:
    """The decision for one claim given the models' probabilities: ``None`` to drop it,
    else the claim with the status model's choice where ``scope`` and its confidence
    allow. Training tunes the thresholds through this same function."""
    if p_valid < threshold:
        return None
    if scope == "none" or (scope == "uncued" and claim.cue is not None) or not p_status:
        return claim
    best = max(sorted(p_status), key=lambda c: p_status[c])
    if best == claim.status.value or p_status[best] < status_threshold:
        return claim
    return replace(claim, status=DealStatus(best), cue=None)


# -- features -----------------------------------------------------------------------------

class Article:
    """What the features of every claim of one article share: mention counts, the title's
    end and the claims' pairs (computed once per article)."""

    def __init__(self, record: Record, claims: Sequence[Claim]):
        title = (record.document.title or "").strip()
        self.title_end = len(title) if title and record.text.startswith(title + "\n\n") else 0
        self.counts = Counter(m.entity.name for m in record.mentions)
        orgs = Counter({n: c for n, c in self.counts.items()
                        if any(e.name == n for e in record.orgs)})
        self.top = {n for n, c in orgs.items() if c == max(orgs.values())} if orgs else set()
        self.pairs = Counter((c.investor, c.target) for c in claims)
        self.investors = {c.investor for c in claims if c.investor is not None}
        self.targets = {c.target for c in claims if c.target is not None}
        self.length = max(len(record.text), 1)


def features(record: Record, claim: Claim, claims: Sequence[Claim] | None = None,
             article: Article | None = None) -> Features:
    """The features of ``claim`` in its article: a pure function of the record and the
    article's claims, the same at training and at run time."""
    claims = list(record.claims if claims is None else claims)
    article = article or Article(record, claims)
    ev = claim.evidence
    inside = [m for m in record.mentions if ev.start <= m.start < ev.end]
    f: Features = {"bias": 1.0}

    def on(name: str, value: float = 1.0) -> None:
        f[name] = value

    on(f"lang:{record.lang}")
    on(f"kind:{claim.kind.value}")
    on(f"status:{claim.status.value}")
    on(f"kind_status:{claim.kind.value}:{claim.status.value}")
    on(f"cue:{_masked_digits(claim.cue.lower()) if claim.cue else '<none>'}")
    on("cued" if claim.cue else "uncued")
    on(f"source:{claim.source.kind.value if claim.source else 'none'}")
    on("chain" if claim.source and claim.source.chain else "no_chain")
    on("amount" if claim.min is not None or claim.max is not None else "no_amount")
    if claim.valuation is not None:
        on("valuation")
    on(f"date:{claim.date.precision.value if claim.date else 'none'}")
    on("no_investor" if claim.investor is None else "investor")
    if claim.lead:
        on("lead")
    if claim.embedded:
        on("embedded")
    on(f"order:{_bin(claim.order, (0, 1, 2, 4, 8, 16))}")
    on(f"where:{_bin(int(10 * ev.start / article.length), (0, 1, 3, 6))}")
    on("in_title" if ev.start < article.title_end else "in_body")
    rank = next((i for i, c in enumerate(claims) if c is claim), 0)
    on(f"rank:{_bin(rank, (0, 1, 2, 4, 8))}")
    on(f"same_pair:{_bin(article.pairs[(claim.investor, claim.target)], (1, 2, 3, 5))}")
    if (claim.target, claim.investor) in article.pairs:
        on("reversed_pair_too")
    if claim.investor is not None and claim.investor in article.targets:
        on("inv_is_a_target")
    if claim.target in article.investors:
        on("tgt_is_an_investor")
    if claim.investor is not None and claim.investor == claim.target:
        on("inv_is_tgt")
    for role, name in (("inv", claim.investor), ("tgt", claim.target)):
        _party_features(on, role, name, inside, record, article, claim)
    inv = _mention(inside, claim.investor)
    tgt = _mention(inside, claim.target)
    if inv is not None and tgt is not None:
        gap = abs(tgt.start - inv.end) if inv.start < tgt.start else abs(inv.start - tgt.end)
        on("inv_before_tgt" if inv.start < tgt.start else "tgt_before_inv")
        on(f"gap:{_bin(gap, (0, 10, 30, 60, 120))}")
        lo, hi = sorted((inv.end, tgt.start)) if inv.start < tgt.start else sorted((tgt.end, inv.start))
        for word in _tokens(_masked(record, lo, hi, inside, claim))[:12]:
            on(f"mid:{word}")
    orgs_here = {m.entity.name for m in inside if m.entity.kind is EntityKind.ORG}
    on(f"orgs_in_sentence:{_bin(len(orgs_here), (0, 1, 2, 3, 5))}")
    money = [a for a in record.amounts if ev.start <= a.start < ev.end]
    on(f"amounts_in_sentence:{_bin(len(money), (0, 1, 2, 3))}")
    words = _tokens(_masked(record, ev.start, ev.end, inside, claim))
    on(f"length:{_bin(len(words), (0, 10, 20, 35, 60))}")
    # the sentence's words weigh together about as much as one decision of the rules: on a
    # few hundred claims, words at full weight learn the articles rather than the language
    for w in words:
        on(f"w:{w}", round(1 / math.sqrt(len(words)), 4))
    return f


def _party_features(on: Callable[..., None], role: str, name: str | None, inside: list[Mention],
                    record: Record, article: Article, claim: Claim) -> None:
    """How one party was found: in the sentence (and by which means) or from the
    context, what sort of organisation, and how central it is to the article."""
    if name is None:
        on(f"{role}:none")
        return
    # a name cut badly ("Zee Entertainment: Report", "X and Y's Z") matches no one
    words = name.split()
    on(f"{role}:words:{_bin(len(words), (1, 2, 3, 5))}")
    if any(w[:1].islower() for w in words[1:]):
        on(f"{role}:lower_word")
    if re.search(r"[:;,()\u2019']", name):
        on(f"{role}:punctuation")
    here = _mention(inside, name)
    if here is None:
        on(f"{role}:context")
    else:
        on(f"{role}:via:{here.via}")
        on(f"{role}:known" if here.entity.known else f"{role}:unknown")
        on(f"{role}:cat:{here.entity.category or 'none'}")
        if here.entity.kind is EntityKind.PERSON:
            on(f"{role}:person")
        window = _masked(record, max(here.start - 30, claim.evidence.start), here.start, inside, claim)
        before = _tokens(window)[-2:]
        for w in before:
            on(f"{role}:before:{w}")
    on(f"{role}:mentions:{_bin(article.counts[name], (0, 1, 2, 3, 6, 12))}")
    if name in article.top:
        on(f"{role}:most_named")


def _mention(inside: list[Mention], name: str | None) -> Mention | None:
    return next((m for m in inside if m.entity.name == name), None) if name else None


def _masked(record: Record, start: int, end: int, inside: list[Mention], claim: Claim) -> str:
    """The text from ``start`` to ``end`` with the parties, other names and money replaced
    by placeholders: the words around them generalise, the names would not."""
    spans: list[tuple[int, int, str]] = []
    for m in inside:
        if m.end <= start or m.start >= end:
            continue  # a name cut by the window's edge is masked too
        if m.entity.name == claim.investor:
            tag = "<inv>"
        elif m.entity.name == claim.target:
            tag = "<tgt>"
        else:
            tag = "<per>" if m.entity.kind is EntityKind.PERSON else "<org>"
        spans.append((max(m.start, start), m.end, tag))
    spans += [(a.start, a.end, "<money>") for a in record.amounts if start <= a.start < end]
    out, pos = [], start
    for lo, hi, tag in sorted(spans):
        if lo < pos:
            continue
        out += [record.text[pos:lo], f" {tag} "]
        pos = min(hi, end)
    out.append(record.text[pos:end])
    return "".join(out)


def _tokens(text: str) -> list[str]:
    return [_masked_digits(w) for w in _WORD.findall(text.lower())]


def _masked_digits(text: str) -> str:
    return _DIGITS.sub("0", text)


def _bin(value: int, edges: Sequence[int]) -> str:
    """``value`` as the last edge it reaches ("3+"), so counts generalise."""
    return f"{max((e for e in edges if value >= e), default=edges[0])}+"


__all__ = ["MODEL", "SCOPES", "Article", "Model", "features", "load_model", "refine", "settle",
           "validate"]
