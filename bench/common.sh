# Sourced by the bench/*.sh scripts, with $out set: where the C clients live ($bench), the repo
# root ($root), the launcher built once outside the timings, and session(), one runbench.py
# session whose output is kept in $out/<name>.txt.
here="$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)"
root="$(dirname "$here")"
bench="${BENCH_DIR:-$root/bench/c}"
make -s -C "$bench" >/dev/null
"$root/dial4j" --version >/dev/null   # builds the launcher's jars once, outside the timings
dsts=(-a 127.0.0.1-8)

session() { # name runs client...
  local name="$1" r="$2"; shift 2
  mkdir -p "$out"
  echo "== $name: $*" | tee "$out/$name.txt"
  "$bench/runbench.py" -r "$r" -- "$@" | tee -a "$out/$name.txt"
}
