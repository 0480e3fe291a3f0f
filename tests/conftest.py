"""Shared fixtures: every test gets its own directories and database (built by the migrations)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any, Callable

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
from warroom.storage.engine import Database, open_database  # noqa: E402


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


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "warroom.sqlite3"


@pytest.fixture
def db(db_path) -> Database:
    database = open_database(str(db_path))
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
def cli(db_path, capsys, monkeypatch) -> Callable[..., CliResult]:
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
        code = main(["--db", str(db_path), *argv])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
