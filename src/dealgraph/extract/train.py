"""Train the learned claim layer (:mod:`dealgraph.extract.learned`) on development gold.

    python -m dealgraph.extract.train [--sets NAME|GOLD.jsonl ...] [--shared ../shared]
                                      [--folds 5] [--out FILE] [--no-ner]

1. runs the engine, with the layer off, on the development sets (``news_deals_dev``,
   ``own``, ``corpora``, ``corpora2``, ``heldout`` and the seeds by default; a path to a
   gold file whose texts are ``<id>.txt`` in the folder of the same name also works);
2. labels each claim the rules propose, by ``score.py``'s own party matching: valid when
   its investor/target pair is a gold pair of the article, and then the status of the
   best-matching gold claim of that pair (the rule's own status when the gold allows it);
3. fits two scikit-learn logistic regressions, validity and status, on the features of
   :func:`dealgraph.extract.learned.features`;
4. reports ``score.py``'s measures with and without the layer under cross-validation
   grouped by article: each outer fold's thresholds are tuned by an inner
   cross-validation of its training articles alone, so the held-out articles choose
   nothing;
5. tunes the thresholds the same way on every article, fits on all and writes the
   weights as JSON.

The test split of ``news_deals`` is refused by name and by id: it is never read.
scikit-learn is needed here only; the runtime reads the JSON without it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import importlib.util
import json
import math
import random
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType
from typing import Any

from dealgraph.config import Settings
from dealgraph.extract.learned import MODEL, SCOPES, Article, Features, Model, features, settle, validate
from dealgraph.records import Claim, Document, Record, claim_dict

ROOT = Path(__file__).resolve().parents[3]
GOLD = ROOT / "tests" / "extract" / "gold"
DEV_SETS = ("news_deals_dev", "own", "corpora", "corpora2", "heldout", "seeds")
FORBIDDEN = ("news_deals_test",)

C = 1.0  # inverse L2 strength: a few hundred claims, a few thousand sparse features
MIN_ARTICLES = 2  # a feature seen in fewer training articles would only memorise them
THRESHOLDS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)
STATUS_THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)
RECALL_SLACK = 0.0  # pair recall the validity threshold may give up, at most
MIN_GAIN = 0.005  # what a threshold must add over the rules alone to be worth acting on


@dataclass
class Candidate:
    """One claim the rules proposed, its features and its gold labels."""

    claim: Claim
    features: Features
    valid: bool
    status: str | None  # the gold status to learn; None for an invalid claim


@dataclass
class Labelled:
    """One development article: its record (layer off), gold and candidates."""

    key: str  # "<set>/<id>": ids may repeat across sets
    record: Record
    gold: dict[str, Any]
    candidates: list[Candidate]
    output: dict[str, Any]  # the record's JSON object, whose deals each trial replaces


@dataclass(frozen=True)
class Options:
    """How to fit: L2 strength, the rarest feature kept, the number of folds."""

    c: float = C
    min_articles: int = MIN_ARTICLES
    folds: int = 5


@dataclass(frozen=True)
class Params:
    """One policy's thresholds (see :func:`dealgraph.extract.learned.settle`); the
    defaults never act."""

    threshold: float = 0.0
    scope: str = "none"
    status_threshold: float = 1.0


# -- the development sets ---------------------------------------------------------------

def load_score(shared: Path) -> ModuleType:
    """The shared ``score.py``, imported from its file (it is not a package)."""
    path = shared / "eval" / "score.py"
    spec = importlib.util.spec_from_file_location("dealgraph_shared_score", path)
    if spec is None or spec.loader is None or not path.exists():
        raise SystemExit(f"score.py not found at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def forbidden_ids(gold_dir: Path) -> set[str]:
    """The ids of the blind test split (the split file lists them; nothing else is read)."""
    split = gold_dir / "news_deals_split.json"
    if not split.exists():
        return set()
    return set(json.loads(split.read_text(encoding="utf-8"))["test"])


def gold_file(name: str, gold_dir: Path, shared: Path) -> Path:
    if Path(name).stem in FORBIDDEN or any(f in name for f in FORBIDDEN):
        raise SystemExit(f"{name}: the blind test split is never used for training")
    if name == "seeds":
        return shared / "gold" / "seeds.jsonl"
    path = Path(name) if name.endswith(".jsonl") else gold_dir / f"{name}.jsonl"
    if not path.exists():
        raise SystemExit(f"no gold file {path}")
    return path


def read_gold(path: Path, refused: set[str]) -> list[dict[str, Any]]:
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    blind = sorted(str(d["id"]) for d in docs if str(d["id"]) in refused)
    if blind:
        raise SystemExit(f"{path}: holds test-split articles {blind}; refusing to train on them")
    return docs


def inputs(path: Path, gold: list[dict[str, Any]], shared: Path, tmp: Path) -> list[str]:
    """What ``dealgraph extract`` would read for these articles: ``<id>.txt`` files (in
    the folder named like the gold file, or the shared seeds), and the shared corpora's
    records copied to one JSON Lines file."""
    texts = shared / "seeds" if path == shared / "gold" / "seeds.jsonl" else path.with_suffix("")
    files = [str(texts / f"{d['id']}.txt") for d in gold if not d.get("corpus")]
    wanted: dict[str, set[str]] = {}
    for d in gold:
        if d.get("corpus"):
            wanted.setdefault(str(d["corpus"]), set()).add(str(d["id"]))
    if not wanted:
        return files
    lines = tmp / f"{path.stem}-articles.jsonl"
    with lines.open("w", encoding="utf-8") as out:
        for corpus, ids in sorted(wanted.items()):
            with gzip.open(shared / "corpora" / corpus / "articles.jsonl.gz", "rt", encoding="utf-8") as f:
                for line in f:
                    # only the wanted lines are decoded: a test-split article is never read
                    if not any(f'"{i}"' in line for i in ids):
                        continue
                    record = json.loads(line)
                    if record["id"] in ids:
                        out.write(json.dumps({k: record.get(k) for k in ("id", "title", "text", "date")},
                                             ensure_ascii=False) + "\n")
    return [*files, str(lines)]


def read_documents(paths: Sequence[str]) -> list[Document]:
    from dealgraph.sources.reader import Failure, read_inputs

    docs: list[Document] = []
    for item in read_inputs(list(paths)):
        if isinstance(item, Failure):
            raise SystemExit(f"{item.input}: {item.message}")
        docs.append(item)
    return docs


def extract(docs: Sequence[Document], ner: bool) -> list[Record]:
    """The records of ``docs`` as the rules alone make them (the layer off)."""
    from dealgraph.extract.pipeline import Extractor

    return list(Extractor(Settings(ner=ner, learned=False)).extract_many(docs))


# -- labels -----------------------------------------------------------------------------

def label(record: Record, gold: dict[str, Any], score: ModuleType) -> list[Candidate]:
    """Each claim of ``record`` with its features and labels (see the module docstring)."""
    pred = record.to_dict()
    resolver = score.Resolver(gold.get("orgs"), pred.get("orgs"))
    claims = list(record.claims)
    article = Article(record, claims)
    found: list[Candidate] = []
    for claim in claims:
        p = claim_dict(claim)
        same = [g for g in gold.get("deals") or []
                if score.same_party(resolver, p["investor"], g.get("investor"))
                and score.same_party(resolver, p["target"], g.get("target"))]
        status = None
        if same:
            best = max(same, key=lambda g: (g.get("kind") == p["kind"], bool(score.bounds_match(p, g)),
                                            p["status"] in score.statuses(g), not score.optional(g)))
            wanted = best["status"] if isinstance(best["status"], list) else [best["status"]]
            status = p["status"] if p["status"] in wanted else wanted[0]
        found.append(Candidate(claim, features(record, claim, claims, article), bool(same), status))
    return found


def development_articles(names: Sequence[str], shared: Path, gold_dir: Path, ner: bool,
                         score: ModuleType) -> list[Labelled]:
    refused = forbidden_ids(gold_dir)
    articles: list[Labelled] = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            path = gold_file(name, gold_dir, shared)
            gold = read_gold(path, refused)
            records = {r.id: r for r in extract(read_documents(inputs(path, gold, shared, Path(tmp))), ner)}
            for doc in gold:
                record = records[str(doc["id"])]
                articles.append(Labelled(f"{path.stem}/{doc['id']}", record, doc,
                                         label(record, doc, score), record.to_dict()))
    return articles


# -- fitting ----------------------------------------------------------------------------

def fit(articles: Sequence[Labelled], options: Options = Options(), params: Params = Params()
        ) -> Model:
    """Both regressions on ``articles``' candidates, as a runtime :class:`Model`."""
    seen: dict[str, set[str]] = {}
    for a in articles:
        for cand in a.candidates:
            for f in cand.features:
                seen.setdefault(f, set()).add(a.key)
    vocab = sorted(f for f, keys in seen.items() if len(keys) >= options.min_articles and f != "bias")
    rows = [cand for a in articles for cand in a.candidates]
    v_bias, v_weights = _logistic([cand.features for cand in rows],
                                  [int(cand.valid) for cand in rows], vocab, options.c)
    typed = [cand for cand in rows if cand.valid and cand.status]
    s_bias, s_weights = _logistic([cand.features for cand in typed],
                                  [str(cand.status) for cand in typed], vocab, options.c)
    classes = tuple(sorted(s_bias)) if len(s_bias) > 1 else ()
    return Model(
        version="1", source="", validity=v_weights.get(1, {}), validity_bias=v_bias[1],
        threshold=params.threshold, statuses=classes,
        status={k: s_weights.get(k, {}) for k in classes},
        status_bias={k: s_bias[k] for k in classes} if classes else {},
        status_threshold=params.status_threshold, scope=params.scope)


