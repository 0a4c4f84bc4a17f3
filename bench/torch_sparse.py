#!/usr/bin/env python3
"""Sparse Adagrad steps on torch.nn.Embedding(rows, 64, sparse=True) weights, batches of 4096
power-law indices (row = floor(rows * u^3)), timed like SparseStepTimer.
usage: torch_sparse.py ROWS THREADS STEPS [sparse|dense|fbs] [fresh|cold]
  sparse: the optimizer step on a sparse gradient; dense: the same gradient made dense (what not
  being sparse costs); fbs: a whole training step (lookup, MSE against zeros, backward, step).
  fresh (default): each step's gradient is copied into place first, untimed, as backward leaves it
  in cache; cold: the 16 pre-built gradients are used in turn.
prints: torch ROWS THREADS median_ms ns_per_touched_element"""
import statistics
import sys
import time

import torch

rows, threads, steps = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
kind = sys.argv[4] if len(sys.argv) > 4 else "sparse"
fresh = len(sys.argv) <= 5 or sys.argv[5] == "fresh"
torch.set_num_threads(threads)
W, B = 64, 4096
g = torch.Generator().manual_seed(7)
emb = torch.nn.Embedding(rows, W, sparse=True)
table = emb.weight
opt = torch.optim.Adagrad([table], lr=0.01)
target = torch.zeros(B, W)
indices, batches = [], []
for _ in range(16):
    idx = torch.floor(rows * torch.rand(B, generator=g) ** 3).long().clamp_(max=rows - 1)
    vals = (torch.rand(B, W, generator=g) * 2 - 1) * 1e-3
    grad = torch.sparse_coo_tensor(idx.unsqueeze(0), vals, (rows, W))
    indices.append(idx)
    batches.append(grad.to_dense() if kind == "dense" else grad)
touched = [len(torch.unique(i)) for i in indices] if kind != "dense" else [rows] * 16


def step(i):
    if kind == "fbs":
        opt.zero_grad()
        torch.nn.functional.mse_loss(emb(indices[i % 16]), target).backward()
        opt.step()
    else:
        opt.step()


def prepare(i):
    if kind != "fbs":
        table.grad = batches[i % 16].clone() if fresh else batches[i % 16]


end = time.perf_counter() + 2.0
i = 0
while time.perf_counter() < end:
    prepare(i)
    step(i)
    i += 1
ts, el = [], []
for s in range(steps):
    prepare(i)
    t0 = time.perf_counter()
    step(i)
    ts.append(time.perf_counter() - t0)
    el.append(touched[i % 16] * W)
    i += 1
m = statistics.median(ts)
print("torch%s %d %d %.4f %.3f" % ("" if kind == "sparse" else "-" + kind, rows, threads, m * 1e3, m * 1e9 / statistics.mean(el)))
