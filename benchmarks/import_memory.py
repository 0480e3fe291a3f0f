"""Peak memory of an mbox import, beside the file size and a baseline measured in the same run.

    python benchmarks/import_memory.py [--size-mb 80] [--big-body-mb 100] [--tracemalloc] [--keep DIR]

A generated mbox of about ``--size-mb`` MB: small Amazon relay messages (English, German,
Japanese), some 5 MB PDF attachments (base64), bodies just under the 1 MiB body limit, and one
message over the body limit (a 3 MB one-line body) that ``--skip-bad`` refuses.  Each measurement runs in a fresh process and reports its peak resident
set (``VmHWM``, which includes the interpreter and the loaded modules):

* the process with War Room's modules loaded, doing nothing (the floor);
* baseline: Python's ``mailbox.mbox`` reading every message of the file (``as_bytes()`` each),
  the standard library's own way to walk an mbox;
* ``warroom import messages FILE --skip-bad`` into a new SQLite database (parse, store, index,
  triage, commit).

Then the issue's own case, an mbox of one message with a ``--big-body-mb`` one-line body (refused
by the body limit) and one small message, is imported the same way.

The target (issue 12 item 13): the import's peak stays under 10x the file size.  With
``--tracemalloc`` the import is run once more under ``tracemalloc`` (Python allocations only, not
SQLite's page cache; slow) and its traced peak is printed too.
"""

from __future__ import annotations

import argparse
import base64
import json
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MB = 1024 * 1024

_PEAK = textwrap.dedent("""
    def _peak_mb():
        for line in open('/proc/self/status'):
            if line.startswith('VmHWM:'):
                return int(line.split()[1]) / 1024
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
""")

FLOOR = _PEAK + textwrap.dedent("""
    import warroom.services.imports, warroom.importers.messages, warroom.services.ingest, warroom.services.triage
    print(json.dumps({"peak_mb": _peak_mb()}))
""")

BASELINE = _PEAK + textwrap.dedent("""
    import mailbox, time
    t0 = time.perf_counter()
    n = size = 0
    for message in mailbox.mbox(sys.argv[1], create=False):
        size += len(message.as_bytes())
        n += 1
    print(json.dumps({"peak_mb": _peak_mb(), "messages": n, "bytes": size, "seconds": time.perf_counter() - t0}))
""")

IMPORT = _PEAK + textwrap.dedent("""
    import time, tracemalloc
    from warroom.domain.roles import Actor, Role
    from warroom.services import imports, users
    from warroom.storage.engine import open_database
    traced = sys.argv[3] == "1"
    db = open_database(sys.argv[2])
    u = users.add_user(db, None, "ada", Role.ADMIN, "bench-pw")
    ada = Actor(u["id"], "ada", Role.ADMIN)
    if traced:
        tracemalloc.start()
    t0 = time.perf_counter()
    [summary] = imports.import_messages(db, ada, [sys.argv[1]], skip_bad=True)
    took = time.perf_counter() - t0
    traced_peak = tracemalloc.get_traced_memory()[1] / (1024 * 1024) if traced else None
    print(json.dumps({"peak_mb": _peak_mb(), "traced_mb": traced_peak, "seconds": took,
                      "read": summary["read"], "imported": summary["imported"],
                      "skipped": [s["reason"] for s in summary["skipped"]]}))
""")


def _run(script: str, *args: str) -> dict:
    code = "import json, sys\n" + script
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True,
                          check=False, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    if done.returncode != 0:
        raise SystemExit(f"measurement failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _message(i: int, body: str, *, subject: str = "Shipping inquiry", extra: str = "",
             ctype: str = "text/plain; charset=utf-8", cte: str = "8bit") -> str:
    return (f"From b{i:014d}@marketplace.amazon.com Mon Nov 23 10:00:00 2026\n"
            f"From: \"Jane {i} - Amazon Marketplace\" <b{i:014d}@marketplace.amazon.com>\n"
            f"To: shop@example.com\nSubject: {subject} (Order: 111-{i % 10_000_000:07d}-1234567)\n"
            f"Date: Mon, 23 Nov 2026 10:{i % 60:02d}:00 +0000\nMessage-ID: <m{i}@bench.example>\n"
            f"MIME-Version: 1.0\n{extra}Content-Type: {ctype}\nContent-Transfer-Encoding: {cte}\n\n{body}\n")


_TEXTS = [
    "Where is my parcel? It has not arrived and the tracking has not moved for a week.\n",
    "Hallo, die Kaffeemühle ist defekt angekommen. Bitte um Ersatz oder Erstattung.\n",
    "注文した商品がまだ届きません。配送状況を確認していただけますか。\n",
]


