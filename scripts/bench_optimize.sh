#!/usr/bin/env bash
# `recall optimize` at 10,000 and 100,000 reviews: a simulated learner's log
# (benches/support/learner.rs, through `synth log`) imported into a fresh database, then
# `recall optimize --json` timed RUNS times with /usr/bin/time (wall clock, peak RSS).
#   scripts/bench_optimize.sh [RECALL] [SYNTH]   (default: the release builds)
set -euo pipefail
cd "$(dirname "$0")/.."
recall="${1:-target/release/recall}"
synth="${2:-target/release/examples/synth}"
work="${RECALL_BENCH_DIR:-/tmp/recall-bench}/optimize"
runs="${RUNS:-3}"
mkdir -p "$work"
for n in 10000 100000; do
    dir="$work/$n"
    if [ ! -f "$dir/recall.db" ]; then
        "$synth" log --reviews "$n" --out "$dir"
        "$recall" --db "$dir/recall.db" import "$dir/deck.csv" --deck Sim > /dev/null
        "$recall" --db "$dir/recall.db" import --reviews "$dir/log.csv"
    fi
    for run in $(seq "$runs"); do
        /usr/bin/time -f "$n reviews, run $run: %e s wall, %M KB peak RSS" \
            "$recall" --db "$dir/recall.db" optimize --json > "$dir/result.json"
    done
    python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print({k: r[k] for k in ('reviews','cards','items','sm2','fsrs_default','fsrs_optimized')})" "$dir/result.json"
done
