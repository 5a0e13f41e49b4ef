"""Reference outputs of scipy / numpy / scikit-learn for the preprocessing and spectrogram tests.

The tests run it (org.spectralcnn.testdata.References) into target/references/processing/:
the references are computed from ../shared/data, which stays outside the project, so none of
them is committed. By hand, from the project root:

    OMP_NUM_THREADS=2 /usr/bin/python3 src/test/python/make_fixtures.py \
        --nirsoil ../shared/data/nirsoil/nirsoil.csv.gz --out target/references/processing

Inputs are the spectra as the plugin holds them, float32, taken to float64 before every
reference computation, so each fixture is the exact float64 result rounded once to float32.
Only outputs are stored (and a small synthetic spectrum): the tests read the NIRsoil rows
named in fixtures.json from ../shared/data. Every array is little-endian float32 in
<name>.bin, row-major, with its shape and the call that made it in fixtures.json.
Versions used: recorded in fixtures.json.
"""
import argparse
import json
from pathlib import Path

import numpy as np
import pandas as pd
import scipy
import sklearn
from scipy.signal import detrend, savgol_filter, spectrogram
from sklearn.preprocessing import MinMaxScaler

ROOT = Path.cwd()
NIRSOIL = ROOT.parent / "shared" / "data" / "nirsoil" / "nirsoil.csv.gz"
OUT = ROOT / "target" / "references" / "processing"  # --out

ROWS = list(range(0, 820, 41))  # 20 NIRsoil rows spread over the file
PRE_ROWS = 8  # preprocessing fixtures use the first 8 of them
FIT_ROWS = 6  # learned steps are fitted on the first 6 and applied to all 8
SCIPY_WINDOW = {"hann": "hann", "hamming": "hamming", "blackman": "blackman", "rectangular": "boxcar"}


def save(name, array):
    a = np.ascontiguousarray(array, dtype="<f4")
    a.tofile(OUT / (name + ".bin"))
    return list(a.shape)


def snv(x):
    return (x - x.mean(axis=1, keepdims=True)) / x.std(axis=1, ddof=1, keepdims=True)


def msc(x, reference):
    out = np.empty_like(x)
    for i, row in enumerate(x):
        b, a = np.polyfit(reference, row, 1)
        out[i] = (row - a) / b
    return out


def sg(window, poly, deriv):
    return lambda x: savgol_filter(x, window, poly, deriv=deriv, mode="interp", axis=1)


def regular_axis(axis):
    """The output axis as first value, step and number of points (all fixture axes are regular)."""
    step = float(axis[1] - axis[0])
    assert np.allclose(np.diff(axis), step)
    return {"first": float(axis[0]), "step": step, "points": int(axis.size)}


def preprocessing_fixtures(x, wl):
    """x: float64 of the float32 spectra (8 rows), wl: wavelengths."""
    cal = x[:FIT_ROWS]
    msc_ref = cal.mean(axis=0)
    trim = (wl >= 1200) & (wl <= 2400)
    new_wl = np.arange(1101, 2497 + 1e-9, 3.0)
    bins = len(wl) // 3
    cases = [
        ("absorbance", "absorbance", lambda: np.log10(1 / x), wl, "np.log10(1 / x)"),
        ("snv", "snv", lambda: snv(x), wl, "(x - mean) / std(ddof=1) per row"),
        ("msc", "msc", lambda: msc(x, msc_ref), wl,
         "b, a = np.polyfit(x[:6].mean(0), row, 1); (row - a) / b"),
        ("sg_11_2_1", "sg(11,2,1)", lambda: sg(11, 2, 1)(x), wl, "savgol_filter(x, 11, 2, deriv=1, mode='interp')"),
        ("sg_15_3_0", "sg(15,3,0)", lambda: sg(15, 3, 0)(x), wl, "savgol_filter(x, 15, 3, deriv=0, mode='interp')"),
        ("sg_7_2_2", "sg(7,2,2)", lambda: sg(7, 2, 2)(x), wl, "savgol_filter(x, 7, 2, deriv=2, mode='interp')"),
        ("detrend", "detrend", lambda: detrend(x, type="linear", axis=1), wl, "scipy.signal.detrend(x, type='linear')"),
        ("trim", "trim(1200,2400)", lambda: x[:, trim], wl[trim], "x[:, (wl >= 1200) & (wl <= 2400)]"),
        ("resample", "resample(1101,2497,3)", lambda: np.array([np.interp(new_wl, wl, r) for r in x]), new_wl,
         "np.interp(np.arange(1101, 2498, 3), wl, row)"),
        ("binning", "binning(3)", lambda: x[:, :bins * 3].reshape(len(x), bins, 3).mean(axis=2),
         wl[:bins * 3].reshape(bins, 3).mean(axis=1), "mean of each 3 points, last point dropped"),
        ("minmax", "minmax", lambda: MinMaxScaler().fit(cal).transform(x), wl, "MinMaxScaler().fit(x[:6]).transform(x)"),
        ("chain", "msc, sg(11,2,1), snv", lambda: snv(sg(11, 2, 1)(msc(x, msc_ref))), wl,
         "snv(savgol_filter(msc(x), 11, 2, deriv=1, mode='interp'))"),
    ]
    out = []
    for name, steps, fn, axis, call in cases:
        fixture = "pre_" + name
        out.append({"name": fixture, "steps": steps, "rows": PRE_ROWS, "fit_rows": FIT_ROWS,
                    "shape": save(fixture, fn()), "axis": regular_axis(axis), "reference": call})
    return out


