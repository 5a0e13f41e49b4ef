"""scikit-learn side of the PLSR speed benchmark (run by PlsrBenchmark.java, or by hand).

Times, on NIRsoil's official calibration set, for the three targets (Nt, Ciso, CEC; samples
with the target missing dropped):
  peer   - the peer's exact protocol (../shared/peers/common.py): pls_select_components
           (cross_val_predict with PLSRegression(k, scale=False) for each k = 1..30 over
           KFold(10, shuffle=True, random_state=0)), then the refit with the chosen k;
  onefit - a faster scikit-learn variant: one PLSRegression(30) fit per fold, the
           predictions of every k from its x_rotations_ and y_loadings_, then the refit.
Data loading and preprocessing are outside the timed region. Reports wall time and process CPU
time (all threads; less sensitive to other jobs on a shared machine). Prints one JSON object.

Usage: OMP_NUM_THREADS=2 /usr/bin/python3 benchmarks/plsr_peer.py [--reps 3] [--preprocessing raw]
"""
import os

os.environ.setdefault("OMP_NUM_THREADS", "2")

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

PEERS = Path(__file__).resolve().parents[1].parent / "shared" / "peers"


def onefit_select(X, y, max_k=30, folds=10, seed=0):
    from sklearn.cross_decomposition import PLSRegression
    from sklearn.model_selection import KFold

    pred = np.empty((len(y), max_k))
    for train, test in KFold(folds, shuffle=True, random_state=seed).split(X):
        m = PLSRegression(n_components=max_k, scale=False).fit(X[train], y[train])
        scores = (X[test] - m._x_mean) @ m.x_rotations_  # n_test x K
        pred[test] = m._y_mean[0] + np.cumsum(scores * m.y_loadings_[0], axis=1)
    rmsecv = np.sqrt(np.mean((pred - y[:, None]) ** 2, axis=0))
    return int(np.argmin(rmsecv)) + 1, rmsecv


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=None, help="nirsoil.csv.gz (default: the peers' path)")
    parser.add_argument("--peers", default=str(PEERS))
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--preprocessing", default="raw", choices=["raw", "SNV", "SG1(11,2)+SNV"])
    args = parser.parse_args()
    sys.path.insert(0, args.peers)
    import common
    import sklearn

    X, Y, is_train, _ = common.load_nirsoil(args.data or common.NIRSOIL_CSV)
    X = common.PREPROCESSINGS[args.preprocessing](X)
    sets = []
    for t, target in enumerate(common.NIRSOIL_TARGETS):
        y = Y[:, t]
        cal = is_train & ~np.isnan(y)
        test = ~is_train & ~np.isnan(y)
        sets.append((target, X[cal], y[cal], X[test]))

    def peer():
        out = {}
        for target, Xc, yc, Xt in sets:
            k, curve = common.pls_select_components(Xc, yc, 30, 10, 0)
            common.pls_fit_predict(Xc, yc, Xt, k)
            out[target] = k
        return out

    def onefit():
        from sklearn.cross_decomposition import PLSRegression
        out = {}
        for target, Xc, yc, Xt in sets:
            k, curve = onefit_select(Xc, yc)
            PLSRegression(n_components=k, scale=False).fit(Xc, yc).predict(Xt)
            out[target] = k
        return out

    result = {"sklearn": sklearn.__version__, "numpy": np.__version__,
              "threads": os.environ.get("OMP_NUM_THREADS"), "preprocessing": args.preprocessing,
              "reps": args.reps}
    for name, fn in (("peer", peer), ("onefit", onefit)):
        times, cpu = [], []
        for _ in range(args.reps):
            t0, c0 = time.perf_counter(), time.process_time()
            chosen = fn()
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        result[name] = {"ms": times, "median_ms": float(np.median(times)), "cpu_ms": cpu,
                        "median_cpu_ms": float(np.median(cpu)), "chosen": chosen}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