def _logistic(rows: list[Features], labels: Sequence[Any], vocab: list[str], c: float
              ) -> tuple[dict[Any, float], dict[Any, dict[str, float]]]:
    """Biases and weights per class (binary 0/1 labels: class 1 only) of an L2 logistic
    regression. With one class or no feature, the (smoothed) prior alone."""
    classes = sorted(set(labels))
    binary = set(classes) <= {0, 1}
    if len(classes) < 2 or not vocab:
        counts = {k: sum(1 for y in labels if y == k) + 0.5 for k in ([0, 1] if binary else classes)}
        if binary:
            return {1: math.log(counts[1] / counts[0])}, {}
        return {k: math.log(n / sum(counts.values())) for k, n in counts.items()}, {}
    try:
        from scipy.sparse import csr_matrix
        from sklearn.linear_model import LogisticRegression
    except ImportError:  # pragma: no cover - a training-only dependency
        raise SystemExit("training needs scikit-learn: pip install -r requirements/lock.txt") from None
    index = {f: i for i, f in enumerate(vocab)}
    data, cols, ptr = [], [], [0]
    for row in rows:
        for f, v in sorted(row.items()):
            if f in index:
                cols.append(index[f])
                data.append(v)
        ptr.append(len(cols))
    x = csr_matrix((data, cols, ptr), shape=(len(rows), len(vocab)))
    model = LogisticRegression(C=c, max_iter=5000)
    model.fit(x, list(labels))
    learned = [k.item() if hasattr(k, "item") else k for k in model.classes_]
    if len(learned) == 2:  # one row of coefficients, for the second class against the first
        coef = {learned[1]: model.coef_[0]}
        bias = {learned[1]: float(model.intercept_[0])}
        if not binary:  # two statuses: a softmax over (0, z) is the same logistic
            coef[learned[0]] = 0 * model.coef_[0]
            bias[learned[0]] = 0.0
    else:
        coef = dict(zip(learned, model.coef_, strict=True))
        bias = {k: float(b) for k, b in zip(learned, model.intercept_, strict=True)}
    weights = {k: {f: round(float(w), 4) for f, w in zip(vocab, row, strict=True) if abs(w) >= 1e-3}
               for k, row in coef.items()}
    return bias, weights


