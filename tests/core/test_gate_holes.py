"""Issue 12, "The gate": each hole an adversarial test found, closed.

1. two simultaneous e-mail dispatches send once; a crash between sending and recording leaves
   "may have been sent", never a silent second send;
2. an edit during a send is refused, and what was delivered is recorded;
3. free text never leaves during a suspension (held, released on lift);
4. one admin cannot approve through a role change or a user they armed;
6. a template cannot render for minutes, nor hold the write lock while it renders;
9. replies thread to the buyer message they answer (checked on the delivered bytes).
(5, the clock, is in test_cli_conventions.py.)
"""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from datetime import timedelta
from pathlib import Path

import pytest

from tests.core.test_gate import _entries, draft, gate  # noqa: F401  (gate: fixture)
from tests.core.test_mail import Collector, smtp_server  # noqa: F401  (fixture)
from warroom import clock
from warroom.domain.roles import Role
from warroom.errors import BusinessRuleError
from warroom.services import dispatch as dispatch_service
from warroom.services import drafts as drafts_service
from warroom.services.users import add_user, reset_password
from tests import rawdb

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class SlowCollector(Collector):
    """Takes ``delay`` seconds to accept each mail (a slow or distant mail server);
    ``started`` counts the DATA commands it began answering."""

    delay: float = 1.0
    started: int = 0
    release: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.started += 1
        deadline = time.monotonic() + self.delay
        while time.monotonic() < deadline and not self.release.is_set():
            await asyncio.sleep(0.01)
        return await super().handle_DATA(server, session, envelope)


def _mail_settings(cli, port: int) -> None:
    for key, value in (("smtp.host", "127.0.0.1"), ("smtp.port", str(port)), ("smtp.security", "none"),
                       ("smtp.from", "Shop <shop@example.com>")):
        assert cli("settings", "set", key, value, "--as", "ada").code == 0


def _approved_refund_draft(cli, gate) -> int:
    d = draft(cli, str(gate["refund"]), "--template", "refund-ack").json()
    assert cli("approve", str(d["id"]), "--as", "carol").code == 0
    return d["id"]


