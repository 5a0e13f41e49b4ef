"""How far does a correctly calibrated 90 % interval's coverage scatter from one test split to the
next on NIRsoil? (docs/trusted-predictions.md, "One split is one draw").

PLSR as Train PLSR ships it (SG1(11,2)+SNV, latent variables 1..30 by lowest 10-fold RMSECV,
split conformal on the CV residuals: the ceil((n+1)·0.9)-th smallest |residual|). First the
official split (reproduces the shipped coverages), then N random splits of the same sizes
(618 calibration / 207 test before dropping missing targets): per split the coverage per target
and RMSEP/RMSECV; then per target the mean and SD of the coverage, the share of splits inside
0.87-0.93, and how many splits have all three targets inside.
Usage: OMP_NUM_THREADS=2 /usr/bin/python3 benchmarks/plsr_coverage_random_splits.py [N=20]
"""
import os
import sys

os.environ.setdefault("OMP_NUM_THREADS", "2")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "shared", "peers"))

import numpy as np  # noqa: E402
import common  # noqa: E402
from sklearn.cross_decomposition import PLSRegression  # noqa: E402
from sklearn.model_selection import KFold, cross_val_predict  # noqa: E402

LEVEL, LOW, HIGH = 0.9, 0.87, 0.93


def coverage(X, y, train, test):
    """(coverage, RMSEP, RMSECV) of split conformal PLSR for one target and one split."""
    tr, te = train & ~np.isnan(y), test & ~np.isnan(y)
    cv = KFold(10, shuffle=True, random_state=0)
    best = None
    for k in range(1, 31):
        p = cross_val_predict(PLSRegression(k, scale=False), X[tr], y[tr], cv=cv).ravel()
        rmsecv = np.sqrt(np.mean((p - y[tr]) ** 2))
        if best is None or rmsecv < best[0]:
            best = (rmsecv, k, np.abs(p - y[tr]))
    rmsecv, k, scores = best
    q = np.sort(scores)[int(np.ceil((len(scores) + 1) * LEVEL)) - 1]
    err = np.abs(PLSRegression(k, scale=False).fit(X[tr], y[tr]).predict(X[te]).ravel() - y[te])
    return np.mean(err <= q), np.sqrt(np.mean(err ** 2)), rmsecv


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    X, Y, is_train, _ = common.load_nirsoil(str(common.NIRSOIL_CSV))
    X = common.PREPROCESSINGS["SG1(11,2)+SNV"](X)
    names = common.NIRSOIL_TARGETS
    for t, name in enumerate(names):
        c, rmsep, rmsecv = coverage(X, Y[:, t], is_train, ~is_train)
        print(f"official split {name}: coverage {c:.3f}, RMSEP {rmsep:.3f}, RMSECV {rmsecv:.3f}")
    rng = np.random.default_rng(1)
    runs = []
    for s in range(n):
        train = np.zeros(len(X), bool)
        train[rng.permutation(len(X))[:is_train.sum()]] = True
        runs.append([coverage(X, Y[:, t], train, ~train) for t in range(len(names))])
        print(f"split {s}: " + ", ".join(f"{names[t]} {c:.3f} (RMSEP/RMSECV {r / cv:.2f})"
                                         for t, (c, r, cv) in enumerate(runs[-1])), flush=True)
    runs = np.array(runs)
    inside = (runs[:, :, 0] >= LOW) & (runs[:, :, 0] <= HIGH)
    for t, name in enumerate(names):
        c = runs[:, t, 0]
        print(f"{name}: coverage {c.mean():.3f} ± {c.std(ddof=1):.3f} (min {c.min():.3f}, max {c.max():.3f}), "
              f"inside {LOW}-{HIGH} in {inside[:, t].sum()}/{n} splits")
    print(f"all targets inside in {inside.all(axis=1).sum()}/{n} splits")


if __name__ == "__main__":
    main()
