#!/usr/bin/env python3
"""Time from process start to the first card printed by `recall review`, over N runs.

usage: first_card.py RECALL_BINARY DB [RUNS] [--now TIME]
Prints the median and the spread (min-max) in milliseconds.
"""
import statistics
import subprocess
import sys
import time


def once(binary, db, now):
    start = time.perf_counter()
    p = subprocess.Popen(
        [binary, "--db", db, "--now", now, "review"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    )
    for line in p.stdout:
        if line.startswith(b"[1/"):
            elapsed = time.perf_counter() - start
            break
    else:
        elapsed = None
    p.kill()
    p.wait()
    if elapsed is None:
        sys.exit("recall printed no card")
    return elapsed * 1000


def main():
    binary, db = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 and not sys.argv[3].startswith("--") else 20
    now = sys.argv[sys.argv.index("--now") + 1] if "--now" in sys.argv else "2026-11-27T12:00:00Z"
    once(binary, db, now)  # warm the page cache
    times = sorted(once(binary, db, now) for _ in range(runs))
    print(f"start to first card: median {statistics.median(times):.1f} ms, "
          f"min {times[0]:.1f}, max {times[-1]:.1f} ({runs} runs)")


if __name__ == "__main__":
    main()
