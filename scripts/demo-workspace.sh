#!/bin/sh
# Build a demo workspace for screenshots and trying the TUI: 100 of the
# questions answered (a mix of yes, partial, no and na with reasons), one
# declared target served by a local Python HTTP server, two probe runs and
# score snapshots. Usage: scripts/demo-workspace.sh DIR [PORT]
set -eu
dir=${1:?usage: scripts/demo-workspace.sh DIR [PORT]}
port=${2:-18181}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${APIASSURE_BIN:-$root/target/debug/apiassure}
export APIASSURE_USER="Dana Reyes <dana@acme.example>"
"$bin" init "$dir" --org Acme --system "Payments API" >/dev/null
cat >>"$dir/apiassure.toml" <<TOML

[[targets]]
name = "public-api"
url = "http://127.0.0.1:$port/"
TOML
i=0
for q in $("$bin" -w "$dir" questions --format csv | tail -n +2 | cut -d, -f1 | head -n 100); do
    i=$((i + 1))
    case $((i % 7)) in
        0) "$bin" -w "$dir" -q answer "$q" no ;;
        1 | 3) "$bin" -w "$dir" -q answer "$q" partial --note "Tracked in SEC-$((100 + i))" ;;
        5) "$bin" -w "$dir" -q answer "$q" na --note "No partner integrations in scope" ;;
        *) "$bin" -w "$dir" -q answer "$q" yes --evidence "https://wiki.acme.example/sec/$q" ;;
    esac
done
"$bin" -w "$dir" -q score --record
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$dir" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
sleep 1
"$bin" -w "$dir" -q probe --timeout 5 || true
"$bin" -w "$dir" -q probe --timeout 5 || true
"$bin" -w "$dir" -q score --record
echo "demo workspace in $dir"
