"""Team mode: db upgrade, db copy --to URL, db setup-roles, and the audit table's guards on a
real PostgreSQL server (tests/pg_server.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from tests.core import factories
from warroom.services.tickets import add_note, list_tickets, tag_ticket
from warroom.storage import audit_log
from warroom.storage.dialect import APPEND_ONLY_MESSAGE, OUT_OF_SEQUENCE_MESSAGE
from warroom.storage.engine import make_engine, open_database
from warroom.storage.migrate import head_revision


def _fill(db, users):
    orders = [factories.order(n) for n in range(1, 4)]
    msgs = [factories.message(n, order_id=orders[n - 1].amazon_order_id) for n in range(1, 4)]
    msgs.append(factories.message(4, body="商品を返品したいです。", sender="c0000000000004@marketplace.amazon.co.jp"))
    factories.load(db, orders, msgs)
    tickets = list_tickets(db)
    add_note(db, users["alice"], tickets[0]["id"], "called the carrier")
    tag_ticket(db, users["alice"], tickets[1]["id"], ["REFUND"], reason="asked twice")
    return tickets


def _counts(url):
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return {t: conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one()
                    for t in ("ticket", "message", "note", "ticket_tag", "user_account", "audit_entry",
                              "amazon_order", "rule", "database_identity")}
    finally:
        engine.dispose()


def test_db_copy_moves_every_row_and_the_verified_chain(db, db_url, users, cli, new_db_url):
    tickets = _fill(db, users)
    target = new_db_url()
    r = cli("db", "copy", "--to", target, "--as", "ada", "--json")
    assert r.code == 0, r.err
    out = r.json()
    assert out["verified"] is True and out["tables"]["ticket"] == len(tickets) == 4
    source_counts = _counts(db_url)
    assert _counts(target) == source_counts and source_counts["note"] == 1
    with db.engine.connect() as conn:
        assert out["audit_entries"] == audit_log.head(conn)[0] and out["head_hash"] == audit_log.head(conn)[1]

    copy = open_database(target)
    try:
        assert audit_log.verify(copy.engine).ok
        assert [t["id"] for t in list_tickets(copy)] == [t["id"] for t in tickets]
        assert {t["id"] for t in list_tickets(copy, search="返品")} == {t["id"] for t in list_tickets(db, search="返品")}
        assert len(list_tickets(copy, search="返品")) == 1       # the full-text index came along
        # the id sequences moved past the copied rows: new rows get new ids
        note = add_note(copy, users["bob"], tickets[0]["id"], "after the move")
        assert note["id"] == 2
        from warroom.services.users import add_user
        from warroom.domain.roles import Role
        assert add_user(copy, users["ada"], "dora", Role.AGENT, "secret-pw")["id"] == 5
        assert audit_log.verify(copy.engine).ok
    finally:
        copy.dispose()


def test_db_copy_refuses_a_target_that_holds_rows(db, users, cli, new_db_url):
    _fill(db, users)
    target = new_db_url()
    assert cli("db", "copy", "--to", target, "--as", "ada").code == 0
    before = _counts(target)
    add_note(db, users["alice"], list_tickets(db)[0]["id"], "one more")
    r = cli("db", "copy", "--to", target, "--as", "ada")
    assert r.code == 3 and "not empty" in r.err
    assert _counts(target) == before                      # nothing written


def test_db_copy_is_for_admins_and_reports_progress(db, users, cli, new_db_url):
    from warroom.services.team import copy_database

    _fill(db, users)
    r = cli("db", "copy", "--to", new_db_url(), "--as", "alice")
    assert r.code == 2 and "may not copy" in r.err
    seen = []
    result = copy_database(db, users["ada"], new_db_url(), lambda done, total, stage: seen.append((done, total)))
    assert seen[0] == (0, result.rows) and seen[-1] == (result.rows, result.rows)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_db_upgrade_makes_the_schema_once(cli, new_db_url):
    url = new_db_url()
    r = cli("db", "upgrade", "--db", url, "--json")
    assert r.code == 0, r.err
    assert r.json()["before"] is None and r.json()["after"] == head_revision()
    again = cli("db", "upgrade", "--db", url)
    assert again.code == 0 and "already current" in again.out


@pytest.mark.postgresql_only("moves a SQLite file to the PostgreSQL server")
def test_a_sqlite_cache_moves_to_the_server(tmp_path, pg_server, new_db_url, capsys, monkeypatch):
    from warroom.cli import main
    from warroom.services.users import add_user
    from warroom.domain.roles import Actor, Role

    source = open_database(str(tmp_path / "cache.sqlite3"))
    try:
        admin = add_user(source, None, "ada", Role.ADMIN, "secret-pw")
        ada = Actor(admin["id"], "ada", Role.ADMIN)
        alice = add_user(source, ada, "alice", Role.AGENT, "secret-pw")
        _fill(source, {"alice": Actor(alice["id"], "alice", Role.AGENT)})
        want = _counts(source.url)
    finally:
        source.dispose()
    target = new_db_url()
    assert make_url(target).get_backend_name() == "postgresql"
    monkeypatch.setenv("WARROOM_PASSWORD", "secret-pw")
    assert main(["--db", str(tmp_path / "cache.sqlite3"), "db", "copy", "--to", target, "--as", "ada"]) == 0
    assert "audit chain verified" in capsys.readouterr().out
    assert _counts(target) == want
    assert main(["--db", target, "audit", "verify", "--as", "ada"]) == 0


# ---------------------------------------------------------------- the guards on the server

def _raw(url, statement, params=None):
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text(statement), params or {})
    finally:
        engine.dispose()


@pytest.mark.postgresql_only("PostgreSQL's triggers and TRUNCATE")
@pytest.mark.parametrize("statement", [
    "UPDATE audit_entry SET prev_hash = prev_hash",
    "UPDATE audit_entry SET hash = repeat('0', 64) WHERE seq = 1",
    "DELETE FROM audit_entry WHERE seq = 1",
    "TRUNCATE audit_entry",
])
def test_the_server_refuses_to_change_the_audit_log(db, db_url, users, statement):
    before = audit_log.verify(db.engine)
    assert before.ok and before.count >= 4
    with pytest.raises(DBAPIError, match=APPEND_ONLY_MESSAGE):
        _raw(db_url, statement)          # as the superuser: the triggers refuse all the same
    after = audit_log.verify(db.engine)
    assert after.ok and (after.count, after.head_hash) == (before.count, before.head_hash)


@pytest.mark.postgresql_only("PostgreSQL's triggers")
def test_the_server_refuses_an_entry_out_of_sequence(db, db_url, users):
    with pytest.raises(DBAPIError, match=OUT_OF_SEQUENCE_MESSAGE):
        _raw(db_url, "INSERT INTO audit_entry (seq, prev_hash, hash, canonical) VALUES (9, :h, :h, :c)",
             {"h": "0" * 64, "c": b"{}"})
    with db.engine.connect() as conn:
        assert audit_log.missing_guard_triggers(conn) == ()


@pytest.mark.postgresql_only("PostgreSQL roles and privileges")
def test_setup_roles_gives_the_console_insert_and_select_only_on_the_audit_log(db, db_url, users, cli):
    r = cli("db", "setup-roles", "--db", db_url, "--role", "wr_app_test")
    assert r.code == 0, r.err
    assert "GRANT SELECT, INSERT ON audit_entry TO wr_app_test" in r.out
    assert cli("db", "setup-roles", "--db", db_url, "--role", "wr_app_test").code == 0    # again: idempotent
    app_url = make_url(db_url).set(username="wr_app_test").render_as_string(hide_password=False)

    # the console, connected as the application role, works and appends to the chain
    assert cli("--db", app_url, "note", str(_first_ticket(db)), "via the app role", "--as", "alice").code == 0
    app = open_database(app_url)
    try:
        assert audit_log.verify(app.engine).ok
    finally:
        app.dispose()
    for statement in ("UPDATE audit_entry SET prev_hash = prev_hash", "DELETE FROM audit_entry",
                      "TRUNCATE audit_entry", "ALTER TABLE audit_entry DISABLE TRIGGER ALL",
                      "DROP TRIGGER audit_entry_no_update ON audit_entry"):
        with pytest.raises(DBAPIError, match="permission denied|must be owner"):
            _raw(app_url, statement)
    r = cli("db", "setup-roles", "--db", app_url, "--role", "wr_app_test")
    assert r.code == 3 and "owner" in r.err


def _first_ticket(db):
    factories.load(db, [], [factories.message(1)])
    return list_tickets(db)[0]["id"]


@pytest.mark.sqlite_only("setup-roles is refused on SQLite (nothing to set up)")
def test_setup_roles_needs_a_server(cli, db):
    r = cli("db", "setup-roles")
    assert r.code == 3 and "PostgreSQL" in r.err


@pytest.mark.postgresql_only("PostgreSQL roles and privileges")
def test_setup_roles_run_by_the_owner_account_as_the_readme_sets_it_up(pg_server, cli):
    # the README's set-up: an owner role (not a superuser) owns the database and runs the upgrade
    pg_server.execute("CREATE ROLE wr_owner_t LOGIN", "CREATE DATABASE wr_owned_t OWNER wr_owner_t")
    owner_url = make_url(pg_server.url("wr_owned_t")).set(username="wr_owner_t").render_as_string(hide_password=False)
    assert cli("db", "upgrade", "--db", owner_url).code == 0
    r = cli("db", "setup-roles", "--db", owner_url, "--role", "wr_app_o")
    assert r.code == 3 and "permission denied to create role" in r.err and "needs CREATEROLE" in r.err
    assert r.err.count("\n") == 1 and "\\n" not in r.err                    # one line, the server's first
    pg_server.execute("ALTER ROLE wr_owner_t CREATEROLE")
    r = cli("db", "setup-roles", "--db", owner_url, "--role", "wr_app_o")
    assert r.code == 0, r.err
    assert 'ALTER DEFAULT PRIVILEGES FOR ROLE "wr_owner_t"' in r.out
    # an application role that could get round the guards is refused, not silently kept
    pg_server.execute("ALTER ROLE wr_app_o CREATEDB BYPASSRLS")
    r = cli("db", "setup-roles", "--db", owner_url, "--role", "wr_app_o")
    assert r.code == 3 and "CREATEDB, BYPASSRLS" in r.err and "ALTER ROLE wr_app_o NOCREATEDB NOBYPASSRLS" in r.err
