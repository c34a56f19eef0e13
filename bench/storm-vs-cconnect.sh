#!/usr/bin/env bash
# Runs the BENCHMARKS.md table: cconnect (the C limit client in bench/c) and
# `dial4j storm` side by side, one runbench.py session each, against a fresh acceptd per session,
# then strace -c -f counts of system calls per connect for both. Results go to $OUT (default
# bench/results/<date>); bench/table.py turns them into the table.
#
#   bench/storm-vs-cconnect.sh [RUNS] [TOTAL]      (defaults: 5 runs of 200000 connects)
#
# Loopback only: acceptd, cconnect and dial4j storm all refuse other addresses.
set -euo pipefail
runs="${1:-5}"
total="${2:-200000}"
out="${OUT:-$(cd "$(dirname "$0")" && pwd)/results/$(date +%Y%m%d-%H%M%S)}"
. "$(dirname "$0")/common.sh"
storm=("$root/dial4j" storm)

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
