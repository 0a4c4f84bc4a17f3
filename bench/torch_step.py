#!/usr/bin/env python3
"""Times dense torch.optim steps like StepTimer does: same data shape, warm-up, median of single steps.

usage: torch_step.py RULE SIZE|many THREADS STEPS [forloop|foreach|fused]   (many: 100 tensors, 1e7 floats)
prints: RULE SIZE THREADS median_ms ns_per_element (NA NA for a variant this torch lacks: fused before 2.x)
"""
import statistics
import sys
import time

import torch

def many_sizes():
    """100 sizes in a geometric progression spanning 1000x, scaled to 1e7 floats in all (StepTimer.manySizes)."""
    raw = [1e3 * 1e3 ** (i / 99.0) for i in range(100)]
    total = sum(raw)
    return [int(round(r * 1e7 / total)) for r in raw]


rule, size_arg, threads, steps = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
sizes = many_sizes() if size_arg == "many" else [int(size_arg)]
size = sum(sizes)
variant = sys.argv[5] if len(sys.argv) > 5 else "forloop"
foreach = variant == "foreach"
fused = variant == "fused"
torch.set_num_threads(threads)
gen = torch.Generator().manual_seed(1)
params = []
for n in sizes:
    p = torch.nn.Parameter(torch.rand(n, generator=gen) * 2 - 1)
    p.grad = (torch.rand(n, generator=gen) * 2 - 1) * 1e-3
    params.append(p)
# The three implementations torch.optim has: a loop over parameters, foreach (multi-tensor) and fused
# (one kernel per parameter group; CPU since torch 2.4 for Adagrad, Adam, AdamW and SGD).
kw = {"fused": True} if fused else {"foreach": foreach}
make = {
    "adagrad": lambda: torch.optim.Adagrad(params, lr=0.01, **kw),
    "adam": lambda: torch.optim.Adam(params, lr=0.001, **kw),
    "adamw": lambda: torch.optim.AdamW(params, lr=0.001, **kw),
    "rmsprop": lambda: torch.optim.RMSprop(params, lr=0.01, **kw),
    "sgd-momentum": lambda: torch.optim.SGD(params, lr=0.01, momentum=0.9, **kw),
}[rule]
try:
    opt = make()
    with torch.no_grad():
        opt.step()
except (TypeError, RuntimeError, ValueError):
    print("%s-%s %s %d NA NA" % (rule, variant, size_arg, threads))
    sys.exit(0)
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
print("%s-%s %s %d %.4f %.4f" % (rule, variant, size_arg, threads, median * 1e3, median * 1e9 / size))
