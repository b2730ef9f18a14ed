#!/usr/bin/env python3
"""Checks the exercise cards by running them.

Usage: scripts/check_exercises.py [QUESTION_FILE...] [--fixture FILE] [-v]
(defaults: every decks/sources/questions/*.toml and tests/fixtures/exercises/sql_alternatives.toml)

- builds the sample database from decks/sample/shop.sql in memory (twice, and checks the two agree);
- runs every `kind = "sql"` reference query: it must succeed, return at least one row, and return the
  same result on a copy of the database whose rows are stored in reverse order (a query whose result
  depends on the order SQLite happens to scan rows in is not deterministic: add an ORDER BY tie-break);
- for every exercise of the fixture, each `accept` query must match the reference and each `reject`
  query must not (an SQLite error counts as not matching), by the comparison rule the engine uses;
- runs every `kind = "output"` card's `code` with this python3 and compares what it prints with `back`,
  line by line after trimming trailing spaces.
Exits non-zero on the first kind of failure it finds in any card, after reporting all of them.
"""
import math
import pathlib
import re
import sqlite3
import subprocess
import sys
import time
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHOP = ROOT / "decks" / "sample" / "shop.sql"
FIXTURE = ROOT / "tests" / "fixtures" / "exercises" / "sql_alternatives.toml"


def build():
    con = sqlite3.connect(":memory:")
    con.executescript(SHOP.read_text())
    con.execute("PRAGMA query_only = 1")
    return con


def build_reversed():
    """The same data with every table's rows stored in reverse order and no keys or indexes, so each
    scan, and each tie a sort leaves to scan order, comes out the other way round."""
    con = sqlite3.connect(":memory:")
    con.executescript(SHOP.read_text())
    tables = [n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for t in tables:
        con.executescript(f"CREATE TABLE rev_{t} AS SELECT * FROM {t} ORDER BY rowid DESC;"
                          f"DROP TABLE {t}; ALTER TABLE rev_{t} RENAME TO {t};")
    con.execute("PRAGMA query_only = 1")
    return con


def strip_sql(sql):
    """The SQL with string literals, quoted names and comments blanked out (lengths kept)."""
    out, i, n = [], 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch in "'\"`[":
            close = "]" if ch == "[" else ch
            j = i + 1
            while j < n:
                if sql[j] == close:
                    if close != "]" and j + 1 < n and sql[j + 1] == close:
                        j += 2
                        continue
                    break
                j += 1
            out.append(" " * (min(j, n - 1) - i + 1))
            i = j + 1
        elif sql.startswith("--", i):
            j = sql.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif sql.startswith("/*", i):
            j = sql.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(" " * (j - i))
            i = j
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def has_top_level_order_by(sql):
    """True when the statement ends with an ORDER BY outside any parentheses (the engine's default)."""
    s = strip_sql(sql).upper()
    depth = 0
    for i, ch in enumerate(s):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif depth == 0 and re.match(r"ORDER\s+BY\b", s[i:]) and (i == 0 or not (s[i - 1].isalnum() or s[i - 1] == "_")):
            return True
    return False


def statement_count(sql):
    body = strip_sql(sql).strip().rstrip(";").strip()
    return 1 + body.count(";")


def same_value(a, b):
    if a is None or b is None:
        return a is None and b is None
    num = (int, float)
    if isinstance(a, num) and isinstance(b, num) and not isinstance(a, bool) and not isinstance(b, bool):
        if a == b:
            return True
        return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)
    if type(a) is not type(b) or isinstance(a, num) or isinstance(b, num):
        return False
    return a == b


def same_row(r, s):
    return len(r) == len(s) and all(same_value(a, b) for a, b in zip(r, s))


def same_result(expected, got, ordered):
    """The engine's rule: same column count; rows in order or as multisets; numbers within tolerance."""
    if len(expected) != len(got):
        return False
    if expected and got and len(expected[0]) != len(got[0]):
        return False
    if ordered:
        return all(same_row(r, s) for r, s in zip(expected, got))
    left = list(got)
    for r in expected:  # greedy matching is exact for tolerance-equal rows in practice
        for k, s in enumerate(left):
            if same_row(r, s):
                del left[k]
                break
        else:
            return False
    return True


def run(con, sql):
    cur = con.execute(sql)
    cols = len(cur.description or [])
    rows = cur.fetchall()
    return cols, rows


def load_cards(paths):
    cards = []
    for p in paths:
        d = tomllib.load(open(p, "rb"))
        for c in d.get("cards", []):
            cards.append((p, c))
    return cards


