"""Issue 12 items 10 and 11: smtp.password lives in the OS keyring where one exists (else in the
database, with a warning), never goes through argv, and its audit entry never holds it."""

from __future__ import annotations

import json
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from sqlalchemy.engine import make_url

from tests import rawdb

from warroom.errors import NotFound
from warroom.services import settings as settings_service
from warroom.storage.uow import UnitOfWork

SECRET = "s3cret-Pa55word"


class MemoryKeyring(KeyringBackend):
    """An OS keyring in a dict (the real one on a desktop; none on this headless machine)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


def _raw(db_url: str) -> bytes:
    """The database as it lies on disk: the file and its WAL and shared-memory files (SQLite);
    on a server, every stored setting and audit entry as the superuser reads them."""
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        path = url.database
        return b"".join(Path(f"{path}{s}").read_bytes() for s in ("", "-wal", "-shm") if Path(f"{path}{s}").exists())
    con = rawdb.connect(db_url)
    try:
        rows = con.execute("SELECT key, value FROM setting").fetchall()
        rows += con.execute("SELECT seq, canonical FROM audit_entry").fetchall()
    finally:
        con.close()
    return b"\n".join(str(k).encode() + b"=" + (v if isinstance(v, bytes) else str(v).encode()) for k, v in rows)


def _set_secret(cli, value: str = SECRET, actor: str = "ada"):
    return cli("settings", "set", "smtp.password", "--value-stdin", "--as", actor, stdin=value + "\n")


def _mail_password(db) -> str:
    with UnitOfWork(db, write=False) as uow:
        return settings_service.mail_password(uow.session)


def _settings_entries(cli) -> list[dict]:
    entries = [e for e in cli("audit", "log", "--json").json() if e["action"] == "settings.set"]
    return sorted(entries, key=lambda e: e["seq"])


def test_with_a_keyring_the_password_is_in_the_keyring_and_not_in_the_database_file(
        cli, users, db, db_url, memory_keyring):
    run = _set_secret(cli)
    assert run.code == 0, run.err
    assert "warning" not in run.err and SECRET not in run.out + run.err
    assert list(memory_keyring.entries.values()) == [SECRET]
    ((service, entry),) = memory_keyring.entries
    assert service == "WarRoom" and entry.startswith("smtp.password/")
    assert SECRET.encode() not in _raw(db_url)
    got = cli("settings", "get", "smtp.password", "--json").json()
    assert got["value"] == "********" and got["stored_in"] == "keyring" and got["warning"] is None
    assert "(in the OS keyring)" in cli("settings", "get").out
    # the sender reads it back, through the function meant for it and through read_setting
    assert _mail_password(db) == SECRET
    with UnitOfWork(db, write=False) as uow:
        assert settings_service.read_setting(uow.session, "smtp.password") == SECRET
    (entry_audit,) = _settings_entries(cli)
    assert entry_audit["payload"]["stored_in"] == "keyring"
    assert SECRET not in json.dumps(entry_audit) and SECRET not in cli("audit", "log", "--json").out


def test_without_a_keyring_the_password_goes_to_the_database_with_a_warning(cli, users, db, db_url):
    assert isinstance(keyring.get_keyring(), fail.Keyring)   # this machine's own answer: no keyring
    run = _set_secret(cli)
    assert run.code == 0
    assert "warning: smtp.password is stored in the database in clear" in run.err
    assert SECRET not in run.out + run.err
    assert SECRET.encode() in _raw(db_url)                    # where it went, as the warning says
    got = cli("settings", "get", "smtp.password", "--json")
    assert got.json()["stored_in"] == "database" and "in clear" in got.json()["warning"]
    assert "warning: smtp.password is stored in the database in clear" in got.err
    human = cli("settings", "get")
    assert "(in the database in clear: no OS keyring)" in human.out and SECRET not in human.out
    # the service result carries the flag for the console
    (state,) = settings_service.secret_states(db)
    assert state.stored_in == "database" and state.warning
    result = settings_service.set_setting(db, users["ada"], "smtp.password", "another-one")
    assert result["stored_in"] == "database" and result["warning"] and result["value"] == "********"
    assert _mail_password(db) == "another-one"
    audits = _settings_entries(cli)
    assert [a["payload"]["stored_in"] for a in audits] == ["database", "database"]
    assert SECRET not in cli("audit", "log", "--json").out and "another-one" not in cli("audit", "log", "--json").out


def test_a_secret_in_argv_is_refused_and_stdin_works(cli, users, db):
    refused = cli("settings", "set", "smtp.password", "hunter22-in-argv", "--as", "ada")
    assert refused.code == 2
    assert "--value-stdin" in refused.err and "prompted" in refused.err and "hunter22" not in refused.err
    assert cli("settings", "get", "smtp.password", "--json").json()["default"] is True
    assert _set_secret(cli, "from-stdin").code == 0
    assert _mail_password(db) == "from-stdin"
    # not on a terminal and no value: told how, nothing read
    nothing = cli("settings", "set", "smtp.password", "--as", "ada", stdin="")
    assert nothing.code == 2 and "--value-stdin" in nothing.err
    empty_stdin = cli("settings", "set", "smtp.password", "--value-stdin", "--as", "ada", stdin="")
    assert empty_stdin.code == 2 and "read nothing" in empty_stdin.err
    assert _mail_password(db) == "from-stdin"


def test_non_secret_keys_still_take_their_value_from_argv_or_stdin(cli, users):
    assert cli("settings", "set", "seller.name", "Shop GmbH", "--as", "ada").code == 0
    assert cli("settings", "get", "seller.name", "--json").json()["value"] == "Shop GmbH"
    assert cli("settings", "set", "smtp.host", "--value-stdin", "--as", "ada", stdin="mail.example.com\n").code == 0
    assert cli("settings", "get", "smtp.host", "--json").json()["value"] == "mail.example.com"
    both = cli("settings", "set", "smtp.host", "x", "--value-stdin", "--as", "ada", stdin="y\n")
    assert both.code == 2 and "not both" in both.err


def test_on_a_terminal_the_secret_is_prompted_twice(cli, users, db, monkeypatch):
    import getpass
    import io

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    answers: list[str] = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": answers.pop(0))

    def run(*typed: str):
        answers[:] = list(typed)
        monkeypatch.setattr("sys.stdin", Tty(""))
        return cli("settings", "set", "smtp.password", "--as", "ada")

    differ = run("one-thing", "another")
    assert differ.code == 3 and "differ" in differ.err
    assert cli("settings", "get", "smtp.password", "--json").json()["default"] is True
    assert run("typed-twice", "typed-twice").code == 0 and not answers
    assert _mail_password(db) == "typed-twice"


def test_a_new_password_replaces_the_keyring_entry_and_an_agent_writes_nothing(cli, users, db, memory_keyring):
    assert _set_secret(cli, "first").code == 0
    assert _set_secret(cli, "first").out.strip().endswith("(unchanged)  (in the OS keyring)")
    assert _set_secret(cli, "second").code == 0
    assert list(memory_keyring.entries.values()) == ["second"]     # the old entry is gone
    assert _mail_password(db) == "second"
    refused = _set_secret(cli, "agents-guess", actor="alice")
    assert refused.code == 2 and list(memory_keyring.entries.values()) == ["second"]
    assert len(_settings_entries(cli)) == 2
    cleared = _set_secret(cli, "")                 # an empty line clears it, keyring entry and all
    assert cleared.code == 0 and not memory_keyring.entries and _mail_password(db) == ""
    assert _settings_entries(cli)[-1]["payload"]["to"] == ""


def test_a_password_kept_in_the_database_moves_to_a_keyring_that_appears(cli, users, db, db_url):
    assert _set_secret(cli).code == 0
    unchanged = _set_secret(cli)                     # still no keyring: nothing to do
    assert unchanged.code == 0 and "unchanged" in unchanged.out
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    moved = _set_secret(cli)
    assert moved.code == 0 and "(in the OS keyring)" in moved.out and "warning" not in moved.err
    assert list(backend.entries.values()) == [SECRET]
    assert cli("settings", "get", "smtp.password", "--json").json()["stored_in"] == "keyring"
    assert [a["payload"]["stored_in"] for a in _settings_entries(cli)] == ["database", "keyring"]


def test_a_keyring_that_lost_the_password_is_named_not_guessed(cli, users, db, memory_keyring):
    assert _set_secret(cli).code == 0
    memory_keyring.entries.clear()
    with pytest.raises(NotFound, match="kept in the OS keyring .* no such entry; set it again"):
        _mail_password(db)
    keyring.set_keyring(fail.Keyring())
    with pytest.raises(NotFound, match="keyring cannot be read"):
        _mail_password(db)
    # setting it again works (into the database now: no keyring), with the warning
    again = _set_secret(cli, "fresh")
    assert again.code == 0 and "in clear" in again.err and _mail_password(db) == "fresh"
