"""Print the extraction quality table: every gold set, the columns of ``score.py``.

    python bench/quality.py [SET ...] [--shared ../shared]

Runs ``dealgraph extract`` on each set as the quality gate does, scores it with the
shared ``score.py`` and prints one Markdown row per set: orgs, amounts, pairs and claims
F1, then status, amount and date accuracy on matched pairs, then overall F1. It never
prints a miss, so it may be run on the test split without showing its articles.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.extract.test_quality import BUILDERS, SETS, run_extract_cli, run_score_cli  # noqa: E402  # noqa: E402

COLUMNS = ("orgs", "amounts", "pairs", "claims", "status", "amount", "date", "overall")


def row(name: str, scores: dict[str, object]) -> str:
    cells = []
    for key in COLUMNS:
        value = scores[key]
        if isinstance(value, dict):
            value = value["f1"]
        cells.append("n/a" if value is None else f"{float(value):.3f}")  # type: ignore[arg-type]
    return f"| {name} | {scores['documents']} | " + " | ".join(cells) + " |"


def main(argv: list[str]) -> None:
    shared = Path("../shared")
    if "--shared" in argv:
        at = argv.index("--shared")
        shared = Path(argv[at + 1])
        del argv[at:at + 2]
    names = argv or list(SETS)
    print("| set | articles | " + " | ".join(COLUMNS) + " |")
    print("| --- " * (len(COLUMNS) + 2) + "|")
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        for name in names:
            gold_set = BUILDERS[name](shared, tmp)
            pred = tmp / f"{name}-pred.jsonl"
            run_extract_cli(gold_set.inputs, pred)
            scores = json.loads(run_score_cli(shared, pred, gold_set.gold, "--json"))
            print(row(name, scores), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
