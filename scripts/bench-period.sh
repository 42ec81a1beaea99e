#!/usr/bin/env bash
# A year of daily probes: N declared HTTP targets (default 200) on a loopback
# nginx, probed once a day for DAYS days (default 365) at faked dates
# (libfaketime), with a four-day outage of one target's authentication in
# April. Then the period analysis and the PDF report over the year, each
# under /usr/bin/time -v, and the size the evidence takes on disk (what git
# keeps).
#
# Usage: scripts/bench-period.sh [N] [DAYS]   (needs nginx, faketime, /usr/bin/time)
set -euo pipefail

N=${1:-200}
DAYS=${2:-365}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/apiassure-period.XXXXXX)
PORT=${BENCH_PORT:-$(( 20000 + RANDOM % 20000 ))}

cleanup() {
  if [[ -f "$WORK/nginx.pid" ]]; then kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true; fi
  if [[ -z "${KEEP:-}" ]]; then rm -rf "$WORK"; else echo "kept $WORK"; fi
}
trap cleanup EXIT

for tool in nginx faketime /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench-period: $tool not found" >&2; exit 2; }
done
(cd "$ROOT" && cargo build --quiet --release --bin apiassure)
BIN="$ROOT/target/release/apiassure"

mkdir -p "$WORK/logs"
conf() { # $1: "open" to serve /t/00007 without credentials
  local extra=""
  [[ $1 == open ]] && extra="location = /t/00007 { return 200 '{\"accounts\":[1]}'; }"
  cat >"$WORK/nginx.conf" <<NGINX
worker_processes 2; pid $WORK/nginx.pid; error_log $WORK/logs/error.log crit;
events { worker_connections 4096; }
http { access_log off;
  server { listen 127.0.0.1:$PORT; keepalive_requests 100000;
    $extra
    location / { add_header WWW-Authenticate 'Bearer realm="bench"' always; return 401 '{"error":"unauthorized"}'; }
  }
}
NGINX
}
conf closed
ulimit -n 65536 2>/dev/null || true
nginx -c "$WORK/nginx.conf" -p "$WORK"
sleep 0.3

ws="$WORK/ws"
faketime "2025-12-31 08:00:00" "$BIN" init "$ws" >/dev/null
for ((i = 0; i < N; i++)); do
  printf '\n[[targets]]\nname = "t%05d"\nurl = "http://127.0.0.1:%d/t/%05d"\n' "$i" "$PORT" "$i"
done >>"$ws/apiassure.toml"
export APIASSURE_USER=bench
start=$(date +%s)
for ((d = 0; d < DAYS; d++)); do
  day=$(date -u -d "2026-01-01 + $d days" +%F)
  case $day in
    2026-04-10) conf open; nginx -s reload -c "$WORK/nginx.conf" -p "$WORK"; sleep 0.2 ;;
    2026-04-14) conf closed; nginx -s reload -c "$WORK/nginx.conf" -p "$WORK"; sleep 0.2 ;;
  esac
  faketime "$day 06:00:00" "$BIN" --workspace "$ws" probe --quiet --concurrency 32 --timeout 5 >/dev/null || true
done
echo "$DAYS daily runs of $N targets probed in $(( $(date +%s) - start )) s"

measure() { # label, then the command
  local label=$1; shift
  /usr/bin/time -v "$@" >"$WORK/out.txt" 2>"$WORK/time.txt" || { tail -20 "$WORK/time.txt"; exit 1; }
  local wall rss
  wall=$(grep "Elapsed (wall clock)" "$WORK/time.txt" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "$WORK/time.txt" | awk '{print $NF}')
  printf "  %-34s wall %8s  peak RSS %7.1f MB\n" "$label" "$wall" "$(echo "$rss / 1024" | bc -l)"
}
period="2026-01-01..2026-12-31"
measure "period analysis (--json)" faketime "2027-01-05 09:00:00" "$BIN" --workspace "$ws" period "$period" --json
python3 - "$WORK/out.txt" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"  runs read {r['runs']}, observations {r['observations']}, exceptions {len(r['exceptions'])}, gaps {len(r['gaps'])}")
PY
measure "report (pdf, with the period)" faketime "2027-01-05 09:00:00" "$BIN" --workspace "$ws" report --quiet --period "$period" -o "$WORK/report.pdf"
measure "verify" "$BIN" --workspace "$ws" verify
echo "  evidence on disk: $(du -sb "$ws/evidence" | awk '{printf "%.1f MB", $1/1048576}') for $DAYS runs of $N targets ($(du -sb "$ws/journal" | awk '{printf "journal %.1f MB", $1/1048576}'))"