def _warroom(db_url, *argv: str, tool: str | None = None) -> subprocess.Popen:
    env = dict(os.environ, WARROOM_PASSWORD="secret-pw")
    exe = [sys.executable, str(ROOT / "tests" / "tools" / tool)] if tool else [sys.executable, "-m", "warroom"]
    return subprocess.Popen(exe + ["--db", str(db_url), *argv], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _actions(db_url) -> list[str]:
    return [a for _, a, _ in _entries(db_url)]


# ---------------------------------------------------------------- 1. no double send

def test_two_simultaneous_smtp_dispatches_send_once(cli, gate, db_url, smtp_server):  # noqa: F811
    handler = SlowCollector(delay=30)      # answers DATA when released (or after 30 s)
    server = smtp_server(handler)
    _mail_settings(cli, server.port)
    draft_id = _approved_refund_draft(cli, gate)
    first = _warroom(db_url, "dispatch", str(draft_id), "--via", "smtp", "--as", "alice")
    deadline = time.monotonic() + 30
    while handler.started == 0 and time.monotonic() < deadline:     # the first one is talking to the server
        time.sleep(0.02)
    second = _warroom(db_url, "dispatch", str(draft_id), "--via", "smtp", "--as", "bob")
    out2, err2 = second.communicate(timeout=60)
    handler.release.set()
    out1, err1 = first.communicate(timeout=60)
    assert first.returncode == 0, err1
    assert second.returncode == 3 and "being sent by alice" in err2, err2
    assert len(handler.envelopes) == 1
    actions = _actions(db_url)
    assert actions.count("draft.send-start") == 1 and actions.count("draft.dispatch") == 1
    assert cli("audit", "verify").code == 0


def test_a_crash_between_send_and_record_says_may_have_been_sent_and_never_resends(
        cli, gate, db_url, smtp_server, set_now):  # noqa: F811
    server = smtp_server()
    _mail_settings(cli, server.port)
    draft_id = _approved_refund_draft(cli, gate)
    dying = _warroom(db_url, "dispatch", str(draft_id), "--via", "smtp", "--as", "alice", tool="dispatch_then_die.py")
    _, err = dying.communicate(timeout=60)
    assert dying.returncode == 9 and "delivered=True" in err
    assert len(server.handler.envelopes) == 1
    listed = cli("drafts", "--json")
    assert listed.code == 0, listed.err
    d = listed.json()[0]
    assert d["status"] == "sending" and d["send_started_by"] == "alice" and d["mail_message_id"]
    assert "draft.send-start" in _actions(db_url) and "draft.dispatch" not in _actions(db_url)
    # right away: still in flight as far as anyone can tell
    r = cli("dispatch", str(draft_id), "--via", "smtp", "--as", "bob")
    assert r.code == 3 and "being sent by alice" in r.err
    r = cli("resolve-send", str(draft_id), "--sent", "--reason", "x", "--as", "bob")
    assert r.code == 3 and "wait until" in r.err
    # later: "may have been sent", and it is not sent again by itself
    set_now(clock.iso(clock.now() + drafts_service_timeout() + timedelta(seconds=1)))
    r = cli("dispatch", str(draft_id), "--via", "smtp", "--as", "bob")
    assert r.code == 3 and "may have been sent" in r.err and "resolve-send" in r.err
    r = cli("dispatch", str(draft_id), "--via", "manual", "--as", "bob")
    assert r.code == 3 and "may have been sent" in r.err
    box = cli("outbox", "--json").json()
    assert box[0]["may_have_been_sent"] is True and "may have been sent" in box[0]["send_state"]
    assert len(server.handler.envelopes) == 1
    # a person checked the mail server's log: it went out
    r = cli("resolve-send", str(draft_id), "--sent", "--reason", "accepted in the server log", "--as", "bob",
            "--json")
    assert r.code == 0, r.err
    assert r.json()["status"] == "dispatched" and r.json()["dispatched_via"] == "smtp"
    e = [p for _, a, p in _entries(db_url) if a == "draft.dispatch"][-1]
    assert e["resolved"] is True and e["smtp_message_id"] == d["mail_message_id"]
    t = cli("ticket", str(gate["refund"]), "--json").json()
    assert t["messages"][-1]["direction"] == "outbound" and t["due_at"] is None


def drafts_service_timeout():
    from warroom.domain.drafts import SEND_OUTCOME_TIMEOUT

    return SEND_OUTCOME_TIMEOUT


def test_a_send_of_unknown_outcome_can_be_recorded_as_not_sent_and_retried(cli, gate, db_url, smtp_server,
                                                                          set_now):  # noqa: F811
    server = smtp_server()
    _mail_settings(cli, server.port)
    draft_id = _approved_refund_draft(cli, gate)
    con = rawdb.connect(db_url)      # the state a crash before the hand-over leaves
    con.execute("UPDATE draft SET status = 'sending', send_started_at = '2026-01-01 00:00:00.000000', "
                "send_started_by = 'alice', mail_message_id = '<x@example.com>' WHERE id = ?", (draft_id,))
    con.commit()
    con.close()
    r = cli("resolve-send", str(draft_id), "--not-sent", "--reason", "not in the server log", "--as", "bob",
            "--json")
    assert r.code == 0 and r.json()["status"] == "failed" and "not in the server log" in r.json()["reason"]
    assert cli("dispatch", str(draft_id), "--via", "smtp", "--as", "bob").code == 0
    assert len(server.handler.envelopes) == 1


# ---------------------------------------------------------------- 2. edit during a send

def test_an_edit_during_a_send_is_refused_and_the_delivery_is_recorded(cli, gate, db_url, smtp_server):  # noqa: F811
    handler = SlowCollector(delay=30)
    server = smtp_server(handler)
    _mail_settings(cli, server.port)
    d = draft(cli, str(gate["refund"]), "--text", "Hello, we are sorry about the blender. Your refund is on its "
              "way.").json()
    assert cli("approve", str(d["id"]), "--as", "carol").code == 0
    sender = _warroom(db_url, "dispatch", str(d["id"]), "--via", "smtp", "--as", "bob")
    deadline = time.monotonic() + 30
    while handler.started == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    r = cli("edit-draft", str(d["id"]), "--text", "Hello, something else entirely.", "--as", "alice")
    assert r.code == 3 and "cannot be edited" in r.err and "being sent" in r.err
    handler.release.set()
    _, err = sender.communicate(timeout=60)
    assert sender.returncode == 0, err
    assert len(handler.envelopes) == 1
    delivered = message_from_bytes(handler.envelopes[0].content, policy=policy.default)
    assert delivered.get_content().replace("\r\n", "\n").strip() == d["body"]
    final = cli("drafts", "--json").json()[0]
    assert final["status"] == "dispatched" and final["body_sha256"] == d["body_sha256"]
    assert _actions(db_url).count("draft.dispatch") == 1


# ---------------------------------------------------------------- 3. free text during a suspension

def test_free_text_approved_before_the_declaration_is_held_and_released_on_lift(cli, gate, db_url):
    approved = draft(cli, str(gate["refund"]), "--text", "Hello, your refund has been issued today.").json()
    assert cli("approve", str(approved["id"]), "--as", "carol").code == 0
    waiting = draft(cli, str(gate["wismo"]), "--text", "Hello, your parcel left our warehouse on Monday.").json()
    r = cli("suspend", "--reason", "related accounts", "--as", "ada", "--json")
    assert r.code == 0 and set(r.json()["held_drafts"]) == {approved["id"], waiting["id"]}
    by_id = {x["id"]: x for x in cli("drafts", "--json").json()}
    assert by_id[approved["id"]]["status"] == "held" and "free-text replies wait" in by_id[approved["id"]]["reason"]
    assert by_id[waiting["id"]]["status"] == "held"
    # nothing of it leaves, by hand or by mail, and it cannot be approved meanwhile
    r = cli("dispatch", str(approved["id"]), "--via", "manual", "--as", "alice")
    assert r.code == 3 and "held" in r.err and "free-text" in r.err
    r = cli("approve", str(waiting["id"]), "--as", "carol")
    assert r.code == 3 and "held" in r.err
    assert "draft.dispatch" not in _actions(db_url)
    r = cli("suspend", "--lift", "--as", "ada", "--json")
    assert set(r.json()["released_drafts"]) == {approved["id"], waiting["id"]}
    by_id = {x["id"]: x for x in cli("drafts", "--json").json()}
    assert by_id[approved["id"]]["status"] == "approved"        # its approval stands
    assert by_id[waiting["id"]]["status"] == "submitted"        # back on the approval desk
    assert cli("dispatch", str(approved["id"]), "--via", "manual", "--as", "alice").code == 0


def test_free_text_cannot_be_approved_while_a_suspension_is_declared(cli, gate, db, users, db_url):
    """A free-text draft that reaches the desk during a suspension (its ticket was ESCALATED
    when a senior wrote it, and is no longer) is refused approval, writing nothing."""
    d = draft(cli, str(gate["legal"]), "--text", "Hello, we are sorry about the trouble and are reviewing your "
              "order.", who="dave").json()
    assert d["kind"] == "senior"
    assert cli("suspend", "--reason", "related accounts", "--as", "ada").code == 0
    # the senior reply on the ESCALATED ticket stays on the desk and may go
    assert cli("drafts", "--status", "submitted", "--json").json()[0]["id"] == d["id"]
    assert cli("untag", str(gate["legal"]), "ESCALATED", "--reason", "buyer withdrew the threat",
               "--as", "alice").code == 0
    before = len(_entries(db_url))
    r = cli("approve", str(d["id"]), "--as", "carol")
    assert r.code == 3 and "cannot be approved now" in r.err and "suspension" in r.err
    assert len(_entries(db_url)) == before


def test_a_senior_reply_on_an_escalated_ticket_goes_during_a_suspension(cli, gate):
    assert cli("suspend", "--reason", "related accounts", "--as", "ada").code == 0
    d = draft(cli, str(gate["legal"]), "--text", "Hello, we are sorry. A full refund has been issued today.",
              who="dave").json()
    assert cli("approve", str(d["id"]), "--as", "carol", "--json").json()["status"] == "approved"
    assert cli("dispatch", str(d["id"]), "--via", "manual", "--as", "alice").code == 0


# ---------------------------------------------------------------- 4. one admin cannot approve

def test_an_admin_cannot_change_their_own_role(cli, users, db_url):
    before = len(_entries(db_url))
    r = cli("user", "set-role", "ada", "compliance", "--as", "ada")
    assert r.code == 3 and "own role" in r.err
    assert len(_entries(db_url)) == before
    assert {u["name"]: u["role"] for u in cli("user", "list", "--json").json()}["ada"] == "admin"


def test_a_compliance_user_an_admin_armed_today_cannot_approve_that_admins_drafts(cli, gate, db, set_now):
    ada = gate["users"]["ada"]
    add_user(db, ada, "sock", Role.COMPLIANCE, "sock-pw-1")
    d = draft(cli, str(gate["wismo"]), "--text", "Hello, your parcel left our warehouse on Monday.", who="ada").json()
    r = cli("approve", str(d["id"]), "--as", "sock", password="sock-pw-1")
    assert r.code == 3 and "ada gave sock the compliance role" in r.err
    # promoting an existing agent the same day is the same
    assert cli("user", "set-role", "bob", "compliance", "--as", "ada").code == 0
    r = cli("approve", str(d["id"]), "--as", "bob")
    assert r.code == 3 and "ada gave bob the compliance role" in r.err
    # an admin who resets a compliance user's password knows it: the same rule
    set_now(clock.iso(clock.now() + drafts_service.ARMING_COOLDOWN * 2))
    reset_password(db, ada, "dave", "new-pass-1")
    r = cli("approve", str(d["id"]), "--as", "dave", password="new-pass-1")
    assert r.code == 3 and "ada set dave's password" in r.err
    # a day later the role grant no longer blocks sock; other people's drafts were never blocked
    r = cli("approve", str(d["id"]), "--as", "sock", "--json", password="sock-pw-1")
    assert r.code == 0 and r.json()["approver"] == "sock"


def test_admins_never_approve(cli, gate):
    d = draft(cli, str(gate["wismo"]), "--text", "Hello, your parcel left our warehouse on Monday.").json()
    r = cli("approve", str(d["id"]), "--as", "ada")
    assert r.code == 2 and "may not approve" in r.err


# ---------------------------------------------------------------- 6. rendering limits

HEAVY = ('{% set s = "Ab" * 450 %}{% set l = [s, s ~ "x", s ~ "y", s ~ "z"] * 5 %}'
         '{% for a in "abcdefghijklmnopqrstuvwxyzabcd" %}{% for b in "abcdefghijklmnopqrstuvwxyzabcd" %}'
         + "{{ l|unique|length + l|max|length + l|min|length }}" * 8
         + "{% endfor %}{% endfor %}")


def test_a_heavy_template_stops_at_the_time_limit_with_a_clear_refusal():
    from warroom.templates import TemplateLimitError, render

    assert len(HEAVY) < 2000
    one_round = HEAVY.replace('"abcdefghijklmnopqrstuvwxyzabcd"', '"a"')
    start = time.perf_counter()
    render(one_round, {}, max_output=10 ** 6)
    per_round = time.perf_counter() - start
    assert per_round * 900 > 1.0          # unlimited, the whole template would run for well over a second
    start = time.perf_counter()
    with pytest.raises(TemplateLimitError, match=r"rendering took longer than 0\.2 s"):
        render(HEAVY, {}, max_output=10 ** 6, max_seconds=0.2)
    assert time.perf_counter() - start < 0.2 + 0.5


def test_values_are_weighed_through_lists_so_no_single_step_is_huge():
    from warroom.templates import TemplateLimitError, render

    for source in ('{% set s = "x" * 20000 %}{% set l = [s] * 20000 %}{{ l|unique|length }}',
                   '{% set s = "x" * 15000 %}{{ [s, s]|length }}',
                   '{% set s = "x" * 8000 %}{% set d = {"a": s, "b": s, "c": s} %}{{ d|length }}'):
        start = time.perf_counter()
        with pytest.raises(TemplateLimitError, match="longer than 20000"):
            render(source, {})
        assert time.perf_counter() - start < 0.5
    assert render('{% set l = ["a", "b"] * 3 %}{{ l|join("") }}', {}) == "ababab"


def test_rendering_a_draft_does_not_hold_the_write_lock(cli, gate, db, monkeypatch):
    """While a reply is rendered (here: a render that blocks), other users write freely."""
    import warroom.templates as templates_pkg
    from warroom.services.tickets import add_note

    entered, release = threading.Event(), threading.Event()
    real_render = templates_pkg.render

    def slow_render(*args, **kwargs):
        entered.set()
        assert release.wait(30)
        return real_render(*args, **kwargs)

    monkeypatch.setattr(templates_pkg, "render", slow_render)
    result: dict = {}

    def write_draft() -> None:
        try:
            result["draft"] = drafts_service.create_draft(db, gate["users"]["alice"], gate["refund"],
                                                          template="refund-ack")
        except BaseException as exc:  # noqa: BLE001
            result["error"] = exc

    worker = threading.Thread(target=write_draft)
    worker.start()
    try:
        assert entered.wait(30)
        start = time.perf_counter()
        note = add_note(db, gate["users"]["bob"], gate["wismo"], "Buyer phoned about the parcel.")
        assert time.perf_counter() - start < 2 and note["id"]
    finally:
        release.set()
        worker.join(30)
    assert "error" not in result and result["draft"]["status"] == "submitted"


def test_a_template_changed_while_the_reply_rendered_is_not_saved(cli, gate, db, monkeypatch, tmp_path):
    """The write transaction re-checks what the reply was made from."""
    import warroom.templates as templates_pkg

    real_render = templates_pkg.render

    def render_then_retire(*args, **kwargs):
        out = real_render(*args, **kwargs)
        monkeypatch.setattr(templates_pkg, "render", real_render)
        assert cli("templates", "retire", "refund-ack", "--as", "carol").code == 0
        return out

    monkeypatch.setattr(templates_pkg, "render", render_then_retire)
    with pytest.raises(BusinessRuleError, match="the template changed while the reply was being prepared"):
        drafts_service.create_draft(db, gate["users"]["alice"], gate["refund"], template="refund-ack")
    assert drafts_service.list_drafts(db) == []


# ---------------------------------------------------------------- 9. threading

BUYER_MAIL = """\
From: Jane Roe <jane0000000042@marketplace.amazon.com>
To: shop@example.com
Subject: Refund request (Order: 111-1000042-2000042)
Date: Fri, 20 Nov 2026 09:05:00 +0000
Message-ID: <buyer-question-42@marketplace.amazon.com>
References: <seller-first-answer@example.com>
Content-Type: text/plain; charset=utf-8

Hello, the blender arrived broken. I would like a refund for my order please.
"""


def test_a_reply_threads_to_the_buyer_message_it_answers(cli, gate, tmp_path, smtp_server, monkeypatch):  # noqa: F811
    monkeypatch.setattr(dispatch_service, "SMTP_BACKOFF", 0.0)
    server = smtp_server()
    _mail_settings(cli, server.port)
    eml = tmp_path / "question.eml"
    eml.write_text(BUYER_MAIL)
    assert cli("import", "messages", str(eml), "--as", "alice").code == 0
    tid = [t for t in cli("tickets", "--json").json() if t["amazon_order_id"] == "111-1000042-2000042"][0]["id"]
    d = draft(cli, str(tid), "--template", "refund-ack").json()
    assert cli("approve", str(d["id"]), "--as", "carol").code == 0
    r = cli("dispatch", str(d["id"]), "--via", "smtp", "--as", "alice")
    assert r.code == 0, r.err
    raw = server.handler.envelopes[0].content
    headers = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    assert "\r\nIn-Reply-To: <buyer-question-42@marketplace.amazon.com>\r\n" in headers
    assert ("\r\nReferences: <seller-first-answer@example.com>\r\n <buyer-question-42@marketplace.amazon.com>\r\n"
            in headers)
    sent = message_from_bytes(raw, policy=policy.default)
    t = cli("ticket", str(tid), "--json").json()
    assert t["messages"][-1]["direction"] == "outbound"
    assert t["messages"][-1]["source_ref"] == str(sent["Message-ID"])
    assert json.loads(json.dumps(d))["reply_to_id"] == t["messages"][0]["id"]
