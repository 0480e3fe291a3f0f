"""Shared fixtures: every test gets its own directories and database (built by the migrations)."""

from __future__ import annotations

import itertools
import json
import os
import shutil
from dataclasses import dataclass
from typing import Any, Callable, Iterator

import pytest
from hypothesis import settings as hypothesis_settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Property tests draw the same examples on every run ("ci", the default), so a run of the suite
# is reproducible and main stays green for what was checked.  HYPOTHESIS_PROFILE=explore draws
# new random examples each run, to hunt for more (see README, "Tests").
hypothesis_settings.register_profile("ci", derandomize=True)
hypothesis_settings.register_profile("explore", derandomize=False)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

from warroom import paths  # noqa: E402
from warroom.cli import main  # noqa: E402
from warroom.domain.roles import Actor, Role  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from warroom.storage.engine import Database, make_engine, open_database  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    import keyring
    from keyring.backends import fail

    # Never the developer's own keyring: secrets fall back to the database unless a test sets
    # a keyring of its own (tests/core/test_settings_secrets.py).
    keyring.set_keyring(fail.Keyring())
    paths.from_root(tmp_path / "home")
    # and the `warroom` a test starts as a subprocess: its keys, logs and checkpoint copies
    for name, folder in (("XDG_DATA_HOME", "data"), ("XDG_STATE_HOME", "state"), ("XDG_DOCUMENTS_DIR", "documents")):
        monkeypatch.setenv(name, str(tmp_path / "home-subprocess" / folder))
    monkeypatch.delenv("WARROOM_DATABASE_URL", raising=False)
    monkeypatch.delenv("WARROOM_PASSWORD", raising=False)
    yield
    paths.from_root(None)


@pytest.fixture
def set_now(monkeypatch) -> Callable[[str | None], None]:
    """``set_now("2026-11-20T11:30:00Z")`` fixes :func:`warroom.clock.now` in this process
    (the shipped command has no such hook); ``set_now(None)`` gives the real clock back."""
    from datetime import datetime, timezone

    from warroom import clock

    real = clock.now

    def set_(when: str | None) -> None:
        if when is None:
            monkeypatch.setattr(clock, "now", real)
        else:
            fixed = clock.parse_iso(when)
            monkeypatch.setattr(clock, "now", lambda: fixed)

    assert real().tzinfo is timezone.utc and isinstance(real(), datetime)
    return set_


# ---------------------------------------------------------------- the database backend
#
# WARROOM_TEST_BACKEND=sqlite (default) or postgresql.  Every test that uses a database (the
# fixtures db_url, db, cli, users, ... or pg_server) runs on the chosen backend; in the
# PostgreSQL run, tests that use none are deselected (they would only repeat the SQLite run).
# @pytest.mark.sqlite_only("why") / @pytest.mark.postgresql_only("why") keep a dialect-specific
# test to its backend.

BACKEND = os.environ.get("WARROOM_TEST_BACKEND", "sqlite").strip().lower() or "sqlite"
if BACKEND not in ("sqlite", "postgresql"):
    raise pytest.UsageError(f"WARROOM_TEST_BACKEND must be sqlite or postgresql, not {BACKEND!r}")

_DATABASE_FIXTURES = {"db_url", "new_db_url", "pg_server"}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only(reason): runs only on SQLite (a dialect-specific test)")
    config.addinivalue_line("markers", "postgresql_only(reason): runs only on PostgreSQL (a dialect-specific test)")


def pytest_report_header(config: pytest.Config) -> str:
    return f"warroom test backend: {BACKEND} (WARROOM_TEST_BACKEND)"