# -- measuring --------------------------------------------------------------------------

Probabilities = dict[int, tuple[float, dict[str, float]]]  # id(candidate) -> P(valid), P(status)


def probabilities(model: Model, articles: Iterable[Labelled]) -> Probabilities:
    return {id(c): (model.p_valid(c.features), model.p_status(c.features))
            for a in articles for c in a.candidates}


def decide(articles: Iterable[Labelled], probs: Probabilities, params: Params | None
           ) -> dict[str, list[Claim]]:
    """Each article's claims after the layer (``params`` None: the rules' claims)."""
    out: dict[str, list[Claim]] = {}
    for a in articles:
        kept: list[Claim] = []
        for cand in a.candidates:
            if params is None:
                kept.append(cand.claim)
                continue
            p_valid, p_status = probs[id(cand)]
            settled = settle(cand.claim, p_valid, p_status, params.threshold, params.scope,
                             params.status_threshold)
            if settled is not None:
                kept.append(settled)
        out[a.key] = kept
    return out


def measure(articles: Sequence[Labelled], claims: dict[str, list[Claim]], score: ModuleType
            ) -> dict[str, float]:
    """``score.py``'s measures of these articles with these claims."""
    gold = {a.key: a.gold for a in articles}
    pred = {a.key: {**a.output, "deals": [claim_dict(c) for c in claims[a.key]]}
            for a in articles}
    tallies, acc, _ = score.score(pred, gold)
    out: dict[str, float] = {}
    for k in ("orgs", "amounts", "pairs", "claims"):
        p, r, f = tallies[k].prf()
        out[f"{k}_p"], out[f"{k}_r"], out[k] = p, r, f
    right, total = acc["status"]
    out["status"] = right / total if total else 0.0
    out["overall"] = (out["orgs"] + out["amounts"] + out["pairs"] + out["claims"]) / 4
    return out


def folds(articles: Sequence[Labelled], k: int, seed: int = 0) -> list[list[Labelled]]:
    """``articles`` dealt at random (seed fixed) into ``k`` folds: grouped by article, so
    the claims of one article are never on both sides."""
    order = sorted(articles, key=lambda a: a.key)
    random.Random(seed).shuffle(order)
    return [order[i::k] for i in range(min(k, len(order)))]


def out_of_fold(articles: Sequence[Labelled], options: Options, seed: int) -> Probabilities:
    probs: Probabilities = {}
    parts = folds(articles, options.folds, seed)
    for i, held in enumerate(parts):
        train = [a for j, p in enumerate(parts) if j != i for a in p]
        probs |= probabilities(fit(train, options), held)
    return probs


def tune(articles: Sequence[Labelled], options: Options, score: ModuleType, seed: int = 1) -> Params:
    """The thresholds that out-of-fold predictions on ``articles`` favour.

    Validity: the best pairs plus claims F1 among the thresholds that keep the rules'
    pair recall (``RECALL_SLACK``: a missed pair is worse than an extra one, since the
    ledger can show a doubtful claim but not one it never saw), and only if it adds
    ``MIN_GAIN`` to no threshold at all. Status: the best status accuracy plus claims F1,
    trying the narrowest scope and the highest confidence first, each having to add
    ``MIN_GAIN``, so that the layer overrules the rules only where that clearly helps.
    """
    probs = out_of_fold(articles, options, seed)
    base = measure(articles, decide(articles, probs, None), score)
    best, chosen = -1.0, Params()
    for t in THRESHOLDS:
        m = measure(articles, decide(articles, probs, Params(t)), score)
        if m["pairs_r"] < base["pairs_r"] - RECALL_SLACK:
            continue
        if m["pairs"] + m["claims"] > best + (MIN_GAIN if t else 0.0):
            best, chosen = m["pairs"] + m["claims"], Params(t)
    m = measure(articles, decide(articles, probs, chosen), score)
    best = m["status"] + m["claims"]
    for scope in SCOPES[1:]:
        for st in sorted(STATUS_THRESHOLDS, reverse=True):
            params = Params(chosen.threshold, scope, st)
            m = measure(articles, decide(articles, probs, params), score)
            if m["status"] + m["claims"] > best + MIN_GAIN:
                best, chosen = m["status"] + m["claims"], params
    return chosen


def cross_validate(articles: Sequence[Labelled], options: Options, score: ModuleType, seed: int = 0
                   ) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, float]], list[Params]]:
    """Measures without and with the layer, per set and over all, each article predicted
    by a model (and thresholds) that never saw it."""
    probs: Probabilities = {}
    chosen: dict[str, Params] = {}
    tuned: list[Params] = []
    parts = folds(articles, options.folds, seed)
    for i, held in enumerate(parts):
        train = [a for j, p in enumerate(parts) if j != i for a in p]
        params = tune(train, options, score, seed + 1)
        tuned.append(params)
        probs |= probabilities(fit(train, options), held)
        chosen |= {a.key: params for a in held}
    without: dict[str, dict[str, float]] = {}
    with_layer: dict[str, dict[str, float]] = {}
    sets = sorted({a.key.split("/")[0] for a in articles})
    for name in ["all", *sets]:
        group = [a for a in articles if name == "all" or a.key.split("/")[0] == name]
        without[name] = measure(group, decide(group, probs, None), score)
        layered = {key: claims for a in group
                   for key, claims in decide([a], probs, chosen[a.key]).items()}
        with_layer[name] = measure(group, layered, score)
    return without, with_layer, tuned


