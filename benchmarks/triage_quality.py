"""Quality and speed of the ticket classifier (warroom.triage).

    python benchmarks/triage_quality.py               # held-out, tuning, demo labels, speed
    python benchmarks/triage_quality.py --only tuning # one part: heldout | tuning | demo | speed
    python benchmarks/triage_quality.py -v            # also list every wrong message

Corpora (tests/data/triage/, JSONL, one labelled buyer message a line): heldout.jsonl was
written before any rule and is never tuned against (MANIFEST.sha256 records its content when
it was written); tuning.jsonl is what the rules were developed on.  The demo part classifies
the demo generator's messages (warroom/demo_data.py) against its own labels, once message by
message and once as a thread (the message with the thread's earlier messages); then 20 other
seeds of the generator (the same message templates, other choices among their variants).

HIGH-VALUE thresholds used throughout: USD 500, EUR 500, GBP 400, JPY 80,000 (the demo's).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Sequence

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from warroom.triage import CATEGORIES, FLAGS, Classification, classify, load_seed_rules, tier_for  # noqa: E402

DATA = ROOT / "tests" / "data" / "triage"
THRESHOLDS = {"USD": Decimal("500"), "EUR": Decimal("500"), "GBP": Decimal("400"), "JPY": Decimal("80000")}
SHORT = {"REFUND": "REF", "RETURN": "RET", "WISMO": "WIS", "PRODUCT-QUESTION": "PQ", "ORDER-CHANGE": "OC",
         "A-TO-Z": "AZ", "CHARGEBACK": "CB", "COMPLAINT": "CMP", "OTHER": "OTH"}


@dataclass(frozen=True)
class Case:
    id: str
    language: str
    texts: tuple[str, ...]
    category: str
    flags: frozenset[str]
    order_total: Decimal | None
    currency: str | None
    note: str = ""


def load_corpus(path: Path) -> list[Case]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        d = json.loads(line)
        total = d.get("order_total")
        out.append(Case(d["id"], d["language"], (d["text"],), d["category"], frozenset(d.get("flags") or ()),
                        Decimal(total) if total is not None else None, d.get("currency"), d.get("note") or ""))
    return out


DEMO_NOW = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)


def demo_cases(thread: bool, seeds: Iterable[int | None] = (None,)) -> list[Case]:
    """The demo generator's messages and labels (default seed, or the given seeds)."""
    from warroom.demo_data import generate
    out = []
    for seed in seeds:
        data = generate(DEMO_NOW) if seed is None else generate(DEMO_NOW, seed=seed)
        out.extend(_demo(data, thread))
    return out


def _demo(data, thread: bool) -> list[Case]:  # type: ignore[no-untyped-def]
    orders = {o.amazon_order_id: o for o in data.orders}
    history: dict[str, list[str]] = defaultdict(list)
    out = []
    for m in data.messages:
        text = f"{m.subject or ''}\n\n{m.body or ''}"
        key = m.amazon_order_id or m.from_addr or m.message_id or ""
        history[key].append(text)
        texts = tuple(history[key]) if thread else (text,)
        order = orders.get(m.amazon_order_id or "")
        category, flags = data.labels[m.message_id]
        out.append(Case(m.message_id or "", data.languages[m.message_id], texts, category, frozenset(flags),
                        order.total if order else None, order.currency if order else None))
    return out


def check_manifest() -> str:
    manifest = DATA / "MANIFEST.sha256"
    if not manifest.exists():
        return "no manifest"
    bad = []
    for line in manifest.read_text().splitlines():
        digest, _, name = line.partition("  ")
        if hashlib.sha256((DATA / name).read_bytes()).hexdigest() != digest:
            bad.append(name)
    return "unchanged since written" if not bad else f"CHANGED: {', '.join(bad)}"


