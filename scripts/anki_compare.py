#!/usr/bin/env python3
"""recall beside the real Anki backend (PyPI `anki`), in one run on one machine.

Measures, for both: importing the same 100,000-line TSV into a new collection, and
answering 1,000 cards one by one (each answer committed before the next); plus the floor,
one bare durable SQLite commit. Prints medians, spreads and the ratios.

usage: scripts/anki_compare.py RECALL_BINARY TSV [--runs N]
Run through scripts/bench.sh, which builds recall, makes the TSV and creates the venv.
"""
import os
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

ANSWERS = 1000


def median_spread(xs):
    xs = sorted(xs)
    return statistics.median(xs), xs[0], xs[-1]


def fmt(xs, unit="s", scale=1.0):
    m, lo, hi = median_spread([x * scale for x in xs])
    return f"{m:.3f} {unit} (min {lo:.3f}, max {hi:.3f})"


def anki_import(tsv, work):
    path = os.path.join(work, f"anki-{time.perf_counter_ns()}.anki2")
    col = Collection(path)
    start = time.perf_counter()
    meta = col.get_csv_metadata(path=tsv, delimiter=None)
    col.import_csv(ImportCsvRequest(path=tsv, metadata=meta))
    col.close()
    elapsed = time.perf_counter() - start
    return elapsed, path


def anki_answers(path):
    """Answers ANSWERS new cards with 'good', one operation (and commit) each."""
    col = Collection(path)
    conf = col.decks.config_dict_for_deck_id(1)
    # Anki's v3 scheduler caps new cards by the review limit too.
    conf["new"]["perDay"] = ANSWERS * 2
    conf["rev"]["perDay"] = ANSWERS * 2
    col.decks.update_config(conf)
    times = []
    for _ in range(ANSWERS):
        start = time.perf_counter()
        queued = col.sched.get_queued_cards(fetch_limit=1)
        card = col.get_card(queued.cards[0].card.id)
        card.start_timer()
        col.sched.answerCard(card, 3)
        times.append(time.perf_counter() - start)
    col.close()
    return times


def recall(binary, db, *args, stdin=None):
    return subprocess.run(
        [binary, "--db", db, *args], input=stdin, capture_output=True, check=True
    )


def recall_import(binary, tsv, work):
    db = os.path.join(work, f"recall-{time.perf_counter_ns()}.db")
    recall(binary, db, "decks")  # create it, with the built-in decks, outside the timing
    start = time.perf_counter()
    res = subprocess.run(
        ["/usr/bin/time", "-f", "%M", binary, "--db", db, "import", tsv],
        capture_output=True, check=True,
    )
    elapsed = time.perf_counter() - start
    rss_kb = int(res.stderr.decode().strip().splitlines()[-1])
    return elapsed, rss_kb, db


def recall_answers(binary, db):
    """A piped session answering ANSWERS new cards with 4; the total over ANSWERS."""
    recall(binary, db, "config", "set", "new_per_day", str(ANSWERS))
    recall(binary, db, "config", "set", "levels.gating", "off")
    start = time.perf_counter()
    out = recall(binary, db, "review", "--deck", os.path.basename(TSV_STEM),
                 stdin=b"\n4\n" * ANSWERS).stdout
    elapsed = time.perf_counter() - start
    assert out.count(b"recorded 4") == ANSWERS, "every answer recorded"
    return elapsed / ANSWERS


TSV_STEM = ""


def main():
    global TSV_STEM
    binary, tsv = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 3
    TSV_STEM = os.path.splitext(os.path.basename(tsv))[0]
    lines = sum(1 for _ in open(tsv, encoding="utf-8")) - 1
    print(f"Anki {anki.buildinfo.version} (PyPI anki) beside {binary}; {lines} lines, {runs} runs")
    with tempfile.TemporaryDirectory() as work:
        a_imp, r_imp, rss = [], [], []
        a_path = r_db = None
        for _ in range(runs):
            t, a_path = anki_import(tsv, work)
            a_imp.append(t)
            t, kb, r_db = recall_import(binary, tsv, work)
            r_imp.append(t)
            rss.append(kb)
        a_ans = anki_answers(a_path)
        r_ans = recall_answers(binary, r_db)
        floor = bare_commits(work, ANSWERS)
    a_med, r_med = statistics.median(a_imp), statistics.median(r_imp)
    print(f"import {lines} lines   anki  {fmt(a_imp)}")
    print(f"                       recall {fmt(r_imp)}, peak RSS {max(rss) / 1024:.0f} MB")
    print(f"                       recall is {a_med / r_med:.1f}x faster")
    print(f"answer (per card)      anki  {fmt(a_ans, 'ms', 1000)}")
    print(f"                       recall {r_ans * 1000:.3f} ms (mean of {ANSWERS} in one piped session)")
    print(f"                       bare durable commit {fmt(floor, 'ms', 1000)}")
    a_ans_med = statistics.median(a_ans)
    print(f"                       recall is {a_ans_med / r_ans:.1f}x faster; "
          f"{(r_ans - statistics.median(floor)) * 1000:+.3f} ms over the bare commit")


if __name__ == "__main__":
    main()
