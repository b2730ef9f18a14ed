#!/usr/bin/env python3
"""Whole-process benchmarks of recall: imports, start to first card, answering, and the
listing commands on big collections. Prints a Markdown table: median and spread of each.

DATA holds the synthetic data scripts/bench.sh makes with `examples/synth` (100k.tsv,
1m.tsv, 100k.db, 100k-1mrev.db, 1m.db). Peak memory is read with /usr/bin/time.
"""
import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from first_card import once as first_card_once  # noqa: E402

NOW = "2026-11-27T12:00:00Z"
ANSWERS = 1000


def timed(cmd, stdin=None):
    """Wall seconds and peak RSS (MB) of one run, via /usr/bin/time."""
    start = time.perf_counter()
    # Output goes nowhere: a million cards listed must not be held by this script.
    res = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], input=stdin,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
    wall = time.perf_counter() - start
    rss = int(res.stderr.decode().strip().splitlines()[-1]) / 1024
    return wall, rss


def summary(xs, unit, scale=1.0):
    xs = sorted(x * scale for x in xs)
    return f"{statistics.median(xs):.3g} {unit} ({xs[0]:.3g}–{xs[-1]:.3g})"


def row(name, walls, rss=None, unit="s", scale=1.0, note=""):
    mem = f"{max(rss):.0f} MB" if rss else ""
    print(f"| {name} | {summary(walls, unit, scale)} | {mem} | {note} |")


def fresh_db(binary, work):
    db = os.path.join(work, f"fresh-{time.perf_counter_ns()}.db")
    subprocess.run([binary, "--db", db, "decks"], capture_output=True, check=True)
    return db


def bare_commits(work, n=ANSWERS):
    conn = sqlite3.connect(os.path.join(work, "bare.db"), isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, q INTEGER)")
    times = []
    for _ in range(n):
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t (q) VALUES (4)")
        conn.execute("COMMIT")
        times.append(time.perf_counter() - start)
    conn.close()
    return times


SECTIONS = ("imports", "commands", "answers")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 epilog=__doc__.split("\n\n")[1],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("binary", help="the recall binary to measure")
    ap.add_argument("data", help="the folder with the synthetic data")
    ap.add_argument("--runs", type=int, default=5, help="runs of each figure (default 5)")
    ap.add_argument("--only", choices=SECTIONS, action="append",
                    help="measure only this part (may be given more than once)")
    ap.add_argument("--collections", default="100k,100k-1mrev,1m",
                    help="the databases of DATA the commands run on (default: all three)")
    args = ap.parse_args()
    binary, data, runs = args.binary, args.data, args.runs
    only = set(args.only or SECTIONS)
    print("| what | median (min–max) | peak RSS | note |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as work:
        for name, tsv, n in [] if "imports" not in only else [("100k", "100k.tsv", runs), ("1M", "1m.tsv", max(1, runs // 2))]:
            walls, rss = [], []
            for _ in range(n):
                db = fresh_db(binary, work)
                w, r = timed([binary, "--db", db, "import", os.path.join(data, tsv)])
                walls.append(w)
                rss.append(r)
                os.remove(db)
            row(f"import a {name}-line TSV", walls, rss, note="new database with the built-in decks")
        collections = [c for c in [("100k", "100k cards", "100k reviews"),
                                   ("100k-1mrev", "100k cards", "1M reviews"),
                                   ("1m", "1M cards", "1M reviews")]
                       if "commands" in only and c[0] in args.collections.split(",")]
        for name, cards, reviews in collections:
            db = os.path.join(work, f"{name}.db")
            shutil.copy(os.path.join(data, f"{name}.db"), db)
            subprocess.run([binary, "--db", db, "--now", NOW, "decks"], capture_output=True, check=True)
            first_card_once(binary, db, NOW)
            times = [first_card_once(binary, db, NOW) / 1000 for _ in range(runs * 4)]
            row(f"start to first card, {cards}", times, unit="ms", scale=1000, note=reviews)
            # Search: the synthetic text has 41 words, each in about half the cards; a word of
            # a real collection is rarer. One is added to 1 card in 200 (the triggers index it).
            conn = sqlite3.connect(db)
            conn.execute("UPDATE cards SET front = front || ' hyperparameter' WHERE id % 200 = 7")
            conn.commit()
            conn.close()
            for cmd in (["decks"], ["skills"], ["stats"], ["stats", "--json"],
                        ["search", "hyperparameter"], ["search", "gradient"],
                        ["search", '"learning rate"'], ["cards", "--due"],
                        ["cards", "--due", "--json"], ["export", "-o", os.path.join(work, "out.toml")],
                        ["check"], ["check", "--full"]):
                walls, rss = [], []
                for _ in range(runs):
                    w, r = timed([binary, "--db", db, "--now", NOW, *cmd])
                    walls.append(w)
                    rss.append(r)
                shown = " ".join("FILE" if c.startswith(work) else c for c in cmd)
                row(f"`recall {shown}`, {cards}", walls, rss,
                    unit="ms", scale=1000, note=reviews)
        per = []
        for i in range(3 if "answers" in only else 0):
            # A fresh copy each time: a second session the same day would find the day's
            # new cards already introduced.
            db = os.path.join(work, f"answers-{i}.db")
            shutil.copy(os.path.join(data, "100k.db"), db)
            for key, value in [("new_per_day", str(ANSWERS)), ("levels.gating", "off"),
                               ("reviews_per_day", "0")]:
                subprocess.run([binary, "--db", db, "config", "set", key, value], check=True,
                               capture_output=True)
            out = subprocess.run([binary, "--db", db, "--now", NOW, "review"], input=b"",
                                 capture_output=True, check=True)
            assert b"[1/" in out.stdout, "the session has cards"
            w, _ = timed([binary, "--db", db, "--now", NOW, "review"], stdin=b"\n4\n" * ANSWERS)
            per.append(w / ANSWERS)
        if per:
            row(f"answer a card (pipe, {ANSWERS} per session, 100k cards)", per, unit="ms",
                scale=1000, note="durable commit each; includes start-up and summary")
        row("bare durable SQLite commit (WAL, synchronous=FULL)", bare_commits(work), unit="ms",
            scale=1000, note="the floor, same disk")


if __name__ == "__main__":
    main()
