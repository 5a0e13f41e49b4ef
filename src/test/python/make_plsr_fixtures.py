"""Reference numbers for the Java PLSR tests, computed with scikit-learn.

Writes small JSON files to src/test/resources/fixtures/plsr/ (run from the project root):

    OMP_NUM_THREADS=2 /usr/bin/python3 src/test/python/make_plsr_fixtures.py

and, with --nirsoil-out, only the NIRsoil references, which are computed from ../shared/data and
therefore not committed: the tests run it (org.spectralcnn.testdata.References) into
target/references/plsr/:

    OMP_NUM_THREADS=2 /usr/bin/python3 src/test/python/make_plsr_fixtures.py \
        --nirsoil ../shared/data/nirsoil/nirsoil.csv.gz --nirsoil-out target/references/plsr

Spectra are rounded to float32 first, because Spectral CNN holds spectra as float32: both sides
then fit exactly the same numbers. The spectra themselves are not written (the shared data stays
outside the project); the Java tests read them from ../shared/data.

Written with numpy 1.24.2, scipy 1.10.1, scikit-learn 1.2.1, pandas 1.5.3 (Debian 12).

Files:
Committed:
- kfold.json: fold of every sample from KFold(n_splits, shuffle=True, random_state=seed)
  for a few (n, folds, seed).
- synthetic.json: test-data/soil_visnir.csv (in the project), PLS1 predictions for k = 1..10
  on the test rows (train == 0), clay and soc, centred and scaled, and the RMSECV curve (5 folds,
  seed 3) with the peer protocol (cross_val_predict for each k).
Made at test time (--nirsoil-out):
- nirsoil_raw.json, nirsoil_sg1snv.json: NIRsoil official split, per target, predictions of the
  test rows for a few k, the coefficients of one k, and the RMSECV curve of the peer protocol
  (../shared/peers/common.py pls_select_components: 10 shuffled folds, seed 0, k = 1..30),
  with the chosen k and the test RMSEP of the refit.
"""
import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "2")

import numpy as np
import pandas as pd
import sklearn
from scipy.signal import savgol_filter
from sklearn.cross_decomposition import PLSRegression
from sklearn.model_selection import KFold, cross_val_predict

ROOT = Path(__file__).resolve().parents[3]
OUT = ROOT / "src" / "test" / "resources" / "fixtures" / "plsr"
NIRSOIL = ROOT.parent / "shared" / "data" / "nirsoil" / "nirsoil.csv.gz"
TARGETS = ["Nt", "Ciso", "CEC"]


def spectral_columns(df):
    cols = []
    for c in df.columns:
        try:
            float(c)
        except ValueError:
            continue
        cols.append(c)
    return cols


def load(path):
    df = pd.read_csv(path, float_precision="round_trip")
    cols = spectral_columns(df)
    X = df[cols].to_numpy(dtype=np.float64).astype(np.float32).astype(np.float64)
    return df, X


def snv(X):
    return (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, ddof=1, keepdims=True)


def sg1_snv(X):
    d1 = savgol_filter(X, window_length=11, polyorder=2, deriv=1, axis=1)
    # Spectral CNN stores preprocessed spectra as float32 as well
    return snv(d1).astype(np.float32).astype(np.float64)


def rmsecv_curve(X, y, max_k, folds, seed, scale):
    cv = KFold(n_splits=folds, shuffle=True, random_state=seed)
    out = []
    for k in range(1, max_k + 1):
        pred = cross_val_predict(PLSRegression(n_components=k, scale=scale), X, y, cv=cv)
        out.append(float(np.sqrt(np.mean((pred.ravel() - y) ** 2))))
    return out


def coefficients(model):
    """Coefficients on the original spectra: y = intercept + x . beta."""
    beta = (model.x_rotations_ @ model.y_loadings_.T).ravel() * model._y_std[0] / model._x_std
    intercept = float(model._y_mean[0] - model._x_mean @ beta)
    return [float(v) for v in beta], intercept


