"""Team mode under load: 8 processes, each a different user, against one PostgreSQL server on
loopback, beside a baseline measured in the same run.

    python benchmarks/team_load.py [--actions 500] [--url postgresql+psycopg://...] [--timeout 900]

Without ``--url`` a throwaway cluster is started on 127.0.0.1 (tests/pg_server.py) and made
durable first (``fsync``, ``synchronous_commit`` and ``full_page_writes`` on, as a real server),
then removed.  The database: 1,000 tickets (buyer messages), 5 agents and 3 compliance users.

Each process is one user, released together, ``--actions`` actions each (bounded by count and
by ``--timeout``):

* an agent: a private note (40%), a tag (30%), a free-text draft submitted for approval (30%);
* a compliance user: approve one of the oldest submitted drafts (50%; the three compliance
  users pick among the same few, so they race for them; a lost race is the "already approved
  by X" refusal and writes nothing), a note (25%), a tag (25%).

Afterwards: the chain verifies; the users' entries equal the actions that succeeded (the
system's own checkpoint entries, signed after each approval, are counted apart); no draft was
approved twice (one ``draft.approve`` entry per approved draft).  Printed: throughput (actions
per second) and p50/p95 latency per action type; the baseline, in the same run and database:
the same mix by one process alone (agent and compliance actions alternating), and raw psycopg
single-row insert+commit round trips on the same server (the floor of a durable write).
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PASSWORD = "load-test-pw"
AGENTS = [f"agent{i}" for i in range(1, 6)]
COMPLIANCE = [f"compliance{i}" for i in range(1, 4)]
TICKETS = 1000
REPLY = "Thank you for your message. We are checking your order now and will write again today."


# ---------------------------------------------------------------- setup

def setup(url: str) -> dict[str, tuple[int, str]]:
    """Users and tickets; the users' (id, role) by name."""
    from datetime import timedelta

    from warroom import clock
    from warroom.domain.roles import Actor, Role
    from warroom.records import MessageRecord
    from warroom.services.ingest import store_messages
    from warroom.services.users import add_user
    from warroom.storage.engine import open_database
    from warroom.storage.uow import UnitOfWork

    db = open_database(url)
    admin = add_user(db, None, "admin", Role.ADMIN, PASSWORD)
    ada = Actor(admin["id"], "admin", Role.ADMIN)
    people = {}
    for name in AGENTS:
        people[name] = (add_user(db, ada, name, Role.AGENT, PASSWORD)["id"], "agent")
    for name in COMPLIANCE:
        people[name] = (add_user(db, ada, name, Role.COMPLIANCE, PASSWORD)["id"], "compliance")
    now = clock.now()
    records = [MessageRecord(received_at=now - timedelta(hours=2, minutes=n), from_addr=f"b{n:011d}@marketplace.amazon.com",
                             from_name="Jane Roe", body="Hello, where is my parcel? It has not arrived yet.",
                             subject=f"Shipping inquiry {n}", message_id=f"load-{n}", amazon_order_id=None,
                             to_addr="shop@example.com", source_ref=f"load#{n}") for n in range(TICKETS)]
    with UnitOfWork(db) as uow:
        store_messages(uow, records, actor="admin")
        uow.audit("admin", "test.load", "test", {"messages": TICKETS})
        uow.commit()
    db.dispose()
    return people


# ---------------------------------------------------------------- one user

def _ticket_ids(db: Any) -> list[int]:
    from warroom.services.tickets import list_tickets

    return sorted(t["id"] for t in list_tickets(db, include_closed=True, limit=TICKETS * 2))


