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
#   LIB_FIRST=1 scripts/mutants.sh core --shard 2/8 --sharding round-robin
#                                           # two passes, the same result, about 4x faster
#
# Extra arguments go to `cargo mutants`. Results go to $RECALL_MUTANTS_OUT (default
# /tmp/recall-mutants-<what>/mutants.out/): caught.txt, missed.txt, timeout.txt,
# unviable.txt, outcomes.json, and a log per mutant. Not part of CI: every mutant is a
# build and a test run, about a minute each on a 2-core machine, and src/core alone
# has about 1,700 mutants.
#
# Needs cargo-mutants (`cargo install --locked cargo-mutants`); uses cargo-nextest when it
# is installed (`cargo install --locked cargo-nextest`), which stops at the first failing
# test. JOBS=N builds and tests N mutants at once (default 1: each build already uses every
# core); TIMEOUT=SECS bounds one test run of a mutant (default 300; the suite takes about a
# minute, so a mutant still running after five is one that hangs).
#
# LIB_FIRST=1 runs two passes. The first runs only the library's unit tests on every
# mutant (`cargo test --lib`: one test binary to build and about 5 s to run, so 10-20 s a
# mutant instead of 45-90 s), into $out/lib; the second runs the whole suite on exactly
# the mutants the first missed (`-F` with their names), into $out/full. A mutant the unit
# tests catch is caught by the whole suite too, so together they give what one pass of
# the whole suite gives: caught = lib/caught + full/caught, missed = full/missed. The
# second pass skips the baseline (the first checked the unit tests; CI checks the rest).
# Needs python3 to turn the first pass's missed.txt into a regular expression.
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
# No debug information: a mutant's build links faster, and its backtraces are not read.
export CARGO_PROFILE_DEV_DEBUG=0
common=(--jobs "${JOBS:-1}" --build-timeout "${BUILD_TIMEOUT:-900}")
set -x
if [ -n "${LIB_FIRST:-}" ]; then
    # Exit status 2 (mutants missed) and 3 (timeouts) are results, not failures.
    status=0
    cargo mutants "${files[@]}" --test-tool cargo "${common[@]}" --output "$out/lib" \
        --timeout 60 --cargo-arg=--lib "$@" || status=$?
    if [ "$status" -ne 0 ] && [ "$status" -ne 2 ] && [ "$status" -ne 3 ]; then
        exit "$status"
    fi
    missed="$out/lib/mutants.out/missed.txt"
    if [ ! -s "$missed" ]; then
        exit "$status"
    fi
    # Exactly the names the first pass missed (`--iterate` would shard the rest anew).
    names=$(python3 -c '
import sys
special = set("\\.+*?()|[]{}^$")
names = [l.rstrip("\n") for l in open(sys.argv[1]) if l.strip()]
print("^(" + "|".join("".join("\\" + c if c in special else c for c in n) for n in names) + ")$")
' "$missed")
    exec cargo mutants "${files[@]}" "${tool[@]}" "${common[@]}" --output "$out/full" \
        --timeout "${TIMEOUT:-300}" --baseline skip -F "$names"
fi
exec cargo mutants "${files[@]}" "${tool[@]}" "${common[@]}" --output "$out" \
    --timeout "${TIMEOUT:-300}" "$@"
