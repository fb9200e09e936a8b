"""Benchmark: generate a large catalogue, build it, print the figures.

    .venv/bin/python benchmarks/run.py [--courses 1000] [--sessions-per-course 4] [--repeat 3]

Figures are wall-clock seconds on this machine; compare runs on the same machine only.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import generate
from katalog.pipeline import BuildRequest, build

NOW = datetime.fromisoformat("2026-12-01T09:00:00+07:00")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--courses", type=int, default=1000)
    parser.add_argument("--sessions-per-course", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="katalog-bench-") as scratch:
        site = generate(Path(scratch) / "site", args.courses, args.sessions_per_course)
        output = Path(scratch) / "public"
        totals, last = [], None
        for _ in range(args.repeat):
            began = time.perf_counter()
            last = build(BuildRequest(site_dir=site, output=output, now=NOW))
            totals.append(time.perf_counter() - began)
        assert last is not None
        files = [p for p in output.rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"catalogue: {args.courses} courses ({args.courses - args.courses // 10} also in English), "
              f"{len(last.site.sessions)} sessions")
        print(f"output: {len(last.pages)} HTML pages, {len(files)} files, {size / 1e6:.1f} MB")
        print(f"full build: median {statistics.median(totals):.2f} s, best {min(totals):.2f} s "
              f"over {args.repeat} runs ({len(last.pages) / statistics.median(totals):.0f} pages/s)")
        print("last build by stage:")
        for stage, seconds in last.stopwatch.seconds.items():
            print(f"  {stage:<28} {seconds:6.2f} s")
        print(f"peak memory: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
