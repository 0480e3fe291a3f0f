"""Issue 12 item 10: what War Room writes under the user's folders is the user's alone
(folders 0700, database, -wal, -shm and logs 0600) whatever the umask, and an existing file or
folder open to others is tightened when opened, and that is said once."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from warroom import paths
from warroom.storage.engine import open_database


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_folders_database_wal_shm_and_log_are_private_under_umask_022(tmp_path, umask_022):
    from warroom.cli import _log_internal_error
    from warroom.services.users import add_user
    from warroom.domain.roles import Role

    paths.from_root(tmp_path / "root")
    db = open_database(None)              # the default place: <data dir>/warroom.sqlite3
    try:
        add_user(db, None, "root", Role.ADMIN, "pw-123456")   # a write: -wal and -shm exist now
        with db.engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM setting").all()
            data = tmp_path / "root" / "data"
            db_file = data / "warroom.sqlite3"
            side = [Path(f"{db_file}-wal"), Path(f"{db_file}-shm")]
            assert all(p.exists() for p in side)
            assert _mode(data) == 0o700
            assert [_mode(p) for p in [db_file, *side]] == [0o600, 0o600, 0o600]
    finally:
        db.dispose()
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        log = _log_internal_error()
    assert log == tmp_path / "root" / "log" / "warroom.log" and log.exists()
    assert _mode(log.parent) == 0o700 and _mode(log) == 0o600
    assert _mode(paths.log_file("warroom-gui.log")) == 0o600


def test_a_database_given_by_path_in_a_new_folder_is_private_too(tmp_path, umask_022):
    db = open_database(str(tmp_path / "new" / "folder" / "team.sqlite3"))
    db.dispose()
    assert _mode(tmp_path / "new" / "folder") == 0o700
    assert _mode(tmp_path / "new" / "folder" / "team.sqlite3") == 0o600


@pytest.mark.sqlite_only("file modes of the SQLite file and its -wal/-shm")
def test_an_existing_world_readable_database_is_tightened_on_open_and_said_once(tmp_path, cli, db_path, capsys):
    first = open_database(str(db_path))
    holder = first.engine.connect()       # keeps -wal and -shm on disk, as another user's console would
    holder.exec_driver_sql("SELECT count(*) FROM setting").all()
    try:
        files = [db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")]
        for p in files:
            os.chmod(p, 0o644)
        capsys.readouterr()
        run = cli("status")
        assert run.code == 0
        assert [_mode(p) for p in files] == [0o600, 0o600, 0o600]
        told = [line for line in run.err.splitlines() if str(db_path) in line]
        assert len([t for t in told if t.startswith(f"warroom: {db_path} ")]) == 1
        assert "0644" in told[0] and "0600" in told[0]
        again = cli("status")             # already private: nothing more to say
        assert again.code == 0 and str(db_path) not in again.err
    finally:
        holder.close()
        first.dispose()


def test_an_existing_open_data_folder_is_tightened(tmp_path, capsys):
    root = tmp_path / "root"
    (root / "data").mkdir(parents=True)
    os.chmod(root / "data", 0o755)
    paths.from_root(root)
    assert paths.data_dir() == root / "data"
    assert _mode(root / "data") == 0o700
    assert "made private (mode 0700)" in capsys.readouterr().err
