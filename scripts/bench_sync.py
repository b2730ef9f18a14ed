#!/usr/bin/env python3
"""The time of `recall sync` with many new events (issue 22).

A device whose database holds N cards of its own and N answers (made by examples/synth:
one event for each card and each answer, 2N events in all) writes its journal with its
first sync; then a new, empty device reads and applies all of it, and a sync with nothing
new shows the cost of a sync that finds nothing. Prints a Markdown table: median and
spread of each, peak memory, events per second.

    scripts/bench_sync.py target/release/recall target/release/examples/synth --cards 100000
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time

NOW = "2026-11-27T12:00:00Z"


def timed(cmd):
    """Wall seconds and peak RSS (MB) of one run, via /usr/bin/time."""
    start = time.perf_counter()
    res = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, check=True)
    wall = time.perf_counter() - start
    rss = int(res.stderr.decode().strip().splitlines()[-1]) / 1024
    return wall, rss, res.stdout.decode()


def summary(xs):
    xs = sorted(xs)
    return f"{statistics.median(xs):.3g} s ({xs[0]:.3g}–{xs[-1]:.3g})"


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("recall", help="the recall binary to measure")
    p.add_argument("synth", help="the examples/synth binary that makes the collection")
    p.add_argument("--cards", type=int, default=100_000,
                   help="cards, and answers, of the first device (default 100000)")
    p.add_argument("--runs", type=int, default=3, help="runs of each figure (default 3)")
    args = p.parse_args()

    work = tempfile.mkdtemp(prefix="recall-bench-sync-")
    try:
        source = os.path.join(work, "a.db")
        subprocess.run([args.synth, "db", "--cards", str(args.cards), "--reviews",
                        str(args.cards), "--out", source], check=True,
                       stdout=subprocess.DEVNULL)
        # Migrated once, outside the timings.
        subprocess.run([args.recall, "--db", source, "--now", NOW, "decks"], check=True,
                       stdout=subprocess.DEVNULL)
        empty = os.path.join(work, "empty.db")
        subprocess.run([args.recall, "--db", empty, "--now", NOW, "init", "--empty"],
                       check=True, stdout=subprocess.DEVNULL)
        out_walls, in_walls, again_walls, rss = [], [], [], []
        events = 0
        for run in range(args.runs):
            folder = os.path.join(work, f"sync-{run}")
            a = os.path.join(work, f"a-{run}.db")
            b = os.path.join(work, f"b-{run}.db")
            shutil.copy(source, a)
            shutil.copy(empty, b)
            wall, mem, _ = timed([args.recall, "--db", a, "--now", NOW, "sync", folder])
            out_walls.append(wall)
            rss.append(mem)
            wall, mem, report = timed([args.recall, "--db", b, "--now", NOW, "sync", folder,
                                       "--json"])
            in_walls.append(wall)
            rss.append(mem)
            events = sum(json.loads(report)["applied"]["new"].values())
            wall, mem, _ = timed([args.recall, "--db", b, "--now", NOW, "sync", folder])
            again_walls.append(wall)
        print(f"| sync of {args.cards:,} cards and {args.cards:,} answers | median (min–max) |")
        print("|---|---|")
        print(f"| first sync of the device that has them: {events:,} events written | "
              f"{summary(out_walls)} |")
        print(f"| a new device reads and applies the {events:,} events | {summary(in_walls)} "
              f"({events / statistics.median(in_walls):,.0f} events/s) |")
        print(f"| the same device again: nothing new | {summary(again_walls)} |")
        print(f"\npeak memory {max(rss):.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
