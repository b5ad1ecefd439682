"""``serve`` loads the models before it accepts requests; ``/healthz`` reports readiness."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from dealgraph.config import Settings
from dealgraph.ingest import extractor_ready
from dealgraph.serve.run import load_models


def test_healthz_is_503_until_the_models_are_loaded_then_200(
        make_client: Callable[..., TestClient], hand_db: str) -> None:
    # Settings no other test uses, so that no extractor for them exists yet.
    overrides = {"ner": False, "max_chars": 987_654}
    client = make_client(**overrides)
    before = client.get("/healthz")
    assert before.status_code == 503 and before.json() == {"status": "loading", "models": False}
    load_models(Settings(db=hand_db).with_overrides(**overrides))
    after = client.get("/healthz")
    assert after.status_code == 200 and after.json() == {"status": "ready", "models": True}


def test_loading_the_models_reads_every_language_without_storing(hand_db: str) -> None:
    from sqlalchemy import func, select

    from dealgraph.store.engine import open_engine
    from dealgraph.store.tables import documents

    settings = Settings(db=hand_db).with_overrides(ner=False, max_chars=987_653)
    engine = open_engine(hand_db)
    with engine.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(documents)).scalar()
    load_models(settings)
    assert extractor_ready(settings)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(documents)).scalar() == stored
