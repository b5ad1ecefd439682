"""A throwaway PostgreSQL server: its own data folder, free port and socket, for fault tests.

The fault tests stop the server in the middle of an ingest and fill its disk;
they must not do that to the shared server the other tests use. So they start
one with ``initdb`` and ``pg_ctl`` in a temporary folder (trust authentication,
loopback only, its Unix socket in that folder) and stop it when the session
ends. PostgreSQL refuses to run as root: when the tests run as root, the server
runs as the ``postgres`` user, which owns the folder.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Where Debian and Ubuntu install the server programs (one folder per major version).
DEBIAN_BINARIES = "/usr/lib/postgresql/*/bin"


def server_binaries() -> Path | None:
    """The folder holding ``initdb``, ``pg_ctl`` and ``postgres``, or None."""
    candidates: list[Path] = []
    if os.environ.get("DEALGRAPH_PG_BIN"):
        candidates.append(Path(os.environ["DEALGRAPH_PG_BIN"]))
    if shutil.which("pg_config"):
        found = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True,
                               check=False)
        if found.returncode == 0:
            candidates.append(Path(found.stdout.strip()))
    if shutil.which("initdb"):
        candidates.append(Path(shutil.which("initdb") or "").parent)
    by_version = sorted(glob.glob(DEBIAN_BINARIES),
                        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0)
    candidates += [Path(p) for p in reversed(by_version)]
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """One running throwaway server; :meth:`stop` and :meth:`start` for the fault tests."""

    binaries: Path
    folder: Path
    port: int
    user: str | None  # the OS user the server runs as, when not the current one

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def log(self) -> Path:
        return self.folder / "server.log"

    def run(self, *command: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """A server program, as the server's user; raises with its output when it fails."""
        prefix = ["runuser", "-u", self.user, "--"] if self.user else []
        result = subprocess.run([*prefix, str(self.binaries / command[0]), *command[1:]],  # noqa: S603
                                capture_output=True, text=True, timeout=timeout, check=False)
        if result.returncode != 0:
            tail = self.log.read_text()[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{command[0]} failed ({result.returncode}): "
                               f"{result.stdout}{result.stderr}\n{tail}")
        return result

    def start(self) -> None:
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c full_page_writes=off -c max_connections=60")
        self.run("pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data), "-l",
                 str(self.log), "-o", options)

    def stop(self, mode: str = "fast") -> None:
        """Stop the server; ``immediate`` kills it as a crash would (recovery on start)."""
        self.run("pg_ctl", "stop", "-w", "-t", "60", "-D", str(self.data), "-m", mode)

    def running(self) -> bool:
        prefix = ["runuser", "-u", self.user, "--"] if self.user else []
        return subprocess.run([*prefix, str(self.binaries / "pg_ctl"), "status", "-D",  # noqa: S603
                               str(self.data)], capture_output=True, check=False).returncode == 0

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def admin(self) -> Any:
        """An autocommit psycopg connection to the ``postgres`` database."""
        import psycopg

        return psycopg.connect(f"host=127.0.0.1 port={self.port} dbname=postgres user=postgres",
                               autocommit=True, connect_timeout=10)

    def create_database(self, name: str) -> str:
        """A new empty database; its URL."""
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def give(self, path: Path) -> None:
        """Hand ``path`` to the server's user (a tablespace folder must be the server's)."""
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(path, entry.pw_uid, entry.pw_gid)


def start_server() -> Server:
    """Initialise and start a server in a new temporary folder; raises saying why it cannot."""
    binaries = server_binaries()
    if binaries is None:
        raise RuntimeError("the PostgreSQL server programs (initdb, pg_ctl) are not installed")
    user = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            raise RuntimeError("running as root and there is no postgres user to run the "
                               "server as") from None
        if shutil.which("runuser") is None:
            raise RuntimeError("running as root and runuser is missing")
        user = "postgres"
    folder = Path(tempfile.mkdtemp(prefix="dealgraph-pg-"))
    server = Server(binaries, folder, free_port(), user)
    server.give(folder)
    server.run("initdb", "-D", str(server.data), "-U", "postgres", "--auth=trust",
               "--no-sync", "-E", "UTF8", "--locale=C")
    server.start()
    deadline = time.monotonic() + 30
    while True:
        try:
            server.admin().close()
            return server
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def remove_server(server: Server) -> None:
    """Stop the server (if it runs) and delete its folder."""
    if server.running():
        server.stop("immediate")
    shutil.rmtree(server.folder, ignore_errors=True)


@contextmanager
def small_filesystem(where: Path, megabytes: int) -> Iterator[Path]:
    """A filesystem of ``megabytes`` mounted at the new folder ``where``, unmounted after.

    A tmpfs when mounting one is permitted, else an ext4 image on a loop device;
    raises saying so when neither can be mounted (mounting needs root).
    """
    where.mkdir()
    image = where.with_name(where.name + ".img")
    attempts = [
        [["mount", "-t", "tmpfs", "-o", f"size={megabytes}m,mode=0755", "tmpfs", str(where)]],
        [["truncate", "-s", f"{megabytes}M", str(image)],
         ["mkfs.ext4", "-q", "-F", "-m", "0", str(image)],
         ["mount", "-o", "loop", str(image), str(where)]],
    ]
    refusals: list[str] = []
    for steps in attempts:
        for step in steps:
            if shutil.which(step[0]) is None:
                refusals.append(f"{step[0]}: not installed")
                break
            done = subprocess.run(step, capture_output=True, text=True, check=False)  # noqa: S603
            if done.returncode != 0:
                refusals.append(f"{' '.join(step[:3])}: {done.stderr.strip()}")
                break
        else:
            break
    else:
        image.unlink(missing_ok=True)
        raise RuntimeError("cannot mount a small filesystem: " + "; ".join(refusals))
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)  # noqa: S607
        image.unlink(missing_ok=True)
