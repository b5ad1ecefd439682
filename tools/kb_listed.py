"""Write ``src/dealgraph/data/kb/listed.yaml``: the companies of the main stock indices.

    pip install pytickersymbols==1.17.10
    python tools/kb_listed.py [--shared ../shared]

The hand-written knowledge base holds the companies business news names most; articles
name many more, and a name neither the knowledge base nor the small NER models find is
a party no claim can have. The constituents of twenty stock indices (S&P 500, 100 and
600, Nasdaq 100, Dow Jones, FTSE 100, CAC 40 and Mid 60, DAX, MDAX, SDAX, TecDAX, Euro
Stoxx 50, AEX, BEL 20, IBEX 35, SMI 20, OMX Stockholm 30 and Helsinki 25, Nikkei 225)
are public facts; the MIT-licensed ``pytickersymbols`` package carries them offline. No
article of any corpus chose an entry.

Each company becomes an organisation with

- its common name: legal forms ("Inc.", "plc", "AG", "Corporation"...), share classes
  and a leading "The" dropped; the full name stays as an alias;
- its exchange symbols with their exchange suffix as tickers ("UTDI.DE"; a bare symbol
  is too often some other company's initials);
- its country from the index it belongs to (a Nikkei company is Japanese), the
  headquarters country the knowledge base asks for;
- the category ``company``: no sector is guessed (see ``CATEGORY``), so these entries
  find names and never stand for a generic description such as "the bank".

A one-word common name that is also a lower-case word of the news (its lower-case form
occurs at least twice in the shared Reuters and WMT texts, or it is one of the
knowledge base's capitalised common words, or it mostly stands after another
capitalised word there, as "Bancorp" does) keeps its legal form as its name, as the
hand-written files do ("Target Corp"): the matcher then never fires on the bare word.
Companies the hand-written files already hold (same name key) are left out, so those
files keep their curated entries.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dealgraph.nlp.kb import KnowledgeBase, name_key  # noqa: E402

OUT = ROOT / "src" / "dealgraph" / "data" / "kb" / "listed.yaml"
PACKAGE = "pytickersymbols==1.17.10"

# index -> headquarters country (ISO 3166-1); Euro Stoxx 50 companies are all in one of
# the national indices too, and keep that country
COUNTRY = {
    "AEX": "NL", "BEL 20": "BE", "CAC_40": "FR", "CAC Mid 60": "FR", "DAX": "DE",
    "MDAX": "DE", "SDAX": "DE", "TecDAX": "DE", "DOW JONES": "US", "FTSE 100": "GB",
    "IBEX 35": "ES", "NASDAQ 100": "US", "NIKKEI 225": "JP", "OMX Helsinki 25": "FI",
    "OMX Stockholm 30": "SE", "S&P 100": "US", "S&P 500": "US", "S&P 600": "US",
    "Switzerland 20": "CH",
}

# No sector is guessed from the package's industries: a category makes an organisation
# the antecedent of generic descriptions ("l'opérateur", "the bank"), and a guessed one
# would take descriptions from the companies the article means.
CATEGORY = "company"

LEGAL = re.compile(
    r"(,?\s+(inc\.?|incorporated|corp\.?|corporation|co\.?,? ltd\.?|company|co\.|ltd\.?|limited|"
    r"plc|p\.l\.c\.|ag|se|sa|s\.a\.|n\.v\.|nv|a/s|oyj|abp|ab|asa|spa|s\.p\.a\.|kgaa|"
    r"& co\.? kgaa|holdings?|group|class [a-c]|\(the\)|l\.p\.|lp|reit))+$",
    re.IGNORECASE)
CLASS = re.compile(r"\s+(class|series|cl\.?)\s+[a-c]$|\s+\(class [a-c]\)$", re.IGNORECASE)


def common_name(full: str) -> str:
    name = CLASS.sub("", full.strip())
    name = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
    short = name
    for _ in range(3):  # "Carnival Corporation & plc": the legal forms, then the "&" left
        short = re.sub(r"\s*(&|and)$", "", LEGAL.sub("", short).strip(" ,"))
    return short or name


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return f"x-{s}" if not s[:1].isalnum() else s


def corpus_words(shared: Path) -> tuple[Counter[str], tuple[Counter[str], Counter[str]]]:
    """One pass over the Reuters and WMT texts: how often each lower-case word occurs, and
    for each capitalised word how often it stands after another capitalised word
    ("Rainier Bancorp") and how often in all. A word that mostly ends longer names is a
    word of names, not a name."""
    lowers: Counter[str] = Counter()
    after: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for corpus in ("reuters21578", "wmt_newstest_fr"):
        with gzip.open(shared / "corpora" / corpus / "articles.jsonl.gz", "rt", encoding="utf-8") as f:
            for line in f:
                text = json.loads(line).get("text") or ""
                lowers.update(w for w in re.findall(r"\b[a-zà-ÿ][\w'-]*", text) if w.islower())
                for m in re.finditer(r"(\b[A-Z][\w&.-]*\s+)?\b([A-Z][a-z][\w-]*)", text):
                    total[m.group(2)] += 1
                    if m.group(1):
                        after[m.group(2)] += 1
    return lowers, (after, total)


def entries(stocks: list[dict], kb: KnowledgeBase, lowers: Counter[str],
            trailing: tuple[Counter[str], Counter[str]]) -> list[dict]:
    known = set()
    for entity in kb.orgs:
        for form in (entity.name, *entity.aliases):
            known.add(name_key(form, kb.legal_suffixes))
    forms = {f.casefold() for entity in kb.entities() for f in (entity.name, *entity.aliases,
                                                          *entity.tickers)}
    common = kb.common_words("en") | kb.common_words("fr")
    out: dict[str, dict] = {}
    for stock in stocks:
        full = " ".join(str(stock["name"]).split())
        name = common_name(full)
        keys = {name_key(name, kb.legal_suffixes), name_key(full, kb.legal_suffixes)}
        if keys & known or not name_key(name, kb.legal_suffixes):
            continue
        after, total = trailing
        ends_names = total[name] >= 2 and after[name] >= total[name] / 2
        if " " not in name and (lowers[name.lower()] >= 2 or name in common or len(name) < 3
                                or ends_names):
            if full == name:
                continue  # a bare common word with no longer form to match safely
            name = full
        sid = slug(name)
        if sid in out or kb.get(sid) is not None or name.casefold() in forms:
            continue  # an id or a name another entry already has
        aliases = [a for a in dict.fromkeys([full]) if a != name and a.casefold() not in forms]
        # only symbols with their exchange ("UTDI.DE"): a bare symbol ("CCL", "REX") is
        # also some other company's initials
        tickers = sorted({t for t in [stock.get("symbol") or ""]
                          + [s.get("yahoo") or "" for s in stock.get("symbols") or []]
                          if re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z^-]*\.[A-Z]{1,2}", t)
                          and not t.endswith(".F") and t.casefold() not in forms})
        forms |= {f.casefold() for f in (name, *aliases, *tickers)}
        entry: dict = {"id": sid, "name": name}
        if aliases:
            entry["aliases"] = aliases
        if tickers:
            entry["tickers"] = tickers
        entry["category"] = CATEGORY
        indices = [i for i in stock.get("indices") or [] if i in COUNTRY]
        if indices:
            entry["country"] = COUNTRY[indices[0]]
        out[sid] = entry
        known |= keys
    return sorted(out.values(), key=lambda e: e["id"])


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    try:
        from pytickersymbols import PyTickerSymbols
    except ImportError:
        raise SystemExit(f"needs {PACKAGE}: pip install {PACKAGE}") from None
    symbols = PyTickerSymbols()
    stocks: dict[str, dict] = {}
    for index in symbols.get_all_indices():
        for stock in symbols.get_stocks_by_index(index):
            seen = stocks.setdefault(stock["name"], {**stock, "indices": []})
            seen["indices"].append(index)
    kb = KnowledgeBase.load(leave_out=(OUT.stem,))  # the hand-written files alone
    orgs = entries(list(stocks.values()), kb, *corpus_words(args.shared))
    header = {
        "version": 1,
        "source": (f"Constituents of twenty stock indices as the {PACKAGE} package lists them "
                   "(names, exchange symbols); country from the index, category 'company' (no "
                   "sector guessed); written by tools/kb_listed.py, not by hand. Companies "
                   "the hand-written files hold are left out."),
    }
    text = yaml.safe_dump(header, allow_unicode=True, sort_keys=False, width=100)
    text += "orgs:\n" + "".join(
        "  - " + json.dumps(e, ensure_ascii=False) + "\n" for e in orgs)
    args.out.write_text(text, encoding="utf-8")
    print(f"{len(orgs)} organisations written to {args.out}")


if __name__ == "__main__":
    main(sys.argv[1:])
