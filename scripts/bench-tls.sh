#!/usr/bin/env bash
# Benchmark the TLS engine against sslyze on 200 loopback nginx endpoints.
#
# Starts one nginx with 200 TLS server blocks (a mix of legacy TLS 1.0-1.3
# ALL:@SECLEVEL=0, Mozilla intermediate, TLS 1.3 only and TLS 1.2 CBC), scans
# all of them with `apiassure probe --only tls` (32 targets at once, evidence
# stored in a temporary workspace) and with sslyze, under
# /usr/bin/time -v, then prints wall time, peak RSS, handshakes per target and
# whether the accepted suites per version per target are identical.
#
# Usage: scripts/bench-tls.sh [N_TARGETS]   (default 200; needs nginx, sslyze, /usr/bin/time)
set -euo pipefail

N=${1:-200}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/apiassure-bench.XXXXXX)
BASE=${BENCH_BASE_PORT:-$(( 20000 + RANDOM % 20000 ))}
export OPENSSL_CONF=/dev/null

cleanup() {
  if [[ -f "$WORK/nginx.pid" ]]; then kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true; fi
  sleep 0.5
  if [[ -z "${KEEP:-}" ]]; then rm -rf "$WORK"; else echo "kept $WORK"; fi
}
trap cleanup EXIT

for tool in nginx sslyze /usr/bin/time openssl; do
  command -v "$tool" >/dev/null || { echo "bench-tls: $tool not found" >&2; exit 2; }
done

echo "building apiassure (release)..."
(cd "$ROOT" && cargo build --quiet --release --bin apiassure)
BIN="$ROOT/target/release/apiassure"
"$BIN" init "$WORK/ws" >/dev/null

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/key.pem" -out "$WORK/cert.pem" -days 30 \
  -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 2>/dev/null

PROFILES=(
  "TLSv1 TLSv1.1 TLSv1.2 TLSv1.3|ALL:@SECLEVEL=0"
  "TLSv1.2 TLSv1.3|ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384"
  "TLSv1.3|DEFAULT"
  "TLSv1.2|AES128-SHA:AES256-SHA:ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES256-SHA384:@SECLEVEL=0"
)
mkdir -p "$WORK/logs"
{
  echo "worker_processes 2; pid $WORK/nginx.pid; error_log $WORK/logs/error.log crit;"
  echo "events { worker_connections 8192; }"
  echo "http { access_log off;"
  echo "  ssl_certificate $WORK/cert.pem; ssl_certificate_key $WORK/key.pem;"
  for ((i = 0; i < N; i++)); do
    IFS='|' read -r protos ciphers <<<"${PROFILES[i % ${#PROFILES[@]}]}"
    echo "  server { listen 127.0.0.1:$((BASE + i)) ssl; ssl_protocols $protos; ssl_ciphers '$ciphers'; return 200 ok; }"
  done
  echo "}"
} >"$WORK/nginx.conf"
ulimit -n 65536 2>/dev/null || true
nginx -c "$WORK/nginx.conf" -p "$WORK"
for ((i = 0; i < 100; i++)); do
  (echo >"/dev/tcp/127.0.0.1/$((BASE + N - 1))") 2>/dev/null && break
  sleep 0.1
done

TARGETS=()
URLS=()
for ((i = 0; i < N; i++)); do
  TARGETS+=("127.0.0.1:$((BASE + i))")
  URLS+=("https://127.0.0.1:$((BASE + i))/")
done
printf '%s\n' "${TARGETS[@]}" >"$WORK/targets.txt"

echo "scanning $N targets with apiassure probe --only tls (32 targets at once)..."
/usr/bin/time -v "$BIN" --workspace "$WORK/ws" probe --only tls --concurrency 32 --ca-file "$WORK/cert.pem" \
  --quiet --json "${URLS[@]}" >"$WORK/ours.json" 2>"$WORK/ours.time"