def spectrogram_reference(x, window_size, hop, window, detrend_type, scaling):
    common = dict(fs=1.0, window=SCIPY_WINDOW[window], nperseg=window_size, noverlap=window_size - hop,
                  detrend=False if detrend_type == "none" else detrend_type, scaling="density", axis=-1)
    if scaling == "magnitude":
        return spectrogram(x, mode="magnitude", **common)[2]
    psd = spectrogram(x, mode="psd", **common)[2]
    if scaling == "psd":
        return psd
    positive = psd > 0
    out = np.zeros_like(psd)
    out[positive] = np.log(psd[positive]) if scaling == "log_psd" else 10 * np.log10(psd[positive])
    return out


def spectrogram_fixtures(x20, synthetic):
    cases = [  # name, input, rows, window_size, hop, window, detrend, scaling
        ("stft_nirsoil_psd", "nirsoil", 20, 100, 50, "hann", "constant", "psd"),
        ("stft_hamming_linear_magnitude", "nirsoil", 3, 100, 50, "hamming", "linear", "magnitude"),
        ("stft_blackman_none_db", "nirsoil", 3, 64, 16, "blackman", "none", "db"),
        ("stft_rectangular_constant_log_psd", "nirsoil", 3, 128, 32, "rectangular", "constant", "log_psd"),
        ("stft_odd_window_psd", "nirsoil", 3, 63, 20, "hann", "constant", "psd"),
        ("stft_odd_window_linear_log_psd", "nirsoil", 3, 101, 37, "hann", "linear", "log_psd"),
        ("stft_synthetic_psd", "synthetic", 1, 100, 50, "hann", "constant", "psd"),
    ]
    out = []
    for name, source, rows, w, h, window, dt, scaling in cases:
        x = synthetic[None, :] if source == "synthetic" else x20[:rows]
        s = spectrogram_reference(x, w, h, window, dt, scaling)
        out.append({"name": name, "input": source, "rows": rows, "window_size": w, "hop": h, "window": window,
                    "detrend": dt, "scaling": scaling, "shape": save(name, s),
                    "reference": f"scipy.signal.spectrogram(x, fs=1, window='{SCIPY_WINDOW[window]}', nperseg={w}, "
                                 f"noverlap={w - h}, detrend={dt!r}, scaling='density', mode="
                                 f"{'magnitude' if scaling == 'magnitude' else 'psd'})"
                                 + ("" if scaling in ("psd", "magnitude") else f" then {scaling} where psd > 0")})
    return out


def synthetic_spectrum():
    """2151 points (an odd length, as a 350-2500 nm 1 nm vis-NIR spectrum): smooth baseline,
    two bands and a little noise."""
    j = np.arange(2151)
    rng = np.random.default_rng(42)
    x = (0.35 + 0.1 * np.sin(2 * np.pi * j / 900) + 0.04 * np.exp(-((j - 1064) / 25.0) ** 2)
         - 0.06 * np.exp(-((j - 1564) / 40.0) ** 2) + 0.002 * rng.standard_normal(j.size))
    return x.astype(np.float32)


def main():
    global OUT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nirsoil", default=str(NIRSOIL))
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args()
    OUT = Path(args.out)
    OUT.mkdir(parents=True, exist_ok=True)
    df = pd.read_csv(args.nirsoil)
    wl_cols = [c for c in df.columns if c.replace(".", "", 1).isdigit()]
    wl = np.array([float(c) for c in wl_cols])
    x32 = df[wl_cols].to_numpy(dtype=np.float64)[ROWS].astype(np.float32)
    x = x32.astype(np.float64)
    synthetic32 = synthetic_spectrum()
    save("synthetic_input", synthetic32)
    index = {
        "made_by": "src/test/python/make_fixtures.py",
        "versions": {"numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__},
        "nirsoil": {"file": "nirsoil/nirsoil.csv.gz", "rows": ROWS, "ids": [str(v) for v in df["id"].to_numpy()[ROWS]]},
        "synthetic_input": {"name": "synthetic_input", "shape": [int(synthetic32.size)],
                            "made_by": "synthetic_spectrum() in make_fixtures.py"},
        "preprocessing": preprocessing_fixtures(x[:PRE_ROWS], wl),
        "spectrograms": spectrogram_fixtures(x, synthetic32.astype(np.float64)),
    }
    (OUT / "fixtures.json").write_text(json.dumps(index, indent=1) + "\n")
    total = sum(p.stat().st_size for p in OUT.iterdir())
    print(f"wrote {len(list(OUT.iterdir()))} files, {total / 1024:.0f} KiB, to {OUT}")


if __name__ == "__main__":
    main()
