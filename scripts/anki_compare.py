#!/usr/bin/env python3
"""recall beside the real Anki backend (PyPI `anki`) and beside SQLite's own floors, in one
run on one machine. Prints a Markdown table: medians with the fastest and slowest run.

What it times, for each program given:
  import   the same TSV into a new collection (recall: `recall import`, the whole
           process; Anki: get_csv_metadata + import_csv + close, in one process), and the
           floor: the same rows inserted by Python's executemany into a table with only an
           integer key, in one transaction (what the data costs SQLite, with no schema);
  answers  a 100k-card collection with 1,000 reviews due and 1,000 new cards, every one
           answered in a row, one durable commit each (recall: one piped `recall review`
           session, the total over the answers; Anki: get_queued_cards + answerCard), and
           the floor: one bare durable SQLite commit (WAL, synchronous=FULL).

`--baseline` gives an older recall binary measured the same way in the same run, for
before/after figures. Run through scripts/bench.sh --anki, which builds recall, makes the
TSV and installs `anki` into a private venv.
"""
import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

from anki.collection import Collection
from anki.import_export_pb2 import ImportCsvRequest
import anki.buildinfo

sys.path.insert(0, os.path.dirname(__file__))
from bench import bare_commits  # noqa: E402

NOW = "2026-11-27T12:00:00Z"
DUE = 1000
NEW = 1000


def cell(xs, unit="s", scale=1.0):
    xs = sorted(x * scale for x in xs)
    return f"{statistics.median(xs):.3g} {unit} ({xs[0]:.3g}–{xs[-1]:.3g})"


# --- Anki -----------------------------------------------------------------------------

def anki_import(tsv, work):
    path = os.path.join(work, f"anki-{time.perf_counter_ns()}.anki2")
    col = Collection(path)
    start = time.perf_counter()
    meta = col.get_csv_metadata(path=tsv, delimiter=None)
    col.import_csv(ImportCsvRequest(path=tsv, metadata=meta))
    col.close()
    return time.perf_counter() - start, path


def anki_answers(path):
    """DUE cards made review cards due yesterday, then DUE + NEW answered 'good' in a row."""
    col = Collection(path)
    today = col.sched.today
    col.db.execute(
        "UPDATE cards SET type = 2, queue = 2, due = ?, ivl = 5, factor = 2500, reps = 3"
        " WHERE id IN (SELECT id FROM cards ORDER BY id DESC LIMIT ?)", today - 1, DUE)
    conf = col.decks.config_dict_for_deck_id(1)
    conf["new"]["perDay"] = NEW
    # The v3 scheduler caps new cards by the review limit too.
    conf["rev"]["perDay"] = DUE + NEW
    col.decks.update_config(conf)
    times = []
    for _ in range(DUE + NEW):
        start = time.perf_counter()
        queued = col.sched.get_queued_cards(fetch_limit=1)
        card = col.get_card(queued.cards[0].card.id)
        card.start_timer()
        col.sched.answerCard(card, 3)
        times.append(time.perf_counter() - start)
    col.close()
    return times


# --- recall ---------------------------------------------------------------------------

ENV = {**os.environ, "TZ": "UTC"}


def run(binary, db, *args, stdin=None):
    return subprocess.run([binary, "--db", db, "--now", NOW, *args], input=stdin,
                          capture_output=True, check=True, env=ENV)


def recall_import(binary, tsv, work):
    db = os.path.join(work, f"recall-{time.perf_counter_ns()}.db")
    run(binary, db, "decks")  # made with the built-in decks, outside the timing
    start = time.perf_counter()
    res = subprocess.run(["/usr/bin/time", "-f", "%M", binary, "--db", db, "--now", NOW,
                          "import", tsv, "--deck", "bench"], capture_output=True, check=True,
                         env=ENV)
    elapsed = time.perf_counter() - start
    rss_kb = int(res.stderr.decode().strip().splitlines()[-1])
    return elapsed, rss_kb / 1024, db


def make_due(db):
    """The last DUE cards of the imported deck given a review state due yesterday (SQL, as
    a real history would leave them; the placing trigger files them under their deck)."""
    conn = sqlite3.connect(db)
    day = conn.execute("SELECT CAST(julianday(?) - 2440587.5 AS INTEGER)", (NOW,)).fetchone()[0]
    conn.execute(
        "INSERT INTO card_state (card_id, reps, ef, interval_days, due_day, lapses,"
        " last_quality, last_reviewed_at)"
        " SELECT c.id, 3, 250, 5, ?, 0, 4, 0 FROM cards c JOIN decks d ON d.id = c.deck_id"
        " WHERE d.name = 'bench' ORDER BY c.id DESC LIMIT ?", (day - 1, DUE))
    conn.commit()
    conn.close()


