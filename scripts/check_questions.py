#!/usr/bin/env python3
"""Validates decks/sources/questions/*.toml against FORMAT.md. Usage: check_questions.py FILE...
The structure only: scripts/check_exercises.py runs the exercise cards (sql, output) and checks their answers."""
import re, sys, tomllib
STAGES = ("beginner", "intermediate", "advanced")
QUESTION_KINDS, EXERCISE_KINDS = ("basic", "choice"), ("sql", "output")
SAMPLE_DBS = ("shop",)
def sql_statements(sql):
    """Statements in `sql`, counting semicolons outside string literals, quoted names and comments."""
    body = re.sub(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*|/\*.*?\*/", " ", sql, flags=re.S)
    return len([p for p in body.split(";") if p.strip()])
def norm(s): return " ".join(re.sub(r"[^\w\s]", " ", s.lower()).split())
def check_exercise(c, cid, kind, bad):
    """Exercise cards are graded by running them: no key points or choices; each needs a note."""
    if "/x/" not in cid: bad(f"{cid}: exercise ids look like <skill>/x/<slug>")
    if "exercise" not in c.get("tags", []): bad(f"{cid}: exercise cards carry the tag `exercise`")
    for k in ("key_points", "choices"):
        if k in c: bad(f"{cid}: {k} on an exercise card (it is graded by running it)")
    note = c.get("note")
    if not isinstance(note, str) or not note.strip(): bad(f"{cid}: exercise cards need a note (the technique, the trap)")
    if kind == "sql":
        if "code" in c: bad(f"{cid}: code is for output cards; a sql card's back is the reference query")
        if sql_statements(c.get("back", "")) != 1: bad(f"{cid}: back must be exactly one SQL query")
        if "ordered" in c and not isinstance(c["ordered"], bool): bad(f"{cid}: ordered must be true or false")
        if c.get("db", "shop") not in SAMPLE_DBS: bad(f"{cid}: db must be one of {SAMPLE_DBS}")
    else:
        for k in ("ordered", "db"):
            if k in c: bad(f"{cid}: {k} is only for sql cards")
        code = c.get("code", "")
        if not isinstance(code, str) or not code.strip(): bad(f"{cid}: output cards need code")
        elif len(code.split("\n")) > 12: bad(f"{cid}: code longer than 12 lines")
        lines = c.get("back", "").split("\n")
        if len(lines) > 6 or any(not l.strip() for l in lines): bad(f"{cid}: back must be 1-6 non-blank lines")
ok = True; fronts = {}; ids = set()
for path in sys.argv[1:]:
    d = tomllib.load(open(path, "rb"))
    def bad(msg):
        global ok; ok = False; print(f"{path}: {msg}")
    if set(d) - {"skill", "cards", "wording"}: bad(f"unknown top-level keys {set(d)-{'skill','cards','wording'}}")
    if set(d.get("wording", {})) - {"definition", "usage"}: bad("wording takes only definition and usage")
    if not isinstance(d.get("skill"), str): bad("missing skill")
    cards = d.get("cards", []); per = {s: 0 for s in STAGES}; questions = 0
    for c in cards:
        cid = c.get("id", "?")
        extra = set(c) - {"id","stage","kind","front","back","key_points","tags","choices","code","ordered","db","note"}
        if extra: bad(f"{cid}: unknown keys {extra}")
        if cid in ids: bad(f"{cid}: duplicate id")
        ids.add(cid)
        if c.get("stage") not in STAGES: bad(f"{cid}: stage must be one of {STAGES}")
        kind = c.get("kind", "basic")
        if kind not in QUESTION_KINDS + EXERCISE_KINDS: bad(f"{cid}: kind {kind} (want one of {QUESTION_KINDS + EXERCISE_KINDS})")
        exercise = kind in EXERCISE_KINDS
        if c.get("stage") in STAGES and not exercise: per[c["stage"]] += 1; questions += 1
        front, back = c.get("front", ""), c.get("back", "")
        if not front or not back: bad(f"{cid}: empty front/back")
        if "resources" in c.get("tags", []): bad(f"{cid}: the resources tag is reserved for cards that are not about the skill")
        if "guide" in front.lower() or "guide" in back.lower(): bad(f"{cid}: mentions the guide")
        if exercise:
            check_exercise(c, cid, kind, bad)
            n = norm(front + " " + c.get("code", ""))
            if n in fronts: bad(f"{cid}: near-duplicate front of {fronts[n]}")
            fronts[n] = cid
            continue
        if "/x/" in cid: bad(f"{cid}: /x/ ids are for exercise cards (kind sql or output)")
        for k in ("code", "ordered", "db"):
            if k in c: bad(f"{cid}: {k} is only for exercise cards")
        kp = c.get("key_points", [])
        if not (2 <= len(kp) <= 5): bad(f"{cid}: {len(kp)} key points (want 2-5)")
        for p in kp:
            if not isinstance(p, list) or not (1 <= len(p) <= 4) or not all(isinstance(x, str) and x.strip() for x in p):
                bad(f"{cid}: key point {p!r} must be a list of 1-4 phrasings")
        if kind == "choice":
            ch = c.get("choices", [])
            opts = [back] + ch
            if len(ch) != 3 or len({norm(o) for o in opts}) != 4: bad(f"{cid}: choice needs 3 distinct wrong options")
        elif c.get("choices"): bad(f"{cid}: choices on a basic card")
        n = norm(front)
        if n in fronts: bad(f"{cid}: near-duplicate front of {fronts[n]}")
        fronts[n] = cid
    for s, n in per.items():
        if n < 8: bad(f"only {n} {s} question cards (want >= 8)")
    if questions < 25: bad(f"only {questions} question cards (want >= 25)")
    ex = {k: sum(1 for c in cards if c.get("kind") == k) for k in EXERCISE_KINDS}
    print(f"{path}: {questions} question cards {per}, exercises {ex}")
sys.exit(0 if ok else 1)
