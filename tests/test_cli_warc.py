"""`dealgraph extract` and `ingest` on a web archive: filters on the command line, damage reported."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sources.warc_builder import Page, article, write_warc

EN = "Nvidia invested 5 billion dollars in Mistral AI, the company said on Monday."
FR = "Nvidia a investi 5 milliards de dollars dans Mistral AI, a annoncé la société lundi."


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dealgraph", *args], capture_output=True,
                          text=True, timeout=300, check=False)


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("crawl")
    return write_warc(folder / "crawl.warc.gz", [
        Page("https://wire.example.com/en/nvidia-mistral", article("Nvidia backs Mistral", EN),
             date="2026-01-12T09:00:00Z"),
        Page("https://presse.example.fr/nvidia-mistral", article("Nvidia mise sur Mistral", FR, lang="fr"),
             date="2026-01-13T09:00:00Z"),
        Page("https://spam.example.net/nvidia", article("Nvidia mirror", EN + " Mirror.", lang=None),
             date="2026-01-13T10:00:00Z"),
        Page("https://wire.example.com/en/filing.pdf", b"%PDF-1.7", content_type="application/pdf",
             date="2026-01-14T09:00:00Z"),
    ])


def test_extract_reads_each_page_and_names_the_one_that_is_not_html(crawl: Path) -> None:
    result = run("extract", str(crawl), "--exclude-domain", "spam.example.net")
    assert result.returncode == 1  # the PDF
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["url"] for r in records] == ["https://wire.example.com/en/nvidia-mistral",
                                          "https://presse.example.fr/nvidia-mistral"]
    assert [r["lang"] for r in records] == ["en", "fr"]
    assert records[0]["date"] == "2026-01-12" and records[0]["date_source"] == "warc-date"
    assert any(d["investor"] == "Nvidia" for d in records[0]["deals"])
    assert "Error: https://wire.example.com/en/filing.pdf: not an HTML page (application/pdf)" \
        in result.stderr


def test_ingest_with_filters_stores_only_the_wanted_pages(crawl: Path, tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    result = run("ingest", str(crawl), "--db", str(db), "--format", "json", "--lang", "fr",
                 "--since", "2026-01-13", "--keyword", "mistral")
    assert result.returncode == 0, result.stderr
    # The English page is too early; the mirror declares no language, its text is
    # detected as English; the PDF is late enough but "mistral" is not in its bytes.
    assert json.loads(result.stdout) == [{"new": 1, "duplicate": 0, "failed": 0}]
    with sqlite3.connect(db) as conn:
        urls = [u for (u,) in conn.execute("select url from documents")]
    assert urls == ["https://presse.example.fr/nvidia-mistral"]
