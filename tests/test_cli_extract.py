"""`dealgraph extract` end to end: one JSON line per article, bad inputs named and skipped."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "sources" / "fixtures"
GOOD = "Nvidia a investi 5 milliards de dollars dans Mistral AI, a annoncé la société lundi."


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dealgraph", "extract", *args], input=stdin,
                          capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    folder = tmp_path_factory.mktemp("batch")
    (folder / "good.txt").write_text(f" date 2026-03-02 Nvidia investit\n{GOOD}\n", encoding="utf-8")
    for name in ("empty.txt", "invalid_utf8.txt", "latin1_fr.txt", "no_article.html", "image_named.txt"):
        shutil.copy(FIXTURES / name, folder / name)
    (folder / "broken.jsonl").write_text(
        json.dumps({"id": "a1", "text": GOOD, "date": "2026-03-02"}) + "\n{not json\n",
        encoding="utf-8")
    with open(folder / "huge.txt", "wb") as f:
        f.truncate(50_000_000)
    return folder, run(str(folder))


def test_extract_goes_on_past_bad_inputs_and_exits_1(batch) -> None:
    folder, result = batch
    assert result.returncode == 1
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert sorted(ids) == ["a1", "good", "latin1_fr"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.txt", "empty file"),
        ("invalid_utf8.txt", "not valid UTF-8"),
        ("no_article.html", "no article text found in the page"),
        ("image_named.txt", "binary file, not text"),
        ("huge.txt", "file is 50.0 MB, over the 20 MB limit (raise --max-bytes)"),
        ("broken.jsonl:2", "not valid JSON"),
    ],
)
def test_each_bad_input_gets_one_error_line_naming_it(batch, name: str, message: str) -> None:
    folder, result = batch
    lines = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    mine = [line for line in lines if f"{folder / name}:" in line or f"{folder / name} " in line]
    assert len(mine) == 1, lines
    assert message in mine[0]


def test_latin1_text_is_read_correctly(batch) -> None:
    folder, result = batch
    record = next(json.loads(line) for line in result.stdout.splitlines()
                  if json.loads(line)["id"] == "latin1_fr")
    assert record["title"] == "AMD et OpenAI concluent un accord géant"
    assert record["lang"] == "fr"
    assert {"AMD", "OpenAI"} <= {o["name"] for o in record["orgs"]}


def test_stdin_and_pretty_output() -> None:
    result = run("--pretty", "-", stdin=GOOD)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    [deal] = record["deals"]
    assert (deal["investor"], deal["target"], deal["min"], deal["currency"]) == (
        "Nvidia", "Mistral AI", 5e9, "USD")
    assert GOOD[deal["evidence"]["start"]: deal["evidence"]["end"]] == deal["quote"]


def test_unsupported_language_is_reported_not_misread(tmp_path: Path) -> None:
    path = tmp_path / "de.txt"
    path.write_text("Der Konzern hat am Montag angekündigt, dass er zwei Milliarden Euro in das "
                    "Unternehmen investieren wird, wie die Zeitung berichtet.", encoding="utf-8")
    result = run(str(path))
    assert result.returncode == 0
    record = json.loads(result.stdout)
    assert (record["lang"], record["supported"], record["deals"]) == ("de", False, [])
    assert f"Warning: {path}: language de is not supported" in result.stderr
