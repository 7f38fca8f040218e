"""Throwaway servers for the tests of the server store: a PostgreSQL cluster (initdb and pg_ctl
in a temporary directory, on 127.0.0.1) and a Chroma server (``chroma run``), each on a free
port, stopped at the end of the session."""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pg_bin(name: str) -> str | None:
    """A PostgreSQL program from PATH or Debian's versioned directories."""
    found = shutil.which(name)
    if found:
        return found
    # Debian keeps each major version's programs out of PATH; the newest wins.
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                   key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    return found[-1] if found else None


def chroma_bin() -> str | None:
    found = Path(sys.executable).with_name("chroma")
    return str(found) if found.exists() else shutil.which("chroma")


class PostgresCluster:
    """A cluster of its own, without fsync unless asked (tests throw it away). PostgreSQL
    refuses to run as root, so under root (containers, CI) the server runs as ``nobody`` in a
    directory that user owns."""

    def __init__(self, root: Path, *, fsync: bool = False) -> None:
        self.initdb, self.pg_ctl = pg_bin("initdb"), pg_bin("pg_ctl")
        self.as_root = os.geteuid() == 0
        if self.as_root:
            # pytest's temporary folders are private to root; nobody needs one it can enter.
            self.root = Path(tempfile.mkdtemp(prefix="factcheck-pg-"))
            os.chown(self.root, pwd.getpwnam("nobody").pw_uid, -1)
        else:
            self.root = root
        self.data = self.root / "data"
        self.port = free_port()
        self._names = itertools.count(1)
        self._run([self.initdb, "-D", str(self.data), "-U", "factcheck", "--auth=trust",
                   "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"])
        options = f"-h 127.0.0.1 -p {self.port} -k {self.root} -c fsync={'on' if fsync else 'off'}"
        self._run([self.pg_ctl, "-D", str(self.data), "-l", str(self.root / "log"), "-w",
                   "-o", options, "start"])

    def _run(self, argv: list[str]) -> None:
        if self.as_root:
            argv = ["runuser", "-u", "nobody", "--", *argv]
        subprocess.run(argv, check=True, capture_output=True, timeout=120)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://factcheck@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """The URL of a new, empty database on the cluster."""
        import psycopg

        name = f"store{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def stop(self) -> None:
        self._run([self.pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop"])
        if self.as_root:
            shutil.rmtree(self.root, ignore_errors=True)


class ChromaServer:
    """``chroma run`` on 127.0.0.1 with its data in ``root``."""

    def __init__(self, root: Path) -> None:
        self.port = free_port()
        self._names = itertools.count(1)
        env = dict(os.environ, ANONYMIZED_TELEMETRY="False")
        self.log = open(root / "chroma.log", "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [chroma_bin(), "run", "--path", str(root / "chroma"), "--host", "127.0.0.1",
             "--port", str(self.port)], stdout=self.log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{self.base}/api/v2/heartbeat", timeout=1).read()
                return
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(
                        f"chroma run did not start; see {root / 'chroma.log'}") from None
                time.sleep(0.2)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def new_collection(self) -> str:
        """A URL naming a collection no test used yet."""
        return f"{self.base}/passages{next(self._names)}"

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
