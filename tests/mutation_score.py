"""The score of `make mutants`: killed / (killed + survived) over the mutants that were run (a
mutant mypy rejects counts as killed: `make test` rejects it), and every survivor by name
(`mutmut show NAME` prints its change). Run from the project folder."""

from __future__ import annotations

import fnmatch
import subprocess
import sys
from collections import Counter
from pathlib import Path


def main(patterns: list[str]) -> int:
    mutmut = Path(sys.executable).parent / "mutmut"
    listed = subprocess.run([str(mutmut), "results", "--all", "true"], capture_output=True, text=True, check=True)
    status = {}
    for line in listed.stdout.splitlines():
        name, _, said = line.strip().rpartition(": ")
        if name and any(fnmatch.fnmatch(name, pattern) for pattern in patterns):
            status[name] = said
    counts = Counter(status.values())
    # A mutant mypy rejects is rejected by `make test` (mypy --strict) before any test runs.
    killed = counts["killed"] + counts["caught by type check"]
    run = killed + counts["survived"]
    print(", ".join(f"{said}: {count}" for said, count in sorted(counts.items())))
    if run:
        print(f"score: {killed}/{run} killed ({100 * killed / run:.1f} %): {counts['killed']} by a test, "
              f"{counts['caught by type check']} by mypy")
    for name, said in sorted(status.items()):
        if said not in ("killed", "caught by type check"):
            print(f"  {said}: {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
