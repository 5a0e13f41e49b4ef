"""Which conformal variant could bring PLSR's 90 % intervals closer to their level on NIRsoil's
official split? (docs/trusted-predictions.md, "Why PLSR Ciso over-covers").

Same protocol as Train PLSR: SG1(11,2)+SNV, latent variables by lowest RMSECV (10-fold
KFold(shuffle=True, random_state=0), 1..30), scores = the CV residuals. For each target it
prints RMSECV and test RMSEP, then coverage / mean width on the 207 test samples of:
  split     - |y - y^| quantile (what Spectral CNN ships; equals its Java figures)
  cv+       - CV+ with the 10 fold models (Barber et al. 2021)
  knn       - normalised by the mean CV residual of the 20 nearest calibration samples in PLS
              score space, plus their median (locally weighted)
  mondrian3 - one quantile per tercile of the predicted value
  linear    - normalised by a linear fit of |residual| on |y^|, and its in-sample width
Usage: OMP_NUM_THREADS=2 /usr/bin/python3 benchmarks/plsr_interval_variants.py
"""
import os
import sys

os.environ.setdefault("OMP_NUM_THREADS", "2")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "shared", "peers"))

import numpy as np  # noqa: E402
import common  # noqa: E402
from sklearn.cross_decomposition import PLSRegression  # noqa: E402
from sklearn.model_selection import KFold, cross_val_predict  # noqa: E402
from sklearn.neighbors import NearestNeighbors  # noqa: E402

C = 0.9


def quantile(scores):
    n = len(scores)
    k = int(np.ceil((n + 1) * C - 1e-9))
    return np.inf if k > n else np.sort(scores)[k - 1]


def main():
    X, Y, is_train, _ = common.load_nirsoil()
    Xp = common.PREPROCESSINGS["SG1(11,2)+SNV"](X)
    for t, name in enumerate(common.NIRSOIL_TARGETS):
        y = Y[:, t]
        ok = ~np.isnan(y)
        tr, te = is_train & ok, ~is_train & ok
        Xt, yt, Xs, ys = Xp[tr], y[tr], Xp[te], y[te]
        k, _ = common.pls_select_components(Xt, yt, 30, 10, 0)
        folds = list(KFold(10, shuffle=True, random_state=0).split(Xt))
        cvp = cross_val_predict(PLSRegression(k, scale=False), Xt, yt, cv=folds).ravel()
        R = np.abs(yt - cvp)
        full = PLSRegression(k, scale=False).fit(Xt, yt)
        pt = full.predict(Xs).ravel()
        row = [f"{name}: {k} LVs, RMSECV {np.sqrt(np.mean(R ** 2)):.3f}, "
               f"RMSEP {np.sqrt(np.mean((ys - pt) ** 2)):.3f}"]

        def report(label, lo, hi):
            row.append(f"{label} {np.mean((ys >= lo) & (ys <= hi)):.3f}/{np.mean(hi - lo):.3f}")

        q = quantile(R)
        report("split", pt - q, pt + q)
        # CV+: candidates mu_k(x) +- R_i over the fold k that left sample i out
        fold_of = np.empty(len(yt), int)
        preds = []
        for f, (a, b) in enumerate(folds):
            fold_of[b] = f
            preds.append(PLSRegression(k, scale=False).fit(Xt[a], yt[a]).predict(Xs).ravel())
        F = np.array(preds)[fold_of]
        r = int(np.ceil((len(R) + 1) * C))
        report("cv+", -np.sort(-(F - R[:, None]), axis=0)[r - 1], np.sort(F + R[:, None], axis=0)[r - 1])
        T, Ts = full.transform(Xt), full.transform(Xs)
        nn = NearestNeighbors(n_neighbors=21).fit(T)
        sig = np.array([R[i[1:]].mean() for i in nn.kneighbors(T)[1]])
        sigs = np.array([R[i].mean() for i in nn.kneighbors(Ts, n_neighbors=20)[1]])
        beta = np.median(sig)
        qn = quantile(R / (sig + beta))
        report("knn", pt - qn * (sigs + beta), pt + qn * (sigs + beta))
        edges = np.quantile(cvp, [1 / 3, 2 / 3])
        qb = np.array([quantile(R[np.digitize(cvp, edges) == b]) for b in range(3)])
        h = qb[np.digitize(pt, edges)]
        report("mondrian3", pt - h, pt + h)
        A = np.c_[np.ones_like(cvp), np.abs(cvp)]
        coef = np.linalg.lstsq(A, R, rcond=None)[0]
        s = np.maximum(A @ coef, 1e-3 * R.mean())
        st = np.maximum(np.c_[np.ones_like(pt), np.abs(pt)] @ coef, 1e-3 * R.mean())
        ql = quantile(R / s)
        report("linear", pt - ql * st, pt + ql * st)
        row.append(f"(linear in-sample width {np.mean(2 * ql * s):.3f} vs split {2 * q:.3f})")
        print("  ".join(row), flush=True)


if __name__ == "__main__":
    main()