def kfold_fixture():
    cases = []
    for n, folds, seed in [(485, 10, 0), (548, 10, 0), (334, 10, 0), (13, 4, 42), (150, 5, 3),
                           (1000, 7, 4294967295)]:
        fold = np.empty(n, dtype=int)
        for f, (_, test) in enumerate(KFold(folds, shuffle=True, random_state=seed).split(np.zeros(n))):
            fold[test] = f
        cases.append({"n": n, "folds": folds, "seed": seed, "fold": fold.tolist()})
    return {"cases": cases}


def synthetic_fixture():
    df, X = load(ROOT / "test-data" / "soil_visnir.csv")
    train = df["train"].to_numpy() == 1
    out = {"file": "test-data/soil_visnir.csv", "scale": True, "folds": 5, "seed": 3, "targets": {}}
    for target in ["clay", "soc"]:
        y = df[target].to_numpy(dtype=np.float64)
        has = ~np.isnan(y)
        cal, test = train & has, ~train & has
        preds = {}
        for k in range(1, 11):
            m = PLSRegression(n_components=k, scale=True).fit(X[cal], y[cal])
            preds[str(k)] = [float(v) for v in m.predict(X[test]).ravel()]
        beta, intercept = coefficients(PLSRegression(n_components=4, scale=True).fit(X[cal], y[cal]))
        out["targets"][target] = {
            "test_ids": df["id"][test].astype(str).tolist(),
            "predictions": preds,
            "coefficients_k": 4, "coefficients": beta, "intercept": intercept,
            "rmsecv": rmsecv_curve(X[cal], y[cal], 10, 5, 3, True),
        }
    return out


def nirsoil_fixture(df, X, name, ks, coef_k):
    train = df["train"].to_numpy() == 1
    out = {"preprocessing": name, "scale": False, "folds": 10, "seed": 0, "targets": {}}
    for target in TARGETS:
        y = df[target].to_numpy(dtype=np.float64)
        has = ~np.isnan(y)
        cal, test = train & has, ~train & has
        preds = {}
        for k in ks:
            m = PLSRegression(n_components=k, scale=False).fit(X[cal], y[cal])
            preds[str(k)] = [float(v) for v in m.predict(X[test]).ravel()]
        beta, intercept = coefficients(PLSRegression(n_components=coef_k, scale=False).fit(X[cal], y[cal]))
        curve = rmsecv_curve(X[cal], y[cal], 30, 10, 0, False)
        best = int(np.argmin(curve)) + 1
        pred = PLSRegression(n_components=best, scale=False).fit(X[cal], y[cal]).predict(X[test]).ravel()
        out["targets"][target] = {
            "test_ids": df["id"][test].astype(str).tolist(),
            "predictions": preds,
            "coefficients_k": coef_k, "coefficients": beta, "intercept": intercept,
            "rmsecv": curve, "chosen": best,
            "rmsep": float(np.sqrt(np.mean((pred - y[test]) ** 2))),
        }
        print(name, target, "chosen", best, "RMSECV", round(curve[best - 1], 4), "RMSEP",
              round(out["targets"][target]["rmsep"], 4), flush=True)
    return out


def write(name, obj, out=OUT):
    obj = {"generator": "src/test/python/make_plsr_fixtures.py",
           "versions": {"numpy": np.__version__, "sklearn": sklearn.__version__,
                        "pandas": pd.__version__, "python": sys.version.split()[0]},
           **obj}
    with open(out / name, "w") as f:
        json.dump(obj, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", out / name, (out / name).stat().st_size, "bytes")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nirsoil", default=str(NIRSOIL))
    parser.add_argument("--nirsoil-out", help="write only the NIRsoil references, into this folder")
    args = parser.parse_args()
    if args.nirsoil_out is None:
        OUT.mkdir(parents=True, exist_ok=True)
        write("kfold.json", kfold_fixture())
        write("synthetic.json", synthetic_fixture())
        return
    out = Path(args.nirsoil_out)
    out.mkdir(parents=True, exist_ok=True)
    df, X = load(args.nirsoil)
    write("nirsoil_raw.json", nirsoil_fixture(df, X, "raw", [1, 5, 15, 30], 15), out)
    write("nirsoil_sg1snv.json", nirsoil_fixture(df, sg1_snv(X), "sg(11,2,1), snv", [1, 12, 30], 22),
          out)


if __name__ == "__main__":
    main()
