"""The command's conventions (CLI.md): option positions, JSON on stdout, exit codes, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def test_options_work_before_and_after_the_subcommand(cli, db_url, users, capsys):
    from warroom.cli import main

    after = cli("user", "list", "--json")
    assert after.code == 0 and isinstance(after.json(), list)
    capsys.readouterr()
    assert main(["--json", "--db", db_url, "user", "list"]) == 0
    assert isinstance(json.loads(capsys.readouterr().out), list)
    assert cli("--as", "ada", "settings", "set", "seller.name", "Shop").code == 0


def test_json_output_is_one_document_with_iso_times(cli, users):
    r = cli("status", "--json")
    doc = r.json()
    assert doc["audit"]["count"] >= 4 and len(doc["audit"]["head_hash"]) == 64
    assert doc["suspension"] is None and doc["users"] == 4
    users_doc = cli("user", "list", "--json").json()
    assert all(u["created_at"].endswith("Z") and isinstance(u["id"], int) for u in users_doc)


def test_usage_errors_exit_2_with_one_line(cli):
    for argv in (["nonsense"], ["tickets", "--limit"], ["user"], ["ticket", "abc"]):
        r = cli(*argv)
        assert r.code == 2, argv
        assert r.err.count("\n") == 1 and "Traceback" not in r.err


def test_real_entry_point_uses_the_env_url_and_never_shows_a_traceback(tmp_path):
    env = dict(os.environ, WARROOM_DATABASE_URL=str(tmp_path / "env.db"), WARROOM_PASSWORD="pw-1234")
    exe = [sys.executable, "-m", "warroom"]
    init = subprocess.run(exe + ["init"], env=env, capture_output=True, text=True, timeout=60)
    assert init.returncode == 0 and (tmp_path / "env.db").exists()
    add = subprocess.run(exe + ["user", "add", "root", "--role", "admin", "--password-stdin"], env=env,
                         input="pw-1234\n", capture_output=True, text=True, timeout=60)
    assert add.returncode == 0, add.stderr
    # no password and no terminal: exit 2, never hang
    env2 = {k: v for k, v in env.items() if k != "WARROOM_PASSWORD"}
    hung = subprocess.run(exe + ["note", "1", "x", "--as", "root"], env=env2, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=60)
    assert hung.returncode == 2 and "password required" in hung.stderr
    broken = subprocess.run(exe + ["--db", "postgresql+nosuchdriver://x/y", "status"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert broken.returncode != 0 and "Traceback" not in broken.stderr and broken.stderr.startswith("warroom:")


def test_default_database_lives_under_the_user_data_dir(tmp_path, monkeypatch):
    from warroom import paths
    from warroom.storage.engine import resolve_url

    paths.from_root(tmp_path / "root")
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'root' / 'data' / 'warroom.sqlite3'}"
    monkeypatch.setenv("WARROOM_DATABASE_URL", "sqlite:////x/y.db")
    assert resolve_url(None) == "sqlite:////x/y.db"
    assert resolve_url("rel.db") == f"sqlite:///{Path('rel.db').resolve()}"


def test_the_shipped_command_has_no_clock_hook(tmp_path):
    """Issue 12 item 5: WARROOM_NOW (or any variable) cannot date entries in the future or
    backdate them: the real command stamps with the machine's clock."""
    import json as _json
    from datetime import datetime, timedelta, timezone

    db = str(tmp_path / "clock.db")
    env = dict(os.environ, WARROOM_PASSWORD="pw-1234", WARROOM_NOW="2030-01-01T00:00:00Z")
    exe = [sys.executable, "-m", "warroom", "--db", db]
    before = datetime.now(timezone.utc)
    assert subprocess.run(exe + ["user", "add", "root", "--role", "admin", "--password-stdin"], env=env,
                          input="pw-1234\n", capture_output=True, text=True, timeout=60).returncode == 0
    assert subprocess.run(exe + ["settings", "set", "seller.name", "Shop", "--as", "root"], env=env,
                          capture_output=True, text=True, timeout=60).returncode == 0
    log = subprocess.run(exe + ["audit", "log", "--json"], env=env, capture_output=True, text=True, timeout=60)
    stamps = [datetime.fromisoformat(e["at"].replace("Z", "+00:00")) for e in _json.loads(log.stdout)]
    after = datetime.now(timezone.utc)
    assert len(stamps) >= 2
    assert all(before - timedelta(seconds=5) <= s <= after + timedelta(seconds=5) for s in stamps), stamps
