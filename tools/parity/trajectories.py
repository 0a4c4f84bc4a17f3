#!/usr/bin/env python3
"""PyTorch's trajectories on the 2-D test functions, for adagrad4j's parity test.

Each case starts a float32 tensor [x, y] at the function's start point and takes 100 steps of a
torch.optim rule on it, the loss's gradient coming from autograd. Writes the positions as JSON:

    tools/parity/trajectories.py > train/src/test/resources/io/github/adagrad4j/train/compare/torch_trajectories.json

Optimizers are written in adagrad4j's --optimizers syntax ("sgd:lr=0.001,momentum=0.9").
"""
import json
import sys

import torch

FUNCTIONS = {
    "rosenbrock": (lambda x, y: (1 - x) ** 2 + 100 * (y - x ** 2) ** 2, (-1.5, 2.0)),
    "beale": (lambda x, y: (1.5 - x + x * y) ** 2 + (2.25 - x + x * y ** 2) ** 2 + (2.625 - x + x * y ** 3) ** 2,
              (1.0, 1.5)),
    "ellipse": (lambda x, y: x ** 2 / 20 + y ** 2, (-8.0, 2.0)),
    "saddle": (lambda x, y: x ** 2 - y ** 2, (-2.0, 0.001)),
    "himmelblau": (lambda x, y: (x ** 2 + y - 11) ** 2 + (x + y ** 2 - 7) ** 2, (0.0, 0.0)),
}

RATES = {
    "rosenbrock": ["sgd:lr=0.001", "sgd:lr=0.0005,momentum=0.9", "adagrad:lr=0.5", "rmsprop:lr=0.01", "adam:lr=0.05"],
    "beale": ["sgd:lr=0.01", "sgd:lr=0.005,momentum=0.9", "adagrad:lr=0.5", "rmsprop:lr=0.01", "adam:lr=0.05"],
    "ellipse": ["sgd:lr=0.4", "sgd:lr=0.1,momentum=0.9", "adagrad:lr=1", "rmsprop:lr=0.1", "adam:lr=0.3"],
    "saddle": ["sgd:lr=0.05", "sgd:lr=0.02,momentum=0.9", "adagrad:lr=0.2", "rmsprop:lr=0.01", "adam:lr=0.05"],
    "himmelblau": ["sgd:lr=0.005", "sgd:lr=0.002,momentum=0.9", "adagrad:lr=0.5", "rmsprop:lr=0.05", "adam:lr=0.1"],
}


def optimizer(spec, params):
    name, _, opts = spec.partition(":")
    kw = dict(kv.split("=") for kv in opts.split(",")) if opts else {}
    lr = float(kw.pop("lr"))
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr, momentum=float(kw.get("momentum", 0)))
    if name == "adagrad":
        return torch.optim.Adagrad(params, lr=lr)
    if name == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr)
    if name == "adam":
        return torch.optim.Adam(params, lr=lr)
    raise ValueError(spec)


def main():
    cases = []
    for fname, (f, start) in FUNCTIONS.items():
        for spec in RATES[fname]:
            p = torch.tensor(start, dtype=torch.float32, requires_grad=True)
            opt = optimizer(spec, [p])
            path = [p.detach().tolist()]
            losses = []
            for _ in range(100):
                opt.zero_grad()
                loss = f(p[0], p[1])
                losses.append(loss.item())
                loss.backward()
                opt.step()
                path.append(p.detach().tolist())
            cases.append({"function": fname, "start": list(start), "optimizer": spec, "path": path,
                          "losses": losses})
    json.dump({"torch": torch.__version__, "steps": 100, "cases": cases}, sys.stdout)


if __name__ == "__main__":
    main()
