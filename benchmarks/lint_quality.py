"""Recall and false-positive rate of the message linter on the corpora.

    python benchmarks/lint_quality.py            # the held-out corpora (the number to report)
    python benchmarks/lint_quality.py --tuning   # the tuning corpora (used while developing)
    python benchmarks/lint_quality.py --verbose  # also list every miss and false positive

Corpora (tests/data/lint/): neutral/<lang>.txt and forbidden/<lang>.txt are the
tuning part; heldout/neutral/<lang>.txt and heldout/forbidden/<lang>.txt were
written before the rules and are never tuned against (heldout/MANIFEST.sha256
records their content when they were written).  Entries are separated by a
line "%%"; a forbidden entry starts with "@ RULE|RULE..." naming the rules any
one of which must fire.

Recall: share of forbidden entries with at least one finding of an expected rule.
False-positive rate: share of neutral entries with any finding at all.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from warroom.lint import format_finding_line, lint_text, load_seed_rules, unicode_version  # noqa: E402

DATA = ROOT / "tests" / "data" / "lint"
LANGS = ("en", "de", "fr", "it", "es", "ja", "zh")


def read_entries(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    parts = [p.strip("\n") for p in text.split("\n%%\n")]
    return [p for p in parts if p.strip()]


def forbidden_entries(path: Path) -> list[tuple[tuple[str, ...], str]]:
    out = []
    for entry in read_entries(path):
        head, _, body = entry.partition("\n")
        if not head.startswith("@ "):
            raise SystemExit(f"{path}: entry without '@ RULE' header: {entry[:40]!r}")
        out.append((tuple(head[2:].strip().split("|")), body))
    return out


def check_manifest(base: Path) -> str:
    manifest = base / "MANIFEST.sha256"
    if not manifest.exists():
        return "no manifest"
    bad = []
    for line in manifest.read_text().splitlines():
        digest, _, name = line.partition("  ")
        if hashlib.sha256((base / name).read_bytes()).hexdigest() != digest:
            bad.append(name)
    return "unchanged since written" if not bad else f"CHANGED: {', '.join(bad)}"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tuning", action="store_true", help="measure the tuning corpora instead of the held-out ones")
    ap.add_argument("--verbose", "-v", action="store_true")
    args = ap.parse_args()
    base = DATA if args.tuning else DATA / "heldout"
    rules = load_seed_rules()
    label = "tuning" if args.tuning else "held-out"
    print(f"lint quality on the {label} corpora (Unicode {unicode_version()})")
    if not args.tuning:
        print(f"held-out manifest: {check_manifest(base)}")
    tot_f = tot_fc = tot_n = tot_nf = 0
    rows = []
    for lang in LANGS:
        fpath = base / "forbidden" / f"{lang}.txt"
        npath = base / "neutral" / f"{lang}.txt"
        caught = 0
        forb = forbidden_entries(fpath) if fpath.exists() else []
        for expected, body in forb:
            res = lint_text(body, rules)
            if res.rules() & set(expected):
                caught += 1
            elif args.verbose:
                print(f"  MISS [{lang}] expected {'|'.join(expected)}: {body!r}")
                for f in res.findings:
                    print("      got", format_finding_line(f))
        neutral = read_entries(npath) if npath.exists() else []
        flagged = 0
        for body in neutral:
            res = lint_text(body, rules)
            if res.findings:
                flagged += 1
                if args.verbose:
                    print(f"  FALSE POSITIVE [{lang}]: {body[:60]!r}...")
                    for f in res.findings:
                        print("      ", format_finding_line(f))
        rows.append((lang, len(forb), caught, len(neutral), flagged))
        tot_f += len(forb)
        tot_fc += caught
        tot_n += len(neutral)
        tot_nf += flagged
    print(f"{'lang':<6}{'forbidden':>10}{'caught':>8}{'recall':>9}{'neutral':>9}{'flagged':>9}{'FP rate':>9}")
    for lang, nf, c, nn, fl in rows:
        rec = c / nf if nf else float("nan")
        fpr = fl / nn if nn else float("nan")
        print(f"{lang:<6}{nf:>10}{c:>8}{rec:>9.1%}{nn:>9}{fl:>9}{fpr:>9.1%}")
    recall = tot_fc / tot_f if tot_f else float("nan")
    fp_rate = tot_nf / tot_n if tot_n else float("nan")
    print(f"{'all':<6}{tot_f:>10}{tot_fc:>8}{recall:>9.1%}{tot_n:>9}{tot_nf:>9}{fp_rate:>9.1%}")
    print(f"recall={recall:.3f} false_positive_rate={fp_rate:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