def run_user(url: str, name: str, ident: tuple[int, str], actions: int, deadline: float, seed: int,
             slice_no: int, barrier: Any, out: Any, mix: str | None = None) -> None:
    """``actions`` actions as ``name`` (``mix``: "both" for the one-process baseline).  Drafts go
    to the tickets of slice ``slice_no`` of 6 (one a ticket: a ticket takes one waiting draft);
    tags are named by ``seed`` (unique per process and run) and the action's number."""
    from warroom.domain.roles import Actor, Role
    from warroom.errors import BusinessRuleError, DraftWaiting
    from warroom.services import drafts, tickets
    from warroom.storage.engine import open_database

    rng = random.Random(seed)
    db = open_database(url)
    me = Actor(ident[0], name, Role(ident[1]))
    ids = _ticket_ids(db)
    share = [t for k, t in enumerate(ids) if k % (len(AGENTS) + 1) == slice_no]
    compliance = me if ident[1] == "compliance" else None
    agent = me if ident[1] == "agent" else None
    if mix == "both":                                     # the baseline: one process plays both parts
        from warroom.services.users import authenticate

        agent, compliance = me, authenticate(db, COMPLIANCE[0], PASSWORD)
    records: list[tuple[str, float, str]] = []
    if barrier is not None:
        barrier.wait(120)
    for i in range(actions):
        if time.time() > deadline:
            break
        roll = rng.random()
        if compliance is not None and (agent is None or i % 2 == 1):
            who, kind = compliance, ("approve" if roll < 0.5 else "note" if roll < 0.75 else "tag")
        else:
            assert agent is not None
            who, kind = agent, ("note" if roll < 0.4 else "tag" if roll < 0.7 else "draft")
        ticket = rng.choice(ids)
        outcome = "ok"
        t0 = time.perf_counter()
        try:
            if kind == "note":
                tickets.add_note(db, who, ticket, f"{who.name}: called the buyer ({i})")
            elif kind == "tag":
                if not tickets.tag_ticket(db, who, ticket, [f"L{seed}-{i}"])["changed"]:
                    outcome = "unchanged"
            elif kind == "draft":
                if not share:
                    kind, outcome = "draft", "no-ticket"
                else:
                    drafts.create_draft(db, who, share.pop(0), text=REPLY)
            else:
                with db.engine.connect() as conn:     # the desk's oldest few (a plain read, not timed)
                    mine = [{"id": r[0]} for r in conn.exec_driver_sql(
                        "SELECT id FROM draft WHERE status = 'submitted' AND author <> %s ORDER BY id LIMIT 3",
                        (who.name,))]
                t0 = time.perf_counter()                  # the approval alone (the look is a read)
                if not mine:
                    kind = "note"
                    tickets.add_note(db, who, ticket, f"{who.name}: nothing to approve ({i})")
                else:
                    drafts.approve_draft(db, who, rng.choice(mine)["id"], PASSWORD)
        except DraftWaiting:
            outcome = "refused"
        except BusinessRuleError as exc:
            outcome = "lost-race" if "already approved by" in str(exc) else f"refused: {exc}"
        records.append((kind, time.perf_counter() - t0, outcome))
    db.dispose()
    out.put((name, records))


# ---------------------------------------------------------------- the run

def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def run_processes(url: str, people: dict[str, tuple[int, str]], names: list[str], actions: int, timeout: float,
                  mix: str | None = None) -> tuple[float, dict[str, list[tuple[str, float, str]]]]:
    ctx = multiprocessing.get_context("spawn")
    barrier, out = ctx.Barrier(len(names) + 1), ctx.Queue()
    deadline = time.time() + timeout
    base = 700 if mix == "both" else 600             # the baseline's draft tickets: slice 5
    procs = [ctx.Process(target=run_user, args=(url, n, people[n], actions, deadline, base + k,
                                                5 if mix == "both" else k, barrier, out, mix))
             for k, n in enumerate(names)]
    for p in procs:
        p.start()
    barrier.wait(300)                   # every process connected and ready
    t0 = time.perf_counter()
    results: dict[str, list[tuple[str, float, str]]] = {}
    for _ in procs:
        name, records = out.get(timeout=timeout + 120)
        results[name] = records
    wall = time.perf_counter() - t0
    for p in procs:
        p.join(60)
    return wall, results


def raw_inserts(url: str, n: int = 500) -> list[float]:
    """Single-row INSERT + COMMIT round trips with psycopg (no War Room code)."""
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(url)
    with psycopg.connect(host=u.host, port=u.port, user=u.username, dbname=u.database) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS raw_bench (id serial PRIMARY KEY, body text)")
        conn.commit()
        times = []
        for i in range(n):
            t0 = time.perf_counter()
            conn.execute("INSERT INTO raw_bench (body) VALUES (%s)", (f"note {i}",))
            conn.commit()
            times.append(time.perf_counter() - t0)
        conn.execute("DROP TABLE raw_bench")
        conn.commit()
    return times


