#!/usr/bin/env python3
"""Sparse Adagrad steps on torch.nn.Embedding(rows, 64, sparse=True) weights, batches of 4096
power-law indices (row = floor(rows * u^3)), timed like SparseStepTimer; also the dense-gradient
step for reference.  usage: torch_sparse.py ROWS THREADS STEPS [sparse|dense] [fresh|cold]
fresh (default): each step's gradient is copied into place first, untimed, as backward leaves it
in cache; cold: the 16 pre-built gradients are used in turn.
prints: torch ROWS THREADS median_ms ns_per_touched_element"""
import statistics
import sys
import time

import torch

rows, threads, steps = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
dense = len(sys.argv) > 4 and sys.argv[4] == "dense"
fresh = len(sys.argv) <= 5 or sys.argv[5] == "fresh"
torch.set_num_threads(threads)
W, B = 64, 4096
g = torch.Generator().manual_seed(7)
table = torch.nn.Parameter(torch.rand(rows, W) * 2 - 1)
opt = torch.optim.Adagrad([table], lr=0.01)
batches = []
for _ in range(16):
    idx = torch.floor(rows * torch.rand(B, generator=g) ** 3).long().clamp_(max=rows - 1)
    vals = (torch.rand(B, W, generator=g) * 2 - 1) * 1e-3
    grad = torch.sparse_coo_tensor(idx.unsqueeze(0), vals, (rows, W))
    batches.append(grad.to_dense() if dense else grad)
touched = [len(torch.unique(b.coalesce()._indices())) if not dense else rows for b in batches]
with torch.no_grad():
    end = time.perf_counter() + 2.0
    i = 0
    while time.perf_counter() < end:
        table.grad = batches[i % 16]
        opt.step()
        i += 1
    ts, el = [], []
    for s in range(steps):
        grad = batches[i % 16]
        if fresh:
            grad = grad.clone()
        table.grad = grad
        t0 = time.perf_counter()
        opt.step()
        ts.append(time.perf_counter() - t0)
        el.append(touched[i % 16] * W)
        i += 1
m = statistics.median(ts)
print("torch%s %d %d %.4f %.3f" % ("-dense" if dense else "", rows, threads, m * 1e3, m * 1e9 / statistics.mean(el)))
