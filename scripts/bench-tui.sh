#!/bin/sh
# Benchmark the TUI in release mode: start-up to first frame with the full
# embedded catalog (target < 100 ms) and one frame at 200x60 (target < 5 ms).
# Usage: scripts/bench-tui.sh [WORKSPACE]   (default: a fresh temp workspace)
set -eu
cd "$(dirname "$0")/.."
cargo build --release --example bench_tui --bin apiassure -q
exec target/release/examples/bench_tui "$@"