def summarize(title: str, wall: float, results: dict[str, list[tuple[str, float, str]]]) -> Counter[str]:
    by_kind: dict[str, list[float]] = defaultdict(list)
    outcomes: Counter[str] = Counter()
    done = 0
    for records in results.values():
        for kind, seconds, outcome in records:
            outcomes[f"{kind} {outcome}" if outcome != "ok" else kind] += 1
            if outcome == "ok":
                by_kind[kind].append(seconds)
                done += 1
    attempts = sum(len(r) for r in results.values())
    print(f"\n{title}: {len(results)} process(es), {attempts} actions attempted, {done} done in {wall:.1f} s: "
          f"{done / wall:.1f} actions/s")
    print(f"  {'action':<10} {'done':>6} {'p50 ms':>9} {'p95 ms':>9}")
    for kind in ("note", "tag", "draft", "approve"):
        v = by_kind.get(kind, [])
        print(f"  {kind:<10} {len(v):>6} {_pct(v, 0.5) * 1000:>9.1f} {_pct(v, 0.95) * 1000:>9.1f}")
    other = {k: n for k, n in outcomes.items() if " " in k}
    if other:
        print("  not done:", ", ".join(f"{k} {n}" for k, n in sorted(other.items())))
    return Counter({k: len(v) for k, v in by_kind.items()})


def check(url: str, done: Counter[str], users: set[str], before: int) -> bool:
    from warroom.storage import audit_log
    from warroom.storage.engine import open_database

    db = open_database(url)
    try:
        result = audit_log.verify(db.engine)
        with db.engine.connect() as conn:
            every = audit_log.entries(conn, after_seq=0, limit=10_000_000)
            entries = [e for e in every if e.seq > before]
            approved_rows = int(conn.exec_driver_sql(
                "SELECT COUNT(*) FROM draft WHERE approver IS NOT NULL AND status <> 'rejected'").scalar_one())
    finally:
        db.dispose()
    mine = [e for e in entries if e.actor in users]
    system = Counter(e.action for e in entries if e.actor not in users)
    approvals = Counter(e.payload["draft_id"] for e in every if e.action == "draft.approve")   # the whole log
    doubled = [d for d, n in approvals.items() if n > 1]
    actions = sum(done.values())
    print(f"\nchecks: chain {'verifies' if result.ok else 'BROKEN: ' + str(result.reason)} ({result.count} entries); "
          f"the users' entries {len(mine)} = actions done {actions}: {len(mine) == actions}; "
          f"approvals in the whole log {sum(approvals.values())} entries for {len(approvals)} drafts "
          f"({approved_rows} approved rows), "
          f"doubled: {len(doubled)}; system entries meanwhile: {dict(system)}")
    return result.ok and len(mine) == actions and not doubled and len(approvals) == approved_rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--actions", type=int, default=500, help="actions per process (default 500)")
    parser.add_argument("--url", help="an empty PostgreSQL database (default: a throwaway cluster)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds for the whole load (default 900)")
    args = parser.parse_args()
    server = None
    url = args.url
    if url is None:
        from tests.pg_server import start_server

        server = start_server()
        server.execute("ALTER SYSTEM SET fsync = on", "ALTER SYSTEM SET synchronous_commit = on",
                       "ALTER SYSTEM SET full_page_writes = on", "SELECT pg_reload_conf()",
                       "CREATE DATABASE team_load")
        url = server.url("team_load")
    try:
        people = setup(url)
        from warroom.storage import audit_log
        from warroom.storage.engine import open_database

        def head() -> int:
            db = open_database(url)
            try:
                with db.engine.connect() as conn:
                    return audit_log.head(conn)[0]
            finally:
                db.dispose()

        raw = raw_inserts(url)
        print(f"baseline, raw psycopg INSERT + COMMIT on the same server (n={len(raw)}): "
              f"p50 {_pct(raw, 0.5) * 1000:.2f} ms, p95 {_pct(raw, 0.95) * 1000:.2f} ms, "
              f"{len(raw) / sum(raw):.0f} commits/s")
        before = head()
        wall1, one = run_processes(url, people, [AGENTS[0]], args.actions, args.timeout, mix="both")
        done1 = summarize("baseline, the same mix by 1 process", wall1, one)
        ok1 = check(url, done1, {AGENTS[0], COMPLIANCE[0]}, before)
        before = head()
        wall8, eight = run_processes(url, people, AGENTS + COMPLIANCE, args.actions, args.timeout)
        done8 = summarize("team load", wall8, eight)
        ok8 = check(url, done8, set(AGENTS + COMPLIANCE), before)
        print(f"\nthroughput: {sum(done8.values()) / wall8:.1f} actions/s with 8 users "
              f"against {sum(done1.values()) / wall1:.1f} by one process ({(sum(done8.values()) / wall8) / (sum(done1.values()) / wall1):.2f}x)")
        return 0 if ok1 and ok8 else 1
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    sys.exit(main())
