"""Settings precedence: defaults < user file < environment < flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from dealgraph.config import Settings, load_settings
from dealgraph.errors import ConfigError


def test_defaults_without_file_or_environment(tmp_path: Path) -> None:
    assert load_settings(env={}, cwd=tmp_path) == Settings()


def test_file_then_environment_then_flags(tmp_path: Path) -> None:
    (tmp_path / "dealgraph.toml").write_text('db = "file.db"\nmax_bytes = 10\nner = false\n')
    settings = load_settings(env={"DEALGRAPH_DB": "env.db"}, cwd=tmp_path)
    assert (settings.db, settings.max_bytes, settings.ner) == ("env.db", 10, False)
    settings = load_settings(env={"DEALGRAPH_DB": "env.db"}, cwd=tmp_path, db="flag.db")
    assert settings.db == "flag.db"


def test_languages_from_environment_are_a_list() -> None:
    assert load_settings(env={"DEALGRAPH_LANGUAGES": "fr, en,de"}).languages == ("fr", "en", "de")


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEALGRAPH_MAX_BYTES": "lots"}, "DEALGRAPH_MAX_BYTES: invalid value 'lots' for setting 'max_bytes'"),
        ({"DEALGRAPH_NER": "maybe"}, "DEALGRAPH_NER: invalid value 'maybe' for setting 'ner'"),
        ({"DEALGRAPH_MAX_BYTES": "-5"}, "DEALGRAPH_MAX_BYTES: invalid value '-5' for setting 'max_bytes'"),
    ],
)
def test_bad_environment_value_names_the_variable(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(env=env)
    assert str(info.value) == message


def test_unknown_key_in_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "dealgraph.toml"
    path.write_text("colour = 'blue'\n")
    with pytest.raises(ConfigError) as info:
        load_settings(env={}, cwd=tmp_path)
    assert str(info.value) == f"{path}: unknown setting 'colour'"
