#!/usr/bin/env bash
# What a cached name costs a dial beside an IP literal: `dial4j storm --dialer` to 127.0.0.1
# against `dial4j storm --dialer --name bench.test`, whose A answer (127.0.0.1, TTL 300) comes
# from a dnsmasq on loopback once and then from dial4j's cache. The two clients alternate round by
# round against one acceptd, so a noisy machine hurts both alike; whole-process CPU (user + system,
# from each run's own JSON line) per connect is the figure that counts, connects/s beside it.
#
#   bench/name-vs-literal.sh [ROUNDS] [TOTAL] [CONCURRENCY]     (defaults: 5, 100000, 64)
#
# Needs dnsmasq (Debian's dnsmasq-base). Loopback only. Results in $OUT (default
# bench/results/name-<date>): one JSON line per run, and summary.txt.
set -euo pipefail
rounds="${1:-5}"
total="${2:-100000}"
c="${3:-64}"
out="${OUT:-$(cd "$(dirname "$0")" && pwd)/results/name-$(date +%Y%m%d-%H%M%S)}"
. "$(dirname "$0")/common.sh"
mkdir -p "$out"
command -v dnsmasq >/dev/null || { echo "dnsmasq is not installed (apt-get install dnsmasq-base)" >&2; exit 2; }

dns_port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
dnsmasq --keep-in-foreground --port="$dns_port" --listen-address=127.0.0.1 --bind-interfaces \
  --no-resolv --no-hosts --conf-file=/dev/null --pid-file= --local=/test/ --local-ttl=300 \
  --host-record=bench.test,127.0.0.1 &
dns_pid=$!
"$bench/acceptd" -a 127.0.0.1 --close > "$out/acceptd.txt" &
acc_pid=$!
trap 'kill $dns_pid $acc_pid 2>/dev/null; wait 2>/dev/null' EXIT
for _ in $(seq 50); do
  port=$(head -n 2 "$out/acceptd.txt" | grep -E '^[0-9]+$' || true)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "acceptd did not start" >&2; exit 1; }

literal=("$root/dial4j" storm --dialer -n "$total" -c "$c" -a 127.0.0.1 -p "$port")
name=("$root/dial4j" storm --dialer --name bench.test --dns-server "127.0.0.1:$dns_port" -n "$total" -c "$c" -p "$port")
echo "literal: ${literal[*]}" | tee "$out/summary.txt"
echo "name:    ${name[*]}" | tee -a "$out/summary.txt"
for r in $(seq "$rounds"); do
  "${literal[@]}" | tail -n 1 >> "$out/literal.jsonl"
  "${name[@]}" | tail -n 1 >> "$out/name.jsonl"
done
python3 - "$out" <<'PY' | tee -a "$out/summary.txt"
import json, statistics, sys
out = sys.argv[1]
def runs(kind):
    return [json.loads(l) for l in open(f"{out}/{kind}.jsonl") if l.startswith("{")]
def cpu_us(j):
    return (j["cpu_user_s"] + j["cpu_sys_s"]) / j["ok"] * 1e6
lit, nam = runs("literal"), runs("name")
for kind, rs in (("literal", lit), ("name", nam)):
    rate = [j["connects_per_sec"] for j in rs]
    cpu = [cpu_us(j) for j in rs]
    print(f"{kind:8} connects/s median {statistics.median(rate):,.0f} (min {min(rate):,} max {max(rate):,})"
          f"  CPU us/connect median {statistics.median(cpu):.1f} (min {min(cpu):.1f} max {max(cpu):.1f})"
          f"  failed {sum(j['failed'] for j in rs)}")
ratios = [cpu_us(n) / cpu_us(l) for l, n in zip(lit, nam)]
rates = [n["connects_per_sec"] / l["connects_per_sec"] for l, n in zip(lit, nam)]
print(f"name / literal, round by round: CPU per connect {', '.join(f'{x:.3f}' for x in ratios)}"
      f" (median {statistics.median(ratios):.3f}); connects/s {', '.join(f'{x:.2f}' for x in rates)}"
      f" (median {statistics.median(rates):.2f})")
PY
echo "results in $out"
