#!/usr/bin/env python3
"""The time of `recall sync` with many new events (issue 22), two cases:

1. Answers: two devices hold the same N cards (imported from a TSV on one, synced to the
   other); one answers all N in a piped review session (every answer moves the schedule),
   syncs, and the other reads and applies the N answers: each becomes a log row and the
   card's schedule is checked against the replay of its answers.
2. A whole collection: a device whose database holds N cards of its own and N answers
   (examples/synth; its answers are history that moved no schedule) writes its journal
   with its first sync; a new, empty device then reads and applies all 2N events.

A sync with nothing new shows the cost of a sync that finds nothing. Prints Markdown
tables: median and spread of each, peak memory, events per second.

    scripts/bench_sync.py target/release/recall target/release/examples/synth \
        --cards 100000 --tsv /tmp/recall-bench/100k.tsv
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


def settle_disk():
    """Writes the copies just made to disk before a timing: their write-back would
    otherwise share the disk with the sync's own syncs (a copy of 140 MB made a sync of
    100,000 answers vary from 1.8 to 2.7 s)."""
    os.sync()


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
    p.add_argument("--tsv", help="a TSV of front, back, tags rows for the answers case "
                   "(its first --cards lines; without it the case is skipped)")
    args = p.parse_args()
    if args.tsv:
        answers_case(args)

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
            settle_disk()
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


def answers_case(args):
    work = tempfile.mkdtemp(prefix="recall-bench-sync-answers-")
    try:
        tsv = os.path.join(work, "cards.tsv")
        with open(args.tsv) as src, open(tsv, "w") as dst:
            for i, line in enumerate(src):
                if i > args.cards:
                    break
                dst.write(line)
        folder = os.path.join(work, "sync")
        a, b = os.path.join(work, "a.db"), os.path.join(work, "b.db")
        run = lambda db, *xs, stdin=None: subprocess.run(
            [args.recall, "--db", db, "--now", NOW, *xs], input=stdin, check=True,
            stdout=subprocess.DEVNULL)
        run(a, "init", "--empty")
        run(a, "import", tsv, "--deck", "bench")
        for key, value in [("new_per_day", args.cards), ("levels.gating", "off")]:
            run(a, "config", "set", key, str(value))
        run(a, "sync", folder)
        run(b, "init", "--empty")
        run(b, "sync", folder)
        base = os.path.join(work, "b-base.db")
        shutil.copy(b, base)
        run(a, "review", "--deck", "bench", stdin=b"\n4\n" * args.cards)
        wall, _, _ = timed([args.recall, "--db", a, "--now", NOW, "sync", folder])
        print(f"| {args.cards:,} answers (cards on both devices) | median (min–max) |")
        print("|---|---|")
        print(f"| the answering device's sync writes them | {wall:.3g} s |")
        walls, rss = [], []
        for run_no in range(args.runs):
            c = os.path.join(work, f"b-{run_no}.db")
            shutil.copy(base, c)
            settle_disk()
            wall, mem, report = timed([args.recall, "--db", c, "--now", NOW, "sync", folder,
                                       "--json"])
            walls.append(wall)
            rss.append(mem)
            got = json.loads(report)["applied"]["new"].get("answer", 0)
            assert got == args.cards, f"{got} answers came in, not {args.cards}"
        print(f"| the other device reads and applies them | {summary(walls)} "
              f"({args.cards / statistics.median(walls):,.0f} events/s), "
              f"{max(rss):.0f} MB |\n")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
