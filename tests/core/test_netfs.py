"""A SQLite file on a network file system is refused at open, pointing to team mode."""

from __future__ import annotations

import pytest

from warroom.errors import BusinessRuleError
from warroom.storage import netfs
from warroom.storage.netfs import mount_type, network_file_system, parse_mounts, refuse_network_file_system

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
tmpfs /tmp tmpfs rw,nosuid,nodev 0 0
server:/export/home /home nfs4 rw,relatime,vers=4.2 0 0
/dev/sdb1 /home/ada/local ext4 rw,relatime 0 0
//fileserver/team /mnt/team\\040share cifs rw,relatime 0 0
ada@box:/srv /mnt/box fuse.sshfs rw,nosuid,nodev 0 0
drvfs /mnt/c 9p rw,noatime 0 0
/dev/sdc1 /mnt/boxes ext4 rw 0 0
"""


def test_the_mount_table_is_read_with_its_escapes():
    rows = parse_mounts(MOUNTS)
    assert ("/mnt/team share", "cifs") in rows and ("/", "ext4") in rows and len(rows) == 9


@pytest.mark.parametrize("path, fstype", [
    ("/home/ada/warroom.sqlite3", "nfs4"),
    ("/home/ada/local/warroom.sqlite3", "ext4"),        # a local disk mounted inside the share
    ("/mnt/team share/w.sqlite3", "cifs"),
    ("/mnt/box/w.sqlite3", "fuse.sshfs"),
    ("/mnt/c/Users/ada/w.sqlite3", "9p"),
    ("/mnt/boxes/w.sqlite3", "ext4"),                    # /mnt/box is not a prefix of /mnt/boxes
    ("/var/lib/w.sqlite3", "ext4"),
    ("/tmp/w.sqlite3", "tmpfs"),
])
def test_the_longest_mount_point_above_the_file_decides(path, fstype):
    assert mount_type(path.rsplit("/", 1)[0], parse_mounts(MOUNTS)) == fstype


@pytest.mark.parametrize("path, network", [
    ("/home/ada/warroom.sqlite3", "nfs4"), ("/home/ada/local/warroom.sqlite3", None),
    ("/mnt/team share/w.sqlite3", "cifs"), ("/mnt/box/w.sqlite3", "fuse.sshfs"), ("/mnt/c/w.sqlite3", "9p"),
    ("/mnt/boxes/w.sqlite3", None), ("/tmp/w.sqlite3", None),
])
def test_network_file_systems_are_named(path, network):
    assert network_file_system(path, MOUNTS) == network


def test_the_refusal_points_to_team_mode(monkeypatch):
    monkeypatch.delenv(netfs.ALLOW_ENV, raising=False)
    with pytest.raises(BusinessRuleError, match=r"network file system \(nfs4\).*team mode.*postgresql\+psycopg"):
        refuse_network_file_system("/home/ada/warroom.sqlite3", MOUNTS)
    refuse_network_file_system("/home/ada/local/warroom.sqlite3", MOUNTS)     # local: fine
    monkeypatch.setenv(netfs.ALLOW_ENV, "1")
    refuse_network_file_system("/home/ada/warroom.sqlite3", MOUNTS)           # allowed on purpose


def test_opening_a_database_on_a_share_is_refused_before_anything_is_written(tmp_path, monkeypatch, capsys):
    from warroom.cli import main

    share = tmp_path / "share"
    share.mkdir()
    table = tmp_path / "mounts"
    table.write_text(f"/dev/sda1 / ext4 rw 0 0\nserver:/export {share} nfs rw 0 0\n")
    monkeypatch.setattr(netfs, "MOUNTS_FILE", str(table))
    monkeypatch.delenv(netfs.ALLOW_ENV, raising=False)
    assert main(["--db", str(share / "w.sqlite3"), "status"]) == 3
    err = capsys.readouterr().err
    assert "network file system (nfs)" in err and "team mode" in err and err.count("\n") == 1
    assert list(share.iterdir()) == []                   # no file made
    assert main(["--db", str(tmp_path / "local.sqlite3"), "status"]) == 0
