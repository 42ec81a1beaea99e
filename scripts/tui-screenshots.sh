#!/bin/sh
# Capture the five TUI screens at 120x40 as text (tmux capture-pane) into
# docs/screenshots/, for the README. Usage: scripts/tui-screenshots.sh WORKSPACE
set -eu
ws=${1:?usage: scripts/tui-screenshots.sh WORKSPACE}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${APIASSURE_BIN:-$root/target/debug/apiassure}
out=$root/docs/screenshots
mkdir -p "$out"
session=apiassure-shots-$$
tmux new-session -d -s "$session" -x 120 -y 40 "cd '$ws' && '$bin' tui"
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