def write_mbox(path: Path, size_mb: int) -> dict[str, int]:
    """About ``size_mb`` MB: 35% small messages, 55% messages with a 5 MB attachment, 10% bodies
    just under 1 MiB, plus one message over the body limit.  Returns what it holds."""
    target = size_mb * MB
    counts = {"small": 0, "with_attachment": 0, "large_body": 0, "over_limit": 0}
    pdf = base64.encodebytes(b"%PDF-1.4\n" + bytes(range(256)) * (5 * MB // 256)).decode("ascii")
    big_line = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 17_000)[:990_000]
    i = 0
    written = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        def put(text: str) -> None:
            nonlocal written
            out.write(text + "\n")
            written += len(text.encode("utf-8")) + 1

        put(_message(i, "x" * (3 * MB), subject="Over the body limit"))      # refused per message
        counts["over_limit"] += 1
        while written < target:
            i += 1
            share = written / target
            if i % 400 == 0 and counts["with_attachment"] * 5 * MB * 1.37 < 0.55 * target:
                boundary = f"b{i}"
                body = (f"--{boundary}\nContent-Type: text/plain; charset=utf-8\n\nPhoto of the damage attached.\n"
                        f"--{boundary}\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n"
                        f"Content-Disposition: attachment; filename=\"invoice-{i}.pdf\"\n\n{pdf}--{boundary}--\n")
                put(_message(i, body, ctype=f"multipart/mixed; boundary=\"{boundary}\"", cte="7bit"))
                counts["with_attachment"] += 1
            elif i % 997 == 0 and share > 0.2 and counts["large_body"] * MB < 0.10 * target:
                put(_message(i, big_line, subject="Long complaint"))
                counts["large_body"] += 1
            else:
                put(_message(i, "------------- Begin message -------------\n\n" + _TEXTS[i % 3] * 3
                             + "\n------------- End message -------------\n"))
                counts["small"] += 1
    counts["bytes"] = written
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mb", type=int, default=80)
    parser.add_argument("--big-body-mb", type=int, default=100, help="the one-line body case (0: skip it)")
    parser.add_argument("--tracemalloc", action="store_true", help="also run the import under tracemalloc")
    parser.add_argument("--keep", type=Path, help="write the mbox and databases here and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = args.keep or Path(d)
        tmp.mkdir(parents=True, exist_ok=True)
        box = tmp / "memory.mbox"
        t0 = time.perf_counter()
        counts = write_mbox(box, args.size_mb)
        size_mb = box.stat().st_size / MB
        print(f"mbox: {size_mb:.1f} MB, {counts['small']:,} small messages, {counts['with_attachment']} with a 5 MB "
              f"PDF, {counts['large_body']} with a 0.94 MB body, {counts['over_limit']} over the body limit "
              f"(written in {time.perf_counter() - t0:.1f} s)")
        floor = _run(FLOOR)
        base = _run(BASELINE, str(box))
        ours = _run(IMPORT, str(box), str(tmp / "memory.db"), "0")
        print(f"process with War Room loaded, idle: {floor['peak_mb']:.0f} MB peak RSS")
        print(f"baseline, mailbox.mbox reading every message: {base['peak_mb']:.0f} MB peak RSS"
              f" ({base['peak_mb'] / size_mb:.1f}x the file; {base['messages']:,} messages, {base['seconds']:.1f} s)")
        print(f"warroom import messages --skip-bad: {ours['peak_mb']:.0f} MB peak RSS"
              f" ({ours['peak_mb'] / size_mb:.1f}x the file, {(ours['peak_mb'] - floor['peak_mb']) / size_mb:.1f}x"
              f" above the idle process; target < 10x; {ours['seconds']:.1f} s; read {ours['read']:,},"
              f" imported {ours['imported']:,}, skipped {len(ours['skipped'])})")
        for reason in ours["skipped"][:3]:
            print(f"  skipped: {reason}")
        if args.big_body_mb:
            big = tmp / "big-body.mbox"
            with big.open("w", encoding="utf-8", newline="\n") as out:
                out.write(_message(1, "x" * (args.big_body_mb * MB), subject="One line") + "\n")
                out.write(_message(2, "Where is my parcel?\n") + "\n")
            big_mb = big.stat().st_size / MB
            base_big = _run(BASELINE, str(big))
            ours_big = _run(IMPORT, str(big), str(tmp / "big-body.db"), "0")
            print(f"one {args.big_body_mb} MB one-line body + one small message ({big_mb:.0f} MB): import"
                  f" {ours_big['peak_mb']:.0f} MB peak RSS ({ours_big['peak_mb'] / big_mb:.1f}x the file;"
                  f" imported {ours_big['imported']}, skipped {len(ours_big['skipped'])});"
                  f" mailbox.mbox reading it: {base_big['peak_mb']:.0f} MB ({base_big['peak_mb'] / big_mb:.1f}x)")
        if args.tracemalloc:
            traced = _run(IMPORT, str(box), str(tmp / "memory-traced.db"), "1")
            print(f"  under tracemalloc: {traced['traced_mb']:.0f} MB traced peak (Python allocations,"
                  f" {traced['traced_mb'] / size_mb:.1f}x the file), {traced['peak_mb']:.0f} MB peak RSS")


if __name__ == "__main__":
    main()
