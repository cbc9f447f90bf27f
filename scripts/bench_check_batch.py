#!/usr/bin/env python3
"""End-to-end throughput of `zhengwu check --batch` on one core, as issue #3 states its target.

Runs in one go:  python3 scripts/bench_check_batch.py [--lines N] [--runs R] [--bin PATH]

1. builds the release `zhengwu` binary unless --bin / $ZHENGWU_BIN names one (zhengwu_bin.py);
2. collects the single-profile cases of the public suite (cases/*/*.jsonl, without cross/ and
   fengyuan/) into three groups: the deadline kinds (countersign, reply_deadline, leader_instruction,
   post_meeting_document, disclosure_request, workdays), meeting_quorum, and the whole suite;
3. writes each group replicated to N lines (default 1,000,000) as a JSON Lines file;
4. runs `taskset -c 0 zhengwu check --batch FILE > /dev/null` R times (default 5) per group and
   prints the median cases per second (process start, reading, parsing, evaluating and writing every
   verdict included), after checking that every line produced a verdict (exit status 0).

This is the criterion bench (`cargo bench -p zhengwu-rules --bench check`) plus the process around it:
line reading and the buffered write to stdout.
"""

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from zhengwu_bin import zhengwu_binary

ROOT = Path(__file__).resolve().parent.parent
DEADLINE_KINDS = {
    "reply_deadline",
    "leader_instruction",
    "countersign",
    "post_meeting_document",
    "disclosure_request",
    "workdays",
}


def suite():
    cases = []
    for d in sorted((ROOT / "cases").iterdir()):
        if not d.is_dir() or d.name in ("cross", "fengyuan"):
            continue
        for f in sorted(d.glob("*.jsonl")):
            for line in f.read_text(encoding="utf-8").splitlines():
                try:
                    case = json.loads(line)["case"]
                except (ValueError, KeyError, TypeError):
                    continue
                cases.append(case)
    return cases


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--bin")
    args = ap.parse_args()
    binary = zhengwu_binary(args.bin)
    cases = suite()
    groups = {
        "deadline_kinds": [c for c in cases if c.get("kind") in DEADLINE_KINDS],
        "meeting_quorum": [c for c in cases if c.get("kind") == "meeting_quorum"],
        "mixed_public_suite": cases,
    }
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    if not pin:
        print("taskset not found: the runs are not pinned to one core", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        for name, group in groups.items():
            if not group:
                print(f"{name}: no cases", file=sys.stderr)
                continue
            lines = [json.dumps(c, ensure_ascii=False) for c in group]
            path = Path(tmp) / f"{name}.jsonl"
            with path.open("w", encoding="utf-8") as out:
                for i in range(args.lines):
                    out.write(lines[i % len(lines)])
                    out.write("\n")
            rates = []
            for _ in range(args.runs):
                t = time.perf_counter()
                r = subprocess.run(
                    pin + [binary, "check", "--batch", str(path)],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                )
                el = time.perf_counter() - t
                if r.returncode != 0:
                    sys.exit(f"{name}: exit status {r.returncode}: {r.stderr.decode()[:500]}")
                rates.append(args.lines / el)
            runs = " ".join(f"{x:,.0f}" for x in rates)
            print(
                f"{name}: {len(group)} cases x {args.lines:,} lines: "
                f"median {statistics.median(rates):,.0f} cases/s (runs: {runs})"
            )


if __name__ == "__main__":
    main()
