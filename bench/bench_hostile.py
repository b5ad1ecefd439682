"""Every kind of hostile input at once through ``dealgraph ingest``, memory capped at 1 GB.

The test suite feeds a handful of kinds at once; this feeds all of them (see
``tests/sources/hostile.py``) beside one honest article, in a child process
whose data memory is capped (RLIMIT_DATA), and prints its resident peak, its
time, the inputs refused, and whether the honest article was stored and no
input made the reader fetch anything. Target: a resident peak under the cap
plus the shared libraries' margin (1.5 GB), exit status 1 (inputs refused, no
crash), no traceback, no fetch.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.sources.hostile import BUILDERS  # noqa: E402
from tests.sources.hostile_run import MEMORY_LIMIT, SHARED_MARGIN, ingest_hostile, watching  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--kind", action="append", choices=sorted(BUILDERS),
                        help="Only this kind (repeatable; default: every kind)")
    args = parser.parse_args(argv)
    kinds = args.kind or sorted(BUILDERS)
    with tempfile.TemporaryDirectory(prefix="dealgraph-hostile-") as tmp, watching() as asked:
        run = ingest_hostile(kinds, Path(tmp))
    errors = [line for line in run.stderr.splitlines() if line.startswith("Error:")]
    clean = (run.returncode == 1 and "Traceback" not in run.stderr and not asked
             and str(run.honest) in run.stored)
    bound = (MEMORY_LIMIT + SHARED_MARGIN) / 2**20
    print(f"== hostile inputs: {len(kinds)} kinds, {len(run.inputs)} inputs at once, "
          f"{run.seconds:.0f} s")
    print(f"   peak RSS {run.peak_rss / 2**20:.0f} MB (data capped at {MEMORY_LIMIT / 2**20:.0f} MB; "
          f"target under {bound:.0f} MB with shared libraries): "
          f"{'met' if run.bounded else 'MISSED'}")
    print(f"   {len(errors)} Error: lines, {run.failed} failures recorded, honest article "
          f"{'stored' if str(run.honest) in run.stored else 'MISSING'}, "
          f"{len(asked)} fetches made, exit status {run.returncode}: "
          f"{'clean' if clean else 'NOT CLEAN'}")
    if not clean:
        print("   " + run.stderr[-2000:].replace("\n", "\n   "))


if __name__ == "__main__":
    main()
