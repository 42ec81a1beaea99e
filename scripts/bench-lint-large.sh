#!/usr/bin/env bash
# apiassure lint on one large generated document (default 100 MB: 8,400
# resources, 42,000 operations), under /usr/bin/time -v: wall time and peak
# memory. Usage: scripts/bench-lint-large.sh [RESOURCES]
set -euo pipefail
N=${1:-8400}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/apiassure-lint-large.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
(cd "$ROOT" && cargo build --quiet --release --bin apiassure)
python3 "$ROOT/scripts/gen-openapi.py" "$WORK/big.json" "$N"
size=$(stat -c %s "$WORK/big.json")
/usr/bin/time -v "$ROOT/target/release/apiassure" lint "$WORK/big.json" --json --fail-on never >"$WORK/out.json" 2>"$WORK/time.txt"
wall=$(grep "Elapsed (wall clock)" "$WORK/time.txt" | awk '{print $NF}')
rss=$(grep "Maximum resident set size" "$WORK/time.txt" | awk '{print $NF}')
printf "document %.1f MB: wall %s, peak %.0f MB (%.1f times the document)\n" \
  "$(echo "$size / 1000000" | bc -l)" "$wall" "$(echo "$rss / 1024" | bc -l)" "$(echo "$rss * 1024 / $size" | bc -l)"
