"""Running the application under uvicorn, in one process or in several.

One worker serves the application built here. Several workers are separate
processes started by uvicorn, each importing :func:`worker_app`: they cannot
receive the settings as an object, so the parent writes them as JSON into one
environment variable that only its own children read. The parent migrates the
ledger once before they start, so that workers never race to migrate it.
Every worker keeps its own response cache; a write through any of them (or by
an ingest run) moves the ledger version all of them watch.
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import asdict, fields
from typing import Any

from fastapi import FastAPI

from dealgraph.config import Settings

#: Made-up articles read (never stored) to load everything before serving.
WARM_UP = (
    "Orbelune a levé 12 millions d'euros auprès de Vantor Capital, a annoncé la société lundi.",
    "Quillmark said on Monday it had agreed to buy Tessaline for $40 million in cash.",
)
#: Where the parent leaves the settings for its workers (not a user setting).
HANDOFF = "DEALGRAPH_SERVE_SETTINGS"


def settings_to_json(settings: Settings) -> str:
    """``settings`` as JSON that :func:`settings_from_json` turns back into equal settings."""
    return json.dumps(asdict(settings), default=str)


def settings_from_json(text: str) -> Settings:
    """The settings written by :func:`settings_to_json` (lists become tuples again)."""
    raw: dict[str, Any] = json.loads(text)
    known = {f.name for f in fields(Settings)}
    values: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v
                              for k, v in raw.items() if k in known}
    return Settings(**values)


def worker_app() -> FastAPI:
    """The application of one worker process, built from the parent's settings."""
    from dealgraph.serve.app import create_app
    from dealgraph.store.engine import open_engine

    text = os.environ.get(HANDOFF)
    if not text:
        raise RuntimeError(f"{HANDOFF} is not set: start workers with dealgraph serve")
    settings = settings_from_json(text)
    load_models(settings)
    return create_app(settings, engine=open_engine(settings.db, migrate=False))


def load_models(settings: Settings) -> None:
    """Load the language models now, before the socket accepts anyone.

    Otherwise the first ``POST /api/documents`` pays for them (over ten seconds,
    longer than many clients wait); ``/healthz`` says whether they are loaded.
    """
    from dealgraph.ingest import warm_extractor
    from dealgraph.records import Document

    extractor = warm_extractor(settings)
    # Reading one made-up article per language runs every lazy step once (language
    # detection, the models, the parse, the frames): nothing is stored.
    extractor.extract_batch([Document(id=f"warm-up-{i}", text=text)
                             for i, text in enumerate(WARM_UP)])


def run(settings: Settings, host: str, port: int, workers: int = 1, public: bool = False) -> None:
    """Serve ``settings.db`` on ``host:port`` with ``workers`` processes until interrupted.

    Refuses an address other machines can reach when no token is set, unless ``public``.
    """
    import uvicorn

    from dealgraph.serve.security import check_exposure

    check_exposure(host, settings.token, public)
    _more_files()

    from dealgraph.serve.app import create_app
    from dealgraph.store.engine import open_engine

    options: dict[str, Any] = {"host": host, "port": port, "log_level": "warning",
                               "access_log": False}
    if workers <= 1:
        load_models(settings)
        uvicorn.run(create_app(settings), **options)
        return
    from uvicorn.supervisors import Multiprocess

    open_engine(settings.db).dispose()  # migrate once, here, before any worker opens it
    os.environ[HANDOFF] = settings_to_json(settings)
    config = uvicorn.Config(f"{__name__}:worker_app", factory=True, workers=workers, **options)
    Multiprocess(config, sockets=[listen(host, port)]).run()


def _more_files() -> None:
    """Raise the open-file limit to its maximum: each idle client holds one descriptor,
    and at the usual soft limit of 1,024 a thousand idle connections would lock out
    every other client."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and (hard == resource.RLIM_INFINITY or soft < hard):
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def listen(host: str, port: int) -> socket.socket:
    """A listening TCP socket the workers share, made so that their answers are not delayed.

    uvicorn's own shared socket is made without naming the TCP protocol, and
    asyncio only turns Nagle's algorithm off (``TCP_NODELAY``) for sockets that
    name it: each answer, written as headers then body, then waited ~40 ms for
    the client's delayed acknowledgement. This socket names it, and sets the
    option on the listener too, which Linux copies to every accepted connection.
    """
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    sock = socket.socket(family, kind, proto or socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind(address)
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock
