"""Handing settings to worker processes, and the socket they share."""

from __future__ import annotations

import socket

import pytest

from dealgraph.config import Settings
from dealgraph.serve.run import HANDOFF, listen, settings_from_json, settings_to_json, worker_app


@pytest.mark.parametrize("settings", [
    Settings(),
    Settings(db="ledgers/x.db", languages=("en",), kb=("a.yaml", "b.yaml"), ner=False,
             token="t0k", close_reads=True, max_body=10, page_size=7),
    Settings(db="postgresql://u:p@localhost/x", token=None, extra={"k": [1, 2]}),
])
def test_settings_survive_the_handoff(settings: Settings) -> None:
    back = settings_from_json(settings_to_json(settings))
    assert back.db == settings.db and back.languages == settings.languages
    assert back.kb == settings.kb and back.token == settings.token
    assert (back.ner, back.close_reads, back.max_body, back.page_size) == (
        settings.ner, settings.close_reads, settings.max_body, settings.page_size)


def test_worker_refuses_to_start_without_handoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(HANDOFF, raising=False)
    with pytest.raises(RuntimeError, match=HANDOFF):
        worker_app()


def test_worker_builds_the_app_from_handoff(monkeypatch: pytest.MonkeyPatch,
                                            hand_db: str) -> None:
    monkeypatch.setenv(HANDOFF, settings_to_json(Settings(db=hand_db, page_size=3)))
    app = worker_app()
    assert app.state.settings.page_size == 3


def test_shared_socket_turns_nagle_off() -> None:
    sock = listen("127.0.0.1", 0)
    try:
        assert sock.proto == socket.IPPROTO_TCP
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
        with socket.create_connection(sock.getsockname()) as client:
            accepted, _ = sock.accept()
            with accepted:
                assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
            client.close()
    finally:
        sock.close()
