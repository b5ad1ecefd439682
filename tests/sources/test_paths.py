"""Expanding paths: files, folders, globs, stdin, and names that lead nowhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from dealgraph.sources.paths import Source, expand


def _tree(root: Path) -> None:
    for name in ["b.txt", "a.html", "notes.docx", ".hidden.txt", "sub/c.jsonl", "sub/d.jsonl.gz",
                 ".git/x.txt", "sub/deeper/e.rss", "[draft].txt"]:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")


def test_expand_folder_recursively_known_suffixes_sorted(tmp_path: Path) -> None:
    _tree(tmp_path)
    names = [Path(s.name).relative_to(tmp_path).as_posix() for s in expand([str(tmp_path)])]
    assert names == ["[draft].txt", "a.html", "b.txt", "sub/c.jsonl", "sub/d.jsonl.gz",
                     "sub/deeper/e.rss"]


def test_expand_glob_patterns_ourselves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert [s.name for s in expand(["*.txt"])] == ["[draft].txt", "b.txt"]
    assert [s.name for s in expand(["**/*.jsonl*"])] == ["sub/c.jsonl", "sub/d.jsonl.gz"]
    # A name that exists is literal, even with glob characters in it.
    assert [s.name for s in expand(["[draft].txt"])] == ["[draft].txt"]


def test_expand_explicit_file_with_unknown_suffix_is_kept(tmp_path: Path) -> None:
    _tree(tmp_path)
    (source,) = expand([str(tmp_path / "notes.docx")])
    assert source.path == tmp_path / "notes.docx" and source.problem is None


def test_expand_reports_what_cannot_be_read(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty_folder").mkdir()
    assert list(expand(["missing.txt", "nothing*.html", "empty_folder", "-"])) == [
        Source("missing.txt", None, "no such file or directory"),
        Source("nothing*.html", None, "no file matches this pattern"),
        Source("empty_folder", None, "no files to read in this folder (looked for .atom .htm "
                                     ".html .json .jsonl .md .ndjson .rss .txt .warc .xhtml .xml)"),
        Source("<stdin>", None),
    ]
    assert list(expand(["-"]))[0].is_stdin
