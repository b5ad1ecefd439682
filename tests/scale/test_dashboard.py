"""The Dask dashboard whose link ``ingest --engine dask`` prints shows something.

distributed serves its dashboard only when bokeh is installed; without it the
printed link answers 404. The link is fetched while the command's own
LocalCluster is up (the moment it is printed), and must answer 200 with the
dashboard's page.
"""

from __future__ import annotations

from pathlib import Path

import httpx

from dealgraph.config import Settings
from dealgraph.scale.dask_ingest import ingest_with_dask
from tests.scale.builders import fake_extractor, need_dask, write_inputs


def test_the_printed_dashboard_link_answers_while_the_run_is_under_way(tmp_path: Path) -> None:
    need_dask()
    answers: list[tuple[str, int, str]] = []

    def say(line: str) -> None:
        if line.startswith("Dask dashboard: "):
            url = line.removeprefix("Dask dashboard: ")
            reply = httpx.get(url, timeout=30, follow_redirects=True)
            answers.append((url, reply.status_code, reply.text))

    paths = write_inputs(tmp_path / "in")
    summary = ingest_with_dask(paths, Settings(db=str(tmp_path / "ledger.db")), workers=1,
                               factory=fake_extractor, say=say)
    assert summary.failed == 0 and not summary.broken and summary.new > 0
    [(url, status, page)] = answers
    assert url.startswith("http://") and url.endswith("/status")
    assert status == 200, f"{url} answered {status}"
    assert "Dask" in page and "bokeh" in page.lower()
