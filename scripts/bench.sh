#!/usr/bin/env bash
# recall's benchmarks: builds the release binary, makes synthetic data (once), then runs
#   1. the in-process benches (divan):      cargo bench --bench engine
#   2. whole-process figures:               scripts/bench.py, scripts/bench_optimize.sh
#   3. with --anki, recall beside the real Anki backend (PyPI `anki`, in a private venv):
#                                           scripts/anki_compare.py
# Figures and the machine they ran on go into BENCHMARKS.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
work="${RECALL_BENCH_DIR:-/tmp/recall-bench}"
venv="${RECALL_BENCH_VENV:-/tmp/recall-anki-venv}"
runs="${RUNS:-5}"
mkdir -p "$work"

cargo build --release --bin recall --example synth
recall=target/release/recall
synth=target/release/examples/synth
[ -f "$work/100k.tsv" ] || "$synth" tsv --cards 100000 --out "$work/100k.tsv"
[ -f "$work/1m.tsv" ] || "$synth" tsv --cards 1000000 --out "$work/1m.tsv"
[ -f "$work/100k.db" ] || "$synth" db --cards 100000 --reviews 100000 --out "$work/100k.db"
[ -f "$work/100k-1mrev.db" ] || "$synth" db --cards 100000 --reviews 1000000 --out "$work/100k-1mrev.db"
[ -f "$work/1m.db" ] || "$synth" db --cards 1000000 --reviews 1000000 --out "$work/1m.db"

echo "## machine"
echo "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $(rustc --version)"
echo
echo "## in-process (divan)"
cargo bench --bench engine
echo
echo "## whole process"
python3 scripts/bench.py "$recall" "$work" --runs "$runs"
echo
echo "## recall optimize"
RECALL_BENCH_DIR="$work" RUNS="$runs" scripts/bench_optimize.sh "$recall" "$synth"

if [ "${1:-}" = "--anki" ]; then
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet anki
    echo
    echo "## beside Anki"
    "$venv/bin/python" scripts/anki_compare.py "$recall" "$work/100k.tsv" --runs 3
fi
