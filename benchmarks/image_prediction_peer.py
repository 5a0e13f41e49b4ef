"""Python side of ImagePredictionBenchmark: a whole ENVI cube predicted pixel by pixel, timed.

Reads the benchmark's BIL float32 cube block by block (np.memmap, 4096 pixels of whole lines
at a time, as ImagePrediction's blocks: the cube is never read whole), predicts every pixel and
stores the map in a float32 array in memory (neither side writes a file in the timed part):
  cnn        SNV -> z-score -> the peers' 1-D CNN (../shared/peers/cnn1d_nirsoil.CNN1D, untrained,
             eval mode, torch.no_grad, batches of 1024 pixels); the block is transposed to
             pixels x bands (the network's input)
  plsr       the fastest of two numpy forms of a PLS1 prediction with one coefficient vector
             (--components latent variables' worth, as a fitted model predicts):
               pixels: block transposed to pixels x bands, (x - mean) @ coef + intercept (float64)
               bands:  no transposition, coef @ block + b0 on the BIL block as stored (float32
                       coefficients: one sgemm; what Spectral CNN does, but in float32)
  read       the same blocks copied out of the file, nothing computed (the read's share)
Prints one JSON object on stdout: cnn_pixels_per_s, plsr_pixels_per_s (the faster form),
plsr_pixels_per_s_pixels, plsr_pixels_per_s_bands, read_pixels_per_s (each end to end over the
whole cube, a fresh mapping of the file each; the CNN one pass after a warm-up on a few lines,
PLSR and the read the median of --passes passes after a whole warm-up pass, as the Java side;
as [pixels per wall-clock second, pixels per CPU second of the process]), and peak_rss_mib.

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


def run(cube, w, h, b, predict, transpose=True):
    """Pixels/s of predict over every block; with transpose, blocks come as pixels x bands."""
    out = np.empty((h, w), np.float32)
    lines = max(1, BLOCK // w)
    t0, c0 = time.perf_counter(), time.process_time()
    for y0 in range(0, h, lines):
        y1 = min(h, y0 + lines)
        if transpose:
            x = np.ascontiguousarray(cube[y0:y1].transpose(0, 2, 1)).reshape(-1, b)  # BIL -> pixels
        else:
            x = cube[y0:y1]  # lines x bands x samples, as stored
        out[y0:y1] = predict(x).reshape(y1 - y0, w)
    # wall clock, and the process's CPU time (all its threads): the machine may be shared
    return w * h / (time.perf_counter() - t0), w * h / (time.process_time() - c0)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("hdr")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--components", type=int, default=15)
    p.add_argument("--no-cnn", action="store_true", help="PLSR and read only")
    p.add_argument("--passes", type=int, default=3,
                   help="PLSR and read: the median of this many passes after a whole warm-up pass")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    w, h, b = header(a.hdr)
    def opened():  # a fresh mapping per timed pass: each one reads the file (page cache)
        return np.memmap(a.hdr[:-4] + ".img", np.float32, "r", shape=(h, b, w))

    cube = opened()
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
    coef32, b0 = coef.astype(np.float32), np.float32(icpt - xm @ coef)

    def plsr_pixels(x):
        return ((x - xm) @ coef + icpt).astype(np.float32)

    def plsr_bands(x):
        return coef32 @ x + b0  # (lines, bands, samples) -> (lines, samples)

    def read(x):
        return np.array(x)[:, 0, :]  # the block copied out of the file, band 0 stored

    warm = cube[: max(1, 20000 // w)]
    if not a.no_cnn:
        run(warm, w, warm.shape[0], b, cnn)
    run(warm, w, warm.shape[0], b, plsr_pixels)
    run(warm, w, warm.shape[0], b, plsr_bands, False)
    del cube, warm

    def median(predict, transpose=True):  # [wall, CPU] of the pass with the median wall rate
        runs = [run(opened(), w, h, b, predict, transpose) for _ in range(a.passes + 1)][1:]
        return sorted(runs)[len(runs) // 2]

    result = {"plsr_pixels_per_s_pixels": median(plsr_pixels),
              "plsr_pixels_per_s_bands": median(plsr_bands, False),
              "read_pixels_per_s": median(read, False)}
    if not a.no_cnn:
        result["cnn_pixels_per_s"] = run(opened(), w, h, b, cnn)
    result["plsr_pixels_per_s"] = max(result["plsr_pixels_per_s_pixels"],
                                      result["plsr_pixels_per_s_bands"])
    # each value: [pixels per wall-clock second, pixels per CPU second]
    result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


if __name__ == "__main__":
    main()
