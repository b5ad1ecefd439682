"""One settings object, built once at the edge (CLI, server) and passed down.

Precedence, lowest first: the defaults in :data:`SETTINGS`, a user file
(``dealgraph.toml`` in the working directory or ``DEALGRAPH_CONFIG``), the
environment (``DEALGRAPH_<NAME>``), then command-line flags. Nothing below the
CLI and the server reads the environment.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from dealgraph.errors import ConfigError


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


#: Every setting, its default and one line of help; the README table is checked against it.
SETTINGS: tuple[Setting, ...] = (
    Setting("db", "dealgraph.db", "Database: an SQLite path or a postgresql:// URL."),
    Setting("languages", ("fr", "en"), "Languages read fully; others are reported as unsupported."),
    Setting("kb", (), "Extra knowledge-base files (same format as the bundled one)."),
    Setting("max_bytes", 20_000_000, "Largest input file read, in bytes."),
    Setting("max_chars", 1_000_000, "Longest article text processed, in characters."),
    Setting("ner", True, "Use the statistical NER for organisations the knowledge base lacks."),
    Setting("learned", True, "Let the learned model drop unlikely claims and settle uncertain statuses."),
    Setting("token", None, "Token required to write through the HTTP API (and to read, if set)."),
    Setting("close_reads", False, "Require the token for reads as well as writes."),
    Setting("max_body", 2_000_000, "Largest HTTP request body accepted, in bytes."),
    Setting("page_size", 50, "Default page size of API lists."),
)


@dataclass(frozen=True)
class Settings:
    db: str = "dealgraph.db"
    languages: tuple[str, ...] = ("fr", "en")
    kb: tuple[str, ...] = ()
    max_bytes: int = 20_000_000
    max_chars: int = 1_000_000
    ner: bool = True
    learned: bool = True
    token: str | None = None
    close_reads: bool = False
    max_body: int = 2_000_000
    page_size: int = 50
    extra: Mapping[str, Any] = field(default_factory=dict)

    def with_overrides(self, **values: Any) -> Settings:
        """A copy with the given non-None values applied (command-line flags)."""
        return replace(self, **{k: v for k, v in values.items() if v is not None})


def _coerce(name: str, raw: Any, default: Any, origin: str) -> Any:
    try:
        if isinstance(default, bool):
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in {"1", "true", "yes", "on"}:
                return True
            if text in {"0", "false", "no", "off"}:
                return False
            raise ValueError(raw)
        if isinstance(default, int):
            value = int(raw)
            if value <= 0:
                raise ValueError(raw)
            return value
        if isinstance(default, tuple):
            items = raw if isinstance(raw, list | tuple) else str(raw).split(",")
            return tuple(str(i).strip() for i in items if str(i).strip())
        return None if raw in (None, "") else str(raw)
    except ValueError:
        raise ConfigError(f"invalid value {raw!r} for setting {name!r}", input=origin) from None


def load_settings(
    env: Mapping[str, str] | None = None, cwd: Path | None = None, **flags: Any
) -> Settings:
    """Build the settings from defaults, user file, environment and flags, in that order."""
    env = os.environ if env is None else env
    known = {s.name: s for s in SETTINGS}
    values: dict[str, Any] = {}
    path = Path(env["DEALGRAPH_CONFIG"]) if "DEALGRAPH_CONFIG" in env else (
        (cwd or Path.cwd()) / "dealgraph.toml"
    )
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"not valid TOML: {exc}", input=str(path)) from None
        for key, raw in data.items():
            if key not in known:
                raise ConfigError(f"unknown setting {key!r}", input=str(path))
            values[key] = _coerce(key, raw, known[key].default, str(path))
    for name, setting in known.items():
        var = f"DEALGRAPH_{name.upper()}"
        if var in env:
            values[name] = _coerce(name, env[var], setting.default, var)
    for name, raw in flags.items():
        if raw is None:
            continue
        if name not in known:
            raise ConfigError(f"unknown setting {name!r}")
        values[name] = _coerce(name, raw, known[name].default, f"--{name.replace('_', '-')}")
    names = {f.name for f in fields(Settings)}
    return Settings(**{k: v for k, v in values.items() if k in names})
