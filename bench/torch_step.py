#!/usr/bin/env python3
"""Times dense torch.optim steps like StepTimer does: same data shape, warm-up, median of single steps.

usage: torch_step.py RULE SIZE THREADS STEPS [foreach]
prints: RULE SIZE THREADS median_ms ns_per_element
"""
import statistics
import sys
import time

import torch

rule, size, threads, steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
foreach = len(sys.argv) > 5 and sys.argv[5] == "foreach"
torch.set_num_threads(threads)
gen = torch.Generator().manual_seed(1)
p = torch.nn.Parameter(torch.rand(size, generator=gen) * 2 - 1)
p.grad = (torch.rand(size, generator=gen) * 2 - 1) * 1e-3
make = {
    "adagrad": lambda: torch.optim.Adagrad([p], lr=0.01, foreach=foreach),
    "adam": lambda: torch.optim.Adam([p], lr=0.001, foreach=foreach),
    "rmsprop": lambda: torch.optim.RMSprop([p], lr=0.01, foreach=foreach),
    "sgd-momentum": lambda: torch.optim.SGD([p], lr=0.01, momentum=0.9, foreach=foreach),
}[rule]
opt = make()
end = time.perf_counter() + 2.0
with torch.no_grad():
    while time.perf_counter() < end:
        opt.step()
    times = []
    for _ in range(steps):
        t0 = time.perf_counter()
        opt.step()
        times.append(time.perf_counter() - t0)
median = statistics.median(times)
print("%s %d %d %.4f %.4f" % (rule + ("-foreach" if foreach else ""), size, threads, median * 1e3, median * 1e9 / size))
