#!/usr/bin/env python3
"""The per-file table of a mutation run, as docs/TESTING.md shows it.

    scripts/mutants_table.py OUT/lib/mutants.out/outcomes.json OUT/full/mutants.out/outcomes.json

Give the runs in the order they were made: the first names the mutants (the sample), and
a later run's outcome for a mutant replaces an earlier one (the whole suite's verdict on a
mutant the unit tests missed). Mutants a later run tested that the first did not name are
left out, so a filter that matched more than asked does not change the sample. Prints a
Markdown table (mutants, unviable, caught, missed, timeouts, and caught with timeouts over
the viable ones) and then the missed mutants' names.
"""

import json
import sys
from collections import Counter, defaultdict

KINDS = {
    "CaughtMutant": "caught",
    "MissedMutant": "missed",
    "Timeout": "timeout",
    "Unviable": "unviable",
}


def outcomes(path):
    """The mutants of one run: name -> (file, outcome)."""
    with open(path, encoding="utf-8") as f:
        run = json.load(f)
    found = {}
    for o in run["outcomes"]:
        mutant = o["scenario"].get("Mutant") if isinstance(o["scenario"], dict) else None
        if mutant is None:
            continue  # the baseline
        found[mutant["name"]] = (mutant["file"], KINDS.get(o["summary"], o["summary"]))
    return found


def main(paths):
    if not paths:
        sys.exit(__doc__)
    final = outcomes(paths[0])
    for path in paths[1:]:
        for name, result in outcomes(path).items():
            if name in final:
                final[name] = result
    per_file = defaultdict(Counter)
    for file, kind in final.values():
        per_file[file][kind] += 1
        per_file["total"][kind] += 1
    print("| file | mutants | unviable | caught | missed | timeouts | caught % |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for file in sorted(per_file, key=lambda f: (f == "total", f)):
        c = per_file[file]
        viable = c["caught"] + c["missed"] + c["timeout"]
        share = f"{100 * (c['caught'] + c['timeout']) / viable:.1f}%" if viable else "-"
        name = f"**{file}**" if file == "total" else file.removeprefix("src/")
        print(
            f"| {name} | {sum(c.values())} | {c['unviable']} | {c['caught']} | "
            f"{c['missed']} | {c['timeout']} | {share} |"
        )
    missed = sorted(n for n, (_, kind) in final.items() if kind == "missed")
    if missed:
        print("\nMissed:")
        for name in missed:
            print(f"- {name}")


if __name__ == "__main__":
    main(sys.argv[1:])