@dataclass
class Scores:
    n: int
    category_accuracy: float
    tier_accuracy: float
    exact: float
    flags: dict[str, tuple[int, int, int]]        # tp, fp, fn
    categories: dict[str, tuple[int, int, int]]
    confusion: Counter
    wrong: list[tuple[Case, str, frozenset[str], Classification]]
    per_language: dict[str, tuple[int, int]]       # correct categories, total


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate(cases: Sequence[Case]) -> Scores:
    rules = load_seed_rules()
    flag_counts = {f: [0, 0, 0] for f in FLAGS}
    cat_counts = {c: [0, 0, 0] for c in CATEGORIES}
    confusion: Counter = Counter()
    wrong = []
    right_cat = right_tier = exact = 0
    lang: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for case in cases:
        res = classify(case.texts, rules=rules, language=case.language, order_total=case.order_total,
                       currency=case.currency, high_value_thresholds=THRESHOLDS)
        confusion[(case.category, res.category)] += 1
        lang[case.language][1] += 1
        if res.category == case.category:
            right_cat += 1
            lang[case.language][0] += 1
            cat_counts[case.category][0] += 1
        else:
            cat_counts[res.category][1] += 1
            cat_counts[case.category][2] += 1
        if res.tier == tier_for(case.category, case.flags):
            right_tier += 1
        for f in FLAGS:
            if f in res.flags and f in case.flags:
                flag_counts[f][0] += 1
            elif f in res.flags:
                flag_counts[f][1] += 1
            elif f in case.flags:
                flag_counts[f][2] += 1
        if res.category == case.category and res.flags == case.flags:
            exact += 1
        else:
            wrong.append((case, res.category, res.flags, res))
    n = len(cases)
    return Scores(n, right_cat / n, right_tier / n, exact / n,
                  {k: tuple(v) for k, v in flag_counts.items()}, {k: tuple(v) for k, v in cat_counts.items()},
                  confusion, wrong, {k: (v[0], v[1]) for k, v in lang.items()})


def report(title: str, s: Scores, verbose: bool) -> None:
    print(f"\n=== {title}: {s.n} messages ===")
    print(f"category accuracy {s.category_accuracy:.3f}   tier accuracy {s.tier_accuracy:.3f}   "
          f"exact (category and all flags) {s.exact:.3f}")
    print("per language, category accuracy: " + "  ".join(
        f"{k} {c}/{t}" for k, (c, t) in sorted(s.per_language.items())))
    print(f"\n{'flag':<12}{'support':>8}{'TP':>5}{'FP':>5}{'FN':>5}{'precision':>11}{'recall':>8}{'F1':>7}")
    for f in FLAGS:
        tp, fp, fn = s.flags[f]
        p, r, f1 = prf(tp, fp, fn)
        print(f"{f:<12}{tp + fn:>8}{tp:>5}{fp:>5}{fn:>5}{p:>11.3f}{r:>8.3f}{f1:>7.3f}")
    print(f"\n{'category':<18}{'support':>8}{'TP':>5}{'FP':>5}{'FN':>5}{'precision':>11}{'recall':>8}{'F1':>7}")
    for c in CATEGORIES:
        tp, fp, fn = s.categories[c]
        p, r, f1 = prf(tp, fp, fn)
        print(f"{c:<18}{tp + fn:>8}{tp:>5}{fp:>5}{fn:>5}{p:>11.3f}{r:>8.3f}{f1:>7.3f}")
    print("\nconfusion (rows: expected, columns: predicted)")
    print(" " * 6 + "".join(f"{SHORT[c]:>5}" for c in CATEGORIES))
    for a in CATEGORIES:
        print(f"{SHORT[a]:<6}" + "".join(f"{(s.confusion.get((a, b), 0) or '.'):>5}" for b in CATEGORIES))
    if verbose and s.wrong:
        print("\nwrong:")
        for case, cat, flags, res in s.wrong:
            exp = f"{case.category} {sorted(case.flags)}"
            got = f"{cat} {sorted(flags)}"
            print(f"- {case.id} [{case.language}] expected {exp}, got {got}")
            print(f"    {case.texts[-1][:160]!r}")
            for r in res.reasons:
                print(f"    . {r.rule} -> {r.target}: {r.matched!r}")


