#!/usr/bin/env bash
# recall's benchmarks: builds the release binary, makes synthetic data (once), then runs
#   1. the in-process benches (divan):      cargo bench --bench engine
#   2. whole-process figures:               scripts/bench.py, scripts/bench_optimize.sh
#   3. with --anki, recall beside the real Anki backend (PyPI `anki`, in a private venv):
#                                           scripts/anki_compare.py
# Figures and the machine they ran on go into BENCHMARKS.md by hand.
#
#   scripts/bench.sh                         everything but Anki
#   scripts/bench.sh --anki                  and recall beside Anki (one run, same data)
#   scripts/bench.sh --anki --baseline BIN   and an older recall binary beside both, for
#                                            before/after figures from one run
# RUNS=N sets the runs of each figure (default 5); RECALL_BENCH_DIR the data folder.
set -euo pipefail
cd "$(dirname "$0")/.."
work="${RECALL_BENCH_DIR:-/tmp/recall-bench}"
venv="${RECALL_BENCH_VENV:-/tmp/recall-anki-venv}"
runs="${RUNS:-5}"
anki=0
baseline=()
while [ $# -gt 0 ]; do
    case "$1" in
        --anki) anki=1 ;;
        --baseline) baseline=(--baseline "$2"); shift ;;
        *) echo "usage: $0 [--anki [--baseline OLD_RECALL_BINARY]]" >&2; exit 2 ;;
    esac
    shift
done
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

if [ "$anki" = 1 ]; then
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet anki
    echo
    echo "## beside Anki"
    "$venv/bin/python" scripts/anki_compare.py "$recall" "$work/100k.tsv" --runs 3 "${baseline[@]}"
fi
