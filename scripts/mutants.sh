#!/usr/bin/env bash
# Mutation testing: cargo-mutants makes one small deliberate bug at a time in the code
# (a `>=` turned into `>`, a function returning a default, a `&&` into `||`, …), builds
# it in a copy of the tree and runs the whole suite; a mutant the suite does not notice is
# "missed" — a gap in the tests, or a change that makes no difference (see docs/TESTING.md).
#
#   scripts/mutants.sh core                 # src/core (pure logic)
#   scripts/mutants.sh store                # src/store (SQLite)
#   scripts/mutants.sh all                  # both
#   scripts/mutants.sh core --shard 0/8     # one eighth of them, spread over every file
#   scripts/mutants.sh core --list          # only list the mutants
#   scripts/mutants.sh core -F 'LEECH'      # only mutants whose name matches a regex
#
# Extra arguments go to `cargo mutants`. Results go to $RECALL_MUTANTS_OUT (default
# /tmp/recall-mutants-<what>/mutants.out/): caught.txt, missed.txt, timeout.txt,
# unviable.txt, outcomes.json, and a log per mutant. Not part of CI: every mutant is a
# build and a test run, about a minute each on a 2-core machine, and src/core alone
# has about 800 mutants.
#
# Needs cargo-mutants (`cargo install --locked cargo-mutants`); uses cargo-nextest when it
# is installed (`cargo install --locked cargo-nextest`), which stops at the first failing
# test. JOBS=N builds and tests N mutants at once (default 1: each build already uses every
# core); TIMEOUT=SECS bounds one test run of a mutant (default 300; the suite takes about a
# minute, so a mutant still running after five is one that hangs).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo-mutants >/dev/null; then
    echo "cargo-mutants is not installed: cargo install --locked cargo-mutants" >&2
    exit 1
fi
what="${1:-}"
case "$what" in
    core) files=(--file 'src/core/**/*.rs') ;;
    store) files=(--file 'src/store/**/*.rs') ;;
    all) files=(--file 'src/core/**/*.rs' --file 'src/store/**/*.rs') ;;
    *)
        echo "usage: $0 core|store|all [cargo mutants options]" >&2
        exit 2
        ;;
esac
shift
tool=()
if command -v cargo-nextest >/dev/null; then
    tool=(--test-tool nextest)
fi
out="${RECALL_MUTANTS_OUT:-/tmp/recall-mutants-$what}"
mkdir -p "$out"
set -x
exec cargo mutants "${files[@]}" "${tool[@]}" \
    --jobs "${JOBS:-1}" \
    --timeout "${TIMEOUT:-300}" \
    --build-timeout "${BUILD_TIMEOUT:-900}" \
    --output "$out" \
    "$@"