# -- the command ------------------------------------------------------------------------

def to_json(model: Model, params: Params, trained: dict[str, Any]) -> dict[str, Any]:
    return {
        "version": model.version,
        "source": model.source,
        "trained": trained,
        "validity": {"bias": round(model.validity_bias, 4), "threshold": params.threshold,
                     "weights": dict(sorted(model.validity.items()))},
        "status": {"classes": list(model.statuses),
                   "bias": {k: round(v, 4) for k, v in sorted(model.status_bias.items())},
                   "threshold": params.status_threshold, "scope": params.scope,
                   "weights": {k: dict(sorted(w.items())) for k, w in sorted(model.status.items())}},
    }


def mean(runs: list[dict[str, dict[str, float]]]) -> dict[str, dict[str, float]]:
    """The mean of each measure of each set over several cross-validation runs."""
    return {name: {k: sum(run[name][k] for run in runs) / len(runs) for k in runs[0][name]}
            for name in runs[0]}


def _rounded(measures: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 4) for k, v in measures.items()}


def table(without: dict[str, dict[str, float]], with_layer: dict[str, dict[str, float]]) -> str:
    cols = ("pairs_p", "pairs_r", "pairs", "claims_p", "claims_r", "claims", "status", "overall")
    lines = ["| set | layer | " + " | ".join(cols) + " |", "| --- " * (len(cols) + 2) + "|"]
    for name in without:
        for tag, m in (("off", without[name]), ("on", with_layer[name])):
            lines.append(f"| {name} | {tag} | " + " | ".join(f"{m[c]:.3f}" for c in cols) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m dealgraph.extract.train",
                                     description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sets", nargs="+", default=list(DEV_SETS),
                        help="development set names, or gold .jsonl files with <id>.txt beside")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--gold", type=Path, default=GOLD, help="the folder of the gold sets")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=3,
                        help="outer cross-validations, each with its own random folds (mean reported)")
    parser.add_argument("--out", type=Path, default=MODEL)
    parser.add_argument("--min-articles", type=int, default=MIN_ARTICLES,
                        help="keep features seen in at least this many training articles")
    parser.add_argument("--no-ner", action="store_true", help="rules and knowledge base only")
    args = parser.parse_args(argv)
    for name in args.sets:  # before anything is read
        if any(f in name for f in FORBIDDEN):
            raise SystemExit(f"{name}: the blind test split is never used for training")
    options = Options(C, args.min_articles, args.folds)
    score = load_score(args.shared)
    articles = development_articles(args.sets, args.shared, args.gold, not args.no_ner, score)
    n = sum(len(a.candidates) for a in articles)
    valid = sum(c.valid for a in articles for c in a.candidates)
    print(f"{len(articles)} articles, {n} candidate claims, {valid} with a gold pair", flush=True)
    runs = [cross_validate(articles, options, score, seed) for seed in range(args.repeats)]
    without, with_layer = mean([run[0] for run in runs]), mean([run[1] for run in runs])
    tuned = [p for run in runs for p in run[2]]
    print(f"\n{args.folds}-fold cross-validation grouped by article, mean of {args.repeats} "
          "(thresholds tuned inside each training part):\n")
    print(table(without, with_layer))
    params = tune(articles, options, score)
    print(f"\nthresholds on all articles: {params}", flush=True)
    model = fit(articles, options, params)
    sets = ", ".join(args.sets)
    model = replace(model, source=f"dealgraph.extract.train on the development gold ({sets}); "
                                  "never the news_deals test split")
    trained = {
        "date": dt.date.today().isoformat(), "sets": list(args.sets), "articles": len(articles),
        "candidates": n, "valid": valid, "folds": args.folds, "repeats": args.repeats, "C": C,
        "min_articles": args.min_articles, "ner": not args.no_ner,
        "cv": {"without": _rounded(without["all"]), "with": _rounded(with_layer["all"]),
               "thresholds": [vars(p) for p in tuned]},
    }
    data = to_json(model, params, trained)
    validate(data, str(args.out))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main(sys.argv[1:])
