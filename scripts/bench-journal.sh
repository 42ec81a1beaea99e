#!/bin/sh
# What one change costs as the journal grows (1,000 and 100,000 entries by
# default): the first change after someone else wrote the journal rebuilds
# the local index once; later changes read only the index and the heads.
# Usage: scripts/bench-journal.sh [ENTRIES...]
set -eu
cd "$(dirname "$0")/.."
cargo build --release --example bench_journal -q
exec target/release/examples/bench_journal "$@"
