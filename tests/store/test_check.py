"""`dealgraph check`: a sound ledger passes, and each kind of damage is found and named."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from dealgraph.store.check import check, find_cycle
from dealgraph.store.engine import open_engine
from tests.store.ledgers import articles, fill

# Each kind of damage a fault could leave, written straight into the tables, and the
# problem `check` must then name. SQLite does not enforce foreign keys here, so a
# dangling row can exist; PostgreSQL refuses those, hence the second list.
DAMAGE = {
    "claim of a missing document": "DELETE FROM documents WHERE id = "
                                   "(SELECT max(document_id) FROM claims)",
    "claim of a missing deal": "DELETE FROM deals WHERE id = (SELECT min(deal_id) FROM claims)",
    "mention of a missing document": "UPDATE mentions SET document_id = 99999 WHERE id = 1",
    "amount of a missing document": "INSERT INTO amounts (document_id, text, start, \"end\", "
                                    "approximate) VALUES (99999, 'x', 0, 1, 0)",
    "document without a story": "UPDATE documents SET story_id = NULL WHERE id = 2",
    "link from or to a missing document": "UPDATE document_links SET origin_id = 99999 "
                                          "WHERE document_id = (SELECT min(document_id) "
                                          "FROM document_links)",
}
BOTH = {
    "mention span outside its document's text": "UPDATE mentions SET \"end\" = 100000 "
                                                "WHERE id = 1",
    "amount span outside its document's text": "INSERT INTO amounts (document_id, text, start, "
                                               "\"end\", approximate) VALUES (1, 'x', 5, "
                                               "100000, 0)",
    "claim evidence outside its document's text": "UPDATE claims SET evidence_end = "
                                                  "evidence_start - 1 WHERE id = 1",
    "deal whose claim count disagrees with its claims": "UPDATE deals SET claims = claims + 1 "
                                                        "WHERE id = 1",
    "story whose document count disagrees with its documents": "UPDATE stories SET "
                                                               "documents = 0 WHERE id = 1",
    "articles linked in a loop (copy, rewrite or link)": "UPDATE documents SET copy_of = 3 "
                                                         "WHERE id = 1; UPDATE documents "
                                                         "SET derived_from = 1 WHERE id = 3",
}


def damaged(db: str, statements: str) -> list[str]:
    engine = open_engine(db)
    fill(engine, articles(12))
    assert check(engine) == []
    with engine.begin() as conn:
        for statement in statements.split("; "):
            conn.execute(text(statement))
    return [p.name for p in check(engine)]


@pytest.mark.parametrize("problem", sorted(DAMAGE))
def test_dangling_rows_are_found_on_sqlite(tmp_path: Path, problem: str) -> None:
    assert problem in damaged(str(tmp_path / "ledger.db"), DAMAGE[problem])


@pytest.mark.parametrize("problem", sorted(BOTH))
def test_bad_spans_counts_and_loops_are_found(db: str, problem: str) -> None:
    assert damaged(db, BOTH[problem]) == [problem]


def test_a_damaged_sqlite_file_is_reported_first(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    engine = open_engine(str(path))
    fill(engine, articles(30))
    engine.dispose()
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for at in range(len(data) - 4 * page, len(data), page):  # the last pages: rows, not schema
        data[at:at + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    problems = check(open_engine(str(path), migrate=False))
    assert [p.name for p in problems] == ["the SQLite file is damaged"]
    bad = subprocess.run([sys.executable, "-m", "dealgraph", "check", "--db", str(path)],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1
    assert bad.stderr.startswith(f"Error: {path}: the SQLite file is damaged")


def test_cycle_finder_handles_long_chains_and_self_loops() -> None:
    chain = {n: {n + 1} for n in range(100_000)}
    assert find_cycle(chain) == []
    assert find_cycle({**chain, 100_000: {50_000}})[0] == 50_000
    assert find_cycle({7: {7}}) == [7]


def test_cli_check_names_the_problem_and_exits_1(tmp_path: Path) -> None:
    db = str(tmp_path / "ledger.db")
    engine = open_engine(db)
    fill(engine, articles(5))
    run = [sys.executable, "-m", "dealgraph", "check", "--db", db]
    ok = subprocess.run(run, capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stderr
    with engine.begin() as conn:
        conn.execute(text("UPDATE claims SET evidence_start = -1"))
    bad = subprocess.run(run, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1
    assert f"Error: {db}: claim evidence outside its document's text: 5 row(s)" in bad.stderr


def test_cli_check_of_no_ledger_says_so(tmp_path: Path) -> None:
    db = tmp_path / "absent.db"
    bad = subprocess.run([sys.executable, "-m", "dealgraph", "check", "--db", str(db)],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1
    assert bad.stderr.startswith(f"Error: {db}: no ledger here")
    assert not db.exists()
