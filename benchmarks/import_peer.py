#!/usr/bin/env python3
"""pandas peer of org.spectralcnn.benchmarks.ImportBenchmark.

Times pandas.read_csv on the same files with the same protocol as the Java side
(warm-up runs, then the median of N timed runs, wall clock per file) and prints
one JSON object on stdout. Run by ImportBenchmark; can also be run on its own:

    /usr/bin/python3 benchmarks/import_peer.py --warmup 3 --runs 10 FILE...
"""
import argparse
import json
import statistics
import sys
import time

import pandas as pd


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    results = []
    for path in args.files:
        for _ in range(args.warmup):
            pd.read_csv(path)
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            frame = pd.read_csv(path)
            times.append((time.perf_counter() - start) * 1000.0)
        results.append({
            "file": path,
            "rows": int(frame.shape[0]),
            "columns": int(frame.shape[1]),
            "median_ms": statistics.median(times),
            "runs_ms": times,
        })
    json.dump({"tool": "pandas " + pd.__version__,
               "python": sys.version.split()[0],
               "results": results}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
