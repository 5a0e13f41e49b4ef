# Reference MBL predictions for MblTest, computed directly with numpy/scikit-learn on the
# project's synthetic test data (test-data/global_visnir.csv, clay): library = rows 0..199,
# queries = rows 290..299, spectra rounded to float32 as Spectral CNN holds them.
# Neighbours by (a) correlation, (b) Mahalanobis distance in the scores of a 20-component global
# PLS model; local fit: resemble's weighted-average PLS (1/(RMSE_a |p_a|)), 3..10 components.
# Run: /usr/bin/python3 src/test/python/make_mbl_fixture.py > src/test/resources/fixtures/plsr/mbl_synthetic.json
import json, numpy as np, pandas as pd
from sklearn.cross_decomposition import PLSRegression
t = pd.read_csv("test-data/global_visnir.csv")
num = [c for c in t.columns if c.replace(".", "", 1).isdigit()]
X = t[num].to_numpy(np.float32).astype(float); y = t["clay"].to_numpy(float)
lib, qry = np.arange(200), np.arange(290, 300)
K, LO, HI = 40, 3, 10
def wapls(Xr, yr, xq):
    hi = min(HI, len(yr) - 2); num = den = 0.0
    for a in range(LO, hi + 1):
        m = PLSRegression(n_components=a, scale=False).fit(Xr, yr)
        rmse = np.sqrt(np.mean((yr - m.predict(Xr).ravel()) ** 2))
        w = 1 / (rmse * np.linalg.norm(m.x_loadings_[:, -1]) + 1e-12)
        num += w * m.predict(xq[None]).ravel()[0]; den += w
    return num / den
out = {"library_rows": [int(i) for i in lib], "query_rows": [int(i) for i in qry], "k": K,
       "min_components": LO, "max_components": HI, "score_components": 20}
Xl, yl = X[lib], y[lib]
C = (Xl - Xl.mean(1, keepdims=True)); C /= np.linalg.norm(C, axis=1, keepdims=True)
g = PLSRegression(n_components=20, scale=False).fit(Xl, yl)
T = (Xl - g._x_mean) @ g.x_rotations_; sd = T.std(0, ddof=1)
for name in ("correlation", "pls"):
    preds, nbs = [], []
    for q in qry:
        if name == "correlation":
            c = X[q] - X[q].mean(); c /= np.linalg.norm(c); d = 1 - C @ c
        else:
            tq = (X[q] - g._x_mean) @ g.x_rotations_; d = (((T - tq) / sd) ** 2).sum(1)
        idx = np.argsort(d, kind="stable")[:K]
        nbs.append(sorted(int(i) for i in idx)); preds.append(float(wapls(Xl[idx], yl[idx], X[q])))
    out[name] = {"neighbours": nbs, "predictions": preds}
print(json.dumps(out, indent=1))
