#!/usr/bin/env bash
# What the Dialer adds to a connect: cconnect (the C limit client in bench/c), `dial4j storm`
# (the loop's named connect) and `dial4j storm --dialer` (each connect through Dialer's callback
# face: its RFC 8305 state machine, one attempt per IP literal, a Connection per success) side by
# side, one runbench.py session each against a fresh acceptd. Results go to $OUT (default
# bench/results/dialer-<date>); bench/table.py turns them into a table.
#
#   bench/dialer-vs-storm.sh [RUNS] [TOTAL] [CONCURRENCY]     (defaults: 5 runs, 100000, 64)
#
# Loopback only: acceptd, cconnect and dial4j storm all refuse other addresses.
set -euo pipefail
runs="${1:-5}"
total="${2:-100000}"
c="${3:-64}"
out="${OUT:-$(cd "$(dirname "$0")" && pwd)/results/dialer-$(date +%Y%m%d-%H%M%S)}"
. "$(dirname "$0")/common.sh"

session "cconnect-c$c-T1" "$runs" "$bench/cconnect" -n "$total" -c "$c" "${dsts[@]}" -p '{port}'
session "dial4j-c$c-T1" "$runs" "$root/dial4j" storm -n "$total" -c "$c" "${dsts[@]}" -p '{port}'
session "dialer-c$c-T1" "$runs" "$root/dial4j" storm --dialer -n "$total" -c "$c" "${dsts[@]}" -p '{port}'
echo "results in $out; table: python3 $here/table.py $out"
