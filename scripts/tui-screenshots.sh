#!/bin/sh
# Capture the five TUI screens as text (tmux capture-pane) into
# docs/screenshots/, for the README: at 80x24 (the size most terminals open
# at) and, with SIZE=COLSxROWS, any other size into a sub-folder.
# Usage: [SIZE=120x40] scripts/tui-screenshots.sh WORKSPACE
# (scripts/demo-workspace.sh builds a workspace to capture.)
set -eu
ws=${1:?usage: scripts/tui-screenshots.sh WORKSPACE}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${APIASSURE_BIN:-$root/target/debug/apiassure}
size=${SIZE:-80x24}
cols=${size%x*}
rows=${size#*x}
out=$root/docs/screenshots
[ "$size" = 80x24 ] || out=$out/$size
mkdir -p "$out"
session=apiassure-shots-$$
tmux new-session -d -s "$session" -x "$cols" -y "$rows" "cd '$ws' && '$bin' tui"
trap 'tmux kill-session -t "$session" 2>/dev/null || true' EXIT
sleep 1.5
for shot in 1:dashboard 2:assess 3:evidence 4:frameworks 5:history; do
    key=${shot%%:*}
    name=${shot#*:}
    tmux send-keys -t "$session" "$key"
    sleep 0.5
    tmux capture-pane -p -t "$session" > "$out/$key-$name.txt"
done
# The help popup and a drill-down, too.
tmux send-keys -t "$session" 4 Enter
sleep 0.5
tmux capture-pane -p -t "$session" > "$out/4-frameworks-why.txt"
tmux send-keys -t "$session" Escape 1 '?'
sleep 0.5
tmux capture-pane -p -t "$session" > "$out/help.txt"
tmux send-keys -t "$session" Escape q
echo "wrote $(ls "$out" | wc -l) screenshots to $out"
