"""Loads the versioned knowledge files under ``data/``: lexicons and the entity base.

Each file is YAML with a ``version`` and a ``source`` (where its facts come from)
and is checked against the JSON Schema of the same kind in ``data/schemas/``.
Loading is lazy and cached; a bad file raises :class:`KnowledgeError` naming the
file and the key at fault. Per-language files live in ``data/lexicons/<lang>/``,
so a linguist adds German by adding ``data/lexicons/de/`` without touching Python.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from dealgraph.errors import KnowledgeError

DATA = Path(__file__).resolve().parent / "data"
LEXICONS = DATA / "lexicons"
SCHEMAS = DATA / "schemas"


@cache
def schema(kind: str) -> dict[str, Any]:
    path = SCHEMAS / f"{kind}.schema.json"
    try:
        loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KnowledgeError("no schema for this kind of file", input=str(path)) from None
    return loaded


# libyaml's parser when PyYAML was built with it: the knowledge base is read at every
# start, and the pure-Python parser spends seconds on its few thousand entries
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path, kind: str) -> dict[str, Any]:
    """Read one knowledge file and validate it against the schema ``kind``."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506 - a safe loader
    except FileNotFoundError:
        raise KnowledgeError("file not found", input=str(path)) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise KnowledgeError(f"not valid YAML: {exc}", input=str(path)) from None
    if not isinstance(data, dict):
        raise KnowledgeError("expected a mapping at the top level", input=str(path))
    errors = sorted(
        jsonschema.Draft202012Validator(schema(kind)).iter_errors(data),
        key=lambda e: list(e.absolute_path),
    )
    if errors:
        err = errors[0]
        key = "/".join(str(p) for p in err.absolute_path) or "(top level)"
        raise KnowledgeError(f"at {key}: {err.message}", input=str(path))
    return data


def available_languages() -> tuple[str, ...]:
    """Languages that have a lexicon folder."""
    return tuple(sorted(p.name for p in LEXICONS.iterdir() if p.is_dir()))


@cache
def lexicon(lang: str, name: str) -> dict[str, Any]:
    """The lexicon ``name`` (``money``, ``dates``, ``deals``...) of language ``lang``.

    The file is ``data/lexicons/<lang>/<name>.yaml`` and its schema
    ``data/schemas/<name>.schema.json``.
    """
    path = LEXICONS / lang / f"{name}.yaml"
    if not path.exists():
        raise KnowledgeError(f"no {name!r} lexicon for language {lang!r}", input=str(path))
    return read_yaml(path, name)
