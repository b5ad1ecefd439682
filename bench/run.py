"""``make bench``: every benchmark, each printing its numbers and the peer it is compared to.

- extraction: ``bench/extraction.py`` (dealgraph vs spaCy's full pipeline);
- ingest into the ledger and query latency: ``bench/bench_ingest.py``, when present;
- HTTP load on the server: ``bench/bench_load.py``, when present.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _load(name: str):  # type: ignore[no-untyped-def]
    path = HERE / f"{name}.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    for name in ("extraction", "bench_ingest", "bench_load"):
        module = _load(name)
        if module is None:
            print(f"== {name}: not built yet")
            continue
        module.main([]) if name == "extraction" else module.main()
        print()


if __name__ == "__main__":
    main()
