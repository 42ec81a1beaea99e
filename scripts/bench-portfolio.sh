#!/usr/bin/env bash
# A generated organisation of N workspaces (default 1000): each created with
# `apiassure init`, answered from a spreadsheet (`apiassure import`, 164
# answers, a different mix per workspace) and scored once into its history.
# Then `portfolio --json`, the management PDF and the Parquet export, each
# under /usr/bin/time -v: wall time and peak memory.
#
# Usage: scripts/bench-portfolio.sh [N]   (needs /usr/bin/time, python3)
set -euo pipefail

N=${1:-1000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/apiassure-portfolio.XXXXXX)
trap '[[ -n "${KEEP:-}" ]] && echo "kept $WORK" || rm -rf "$WORK"' EXIT
command -v /usr/bin/time >/dev/null || { echo "bench-portfolio: /usr/bin/time not found (apt-get install time)" >&2; exit 2; }
(cd "$ROOT" && cargo build --quiet --release --bin apiassure)
BIN="$ROOT/target/release/apiassure"
export APIASSURE_USER=bench

"$BIN" init "$WORK/template" >/dev/null
(cd "$WORK/template" && "$BIN" questions --format csv) >"$WORK/questions.csv"
python3 - "$WORK" "$N" <<'PY'
import csv, random, sys
work, n = sys.argv[1], int(sys.argv[2])
rows = list(csv.DictReader(open(f"{work}/questions.csv")))
with open(f"{work}/portfolio.toml", "w") as listing:
    for i in range(n):
        rnd = random.Random(i)
        with open(f"{work}/answers-{i}.csv", "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=["id", "answer", "note"])
            w.writeheader()
            for r in rows:
                if rnd.random() < 0.85:
                    w.writerow({"id": r["id"], "answer": rnd.choice(["yes", "yes", "partial", "no"]), "note": ""})
        listing.write(f'[[workspace]]\npath = "ws-{i:04d}"\nteam = "Team {i % 40}"\ntier = "{1 + i % 3}"\n\n')
PY
start=$(date +%s.%N)
for ((i = 0; i < N; i++)); do
  d=$(printf '%s/ws-%04d' "$WORK" "$i")
  "$BIN" init "$d" --org Acme --system "Service $i" >/dev/null
  (cd "$d" && "$BIN" import "$WORK/answers-$i.csv" -q >/dev/null && "$BIN" score --record -q >/dev/null)
done
printf 'generated %d workspaces in %.0f s (%d MB on disk)\n' "$N" "$(echo "$(date +%s.%N) - $start" | bc)" "$(du -sm "$WORK" | cut -f1)"

measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -v "$@" >"$WORK/out" 2>"$WORK/time" || true
  local secs rss
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$WORK/time")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$WORK/time")
  printf '%-46s %8.2f s %7s MB\n' "$label" "$secs" "$rss"
}
cd "$WORK"
measure "portfolio --json ($N workspaces, verify each)" "$BIN" portfolio . --json
measure "portfolio --format pdf" "$BIN" portfolio . --format pdf -o "$WORK/portfolio.pdf"
measure "portfolio --export parquet" "$BIN" portfolio . --export parquet -o "$WORK/lake"
ls -la "$WORK/lake" | awk 'NR > 1 && $NF ~ /parquet$/ {printf "  %s %d bytes\n", $NF, $5}'
