"""The API's documentation page, drawn on the server from the app's own OpenAPI document.

The framework's default ``/docs`` loads Swagger UI's script and styles from a
public CDN, so it is blank offline. This page needs no third-party asset: it
reads the OpenAPI document the application already builds and lays out each
route's parameters, body and answers as plain HTML (pure functions here; the
route is in :mod:`dealgraph.web.pages`).
"""

from __future__ import annotations

import re
from typing import Any

_METHODS = ("get", "post", "put", "patch", "delete")


def type_name(schema: dict[str, Any] | None) -> str:
    """A short, readable name for a JSON schema (``int``, ``list[DealOut]``, ``a | b``)."""
    if not schema:
        return ""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            parts = [type_name(s) for s in schema[key]]
            return " | ".join(p for p in parts if p)
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return type_name(schema["allOf"][0])
    if "enum" in schema:
        return " | ".join(repr(v) for v in schema["enum"])
    kind = schema.get("type", "")
    if kind == "array":
        return f"list[{type_name(schema.get('items'))}]"
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return f"dict[str, {type_name(schema['additionalProperties'])}]"
    return str(kind or "any")


def _paragraphs(text: str | None) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]


def describe(spec: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI document ``spec`` as the lists the docs template walks."""
    operations = []
    for path, item in spec.get("paths", {}).items():
        for method in _METHODS:
            op = item.get(method)
            if op is None:
                continue
            params = [{"name": p.get("name", ""), "where": p.get("in", ""),
                       "type": type_name(p.get("schema")), "required": bool(p.get("required")),
                       "description": p.get("description") or p.get("schema", {}).get("description", "")}
                      for p in op.get("parameters", [])]
            body = None
            content = (op.get("requestBody") or {}).get("content", {})
            if content:
                kind, media = next(iter(content.items()))
                body = f"{kind}: {type_name(media.get('schema'))}"
            responses = []
            for code, answer in op.get("responses", {}).items():
                shown: dict[str, Any] = next(iter((answer.get("content") or {}).values()), {})
                responses.append({"code": code, "description": answer.get("description", ""),
                                  "schema": type_name(shown.get("schema"))})
            anchor = re.sub(r"[^a-z0-9]+", "-", f"{method} {path}".lower()).strip("-")
            operations.append({"method": method.upper(), "path": path, "anchor": anchor,
                               "summary": op.get("summary", ""),
                               "description": _paragraphs(op.get("description")),
                               "parameters": params, "body": body, "responses": responses})
    schemas = []
    for name, schema in sorted(spec.get("components", {}).get("schemas", {}).items()):
        fields = [{"name": field, "type": type_name(sub), "description": sub.get("description", "")}
                  for field, sub in schema.get("properties", {}).items()]
        schemas.append({"name": name, "fields": fields})
    info = spec.get("info", {})
    return {"title": info.get("title", ""), "version": info.get("version", ""),
            "description": _paragraphs(info.get("description")), "operations": operations,
            "schemas": schemas}
