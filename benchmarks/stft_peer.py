#!/usr/bin/env python3
"""scipy peer of org.spectralcnn.benchmarks.StftBenchmark.

Times scipy.signal.spectrogram on float32 batches with the same protocol as the Java side
(warm-up runs, then the median of N timed runs of one call over the whole batch; wall clock and
process CPU time) and prints one JSON object on stdout. Run by StftBenchmark; can also be run on its own:

    OMP_NUM_THREADS=2 /usr/bin/python3 benchmarks/stft_peer.py --nirsoil ../shared/data/nirsoil/nirsoil.csv.gz
    OMP_NUM_THREADS=2 /usr/bin/python3 benchmarks/stft_peer.py --synthetic 20000x1050
"""
import os

os.environ.setdefault("OMP_NUM_THREADS", "2")

import argparse
import json
import statistics
import sys
import time

import numpy as np
import scipy
from scipy.signal import spectrogram


def spectra(args):
    if args.nirsoil:
        import pandas as pd
        frame = pd.read_csv(args.nirsoil)
        columns = [c for c in frame.columns if c.replace(".", "", 1).isdigit()]
        return "NIRsoil", frame[columns].to_numpy(dtype=np.float32)
    n, p = (int(v) for v in args.synthetic.split("x"))
    rng = np.random.default_rng(0)  # smooth random walks: only the shape matters for speed
    x = 0.5 + 0.01 * np.cumsum(rng.standard_normal((n, p), dtype=np.float32), axis=1) / np.sqrt(p / 100)
    return "synthetic", np.ascontiguousarray(x, dtype=np.float32)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--window", type=int, default=100)
    parser.add_argument("--hop", type=int, default=50)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--nirsoil", help="nirsoil.csv.gz")
    source.add_argument("--synthetic", help="NxP, e.g. 20000x1050")
    args = parser.parse_args()
    name, x = spectra(args)

    def run():
        return spectrogram(x, fs=1.0, window="hann", nperseg=args.window, noverlap=args.window - args.hop,
                           detrend="constant", scaling="density", mode="psd", axis=-1)[2]

    for _ in range(args.warmup):
        out = run()
    times, cpu_times = [], []
    for _ in range(args.runs):
        start, cpu_start = time.perf_counter(), time.process_time()
        out = run()
        times.append((time.perf_counter() - start) * 1000.0)
        cpu_times.append((time.process_time() - cpu_start) * 1000.0)
        del out
    median = statistics.median(times)
    cpu_median = statistics.median(cpu_times)
    json.dump({"tool": "scipy " + scipy.__version__ + " (numpy " + np.__version__ + ")",
               "python": sys.version.split()[0], "threads": os.environ["OMP_NUM_THREADS"],
               "batch": name, "rows": int(x.shape[0]), "points": int(x.shape[1]),
               "median_ms": median, "runs_ms": times, "spectra_per_s": x.shape[0] / median * 1000.0,
               "cpu_median_ms": cpu_median, "spectra_per_cpu_s": x.shape[0] / cpu_median * 1000.0,
               "loadavg": os.getloadavg()[0]}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
