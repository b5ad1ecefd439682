"""The server under abuse: headers, closed CORS, write limits, exposure, idle and slow clients."""

from __future__ import annotations

import logging
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from dealgraph.config import Settings
from dealgraph.errors import ConfigError
from dealgraph.serve.app import create_app
from dealgraph.serve.security import WRITE_BURST, Buckets, check_exposure

TOKEN = "s3cret-token-never-to-be-seen"


@pytest.mark.parametrize("url", ["/", "/api/deals", "/api/documents/999999", "/static/style.css",
                                 "/no-such-page", "/openapi.json"])
def test_every_answer_carries_the_security_headers(client: TestClient, url: str) -> None:
    answer = client.get(url)
    csp = answer.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert answer.headers["x-content-type-options"] == "nosniff"


def test_pages_hold_no_script_or_style_a_strict_policy_would_block(client: TestClient) -> None:
    deal = client.get("/api/deals").json()["items"][0]["id"]
    for url in ("/", f"/deals/{deal}", "/search?q=Acme", "/graph", "/docs"):
        page = client.get(url).text
        for tag in re.findall(r"<script\b[^>]*>", page):
            assert "src=" in tag or 'type="application/json"' in tag, (url, tag)
        assert not re.search(r"<[^>]+\s(on[a-z]+|style)\s*=", page), url


def test_cors_is_closed_by_default(client: TestClient) -> None:
    asked = client.options("/api/deals", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in asked.headers
    read = client.get("/api/deals", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in read.headers


def test_buckets_limit_each_client_apart_and_refill() -> None:
    buckets = Buckets(burst=3, rate=0.5)
    assert [buckets.take("a", now=0.0) for _ in range(4)] == [0, 0, 0, 2.0]
    assert buckets.take("b", now=0.0) == 0  # another client is not held up
    assert buckets.take("a", now=2.0) == 0  # refilled by one write in two seconds


def test_a_flood_of_writes_gets_429_while_others_write(hand_db: str) -> None:
    app = create_app(Settings(db=hand_db, token=TOKEN))
    flood = TestClient(app, client=("10.0.0.1", 1000), raise_server_exceptions=False)
    other = TestClient(app, client=("10.0.0.2", 1000), raise_server_exceptions=False)
    bad = {"Authorization": "Bearer wrong"}
    statuses = [flood.post("/api/documents", json={"text": "x"}, headers=bad).status_code
                for _ in range(WRITE_BURST + 5)]
    assert 429 not in statuses[:WRITE_BURST] and statuses[-1] == 429
    refused = flood.post("/api/documents", json={"text": "x"}, headers=bad)
    assert refused.json()["error"]["code"] == "too_many_writes"
    assert int(refused.headers["retry-after"]) >= 1
    assert other.post("/api/documents", json={"text": "x"}, headers=bad).status_code == 403
    assert flood.get("/api/deals").status_code == 200  # reads are not limited


def test_the_token_is_never_logged_nor_echoed(hand_db: str, caplog: pytest.LogCaptureFixture
                                              ) -> None:
    caplog.set_level(logging.DEBUG)
    closed = TestClient(create_app(Settings(db=hand_db, token=TOKEN, close_reads=True)),
                        raise_server_exceptions=False)
    answers = [closed.get("/api/deals", headers={"Authorization": f"Bearer {TOKEN}"}),
               closed.get("/api/deals", headers={"Authorization": f"Bearer {TOKEN}x"}),
               closed.post("/api/documents", headers={"Authorization": f"Bearer {TOKEN}x"},
                           json={"text": TOKEN})]
    assert [a.status_code for a in answers] == [200, 401, 403]
    for answer in answers[1:]:
        assert TOKEN not in answer.text
    assert TOKEN not in caplog.text


def test_serve_refuses_a_reachable_address_without_a_token(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="--public"):
        check_exposure("0.0.0.0", None, public=False)  # noqa: S104
    check_exposure("0.0.0.0", None, public=True)  # noqa: S104
    check_exposure("0.0.0.0", TOKEN, public=False)  # noqa: S104
    check_exposure("::1", None, public=False)
    run = subprocess.run([sys.executable, "-m", "dealgraph", "serve", "--host", "0.0.0.0",  # noqa: S104
                          "--port", "9"], capture_output=True, text=True, timeout=60,
                         cwd=tmp_path, env={k: v for k, v in os.environ.items()
                                            if k != "DEALGRAPH_TOKEN"})
    assert run.returncode == 1
    assert run.stderr.startswith("Error: --host: refusing to serve on 0.0.0.0")


@pytest.fixture
def live(make_client: Callable[..., TestClient], hand_db: str) -> Iterator[str]:
    """A real uvicorn server over the test ledger, on a free port; its base URL."""
    from dealgraph.serve.run import _more_files

    _more_files()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(Settings(db=hand_db)), host="127.0.0.1", port=port,
                            log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


def test_idle_and_slow_clients_do_not_starve_the_others(live: str) -> None:
    host, port = live.removeprefix("http://").split(":")
    idle = [socket.create_connection((host, int(port))) for _ in range(1000)]
    slow = [socket.create_connection((host, int(port))) for _ in range(20)]
    stop = threading.Event()

    def dribble() -> None:  # one byte a second, per slow client, never finishing a request
        request = b"GET /api/deals HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 1000
        for byte in request:
            if stop.wait(1.0):
                return
            for sock in slow:
                try:
                    sock.send(bytes([byte]))
                except OSError:
                    pass

    threading.Thread(target=dribble, daemon=True).start()
    try:
        times = []
        with httpx.Client(timeout=10) as others:
            for _ in range(20):
                start = time.monotonic()
                assert others.get(f"{live}/api/deals").status_code == 200
                times.append(time.monotonic() - start)
        assert max(times) < 2.0, times
    finally:
        stop.set()
        for sock in idle + slow:
            sock.close()


def test_local_writers_are_not_limited(hand_db: str) -> None:
    app = create_app(Settings(db=hand_db, token=TOKEN))
    local = TestClient(app, client=("127.0.0.1", 1000), raise_server_exceptions=False)
    bad = {"Authorization": "Bearer wrong"}
    statuses = {local.post("/api/documents", json={"text": "x"}, headers=bad).status_code
                for _ in range(WRITE_BURST + 5)}
    assert statuses == {403}
