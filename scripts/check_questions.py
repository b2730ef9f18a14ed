#!/usr/bin/env python3
"""Validates decks/sources/questions/*.toml against FORMAT.md. Usage: check_questions.py FILE..."""
import re, sys, tomllib
STAGES = ("beginner", "intermediate", "advanced")
def norm(s): return " ".join(re.sub(r"[^\w\s]", " ", s.lower()).split())
ok = True; fronts = {}; ids = set()
for path in sys.argv[1:]:
    d = tomllib.load(open(path, "rb"))
    def bad(msg):
        global ok; ok = False; print(f"{path}: {msg}")
    if set(d) - {"skill", "cards", "wording"}: bad(f"unknown top-level keys {set(d)-{'skill','cards','wording'}}")
    if set(d.get("wording", {})) - {"definition", "usage"}: bad("wording takes only definition and usage")
    if not isinstance(d.get("skill"), str): bad("missing skill")
    cards = d.get("cards", []); per = {s: 0 for s in STAGES}
    for c in cards:
        cid = c.get("id", "?")
        extra = set(c) - {"id","stage","kind","front","back","key_points","tags","choices"}
        if extra: bad(f"{cid}: unknown keys {extra}")
        if cid in ids: bad(f"{cid}: duplicate id")
        ids.add(cid)
        if c.get("stage") not in STAGES: bad(f"{cid}: stage must be one of {STAGES}")
        else: per[c["stage"]] += 1
        kind = c.get("kind", "basic")
        if kind not in ("basic", "choice"): bad(f"{cid}: kind {kind}")
        front, back = c.get("front", ""), c.get("back", "")
        if not front or not back: bad(f"{cid}: empty front/back")
        if "resources" in c.get("tags", []): bad(f"{cid}: the resources tag is reserved for cards that are not about the skill")
        if "guide" in front.lower() or "guide" in back.lower(): bad(f"{cid}: mentions the guide")
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
        if n < 8: bad(f"only {n} {s} cards (want >= 8)")
    if len(cards) < 25: bad(f"only {len(cards)} cards (want >= 25)")
    print(f"{path}: {len(cards)} cards {per}")
sys.exit(0 if ok else 1)
