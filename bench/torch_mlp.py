#!/usr/bin/env python3
"""Fashion-MNIST MLP with torch.optim.Adagrad, timed like MlpTimer: training examples/second
(forward + backward + step, no evaluation) and test accuracy after each epoch.

usage: torch_mlp.py HIDDEN(e.g. 256,128) EPOCHS THREADS [LR] [BATCH] [SEED]
prints: torch HIDDEN THREADS examples_per_s_median test_accuracy_per_epoch...
"""
import gzip
import statistics
import sys
import time

import numpy as np
import torch

hidden = [int(h) for h in sys.argv[1].split(",")]
epochs, threads = int(sys.argv[2]), int(sys.argv[3])
lr = float(sys.argv[4]) if len(sys.argv) > 4 else 0.05
batch = int(sys.argv[5]) if len(sys.argv) > 5 else 100
seed = int(sys.argv[6]) if len(sys.argv) > 6 else 42
torch.set_num_threads(threads)
torch.manual_seed(seed)
D = "/usr/share/datasets/fashion-mnist/"


def idx(name, offset):
    with gzip.open(D + name) as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


xtr = torch.tensor(idx("train-images-idx3-ubyte.gz", 16).reshape(-1, 784), dtype=torch.float32) / 255
ytr = torch.tensor(idx("train-labels-idx1-ubyte.gz", 8), dtype=torch.long)
xte = torch.tensor(idx("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 784), dtype=torch.float32) / 255
yte = torch.tensor(idx("t10k-labels-idx1-ubyte.gz", 8), dtype=torch.long)
layers, d = [], 784
for h in hidden:
    layers += [torch.nn.Linear(d, h), torch.nn.ReLU()]
    d = h
layers.append(torch.nn.Linear(d, 10))
model = torch.nn.Sequential(*layers)
opt = torch.optim.Adagrad(model.parameters(), lr=lr)
loss_fn = torch.nn.CrossEntropyLoss()
rates, accs = [], []
g = torch.Generator().manual_seed(seed)
for epoch in range(epochs):
    perm = torch.randperm(len(xtr), generator=g)
    t0 = time.perf_counter()
    for i in range(0, len(xtr), batch):
        idxs = perm[i:i + batch]
        opt.zero_grad()
        loss = loss_fn(model(xtr[idxs]), ytr[idxs])
        loss.backward()
        opt.step()
    rates.append(len(xtr) / (time.perf_counter() - t0))
    with torch.no_grad():
        accs.append((model(xte).argmax(1) == yte).float().mean().item())
print("torch %s %d %.0f %s" % (sys.argv[1], threads, statistics.median(rates), " ".join("%.4f" % a for a in accs)))
