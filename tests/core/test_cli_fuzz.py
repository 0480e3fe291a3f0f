"""No input makes the `warroom` command fail with an internal error (exit 70, a traceback).

Issue 12 item 12: first one regression test per crash found by hand (each failed on the code
before its fix), then a property test that walks every command and subcommand of the parser
(new commands are covered automatically) and feeds each one random arguments: strings made
from random bytes as ``argv`` carries them (lone surrogates), NUL, huge and negative numbers,
empty and very long strings, and real names (users, ids, keys) so that some calls get past the
first check.  Every call must end with exit 0-3, one line on stderr, never 70 or a traceback.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warroom import paths
from warroom.cli import build_parser, main

DATA = Path(__file__).resolve().parents[1] / "data"
SPAPI_2026 = DATA / "orders" / "spapi" / "orders_2026-01-01"
from warroom.services.inputs import MAX_RECORD_ID as MAX_ID  # noqa: E402


# ---------------------------------------------------------------- regression tests, one per crash

def test_a_json_quantity_of_5000_digits_is_bad_input_naming_file_record_and_field(cli, users, tmp_path):
    """Was ValueError ("Exceeds the limit (4300 digits) for integer string conversion"): exit 70."""
    doc = json.loads((SPAPI_2026 / "getOrder.200.example.json").read_text(encoding="utf-8"))
    text = json.dumps(doc)
    cases = {"int": "9" * 5000, "negative": "-" + "9" * 5000, "string": '"' + "9" * 5000 + '"',
             "decimal": "9" * 5000 + ".0", "exponent": "1E999999999"}     # int(1E999999999) never ends
    for name, number in cases.items():
        path = tmp_path / f"quantity-{name}.json"
        path.write_text(text.replace('"quantityOrdered": 3', f'"quantityOrdered": {number}', 1), encoding="utf-8")
        r = cli("import", "orders", str(path), "--as", "alice")
        assert r.code == 3, (name, r.err)
        assert r.err.count("\n") == 1 and "internal error" not in r.err, r.err
        assert str(path) in r.err and "record 1" in r.err and "'orderItems[0].quantityOrdered'" in r.err, r.err
        assert "invalid quantity" in r.err and len(r.err) < 400, r.err
    assert cli("orders", "--json").json() == []


def test_a_json_amount_that_is_a_huge_number_is_bad_input(cli, users, tmp_path):
    """An amount written as a JSON number follows the rule of one written as text (was: 5,000
    digits stored as a price; 1E999999999 gave decimal.Overflow, exit 70)."""
    text = json.dumps(json.loads((SPAPI_2026 / "getOrder.200.example.json").read_text(encoding="utf-8")))
    for name, number in {"digits": "9" * 5000, "exponent": "1E999999999", "tiny": "1E-999999999"}.items():
        path = tmp_path / f"amount-{name}.json"
        path.write_text(text.replace('"amount": "29.99"', f'"amount": {number}', 1), encoding="utf-8")
        r = cli("import", "orders", str(path), "--as", "alice")
        assert r.code == 3 and "'orderItems[0].product.price.unitPrice.amount'" in r.err, (name, r.err)
        assert "invalid amount" in r.err and r.err.count("\n") == 1, r.err
    ok = tmp_path / "amount-number.json"                  # a plain JSON number is still an amount
    ok.write_text(text.replace('"amount": "29.99"', '"amount": 29.99', 1), encoding="utf-8")
    assert cli("import", "orders", str(ok), "--as", "alice").code == 0
    assert cli("orders", "--json").json()[0]["items"][0]["unit_price"] == "29.99"


@pytest.mark.parametrize("expression", ['{{ buyer_name|attr("upper") }}', '{{ [1, 2]|map("string")|join(",") }}'])
def test_templates_edit_with_an_unknown_filter_is_refused_like_import(cli, users, tmp_path, expression):
    """Was TemplateAssertionError ("No filter named 'attr'"), exit 70: the edit read the body's
    variables before checking that it compiles."""
    assert cli("templates", "import", "--as", "carol").code == 0
    body = tmp_path / "body.txt"
    body.write_text(f"Hello {expression}, thank you.\n", encoding="utf-8")
    r = cli("templates", "edit", "general-ack", "--language", "en", "--body-file", str(body), "--as", "carol")
    assert r.code == 3, r.err
    assert r.err.count("\n") == 1 and "field 'body'" in r.err and "no filter named" in r.err, r.err
    pack = tmp_path / "pack.json"      # the same body in a file: the same refusal
    pack.write_text(json.dumps([{"key": "x", "version": 1, "language": "en", "category": "general-ack",
                                 "title": "t", "body": body.read_text(encoding="utf-8")}]), encoding="utf-8")
    imported = cli("templates", "import", str(pack), "--as", "carol")
    assert imported.code == 3 and imported.err.split("field 'body'")[1] == r.err.split("field 'body'")[1]


def test_text_arguments_that_are_not_utf8_name_the_argument(cli, users):
    """``warroom note 1 $'\\xff\\xfe bad'``: argv carries the bytes as lone surrogates (PEP 383);
    was UnicodeEncodeError (note) or CanonicalizationError (setting), exit 70."""
    r = cli("note", "1", "\udcff\udcfe bad", "--as", "alice")
    assert (r.code, r.err) == (2, "warroom: argument TEXT: not valid UTF-8 (byte 0xff)\n")
    r = cli("settings", "set", "seller.name", "Caf\udce9", "--as", "ada")
    assert (r.code, r.err) == (2, "warroom: argument VALUE: not valid UTF-8 (byte 0xe9)\n")
    r = cli("tag", "1", "OK", "B\udcc3D", "--reason", "x", "--as", "alice")
    assert (r.code, r.err) == (2, "warroom: argument TAG: not valid UTF-8 (byte 0xc3)\n")
    r = cli("tickets", "--search", "\ud800")                      # not from argv, but from a caller
    assert r.code == 2 and r.err == "warroom: argument --search: not valid Unicode (a lone surrogate U+D800)\n"
    r = cli("note", "1", "a\x00b", "--as", "alice")
    assert (r.code, r.err) == (2, "warroom: argument TEXT: contains a NUL character\n")
    assert cli("audit", "log", "--json").json()[0]["action"] == "user.add"      # nothing written


def test_warroom_password_that_is_not_utf8_is_refused_before_the_command(cli, users, monkeypatch):
    r = cli("note", "1", "hello", "--as", "alice", password="secret-\udcff")
    assert (r.code, r.err) == (2, "warroom: WARROOM_PASSWORD: not valid UTF-8 (byte 0xff)\n")
    monkeypatch.setenv("WARROOM_DATABASE_URL", "/tmp/caf\udce9.db")
    r = cli("status")
    assert (r.code, r.err) == (2, "warroom: WARROOM_DATABASE_URL: not valid UTF-8 (byte 0xe9)\n")


def test_the_real_command_refuses_non_utf8_bytes_in_argv_env_and_stdin(tmp_path):
    """The same through a real process: argv, the environment and stdin as raw bytes."""
    db = str(tmp_path / "bytes.db")
    env = {**os.environ, "WARROOM_PASSWORD": "pw-1234", "PYTHONIOENCODING": "utf-8"}
    exe = [sys.executable, "-m", "warroom", "--db", db]
    run = lambda argv, **kw: subprocess.run(exe + argv, capture_output=True, timeout=60, **kw)  # noqa: E731
    assert run(["user", "add", "root", "--role", "admin", "--password-stdin"], env=env, input=b"pw-1234\n").returncode == 0
    note = run([b"settings", b"set", b"seller.name", b"\xff\xfe bad", b"--as", b"root"], env=env)
    assert (note.returncode, note.stderr) == (2, b"warroom: argument VALUE: not valid UTF-8 (byte 0xff)\n")
    env_bad = {**env, "WARROOM_PASSWORD": "x"}
    env_bad_b = {os.fsencode(k): os.fsencode(v) for k, v in env_bad.items()}
    env_bad_b[b"WARROOM_PASSWORD"] = b"pw-\xff"
    bad_pw = subprocess.run(exe + ["settings", "set", "seller.name", "Shop", "--as", "root"], env=env_bad_b,
                            capture_output=True, timeout=60)
    assert (bad_pw.returncode, bad_pw.stderr) == (2, b"warroom: WARROOM_PASSWORD: not valid UTF-8 (byte 0xff)\n")
    lint = run(["lint", "-"], env=env, input=b"caf\xe9\n")
    assert (lint.returncode, lint.stderr) == (3, b"warroom: the text from stdin: not valid UTF-8 (byte 0xe9)\n")
    reset = run(["user", "reset-password", "root", "--password-stdin", "--as", "root"], env=env, input=b"pw-\xff\n")
    assert (reset.returncode, reset.stderr) == (2, b"warroom: --password-stdin: not valid UTF-8 (byte 0xff)\n")


@pytest.mark.parametrize("argv, label, kind", [
    (["approve", "{n}", "--as", "carol"], "DRAFT", "draft"),
    (["reject", "{n}", "--reason", "x", "--as", "carol"], "DRAFT", "draft"),
    (["edit-draft", "{n}", "--text", "x", "--as", "alice"], "DRAFT", "draft"),
    (["dispatch", "{n}", "--via", "manual", "--as", "alice"], "DRAFT", "draft"),
    (["draft", "{n}", "--text", "x", "--as", "alice"], "TICKET", "ticket"),
    (["ticket", "{n}"], "TICKET", "ticket"),
    (["note", "{n}", "x", "--as", "alice"], "TICKET", "ticket"),
    (["tag", "{n}", "X", "--as", "alice"], "TICKET", "ticket"),
    (["untag", "{n}", "X", "--as", "alice"], "TICKET", "ticket"),
    (["assign", "{n}", "-", "--as", "alice"], "TICKET", "ticket"),
    (["set-status", "{n}", "open", "--as", "alice"], "TICKET", "ticket"),
    (["triage", "{n}", "--as", "alice"], "TICKET", "ticket"),
    (["no-response", "{n}", "--reason", "x", "--as", "alice"], "TICKET", "ticket"),
    (["refund", "{n}", "--amount", "1", "--method", "x", "--as", "alice"], "TICKET", "ticket"),
    (["refund", "--reverse", "{n}", "--reason", "x", "--as", "alice"], "--reverse", "refund entry"),
    (["refunds", "--ticket", "{n}"], "--ticket", "ticket"),
])
def test_every_integer_id_argument_refuses_ids_no_record_can_have(cli, users, argv, label, kind):
    """``approve 99999999999999999999999`` was OverflowError (Python int too large to convert
    to SQLite INTEGER), exit 70; now "no such draft", exit 3, for every id argument."""
    for number in ("99999999999999999999999", str(10**30), "9" * 5000, "-99999999999999999999999"):
        r = cli(*[a.replace("{n}", number) for a in argv])
        assert r.code == 3, (argv, number, r.err)
        assert r.err.startswith(f"warroom: {label} {number[:20]}") and f"no such {kind} (ids are" in r.err, r.err
        assert r.err.count("\n") == 1 and len(r.err) < 200
    r = cli(*[a.replace("{n}", str(MAX_ID)) for a in argv])      # the largest id: looked up, not found
    assert r.code == (0 if argv[0] == "refunds" else 3) and "internal error" not in r.err, r.err
    r = cli(*[a.replace("{n}", "1x") for a in argv])
    assert r.code == 2 and f"argument {label}: not a {kind} id: '1x'" in r.err, r.err


@pytest.mark.parametrize("argv", [["tickets", "--limit"], ["orders", "--limit"], ["audit", "log", "--limit"]])
def test_counts_beyond_sqlite_are_a_usage_error(cli, argv):
    for value in ("99999999999999999999", str(10**30), "-1", "x"):
        r = cli(*argv, value)
        assert r.code == 2 and "argument --limit: not a count" in r.err and r.err.count("\n") == 1, (value, r.err)
    assert cli(*argv, str(MAX_ID)).code == 0


def test_services_find_no_record_for_an_id_beyond_sqlite(db, users):
    """The defence behind the CLI: a caller (the console) passing a huge id gets NotFound."""
    from warroom.errors import NotFound
    from warroom.services import drafts, tickets

    with pytest.raises(NotFound, match="no ticket"):
        tickets.get_ticket(db, 10**30)
    with pytest.raises(NotFound, match="no draft"):
        drafts.approve_draft(db, users["carol"], 10**30, "secret-pw")
    with pytest.raises(NotFound, match="no ticket"):
        tickets.add_note(db, users["alice"], -(10**30), "x")


def test_times_before_the_first_utc_instant_are_bad_input(cli, users):
    """Found by the property test: an offset pushing a time out of years 1-9999 in UTC was an
    OverflowError ("date value out of range"), exit 70 (services/inputs.past_time)."""
    for when in ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"):
        r = cli("refund", "1", "--amount", "1", "--method", "PayPal", "--at", when, "--as", "alice")
        assert r.code == 3 and "field 'refunded_at'" in r.err and "out of range" in r.err, r.err
        r = cli("dispatch", "1", "--via", "manual", "--sent-at", when, "--as", "alice")
        assert r.code == 3 and "internal error" not in r.err and r.err.count("\n") == 1, r.err


def test_allowlist_remove_by_a_number_python_cannot_read(cli, users):
    """Found by the property test: 'lint-allowlist remove ²' ('²'.isdigit() but int() refuses it)
    and 5,000 digits were ValueError, exit 70 (services/allowlist._find)."""
    for entry in ("²", "9" * 5000, "99999999999999999999999"):
        r = cli("lint-allowlist", "remove", entry, "--as", "carol")
        assert r.code == 3 and "no allowlist entry" in r.err and r.err.count("\n") == 1, r.err


def test_a_typed_line_break_does_not_split_the_error_line(cli, users):
    """CLI.md: one line on stderr for 2 and 3, even when the refused value holds a line break."""
    r = cli("tickets", "--status", "open\nclosed")
    assert r.code == 3 and r.err.count("\n") == 1 and "open\\nclosed" in r.err, r.err
    r = cli("status", "extra\nword")
    assert r.code == 2 and r.err.count("\n") == 1 and "(see warroom --help)" in r.err, r.err


# ---------------------------------------------------------------- the property test over every command

# examples per command: small, so the whole walk stays under a minute on 2 cores.  To hunt for
# more: HYPOTHESIS_PROFILE=explore WARROOM_FUZZ_EXAMPLES=300 (about 8 minutes), and
# WARROOM_FUZZ_LOG=FILE to see how deep the calls got (command, exit code, stderr per call).
EXAMPLES = int(os.environ.get("WARROOM_FUZZ_EXAMPLES", "7"))
SKIPPED_COMMANDS = {("gui",)}         # starts the desktop console in another process
NOT_FUZZED = {"help", "db"}           # --db stays the example's database (a random one would be created or dialled)


def _leaves(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield path, parser
        return
    for name, sub in subs[0].choices.items():
        yield from _leaves(sub, path + (name,))


COMMANDS = {path: p for path, p in _leaves(build_parser()) if path not in SKIPPED_COMMANDS}

# values that reach past the first checks of the demo database built below
REAL = ["1", "2", "3", "7", "agent", "compliance", "admin", "nobody", "-", "open", "closed", "waiting", "answered",
        "SUSPENDED", "ESCALATED", "A-TO-Z", "agent", "compliance", "en", "de", "ja", "general-ack", "atoz-response",
        "general-ack@1", "seller.name", "smtp.port", "atoz_window_hours", "high_value_threshold.EUR", "email",
        "phone", "domain", "example.com", "25.98", "EUR", "PayPal", "2026-01-01T00:00:00Z", "name=value",
        "submitted", "approved", "blocked", "draft", "retired", "manual", "smtp", "SHIP-DELAY", "Where is my order?"]
# files (in the folder each example runs in, see fuzz_files): good ones and hostile ones
FILES = {
    "orders.json": (SPAPI_2026 / "searchOrders.200.example.json").read_bytes(),
    "messages.csv": (DATA / "messages" / "messages.csv").read_bytes(),
    "quantity.json": (SPAPI_2026 / "getOrder.200.example.json").read_bytes().replace(
        b'"quantityOrdered": 3', b'"quantityOrdered": ' + b"9" * 5000, 1),
    "body.txt": "Hello {{ buyer_name }}, thank you for your message.\n".encode(),
    "body-attr.txt": b'Hello {{ buyer_name|attr("upper") }}\n',
    "pack.json": json.dumps([{"key": "fuzz", "version": 1, "language": "en", "category": "general-ack",
                              "title": "t", "body": "Hello {{ buyer_name|map('x') }}"}]).encode(),
    "not-utf8.txt": b"caf\xe9 \xff\xfe\n",
    "nul.txt": b"a\x00b\n",
    "empty.txt": b"",
}
REAL += [*FILES, "folder"]
HUGE = ["99999999999999999999999", str(10**30), str(-(10**30)), "-1", "0", "-0", "+5", "1e30", "1.5", "0x1f",
        "9" * 5000, "٣", "١٢", "²", "1_000", str(MAX_ID), str(MAX_ID + 1), str(-(2**63) - 1), "NaN", "inf",
        "1e999999", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "2026-02-30T00:00:00Z"]
ODD = ["", " ", "\x00", "a\x00b", "\udcff", "\ud800", "\udcff\udcfe bad", "--", "-x", "\n", "\r\n", "\t",
       "x" * 100_000, "é" * 3000, "{{ x }}", "{% for i in x %}", "../../etc/passwd", "/", ".", "\u202e", "'", '"',
       "%s%n", "NULL", "; DROP TABLE tickets;--"]


def _from_bytes(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")         # what Python makes of non-UTF-8 argv


# hostile values: bytes as argv carries them, NUL, huge and odd numbers, empty and long strings
HOSTILE = st.one_of(
    st.sampled_from(HUGE),
    st.sampled_from(ODD),
    st.binary(max_size=24).map(_from_bytes),
    st.text(max_size=24),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
)
SMALL_IDS = st.integers(min_value=1, max_value=12).map(str)
GOOD = st.one_of(st.sampled_from(REAL), SMALL_IDS)
# each argument is hostile about one time in three, so most calls get past the first check
VALUES = st.one_of(GOOD, GOOD, HOSTILE)
USERS = st.sampled_from(["agent", "compliance", "admin"])
ACTORS = st.one_of(USERS, USERS, USERS, HOSTILE)
IDS = st.one_of(SMALL_IDS, SMALL_IDS, HOSTILE)
COUNTS = st.one_of(st.integers(min_value=0, max_value=100).map(str), HOSTILE)


def _values_for(action: argparse.Action) -> st.SearchStrategy[str]:
    """Mostly usable values for typed arguments (ids, counts), so calls get past parsing."""
    name = getattr(action.type, "__name__", "")
    return IDS if name.endswith(" id") else COUNTS if name == "count_arg" else VALUES


def _environment_text(value: str) -> bool:
    """What the environment can hold: no NUL, and bytes (lone surrogates only as argv has them)."""
    try:
        return b"\x00" not in os.fsencode(value)
    except UnicodeEncodeError:
        return False


PASSWORDS = st.one_of(st.just("demo"), st.just("demo"), st.just("demo"), HOSTILE.filter(_environment_text))


@st.composite
def _argv(draw: st.DrawFn, parser: argparse.ArgumentParser) -> tuple[list[str], str, str | None]:
    """Random ``argv`` for one leaf parser: its positionals in order and a random subset of
    its options (the required ones and --as mostly present)."""
    positionals: list[str] = []
    options: list[str] = []
    for action in parser._actions:
        if action.dest in NOT_FUZZED:
            continue
        if not action.option_strings:
            count = {None: 1, "?": draw(st.integers(0, 1)), "+": draw(st.integers(1, 3)),
                     "*": draw(st.integers(0, 2))}.get(action.nargs, 1)  # type: ignore[arg-type]
            positionals += [draw(_values_for(action)) for _ in range(count)]
            continue
        present = draw(st.integers(0, 9)) < (9 if action.required or action.dest == "actor" else 3)
        if not present:
            continue
        flag = draw(st.sampled_from(action.option_strings))
        if action.nargs == 0:
            options.append(flag)
        elif action.dest == "actor":
            options += [flag, draw(ACTORS)]
        elif action.choices:
            options += [flag, draw(st.one_of(st.sampled_from(list(action.choices)), VALUES))]
        else:
            options += [flag, draw(_values_for(action))]
    # options before or after the positionals (both are accepted; CLI.md)
    argv = options + positionals if draw(st.booleans()) else positionals + options
    return argv, draw(PASSWORDS), draw(st.one_of(st.none(), VALUES))


DEMO_STEPS = (["demo", "--with-users"], ["templates", "import", "--as", "compliance"],
              ["draft", "1", "--text", "Hello, thank you for your message.", "--as", "admin"],
              ["draft", "2", "--text", "Hello, your order ships today.", "--as", "admin"],
              ["approve", "2", "--as", "compliance"], ["tickets"])


def _build_demo(home: Path, db: str) -> None:
    """The demo database every example starts from: demo data and users (password 'demo'), the
    starter templates, two drafts (one submitted, one approved), the first sweep done."""
    paths.from_root(home / "root")
    saved = {k: os.environ.get(k) for k in ("WARROOM_PASSWORD", "WARROOM_DATABASE_URL")}
    old_streams = sys.stdin, sys.stdout, sys.stderr
    try:
        os.environ.pop("WARROOM_DATABASE_URL", None)
        os.environ["WARROOM_PASSWORD"] = "demo"
        sys.stdin, sys.stdout, sys.stderr = io.StringIO(""), io.StringIO(), io.StringIO()
        for argv in DEMO_STEPS:
            code = main(["--db", db, *argv])
            assert code == 0, (argv, sys.stderr.getvalue())
    finally:
        sys.stdin, sys.stdout, sys.stderr = old_streams
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        paths.from_root(None)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("fuzz-home")
    path = home / "demo.db"
    _build_demo(home, str(path))
    return path


@pytest.fixture(scope="module")
def fuzz_files(tmp_path_factory) -> Path:
    """The folder examples run in: the FILES and a sub-folder, named by relative paths."""
    folder = tmp_path_factory.mktemp("fuzz-files")
    for name, content in FILES.items():
        (folder / name).write_bytes(content)
    (folder / "folder").mkdir()
    return folder


def _copy(source: Path, target: Path) -> None:
    target.touch(mode=0o600)            # private, as War Room makes its own files (no "made private" line)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)                 # a consistent copy, the WAL included
    dst.close()
    src.close()


def _fuzz(command: tuple[str, ...], examples: int, fresh_db: Any, drop_db: Any, fuzz_files: Path,
          capsys: Any, monkeypatch: Any) -> None:
    """Random arguments to one command, each example on a fresh copy of the demo database
    (``fresh_db(n)`` gives its --db, ``drop_db(db)`` removes it): never exit 70, never a
    traceback; a refusal is one line on stderr."""
    parser = COMMANDS[command]
    counter = iter(range(10**6))
    monkeypatch.chdir(fuzz_files)

    @settings(max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                      HealthCheck.too_slow])
    @given(data=_argv(parser))
    def check(data: tuple[list[str], str, str | None]) -> None:
        argv, password, stdin = data
        db = fresh_db(next(counter))
        monkeypatch.setenv("WARROOM_PASSWORD", password)
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin or ""))
        capsys.readouterr()
        try:
            code = main(["--db", db, *command, *argv])
        finally:
            drop_db(db)
            # every example is a copy of the same database (the same id): the checkpoints one signs
            # outside the database would be another's fork of the log
            shutil.rmtree(paths.documents_dir(), ignore_errors=True)
        out, err = capsys.readouterr()
        if os.environ.get("WARROOM_FUZZ_LOG"):
            with open(os.environ["WARROOM_FUZZ_LOG"], "a", encoding="utf-8", errors="backslashreplace") as log:
                log.write(f"{' '.join(command)}\t{code}\t{err.strip()[:150]!r}\n")
        shown = [*command, *(a if len(a) < 60 else a[:40] + f"...({len(a)})" for a in argv)]
        assert code != 70, (shown, err)
        assert "Traceback" not in err and "internal error" not in err, (shown, err)
        assert code in (0, 1, 2, 3), (shown, code, err)
        if code in (2, 3):
            assert err.startswith("warroom: ") and err.count("\n") == 1, (shown, err)

    check()


@pytest.mark.parametrize("command", sorted(COMMANDS), ids=" ".join)
def test_no_command_fails_with_an_internal_error(command, demo_db, fuzz_files, tmp_path, capsys, monkeypatch):
    """Every command and subcommand of the parser, random arguments, on SQLite."""
    def fresh(n: int) -> str:
        db = tmp_path / f"example-{n}.db"
        _copy(demo_db, db)
        return str(db)

    def drop(db: str) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)

    _fuzz(command, EXAMPLES, fresh, drop, fuzz_files, capsys, monkeypatch)


# on the server: fewer examples per command (a database made from the demo's for each), enough
# to find what only PostgreSQL refuses (NUL in text, out-of-range integers, types, lengths)
PG_EXAMPLES = int(os.environ.get("WARROOM_FUZZ_EXAMPLES_PG", "2"))


@pytest.fixture(scope="module")
def pg_demo_db(pg_server, tmp_path_factory) -> str:
    name = f"fuzz_demo_{os.getpid()}"
    pg_server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name} TEMPLATE template0")
    _build_demo(tmp_path_factory.mktemp("fuzz-home-pg"), pg_server.url(name))
    return name


@pytest.mark.postgresql_only("the same walk as above on a server (SQLite's copies the file)")
@pytest.mark.parametrize("command", sorted(COMMANDS), ids=" ".join)
def test_no_command_fails_with_an_internal_error_on_postgresql(command, pg_server, pg_demo_db, fuzz_files,
                                                                capsys, monkeypatch):
    made: list[str] = []

    def fresh(n: int) -> str:
        name = f"fuzz_{os.getpid()}_{'_'.join(command).replace('-', '_')}_{n}"
        pg_server.execute(f"CREATE DATABASE {name} TEMPLATE {pg_demo_db}")
        made.append(name)
        return pg_server.url(name)

    def drop(db: str) -> None:
        pg_server.execute(f"DROP DATABASE IF EXISTS {made.pop()} WITH (FORCE)")

    _fuzz(command, PG_EXAMPLES, fresh, drop, fuzz_files, capsys, monkeypatch)


def test_every_command_is_fuzzed():
    """The walk finds the subcommands (a new command is covered without editing this file)."""
    names = {" ".join(c) for c in COMMANDS}
    assert {"approve", "note", "settings set", "templates edit", "import orders", "audit log", "user add"} <= names
    assert len(names) >= 50
