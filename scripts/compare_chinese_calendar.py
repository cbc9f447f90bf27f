#!/usr/bin/env python3
"""Cross-check zhengwu's working-day calendar against the Python package `chinese_calendar`.

Runs in one go:  python3 scripts/compare_chinese_calendar.py [--queries N] [--seed S] [--bin PATH]

1. pip-installs `chinese_calendar` if it is missing;
2. builds the release `zhengwu` binary unless --bin / $ZHENGWU_BIN names one;
3. generates N (default 1,000,000) random queries over 2020–2026: half "is this a working day?",
   half "the n-th working day after/before this date" (n in ±1…30, the usual deadlines);
4. answers all of them with `zhengwu workdays batch` (one process, TSV on stdin) and with
   chinese_calendar (is_workday / find_workday), checks every answer agrees, and prints both
   throughputs and their ratio.

Range: chinese_calendar's data ends on 2026-10-10 (its 2026 National Day make-up day), and zhengwu
treats 2019 as provisional. So "is" dates are drawn from 2020-01-01…2026-10-10, and "add" start
dates from 2020-06-01…2026-06-30, which keeps every answer (at most 30 working days away) inside
2020-01-01…2026-10-10; the script asserts that it does.

Semantics: zhengwu `add D n` (n > 0) is the n-th working day strictly after D (MATRIX C2); n < 0 the
|n|-th strictly before. chinese_calendar's find_workday(k, D) first moves to the first workday on or
after D, so zhengwu's add(D, n) equals find_workday(n - 1, D + 1 day) for n > 0 and
find_workday(n, D) for n < 0.

Throughput: zhengwu's figure is end to end (process start, parsing the TSV, answering, printing);
chinese_calendar's counts only the library calls on prebuilt datetime.date objects.
"""

import argparse
import datetime as dt
import importlib
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from zhengwu_bin import zhengwu_binary

ROOT = Path(__file__).resolve().parent.parent
CC_END = dt.date(2026, 10, 10)  # last date chinese_calendar knows
START = dt.date(2020, 1, 1)  # first year with an official schedule in zhengwu
MAX_N = 30


def ensure_chinese_calendar():
    try:
        return importlib.import_module("chinese_calendar")
    except ImportError:
        print("installing chinese_calendar with pip …", flush=True)
        subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "chinese_calendar"])
        importlib.invalidate_caches()
        return importlib.import_module("chinese_calendar")


def make_queries(n, seed):
    rng = random.Random(seed)
    is_span = (CC_END - START).days
    add_lo, add_hi = dt.date(2020, 6, 1), dt.date(2026, 6, 30)
    add_span = (add_hi - add_lo).days
    qs = []
    for i in range(n):
        if i % 2 == 0:
            qs.append(("is", START + dt.timedelta(days=rng.randint(0, is_span)), 0))
        else:
            k = rng.randint(1, MAX_N) * rng.choice((1, -1))
            qs.append(("add", add_lo + dt.timedelta(days=rng.randint(0, add_span)), k))
    return qs


def run_zhengwu(binary, qs):
    lines = []
    for op, d, k in qs:
        lines.append(f"is\t{d.isoformat()}" if op == "is" else f"add\t{d.isoformat()}\t{k}")
    payload = ("\n".join(lines) + "\n").encode()
    # An empty data directory: official schedules only, no loaded year.
    with tempfile.TemporaryDirectory() as data_dir:
        env = dict(os.environ, ZHENGWU_DATA_DIR=data_dir)
        t0 = time.perf_counter()
        out = subprocess.run([binary, "workdays", "batch"], input=payload, capture_output=True, env=env)
        elapsed = time.perf_counter() - t0
    if out.returncode != 0:
        sys.exit(f"zhengwu failed ({out.returncode}): {out.stderr.decode()[:500]}")
    answers = []
    provisional = 0
    for line in out.stdout.decode().splitlines():
        ans, prov = line.split("\t")
        provisional += prov == "1"
        answers.append(ans)
    return answers, provisional, elapsed


def run_chinese_calendar(cc, qs):
    is_workday, find_workday = cc.is_workday, cc.find_workday
    one = dt.timedelta(days=1)
    answers = []
    t0 = time.perf_counter()
    for op, d, k in qs:
        if op == "is":
            answers.append(is_workday(d))
        elif k > 0:
            answers.append(find_workday(k - 1, d + one))
        else:
            answers.append(find_workday(k, d))
    elapsed = time.perf_counter() - t0
    return answers, elapsed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--queries", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=20261122)
    ap.add_argument("--bin", help="path to the zhengwu binary (default: build it)")
    args = ap.parse_args()

    cc = ensure_chinese_calendar()
    binary = zhengwu_binary(args.bin)
    qs = make_queries(args.queries, args.seed)
    n_is = sum(1 for q in qs if q[0] == "is")
    print(f"chinese_calendar {getattr(cc, '__version__', '?')}; zhengwu binary {binary}")
    print(f"{len(qs):,} queries ({n_is:,} is_workday, {len(qs) - n_is:,} add ±1…{MAX_N} working days), seed {args.seed}")
    print(f"range: {START} … {CC_END} (chinese_calendar's data ends {CC_END}; see the docstring)")

    # Each kind of query is timed on its own, for both implementations.
    kinds = {"is": [q for q in qs if q[0] == "is"], "add": [q for q in qs if q[0] == "add"]}
    z_time, c_time, z_prov = {}, {}, 0
    mismatches, out_of_range, compared = [], 0, 0
    for kind, sub in kinds.items():
        z_answers, prov, z_time[kind] = run_zhengwu(binary, sub)
        z_prov += prov
        c_answers, c_time[kind] = run_chinese_calendar(cc, sub)
        if len(z_answers) != len(sub):
            sys.exit(f"zhengwu answered {len(z_answers)} of {len(sub)} {kind} queries")
        for q, z, c in zip(sub, z_answers, c_answers):
            compared += 1
            if kind == "is":
                want = "1" if c else "0"
            else:
                if not (START <= c <= CC_END):
                    out_of_range += 1
                want = c.isoformat()
            if z != want:
                mismatches.append((q, z, want))

    print(f"zhengwu answers marked provisional: {z_prov}")
    print(f"answers outside {START} … {CC_END}: {out_of_range}")
    if mismatches:
        print(f"DISAGREEMENTS: {len(mismatches):,} of {compared:,}")
        for q, z, c in mismatches[:20]:
            print(f"  {q[0]} {q[1]} {q[2] if q[0] == 'add' else ''}: zhengwu {z}, chinese_calendar {c}")
    else:
        print(f"all {compared:,} answers agree")
    print(f"{'':28}{'zhengwu (batch CLI, end to end)':>34}{'chinese_calendar (library calls)':>36}{'ratio':>10}")
    for kind in ("is", "add", "all"):
        n = len(qs) if kind == "all" else len(kinds[kind])
        zt = sum(z_time.values()) if kind == "all" else z_time[kind]
        ct = sum(c_time.values()) if kind == "all" else c_time[kind]
        label = {"is": "is_workday", "add": f"add ±1…{MAX_N} working days", "all": "all queries"}[kind]
        print(f"{label:28}{n / zt:>22,.0f} q/s ({zt:6.2f} s){n / ct:>24,.0f} q/s ({ct:6.2f} s){(n / zt) / (n / ct):>9.0f}×")
    sys.exit(1 if mismatches or out_of_range or z_prov else 0)


if __name__ == "__main__":
    main()