def _wrong_backend(item: pytest.Item) -> bool:
    for name in ("sqlite_only", "postgresql_only"):
        marker = item.get_closest_marker(name)
        if marker is not None and not (marker.args and isinstance(marker.args[0], str) and marker.args[0]):
            raise pytest.UsageError(f"{item.nodeid}: @pytest.mark.{name} needs a reason string")
    if item.get_closest_marker("sqlite_only") is not None and BACKEND != "sqlite":
        return True
    if item.get_closest_marker("postgresql_only") is not None and BACKEND != "postgresql":
        return True
    if BACKEND == "postgresql" and not _DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    return False


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    keep, drop = [], []
    for item in items:
        (drop if _wrong_backend(item) else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory):
    """A throwaway PostgreSQL cluster for the session (tests/pg_server.py): its ``admin_url``
    connects as the superuser, ``execute(...)`` runs CREATE/DROP DATABASE and the like."""
    from tests.pg_server import start_server

    server = start_server()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def _template(tmp_path_factory, request) -> str:
    """A database migrated to head (not yet seeded: the test's first open seeds it, at the
    test's own clock), made once per session (per xdist worker); each test gets a copy."""
    from warroom.storage.migrate import upgrade

    if BACKEND == "postgresql":
        server = request.getfixturevalue("pg_server")
        server.execute("CREATE DATABASE warroom_template")
        url = server.url("warroom_template")
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('template') / 'warroom.sqlite3'}"
    database = Database(url=url, engine=make_engine(url))
    try:
        upgrade(database)
    finally:
        database.dispose()
    return url


_database_numbers = itertools.count(1)


@pytest.fixture
def db_path(tmp_path):
    """The SQLite file of this test's database (SQLite-specific tests only: use db_url)."""
    if BACKEND != "sqlite":
        raise pytest.UsageError("db_path is a SQLite file: use db_url, or mark the test sqlite_only")
    return tmp_path / "warroom.sqlite3"


@pytest.fixture
def db_url(request, tmp_path, _template) -> Iterator[str]:
    """The URL of this test's own fresh database, migrated to head (not yet seeded): a SQLite
    file (= db_path) or a PostgreSQL database made from the session's template."""
    if BACKEND == "postgresql":
        server = request.getfixturevalue("pg_server")
        name = f"wr_{os.getpid()}_{next(_database_numbers)}"
        server.execute(f"CREATE DATABASE {name} TEMPLATE warroom_template")
        yield server.url(name)
        server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        return
    path = tmp_path / "warroom.sqlite3"
    shutil.copyfile(make_url(_template).database or "", path)
    path.chmod(0o600)
    yield f"sqlite:///{path}"


@pytest.fixture
def new_db_url(request, tmp_path) -> Iterator[Callable[[], str]]:
    """``new_db_url()``: the URL of another new, empty database (no schema) on this run's
    backend (a copy's target, a second installation)."""
    made: list[str] = []

    def make() -> str:
        n = next(_database_numbers)
        if BACKEND == "postgresql":
            server = request.getfixturevalue("pg_server")
            name = f"wr_{os.getpid()}_{n}_empty"
            server.execute(f"CREATE DATABASE {name} TEMPLATE template0")
            made.append(name)
            return server.url(name)
        return f"sqlite:///{tmp_path / f'new-{n}.sqlite3'}"

    yield make
    for name in made:
        request.getfixturevalue("pg_server").execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def db(db_url) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.dispose()


@pytest.fixture
def users(db) -> dict[str, Actor]:
    """admin 'ada', compliance 'carol', agent 'alice' and agent 'bob' (password 'secret-pw')."""
    from warroom.services.users import add_user

    admin = add_user(db, None, "ada", Role.ADMIN, "secret-pw")
    ada = Actor(admin["id"], "ada", Role.ADMIN)
    out = {"ada": ada}
    for name, role in (("carol", Role.COMPLIANCE), ("alice", Role.AGENT), ("bob", Role.AGENT)):
        u = add_user(db, ada, name, role, "secret-pw")
        out[name] = Actor(u["id"], name, role)
    return out


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture
def cli(db_url, capsys, monkeypatch) -> Callable[..., CliResult]:
    """Run the `warroom` command in-process against the test database."""

    def run(*argv: str, password: str | None = "secret-pw", stdin: str | None = None) -> CliResult:
        if password is None:
            monkeypatch.delenv("WARROOM_PASSWORD", raising=False)
        else:
            monkeypatch.setenv("WARROOM_PASSWORD", password)
        if stdin is not None:
            import io

            monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        capsys.readouterr()
        code = main(["--db", db_url, *argv])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