# sslyze exits 1 when a server fails its Mozilla check: judge it by its JSON instead.
echo "scanning $N targets with sslyze (default scan commands)..."
/usr/bin/time -v python3 -m sslyze --quiet --json_out="$WORK/sslyze.json" --targets_in="$WORK/targets.txt" \
  >/dev/null 2>"$WORK/sslyze.time" || true
echo "scanning $N targets with sslyze (only what apiassure does: certinfo, versions, suites, curves, fallback)..."
/usr/bin/time -v python3 -m sslyze --quiet --mozilla_config=disable --json_out="$WORK/sslyze-same.json" \
  --certinfo --sslv2 --sslv3 --tlsv1 --tlsv1_1 --tlsv1_2 --tlsv1_3 --elliptic_curves --fallback \
  --targets_in="$WORK/targets.txt" >/dev/null 2>"$WORK/sslyze-same.time" || true
[[ -s "$WORK/sslyze.json" && -s "$WORK/sslyze-same.json" ]] || { echo "bench-tls: sslyze wrote no JSON" >&2; exit 1; }

python3 - "$WORK" "$N" <<'PY'
import json, re, sys
work, n = sys.argv[1], int(sys.argv[2])

def usage(path):
    t = open(path).read()
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", t).group(1)
    secs = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall.split(":"))))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
    return secs, rss / 1024

ours = json.load(open(f"{work}/ours.json"))["targets"]
sslyze = json.load(open(f"{work}/sslyze.json"))["server_scan_results"]
keys = {"SSLv2": "ssl_2_0", "SSLv3": "ssl_3_0", "TLSv1.0": "tls_1_0", "TLSv1.1": "tls_1_1", "TLSv1.2": "tls_1_2", "TLSv1.3": "tls_1_3"}
theirs = {}
for r in sslyze:
    port = r["server_location"]["port"]
    theirs[port] = {}
    for v, k in keys.items():
        res = r["scan_result"][k + "_cipher_suites"]
        if res["status"] != "COMPLETED":
            theirs[port][v] = None
            continue
        acc = {c["cipher_suite"]["name"] for c in res["result"]["accepted_cipher_suites"]}
        tested = acc | {c["cipher_suite"]["name"] for c in res["result"]["rejected_cipher_suites"]}
        theirs[port][v] = (acc, tested)

same = diff = 0
untested = set()
handshakes = []
for o in ours:
    t = o["tls"]
    handshakes.append(t.get("handshakes", 0))
    port = t["port"]
    for p in t["protocols"]:
        th = theirs.get(port, {}).get(p["version"])
        if th is None:
            diff += 1
            print(f"  {port} {p['version']}: sslyze has no result")
            continue
        acc, tested = th
        mine = set(p["cipher_suites"])
        untested |= {s for s in mine - tested}
        if {s for s in mine if s in tested} == acc and p["offered"] == (len(mine) > 0):
            same += 1
        else:
            diff += 1
            print(f"  {port} {p['version']}: apiassure {sorted(mine)} sslyze {sorted(acc)}")
o_t, o_m = usage(f"{work}/ours.time")
s_t, s_m = usage(f"{work}/sslyze.time")
q_t, q_m = usage(f"{work}/sslyze-same.time")
print()
print(f"targets: {n}")
print(f"apiassure: {o_t:7.2f} s  peak RSS {o_m:6.1f} MB  handshakes/target {sum(handshakes)/len(handshakes):.1f} (min {min(handshakes)}, max {max(handshakes)})")
print(f"sslyze:    {s_t:7.2f} s  peak RSS {s_m:6.1f} MB  (one connection per suite and version, plus its other scan commands)")
print(f"sslyze (same checks only): {q_t:7.2f} s  peak RSS {q_m:6.1f} MB")
print(f"speed-up:  {s_t / o_t:.1f}x vs default sslyze, {q_t / o_t:.1f}x vs the same checks; memory {s_m / o_m:.1f}x less")
print(f"findings:  {same} target-versions identical, {diff} different")
if untested:
    print(f"suites found by apiassure that sslyze never tests: {sorted(untested)}")
sys.exit(1 if diff else 0)
PY
