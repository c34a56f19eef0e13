#!/usr/bin/env bash
# Runs the BENCHMARKS.md table: cconnect (the C limit client in ../shared/bench) and
# `dial4j storm` side by side, one runbench.py session each, against a fresh acceptd per session,
# then strace -c -f counts of system calls per connect for both. Results go to $OUT (default
# bench/results/<date>); bench/table.py turns them into the table.
#
#   bench/storm-vs-cconnect.sh [RUNS] [TOTAL]      (defaults: 5 runs of 200000 connects)
#
# Loopback only: acceptd, cconnect and dial4j storm all refuse other addresses.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
bench="${BENCH_DIR:-$root/../shared/bench}"
runs="${1:-5}"
total="${2:-200000}"
out="${OUT:-$here/results/$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
make -s -C "$bench" >/dev/null
"$root/dial4j" --version >/dev/null   # builds the launcher's jars once, outside the timings
storm=("$root/dial4j" storm)
dsts=(-a 127.0.0.1-8)

session() { # name runs client...
  local name="$1" r="$2"; shift 2
  echo "== $name: $*" | tee "$out/$name.txt"
  "$bench/runbench.py" -r "$r" -- "$@" | tee -a "$out/$name.txt"
}

for c in 1 64 1024; do
  session "cconnect-c$c-T1" "$runs" "$bench/cconnect" -n "$total" -c "$c" "${dsts[@]}" -p '{port}'
  session "dial4j-c$c-T1" "$runs" "${storm[@]}" -n "$total" -c "$c" "${dsts[@]}" -p '{port}'
done
for c in 64 1024; do
  session "cconnect-c$c-T2" "$runs" "$bench/cconnect" -n "$total" -c "$c" -T 2 "${dsts[@]}" -p '{port}'
  session "dial4j-c$c-T2" "$runs" "${storm[@]}" -n "$total" -c "$c" -T 2 "${dsts[@]}" -p '{port}'
done

# System calls per connect: one run each under strace -c -f (all threads, JVM included).
n=50000
session "sys-cconnect" 1 strace -c -f -o "$out/cconnect.strace" \
  "$bench/cconnect" -n "$n" -c 64 "${dsts[@]}" -p '{port}'
session "sys-dial4j" 1 strace -c -f -o "$out/dial4j.strace" \
  "${storm[@]}" -n "$n" -c 64 "${dsts[@]}" -p '{port}'
echo "results in $out; table: python3 $here/table.py $out"
