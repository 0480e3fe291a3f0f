"""A throwaway PostgreSQL cluster for the tests: initdb + pg_ctl on 127.0.0.1, a free port.

The cluster lives in a temporary folder and is stopped (and the folder removed) by
:meth:`PgServer.stop`.  PostgreSQL refuses to run as root: as root, every server command runs
as the unprivileged user ``postgres`` (made by Debian's package; else ``nobody``) through
``runuser``; otherwise as the current user.  Authentication is ``trust`` on loopback only (no
password, nothing listening beyond 127.0.0.1), durability is off (``fsync``,
``synchronous_commit``, ``full_page_writes``): a test cluster trades it for speed.

Also usable by hand::

    python -m tests.pg_server     # starts one, prints its URL, stops it on Enter
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
from dataclasses import dataclass, field
from pathlib import Path

SUPERUSER = "postgres"
DRIVER = "postgresql+psycopg"

SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "300",
    "shared_buffers": "64MB",
    "log_min_messages": "warning",
    "logging_collector": "off",
    # the tests make and drop a database per test: keep the checkpoints that follow cheap
    "checkpoint_timeout": "30min",
    "max_wal_size": "1GB",
}


class PgServerError(RuntimeError):
    pass


def find_bindir() -> Path:
    """Where initdb, pg_ctl and postgres are: ``pg_config --bindir``, else the newest
    /usr/lib/postgresql/*/bin, else the folder of ``initdb`` on PATH."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=True).stdout
            candidates.append(Path(out.strip()))
        except (OSError, subprocess.CalledProcessError):
            pass

    def version(path: str) -> tuple[int, ...]:
        part = Path(path).parent.name
        return tuple(int(p) for p in part.split(".") if p.isdigit())

    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True)]
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).resolve().parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file() and (folder / "postgres").is_file():
            return folder
    raise PgServerError("PostgreSQL's server programs (initdb, pg_ctl, postgres) were not found: "
                        "install them (Debian: apt-get install -y postgresql)")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _server_user() -> str | None:
    """The user the server runs as when we are root (None: ourselves)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise PgServerError("running as root and no unprivileged user (postgres, nobody) to run PostgreSQL as")


@dataclass
class PgServer:
    """One running cluster; :attr:`admin_url` connects as the superuser to ``postgres``."""

    port: int
    base: Path
    bindir: Path
    user: str | None
    started: bool = field(default=False)

    @property
    def data_dir(self) -> Path:
        return self.base / "data"

    @property
    def log_file(self) -> Path:
        return self.base / "server.log"

    def url(self, database: str = "postgres") -> str:
        return f"{DRIVER}://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    @property
    def admin_url(self) -> str:
        return self.url("postgres")

    def _run(self, *argv: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        cmd = list(argv)
        if self.user is not None:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                                env={**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"})
        if result.returncode != 0:
            log = self.log_file.read_text(errors="replace")[-3000:] if self.log_file.exists() else ""
            raise PgServerError(f"{' '.join(argv)} failed ({result.returncode}):\n{result.stdout}\n"
                                f"{result.stderr}\n{log}")
        return result

    def start(self) -> "PgServer":
        self._run(str(self.bindir / "initdb"), "-D", str(self.data_dir), "-U", SUPERUSER,
                  "--auth-local=trust", "--auth-host=trust", "-E", "UTF8", "--locale=C.UTF-8",
                  "--no-sync", "--no-instructions")
        # Loopback only: TCP from 127.0.0.1 and ::1, no other host rule.
        (self.data_dir / "pg_hba.conf").write_text(
            "local all all trust\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n")
        settings = dict(SETTINGS, port=str(self.port), unix_socket_directories=f"'{self.base}'")
        with open(self.data_dir / "postgresql.conf", "a") as conf:
            conf.write("\n# tests/pg_server.py\n")
            conf.writelines(f"{k} = {v}\n" for k, v in settings.items())
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data_dir), "-l", str(self.log_file),
                  "-w", "-t", "60", "start")
        self.started = True
        self._wait_ready()
        return self

    def _wait_ready(self, timeout: float = 30) -> None:
        import psycopg

        deadline = time.monotonic() + timeout
        while True:
            try:
                psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER, dbname="postgres",
                                connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def execute(self, *statements: str, database: str = "postgres") -> None:
        """Run statements outside a transaction (CREATE/DROP DATABASE, roles) as the superuser."""
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER, dbname=database,
                             autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement)  # type: ignore[arg-type]

    def stop(self) -> None:
        try:
            if self.started:
                self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data_dir), "-m", "immediate",
                          "-w", "stop", timeout=60)
                self.started = False
        finally:
            shutil.rmtree(self.base, ignore_errors=True)


def start_server(port: int | None = None) -> PgServer:
    """A new cluster in a fresh temporary folder, started and accepting connections."""
    bindir = find_bindir()
    user = _server_user()
    base = Path(tempfile.mkdtemp(prefix="warroom-pg-"))
    if user is not None:
        entry = pwd.getpwnam(user)
        os.chown(base, entry.pw_uid, entry.pw_gid)
    os.chmod(base, 0o700)
    last: Exception | None = None
    for _ in range(3):       # a free port can be taken by someone else before the server binds it
        server = PgServer(port=port or free_port(), base=base, bindir=bindir, user=user)
        try:
            return server.start()
        except PgServerError as exc:
            last = exc
            if server.started:
                server.stop()
            for child in base.iterdir():
                if child.is_dir():
                    shutil.rmtree(child, ignore_errors=True)
                else:
                    child.unlink()
            if port is not None:
                break
    shutil.rmtree(base, ignore_errors=True)
    assert last is not None
    raise last


if __name__ == "__main__":      # pragma: no cover - by hand
    srv = start_server()
    print(srv.admin_url, flush=True)
    try:
        input("PostgreSQL is running; Enter stops it. ")
    finally:
        srv.stop()
