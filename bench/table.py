#!/usr/bin/env python3
"""Turns the output directory of bench/storm-vs-cconnect.sh into BENCHMARKS.md's tables.

  python3 bench/table.py DIR

Speed: for each session (DIR/<tool>-c<C>-T<N>.txt, runbench.py's output), the median over its
runs of connects/s, p50 and p99 latency, and CPU per connect ((cpu_user_s + cpu_sys_s) / ok).
System calls: DIR/<tool>.strace (strace -c -f) divided by the ok count of its run
(DIR/sys-<tool>.txt): all calls per connect, and the calls made at least 0.01 times per connect.
"""
import json
import os
import re
import statistics
import sys


def runs(path):
    out = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                out.append(json.loads(line))
    return out


def med(values):
    return statistics.median(values) if values else float("nan")


def speed(d):
    print("| session | connects/s | p50 us | p99 us | CPU us/connect | runs |")
    print("|---|---|---|---|---|---|")
    for name in sorted(os.listdir(d)):
        if not name.endswith(".txt") or name.startswith("sys-"):
            continue
        rs = [r for r in runs(os.path.join(d, name)) if r.get("ok")]
        if not rs:
            continue
        cps = med([r["connects_per_sec"] for r in rs])
        p50 = med([r["latency_us"]["p50"] for r in rs])
        p99 = med([r["latency_us"]["p99"] for r in rs])
        cpu = med([(r["cpu_user_s"] + r["cpu_sys_s"]) / r["ok"] * 1e6 for r in rs])
        print(f"| {name[:-4]} | {cps:.0f} | {p50:.1f} | {p99:.1f} | {cpu:.1f} | {len(rs)} |")


def syscalls(d):
    for tool in ("cconnect", "dial4j"):
        trace = os.path.join(d, f"{tool}.strace")
        log = os.path.join(d, f"sys-{tool}.txt")
        if not (os.path.exists(trace) and os.path.exists(log)):
            continue
        ok = runs(log)[-1]["ok"]
        calls = {}
        with open(trace) as f:
            for line in f:
                # % time, seconds, usecs/call, calls, [errors,] syscall
                m = re.match(r"\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(\w+)\s*$", line)
                if m and m.group(2) != "total":
                    calls[m.group(2)] = int(m.group(1))
        total = sum(calls.values())
        top = {k: round(v / ok, 3) for k, v in sorted(calls.items(), key=lambda kv: -kv[1]) if v / ok >= 0.01}
        print(f"\n{tool}: {total} calls / {ok} connects = {total / ok:.2f} per connect; per call: {top}")


if __name__ == "__main__":
    speed(sys.argv[1])
    syscalls(sys.argv[1])
