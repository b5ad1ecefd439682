"""The README's settings table and every command's help text are kept true."""

from __future__ import annotations

import re

from click.testing import CliRunner

from dealgraph.cli import main
from dealgraph.config import SETTINGS
from tests.conftest import ROOT


def test_readme_lists_every_setting_with_its_help() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Settings", 1)[1].split("\n## ", 1)[0]
    rows = dict(re.findall(r"^\| (\w+) \| .*? \| (.+?) \|$", section, re.MULTILINE))
    rows.pop("name", None)  # the header row
    assert set(rows) == {s.name for s in SETTINGS}
    for setting in SETTINGS:
        assert rows[setting.name] == setting.help


def test_readme_gives_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme


def test_every_command_has_help_text() -> None:
    runner = CliRunner()
    for name, command in main.commands.items():
        assert command.help and len(command.help.strip()) > 20, f"{name} has no help"
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, result.output
        first = command.help.strip().splitlines()[0]
        # click wraps long lines to the terminal: compare words, not line breaks
        assert " ".join(first.split()) in " ".join(result.output.split()), f"{name}: {first!r}"
