"""``make bench``: every benchmark, each printing its numbers and the target it is held to.

In order:

- extraction: ``bench/extraction.py`` (dealgraph against spaCy's full pipeline);
- ingest into the ledger and query latency: ``bench/bench_ingest.py``, which
  stores at least 5,000 corpus articles into a fresh SQLite ledger;
- questions: ``bench/bench_ask.py``, answer accuracy and citation precision on the
  question set, and answer time on that same ledger;
- HTTP load on the server: ``bench/bench_load.py``, serving that same ledger (it
  is built once and kept in a temporary folder until the load run is over);
- crawl scale: ``bench/bench_scale.py``, the corpora written to WARC.gz and ingested
  into PostgreSQL by one process and by a LocalCluster of two Dask workers;
- hostile input: ``bench/bench_hostile.py``, every kind of hostile input ingested at
  once with memory capped, printing the peak resident memory.
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent


def _load(name: str) -> ModuleType | None:
    path = HERE / f"{name}.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _step(name: str, argv: list[str]) -> bool:
    """Run one benchmark's ``main(argv)``; False when it is absent."""
    module = _load(name)
    if module is None:
        print(f"== {name}: not built yet\n")
        return False
    began = time.perf_counter()
    module.main(argv)
    print(f"   ({name} took {time.perf_counter() - began:.0f} s)\n", flush=True)
    return True


def main() -> None:
    began = time.perf_counter()
    _step("extraction", [])
    with tempfile.TemporaryDirectory(prefix="dealgraph-bench-") as tmp:
        ledger = str(Path(tmp) / "ledger.db")
        if _step("bench_ingest", ["--db", ledger]) and Path(ledger).exists():
            _step("bench_ask", ["--db", ledger])
            _step("bench_load", ["--db", ledger])
            _step("bench_soak", ["--db", ledger])  # ten minutes, 50 clients, reads and writes
        else:
            print("== bench_load: skipped, no ledger was built\n")
    _step("bench_scale", [])  # WARC.gz into PostgreSQL: one process against two Dask workers
    _step("bench_hostile", [])  # every hostile input at once, 1 GB cap, peak RSS
    print(f"== make bench took {(time.perf_counter() - began) / 60:.1f} min")


if __name__ == "__main__":
    main()