# ---------------------------------------------------------------------------------------------
# speed
# ---------------------------------------------------------------------------------------------

BASELINE_WORDS = ("lawyer", "attorney", "sue", "court", "bbb", "fire", "smoke", "burn", "shock", "injur", "recall",
                  "a-to-z", "chargeback", "refund", "return", "where is my", "cancel")


def baseline(text: str) -> bool:
    low = text.lower()
    return any(w in low for w in BASELINE_WORDS)


def speed(cases: Iterable[Case]) -> None:
    texts = [c.texts[0] for c in cases]
    # 1,000-character messages built from the corpus (several messages of one language glued)
    by_lang: dict[str, list[str]] = defaultdict(list)
    for c in cases:
        by_lang[c.language].append(c.texts[0])
    long_msgs = []
    for lang, items in sorted(by_lang.items()):
        for start in range(len(items)):
            buf = ""
            k = start
            while len(buf) < 1000:
                buf += items[k % len(items)] + "\n"
                k += 1
            long_msgs.append(buf[:1000])
    rules = load_seed_rules()

    def run(fn, msgs: list[str], repeat: int) -> float:
        best = float("inf")
        for _ in range(repeat):
            t0 = time.perf_counter()
            for m in msgs:
                fn(m)
            best = min(best, time.perf_counter() - t0)
        return len(msgs) / best

    def ours(m: str) -> object:
        return classify((m,), rules=rules, order_total=Decimal("100"), currency="EUR",
                        high_value_thresholds=THRESHOLDS)

    from warroom.triage import engine, patterns
    patterns._compile_cached.cache_clear()
    engine._LAZIES.clear()
    t0 = time.perf_counter()
    compiled = engine.CompiledRules(rules)
    compile_ms = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    for r in compiled.rules:
        for lazy in r.patterns:
            lazy.rx
    regex_ms = (time.perf_counter() - t0) * 1000
    print("\n=== speed (best of 5 runs) ===")
    print(f"compiling the {len(rules)} seed rules, cold: {compile_ms:.0f} ms (analysis and trigger index, once per "
          f"rule set) + {regex_ms:.0f} ms if every one of the {compiled.trigger_counts['patterns']} pattern regexes "
          f"were compiled (they compile lazily, on first use)")
    for m in texts + long_msgs:       # warm-up: compiles the regexes these messages need
        ours(m)
    for label, msgs in (("corpus messages (avg %d chars)" % statistics.mean(len(t) for t in texts), texts),
                        ("1,000-character messages", long_msgs)):
        ours_rate = run(ours, msgs, 5)
        base_rate = run(baseline, msgs, 5)
        print(f"{label}: classify {ours_rate:,.0f} msg/s ({1e6 / ours_rate:.0f} µs/msg); "
              f"baseline lowercase substring check of {len(BASELINE_WORDS)} keywords {base_rate:,.0f} msg/s "
              f"({1e6 / base_rate:.1f} µs/msg)")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", choices=("heldout", "tuning", "demo", "speed"))
    ap.add_argument("--verbose", "-v", action="store_true")
    args = ap.parse_args()
    heldout = load_corpus(DATA / "heldout.jsonl")
    tuning = load_corpus(DATA / "tuning.jsonl")
    if args.only in (None, "heldout"):
        print(f"held-out manifest: {check_manifest()}")
        report("held-out corpus", evaluate(heldout), args.verbose)
    if args.only in (None, "tuning"):
        report("tuning corpus", evaluate(tuning), args.verbose)
    if args.only in (None, "demo"):
        report("demo generator labels, message by message", evaluate(demo_cases(thread=False)), args.verbose)
        report("demo generator labels, thread so far", evaluate(demo_cases(thread=True)), args.verbose)
        report("demo generator labels, seeds 1-20 (same templates, other picks), message by message",
               evaluate(demo_cases(thread=False, seeds=range(1, 21))), args.verbose)
    if args.only in (None, "speed"):
        speed(heldout + tuning)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
