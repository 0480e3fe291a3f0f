"""Messages per second of the linter on the neutral corpora, beside a baseline
measured in the same run: one plain ``re`` search of the raw word lists (every
phrase, subject and state of the seed rules, unnormalized, case-insensitive),
which is what a linter without any normalization would cost.

    python benchmarks/lint_speed.py [--seconds 3]

Also reports the time for a 1,000-character message (the live-preview budget is
well under 5 ms).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from warroom.lint import lint_text, load_seed_rules, unicode_version  # noqa: E402
from warroom.lint.engine import _compiled  # noqa: E402
from warroom.lint.patterns import expand  # noqa: E402

DATA = ROOT / "tests" / "data" / "lint"


def corpus() -> list[str]:
    msgs: list[str] = []
    for base in (DATA / "neutral", DATA / "heldout" / "neutral"):
        for p in sorted(base.glob("*.txt")):
            msgs += [m.strip("\n") for m in p.read_text(encoding="utf-8").split("\n%%\n") if m.strip()]
    return msgs


def _pattern_to_regex(p: str) -> str:
    # the rule file's alternation groups are regex groups; everything else literal
    return "".join(ch if ch in "(|)" else re.escape(ch) for ch in p)


def baseline_regex(rules: list) -> tuple[re.Pattern[str], int]:
    """The raw word lists (phrases, subjects, states) as one regex, without any
    normalization: no folding, no separators, no proximity."""
    pats: list[str] = []
    for r in rules:
        for group in (r.patterns, r.subjects, r.states):
            pats.extend(_pattern_to_regex(p) for p in group)
    return re.compile("|".join(pats), re.IGNORECASE), len(pats)


def rate(fn, msgs: list[str], seconds: float) -> tuple[float, int]:
    n = 0
    t0 = time.perf_counter()
    while True:
        for m in msgs:
            fn(m)
        n += len(msgs)
        el = time.perf_counter() - t0
        if el >= seconds:
            return n / el, n


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=3.0)
    args = ap.parse_args()
    msgs = corpus()
    lengths = [len(m) for m in msgs]
    rules = load_seed_rules()
    t0 = time.perf_counter()
    _compiled(rules)
    compile_s = time.perf_counter() - t0
    for m in msgs:  # warm the per-character caches
        lint_text(m, rules)
    rx, n_pats = baseline_regex(rules)
    n_words = sum(len(expand(p)) for r in rules for g in (r.patterns, r.subjects, r.states) for p in g)

    print(f"corpus: {len(msgs)} neutral replies, {min(lengths)}-{max(lengths)} chars (median {int(statistics.median(lengths))})")
    print(f"Unicode {unicode_version()}; compiling the seed rules took {compile_s * 1000:.0f} ms (once per rule set)")
    typical = [m for m in msgs if 300 <= len(m) <= 800]
    for label, sample in (("all replies", msgs), (f"{len(typical)} replies of 300-800 chars", typical)):
        base_rate, _ = rate(lambda m: rx.findall(m), sample, args.seconds)
        lint_rate, _ = rate(lambda m: lint_text(m, rules), sample, args.seconds)
        print(f"-- {label}")
        print(f"   baseline: one plain re over the raw word lists ({n_pats} patterns, {n_words} phrases), no normalization:")
        print(f"             {base_rate:>10.0f} messages/s  ({1000 / base_rate:.2f} ms/message)")
        print(f"   lint_text, all {len(rules)} rules, full normalization:")
        print(f"             {lint_rate:>10.0f} messages/s  ({1000 / lint_rate:.2f} ms/message)")
        print(f"   ratio: lint takes {base_rate / lint_rate:.2f}x the baseline's time")

    # a 1,000-character message, time per call
    long_msg = ""
    i = 0
    while len(long_msg) < 1000:
        long_msg += msgs[i % len(msgs)] + "\n"
        i += 1
    long_msg = long_msg[:1000]
    samples = []
    for _ in range(200):
        t = time.perf_counter()
        lint_text(long_msg, rules)
        samples.append(time.perf_counter() - t)
    samples.sort()
    print(
        f"1,000-char message: median {statistics.median(samples) * 1000:.2f} ms, "
        f"p95 {samples[int(len(samples) * 0.95)] * 1000:.2f} ms (target: well under 5 ms)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