def recall_answers(binary, db):
    """One piped session answering the DUE reviews and NEW new cards with 4; the mean."""
    for key, value in [("new_per_day", NEW), ("reviews_per_day", DUE),
                       ("levels.gating", "off")]:
        run(binary, db, "config", "set", key, str(value))
    run(binary, db, "decks")  # any migration happens here, outside the timing
    start = time.perf_counter()
    out = run(binary, db, "review", "--deck", "bench", stdin=b"\n4\n" * (DUE + NEW)).stdout
    elapsed = time.perf_counter() - start
    recorded = out.count(b"recorded 4")
    assert recorded == DUE + NEW, f"{recorded} answers recorded, not {DUE + NEW}"
    return elapsed / (DUE + NEW)


# --- floors ---------------------------------------------------------------------------

def integer_key_insert(tsv, work):
    """The TSV's rows into a table with only an integer key, one transaction, durably."""
    path = os.path.join(work, f"floor-{time.perf_counter_ns()}.db")
    start = time.perf_counter()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, front TEXT, back TEXT, tags TEXT)")
    conn.execute("BEGIN")
    with open(tsv, encoding="utf-8") as f:
        next(f)
        conn.executemany("INSERT INTO t (front, back, tags) VALUES (?, ?, ?)",
                         (line.rstrip("\n").split("\t")[:3] for line in f))
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("recall", help="the recall binary to measure")
    ap.add_argument("tsv", help="a TSV with a header and front, back, tags rows (100k lines)")
    ap.add_argument("--baseline", help="an older recall binary, measured the same way")
    ap.add_argument("--runs", type=int, default=3, help="imports per program (default 3)")
    args = ap.parse_args()
    lines = sum(1 for _ in open(args.tsv, encoding="utf-8")) - 1
    programs = [("recall", args.recall)] + ([("recall before", args.baseline)]
                                            if args.baseline else [])
    print(f"Anki {anki.buildinfo.version} (PyPI anki); {lines:,} lines; {args.runs} runs; "
          f"{DUE:,} due + {NEW:,} new answers\n")
    with tempfile.TemporaryDirectory() as work:
        imports = {"Anki": []}
        rss = {}
        dbs = {}
        floor = []
        anki_path = None
        for _ in range(args.runs):
            t, anki_path = anki_import(args.tsv, work)
            imports["Anki"].append(t)
            for name, binary in programs:
                t, mb, db = recall_import(binary, args.tsv, work)
                imports.setdefault(name, []).append(t)
                rss[name] = max(rss.get(name, 0), mb)
                dbs[name] = db
            floor.append(integer_key_insert(args.tsv, work))
        answers = {"Anki": anki_answers(anki_path)}
        for name, binary in programs:
            # Each program's own import of the TSV, with the same 1,000 cards made due.
            make_due(dbs[name])
            answers[name] = [recall_answers(binary, dbs[name])]
        commits = bare_commits(work, DUE + NEW)
    anki_import_med = statistics.median(imports["Anki"])
    floor_med = statistics.median(floor)
    print("| import a TSV into a new collection | median (min–max) | peak RSS | vs Anki | vs the floor |")
    print("|---|---|---|---|---|")
    for name, xs in imports.items():
        med = statistics.median(xs)
        mem = f"{rss[name]:.0f} MB" if name in rss else ""
        print(f"| {name} | {cell(xs)} | {mem} | {anki_import_med / med:.1f}× faster | "
              f"{med / floor_med:.1f}× the floor |")
    print(f"| floor: integer-key insert of the same rows | {cell(floor)} | | | |")
    print()
    commit_med = statistics.median(commits)
    anki_answer_med = statistics.median(answers["Anki"])
    print("| answer a card (1,000 due + 1,000 new, 100k cards) | per answer | vs Anki | over the bare commit |")
    print("|---|---|---|---|")
    for name, xs in answers.items():
        med = statistics.median(xs)
        if name == "Anki":
            how = f"median of each answer, mean {statistics.mean(xs) * 1000:.3g} ms"
        else:
            how = "mean of one piped session, start-up and summary included"
        print(f"| {name} ({how}) | {cell(xs, 'ms', 1000)} | {anki_answer_med / med:.2f}× | "
              f"{(med - commit_med) * 1000:+.3f} ms |")
    print(f"| floor: bare durable commit (WAL, synchronous=FULL) | {cell(commits, 'ms', 1000)} | | |")


if __name__ == "__main__":
    main()