def main(argv):
    verbose = "-v" in argv
    argv = [a for a in argv if a != "-v"]
    fixture = FIXTURE
    if "--fixture" in argv:
        k = argv.index("--fixture")
        fixture = pathlib.Path(argv[k + 1])
        del argv[k:k + 2]
    paths = [pathlib.Path(a) for a in argv] or sorted((ROOT / "decks" / "sources" / "questions").glob("*.toml"))
    failures = []

    def fail(msg):
        failures.append(msg)
        print("FAIL", msg)

    t0 = time.perf_counter()
    con = build()
    build_ms = (time.perf_counter() - t0) * 1000
    con2 = build()
    rev = build_reversed()
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall():
        a = con.execute(f"SELECT * FROM {name} ORDER BY 1, 2").fetchall()
        if a != con2.execute(f"SELECT * FROM {name} ORDER BY 1, 2").fetchall():
            fail(f"shop.sql: table {name} differs between two builds")
    print(f"shop.sql: built in {build_ms:.1f} ms")

    cards = load_cards(paths)
    sql_cards = {c["id"]: c for _, c in cards if c.get("kind") == "sql"}
    timings = []
    per_stage = {}
    for cid, c in sql_cards.items():
        per_stage[c["stage"]] = per_stage.get(c["stage"], 0) + 1
        ref = c["back"]
        ordered = c.get("ordered", has_top_level_order_by(ref))
        if statement_count(ref) != 1:
            fail(f"{cid}: back must be exactly one query")
        try:
            t = time.perf_counter()
            cols, rows = run(con, ref)
            timings.append(((time.perf_counter() - t) * 1000, cid))
        except sqlite3.Error as e:
            fail(f"{cid}: reference query fails: {e}")
            continue
        if not rows:
            fail(f"{cid}: reference query returns no rows")
        _, again = run(rev, ref)
        if not same_result(rows, again, ordered):
            fail(f"{cid}: reference result depends on scan order (add a full ORDER BY tie-break)")
        if verbose:
            print(f"--- {cid} ({'ordered' if ordered else 'unordered'}, {len(rows)} rows x {cols} cols)")
            for r in rows[:8]:
                print("   ", r)

    if fixture.exists():
        fx = tomllib.load(open(fixture, "rb"))
        for ex in fx.get("exercise", []):
            cid = ex["id"]
            c = sql_cards.get(cid)
            if c is None:
                fail(f"{fixture.name}: {cid} is not a sql card")
                continue
            ordered = c.get("ordered", has_top_level_order_by(c["back"]))
            _, expected = run(con, c["back"])
            if not ex.get("accept") or not ex.get("reject"):
                fail(f"{fixture.name}: {cid} needs at least one accept and one reject")
            for k, q in enumerate(ex.get("accept", []), start=1):
                try:
                    _, got = run(con, q)
                except sqlite3.Error as e:
                    fail(f"{cid}: accept #{k} fails: {e}")
                    continue
                if not same_result(expected, got, ordered):
                    fail(f"{cid}: accept #{k} gives a different result ({len(got)} rows vs {len(expected)})")
            for k, q in enumerate(ex.get("reject", []), start=1):
                try:
                    _, got = run(con, q)
                except sqlite3.Error:
                    continue
                if same_result(expected, got, ordered):
                    fail(f"{cid}: reject #{k} gives the reference's result; the data must expose this mistake")
        print(f"{fixture.name}: {len(fx.get('exercise', []))} exercises, "
              f"{sum(len(e.get('accept', [])) for e in fx.get('exercise', []))} accepted and "
              f"{sum(len(e.get('reject', [])) for e in fx.get('exercise', []))} rejected alternatives")

    out_stage = {}
    for path, c in cards:
        if c.get("kind") != "output":
            continue
        cid = c["id"]
        out_stage[c["stage"]] = out_stage.get(c["stage"], 0) + 1
        code = c.get("code", "")
        if len(code.splitlines()) > 12:
            fail(f"{cid}: code has more than 12 lines")
        back_lines = c["back"].split("\n")
        if len(back_lines) > 6 or any(not l.strip() for l in back_lines):
            fail(f"{cid}: back must be 1-6 non-blank lines")
        try:
            p = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True, timeout=10)
        except subprocess.TimeoutExpired:
            fail(f"{cid}: code did not finish in 10 s")
            continue
        if p.returncode != 0:
            fail(f"{cid}: code exits {p.returncode}: {p.stderr.strip().splitlines()[-1:]}")
            continue
        got = [l.rstrip() for l in p.stdout.rstrip("\n").split("\n")]
        want = [l.rstrip() for l in back_lines]
        if got != want:
            fail(f"{cid}: prints {got!r}, back says {want!r}")

    timings.sort(reverse=True)
    print(f"sql exercises: {len(sql_cards)} {per_stage}; slowest reference: "
          + ", ".join(f"{cid} {ms:.1f} ms" for ms, cid in timings[:3]))
    print(f"output exercises: {sum(out_stage.values())} {out_stage}; python {sys.version.split()[0]}")
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print("all exercises pass")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
