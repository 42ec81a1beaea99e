#!/usr/bin/env bash
# The API inventory from a million-line access log, side by side with
# GoAccess on the same file in one run: wall time and peak memory of each
# (/usr/bin/time -v), then apiassure on the gzip of the same log.
#
# Usage: scripts/bench-traffic.sh [LINES]   (needs goaccess, /usr/bin/time, python3)
set -euo pipefail

LINES=${1:-1000000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/apiassure-traffic.XXXXXX)
trap '[[ -n "${KEEP:-}" ]] && echo "kept $WORK" || rm -rf "$WORK"' EXIT

for tool in goaccess /usr/bin/time python3; do
  command -v "$tool" >/dev/null || { echo "bench-traffic: $tool not found (apt-get install goaccess time)" >&2; exit 2; }
done
(cd "$ROOT" && cargo build --quiet --release --bin apiassure)
BIN="$ROOT/target/release/apiassure"

python3 "$ROOT/scripts/gen-access-log.py" "$LINES" "$WORK/access.log" "$WORK/openapi.yaml"
gzip -k -6 "$WORK/access.log"
echo "log: $LINES lines, $(du -m "$WORK/access.log" | cut -f1) MB ($(du -m "$WORK/access.log.gz" | cut -f1) MB gzip)"

measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -v "$@" >"$WORK/out" 2>"$WORK/time" || { cat "$WORK/time" >&2; exit 1; }
  local secs rss
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$WORK/time")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$WORK/time")
  printf '%-44s %8.2f s %7s MB\n' "$label" "$secs" "$rss"
}

measure "goaccess 1.x (COMBINED, JSON report)" goaccess "$WORK/access.log" --log-format=COMBINED --no-progress -o "$WORK/goaccess.json"
measure "apiassure traffic (plain, reconciled)" "$BIN" traffic "$WORK/access.log" --openapi "$WORK/openapi.yaml" --json
cp "$WORK/out" "$WORK/apiassure.json"
measure "apiassure traffic (gzip, reconciled)" "$BIN" traffic "$WORK/access.log.gz" --openapi "$WORK/openapi.yaml" --json
python3 - "$WORK/apiassure.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
inv = d["inventory"]
kinds = {}
for e in inv["endpoints"]:
    kinds[e["kind"]] = kinds.get(e["kind"], 0) + 1
print(f"apiassure: {inv['requests']} requests, {len(inv['endpoints'])} endpoints {kinds}, "
      + ", ".join(f"{c['id']} {c['result']}" for c in d["checks"]))
PY
