#!/usr/bin/env python3
"""Cold start of `./dial4j dial` against a loopback listener, beside `./dial4j --version`.

  python3 bench/cold-start.py [RUNS [LAUNCHER]]     (defaults: 15, this tree's ./dial4j)

Starts a listener on 127.0.0.1 (an ephemeral port, accept and close), then runs the two commands
in turn RUNS times each, A B A B ..., every run a fresh JVM: `LAUNCHER dial --json
127.0.0.1:PORT` and `LAUNCHER --version`. The environment is passed on (DIAL4J_AOT,
DIAL4J_JAVA_OPTS). Prints, as median [min .. max] over the runs:

  attempt   the attempt's took_ms (attempt_connected: socket() to connected, as the dial saw it)
  dial      the dial's elapsed_ms (the dial's start to its winner)
  wall      each command's wall time (fork to exit, seen from here)
  ratio     wall(dial) / wall(--version), pair by pair

One warm-up run of each comes first, uncounted (it builds the jars if they are missing or stale,
and makes the launcher's AOT cache if there is none). Loopback only.
"""
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def listener():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    s.listen(128)

    def serve():
        while True:
            try:
                c, _ = s.accept()
            except OSError:
                return
            c.close()

    threading.Thread(target=serve, daemon=True).start()
    return s, s.getsockname()[1]


def timed(cmd, warmup=False):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = (time.perf_counter() - t0) * 1000.0
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited with {p.returncode}:\n{p.stdout}{p.stderr}")
    if p.stderr.strip() and not warmup:
        sys.exit(f"{' '.join(cmd)} wrote to standard error:\n{p.stderr}")
    return wall, p.stdout


def spread(name, values, unit="ms"):
    return (f"{name:<16} {statistics.median(values):8.3f} {unit}   "
            f"[{min(values):.3f} .. {max(values):.3f}]")


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    launcher = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else os.path.join(ROOT, "dial4j")
    sock, port = listener()
    dial = [launcher, "dial", "--json", f"127.0.0.1:{port}"]
    version = [launcher, "--version"]
    timed(version, warmup=True)
    timed(dial, warmup=True)
    attempt, elapsed, wall_dial, wall_version, ratio = [], [], [], [], []
    for _ in range(runs):
        w_dial, out = timed(dial)
        w_version, _ = timed(version)
        report = json.loads(out)
        took = [e["took_ms"] for e in report["events"] if e["event"] == "attempt_connected"]
        attempt.append(took[0])
        elapsed.append(report["elapsed_ms"])
        wall_dial.append(w_dial)
        wall_version.append(w_version)
        ratio.append(w_dial / w_version)
    sock.close()
    env = " ".join(f"{k}={os.environ[k]}" for k in ("DIAL4J_AOT", "DIAL4J_JAVA_OPTS") if k in os.environ)
    print(f"{launcher} {env}".rstrip())
    print(f"{runs} runs each, median [min .. max]; {' '.join(dial[1:3])} 127.0.0.1:<port>")
    print(spread("attempt took_ms", attempt))
    print(spread("dial elapsed_ms", elapsed))
    print(spread("wall dial", wall_dial))
    print(spread("wall --version", wall_version))
    print(spread("ratio", ratio, "x"))


if __name__ == "__main__":
    main()
