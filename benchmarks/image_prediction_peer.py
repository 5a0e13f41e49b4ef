"""Python side of ImagePredictionBenchmark: a whole ENVI cube predicted pixel by pixel, timed.

Reads the benchmark's BIL float32 cube (np.memmap, blocks of lines: the cube is never read
whole), then for every pixel
  cnn   SNV -> z-score -> the peers' 1-D CNN (../shared/peers/cnn1d_nirsoil.CNN1D, untrained,
        eval mode, torch.no_grad, batches of 1024 pixels)
  plsr  (x - mean) @ coefficients + intercept with numpy (--components latent variables' worth
        of coefficients: one vector, as a fitted PLS1 model predicts)
and writes the map into a float32 array. Prints one JSON object on stdout: cnn_pixels_per_s,
plsr_pixels_per_s (end to end: read, preprocess, predict, store; after a warm-up), peak_rss_mib.

Run by ImagePredictionBenchmark: OMP_NUM_THREADS=2 /usr/bin/python3
benchmarks/image_prediction_peer.py cube.hdr --threads 2
"""
import argparse
import json
import os
import re
import resource
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "2")
SHARED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared")
sys.path.insert(0, os.path.join(os.environ.get("SPECTRALCNN_SHARED", SHARED), "peers"))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from cnn1d_nirsoil import CNN1D  # noqa: E402

BLOCK = 4096  # pixels read and preprocessed at a time (as ImagePrediction's blocks)
BATCH = 1024  # CNN batch: the fastest of 64, 256, 1024, 4096 here


def header(path):
    text = open(path).read()
    get = lambda k: int(re.search(r"^" + k + r"\s*=\s*(\d+)", text, re.M).group(1))  # noqa: E731
    return get("samples"), get("lines"), get("bands")


def run(cube, w, h, b, predict):
    out = np.empty((h, w), np.float32)
    lines = max(1, BLOCK // w)
    t0 = time.perf_counter()
    for y0 in range(0, h, lines):
        y1 = min(h, y0 + lines)
        x = np.ascontiguousarray(cube[y0:y1].transpose(0, 2, 1)).reshape(-1, b)  # BIL -> pixels
        out[y0:y1] = predict(x).reshape(y1 - y0, w)
    return w * h / (time.perf_counter() - t0)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("hdr")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--components", type=int, default=15)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    w, h, b = header(a.hdr)
    cube = np.memmap(a.hdr[:-4] + ".img", np.float32, "r", shape=(h, b, w))
    rng = np.random.default_rng(0)

    model = CNN1D(b, 1).eval()
    mean, sd = rng.random(b).astype(np.float32), (1 + rng.random(b)).astype(np.float32)

    def cnn(x):
        z = (x - x.mean(1, keepdims=True)) / x.std(1, ddof=1, keepdims=True)
        z = (z - mean) / sd
        t = torch.from_numpy(z[:, None, :].astype(np.float32))
        with torch.no_grad():
            return torch.cat([model(t[i:i + BATCH]) for i in range(0, len(t), BATCH)]).numpy()[:, 0]

    xm, coef, icpt = rng.random(b), rng.standard_normal(b), 30.0

    def plsr(x):
        return ((x - xm) @ coef + icpt).astype(np.float32)

    warm = cube[: max(1, 20000 // w)]
    run(warm, w, warm.shape[0], b, cnn)
    run(warm, w, warm.shape[0], b, plsr)
    result = {"cnn_pixels_per_s": run(cube, w, h, b, cnn),
              "plsr_pixels_per_s": run(cube, w, h, b, plsr),
              "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
