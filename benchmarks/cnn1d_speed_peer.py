"""PyTorch side of CnnSpeedBenchmark: the peers' 1-D CNN trained on NIRsoil, timed.

Same protocol as ../shared/peers/cnn1d_nirsoil.py (SG1(11,2)+SNV, z-score per wavelength from
the training part, masked MSE, Adam 1e-3, batch 32, 556 train / 62 validation of the 618
calibration samples) but a fixed number of epochs and no early stopping, so that both sides
time the same work. Prints one JSON object on stdout:

  train_samples_per_s_median   training samples / epoch wall time (forward, backward, Adam),
                               median over epochs
  model_batch1_ms              median forward pass of one prepared spectrum (200 runs)
  end_to_end_batch1_ms         raw spectrum -> SG+SNV -> z-score -> forward, one spectrum
  batched_per_sample_ms        forward pass of the 207 test spectra in one batch / 207
  peak_rss_mib                 peak resident set size of the process

Run from the project root (CnnSpeedBenchmark does): OMP_NUM_THREADS=2 /usr/bin/python3
benchmarks/cnn1d_speed_peer.py --epochs 10
"""
import argparse
import json
import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "2")
SHARED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared")
sys.path.insert(0, os.path.join(os.environ.get("SPECTRALCNN_SHARED", SHARED), "peers"))

import numpy as np  # noqa: E402
import torch  # noqa: E402

import cnn_common  # noqa: E402
import common  # noqa: E402
from cnn1d_nirsoil import CNN1D  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--data", default=str(common.NIRSOIL_CSV))
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    cnn_common.set_seeds(a.seed)

    X, Y, is_train, _ = common.load_nirsoil(a.data)
    prep = common.PREPROCESSINGS["SG1(11,2)+SNV"]
    cal, test = np.flatnonzero(is_train), np.flatnonzero(~is_train)
    tr_l, _ = cnn_common.split_calibration(len(cal), 0.1, 0)
    tr = cal[tr_l]
    Z = prep(X)
    xs = cnn_common.Standardiser().fit(Z[tr])
    ys = cnn_common.Standardiser().fit(Y[tr])
    Xtr, Ytr, Mtr = cnn_common.to_tensors(xs.transform(Z[tr])[:, None], ys.transform(Y[tr]))
    model = CNN1D(X.shape[1], Y.shape[1])
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    gen = torch.Generator().manual_seed(a.seed)
    per_epoch = []
    for _ in range(a.epochs):
        model.train()
        t = time.perf_counter()
        order = torch.randperm(len(Xtr), generator=gen)
        for i in range(0, len(order), 32):
            b = order[i:i + 32]
            opt.zero_grad()
            loss = cnn_common.masked_mse(model(Xtr[b]), Ytr[b], Mtr[b])
            loss.backward()
            opt.step()
        per_epoch.append(len(Xtr) / (time.perf_counter() - t))
    lat = cnn_common.inference_latency(model, prep, xs, X[test])
    out = {
        "library": "pytorch " + torch.__version__,
        "threads": torch.get_num_threads(),
        "n_train": int(len(tr)),
        "epochs": a.epochs,
        "train_samples_per_s": per_epoch,
        "train_samples_per_s_median": float(np.median(per_epoch)),
        "model_batch1_ms": lat["model_batch1_ms"],
        "end_to_end_batch1_ms": lat["end_to_end_batch1_ms"],
        "batched_per_sample_ms": lat["batched_per_sample_ms"],
        "batched_n": lat["batched_n"],
        "peak_rss_mib": common.peak_rss_mib(),
        "parameters": int(sum(q.numel() for q in model.parameters())),
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
