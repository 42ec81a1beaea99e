#!/usr/bin/env bash
# How cost grows with the number of targets: probe N declared HTTP targets
# (distinct paths on one loopback nginx that answers 401 with a Bearer
# challenge), then score and the PDF report, each under /usr/bin/time -v. Prints wall time,
# peak RSS and the bytes the evidence takes on disk, for each N given.
#
# Usage: scripts/bench-scale.sh [N...]   (default: 200 1000 10000; needs nginx, /usr/bin/time)
set -euo pipefail

SIZES=("$@")
[[ ${#SIZES[@]} -eq 0 ]] && SIZES=(200 1000 10000)
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/apiassure-scale.XXXXXX)
PORT=${BENCH_PORT:-$(( 20000 + RANDOM % 20000 ))}

cleanup() {
  if [[ -f "$WORK/nginx.pid" ]]; then kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true; fi
  if [[ -z "${KEEP:-}" ]]; then rm -rf "$WORK"; else echo "kept $WORK"; fi
}
trap cleanup EXIT

for tool in nginx /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench-scale: $tool not found" >&2; exit 2; }
done
(cd "$ROOT" && cargo build --quiet --release --bin apiassure)
BIN="$ROOT/target/release/apiassure"

mkdir -p "$WORK/logs"
cat >"$WORK/nginx.conf" <<NGINX
worker_processes 2; pid $WORK/nginx.pid; error_log $WORK/logs/error.log crit;
events { worker_connections 4096; }
http { access_log off;
  server { listen 127.0.0.1:$PORT; keepalive_requests 100000;
    location / { add_header WWW-Authenticate 'Bearer realm="bench"' always; return 401 '{"error":"unauthorized"}'; }
  }
}
NGINX
ulimit -n 65536 2>/dev/null || true
nginx -c "$WORK/nginx.conf" -p "$WORK"
sleep 0.3

measure() { # label, then the command
  local label=$1; shift
  /usr/bin/time -v "$@" >"$WORK/out.txt" 2>"$WORK/time.txt" || { tail -20 "$WORK/time.txt"; exit 1; }
  local wall rss
  wall=$(grep "Elapsed (wall clock)" "$WORK/time.txt" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "$WORK/time.txt" | awk '{print $NF}')
  printf "  %-28s wall %8s  peak RSS %7.1f MB\n" "$label" "$wall" "$(echo "$rss / 1024" | bc -l)"
}

for n in "${SIZES[@]}"; do
  ws="$WORK/ws-$n"
  "$BIN" init "$ws" >/dev/null
  for ((i = 0; i < n; i++)); do
    printf '\n[[targets]]\nname = "t%05d"\nurl = "http://127.0.0.1:%d/t/%05d"\n' "$i" "$PORT" "$i"
  done >>"$ws/apiassure.toml"
  echo "$n targets:"
  measure "probe (concurrency 64)" env APIASSURE_USER=bench "$BIN" --workspace "$ws" probe --quiet --concurrency 64 --timeout 5
  measure "probe again (2 runs stored)" env APIASSURE_USER=bench "$BIN" --workspace "$ws" probe --quiet --concurrency 64 --timeout 5
  measure "score" "$BIN" --workspace "$ws" score
  measure "report (pdf)" "$BIN" --workspace "$ws" report --quiet -o "$WORK/report-$n.pdf"
  if command -v pdfinfo >/dev/null; then
    printf "  %-28s %s pages, %s bytes\n" "report size" "$(pdfinfo "$WORK/report-$n.pdf" | awk '/^Pages:/ {print $2}')" "$(stat -c %s "$WORK/report-$n.pdf")"
  fi
  echo "  evidence on disk: $(du -sb "$ws/evidence" | awk '{printf "%.1f MB", $1/1048576}') ($(du -b "$ws/evidence/ledger.json" | awk '{printf "ledger %.1f MB", $1/1048576}'))"
done
