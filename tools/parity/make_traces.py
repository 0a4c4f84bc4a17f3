#!/usr/bin/env python3
"""Writes the PyTorch reference traces that the optim parity tests compare against.

Each case runs one torch.optim rule (optionally with an lr_scheduler and gradient clipping) for
STEPS steps on two fp32 parameters fed a fixed, seeded gradient sequence, and records after every
step the parameters, every state slot and the learning rate used.  Option names in the JSON are
adagrad4j's builder names; TORCH_KWARGS maps them onto torch's.

Run through make_traces.sh, which installs Debian's python3-torch when it is missing.
"""
import json
import math
import sys

import torch

STEPS = 25
OUT = sys.argv[1] if len(sys.argv) > 1 else "optim/src/test/resources/parity/torch_traces.json"

# adagrad4j option name -> torch keyword
KW = {"lr": "lr", "lrDecay": "lr_decay", "weightDecay": "weight_decay",
      "initialAccumulator": "initial_accumulator_value", "eps": "eps", "maximize": "maximize",
      "momentum": "momentum", "dampening": "dampening", "nesterov": "nesterov",
      "amsgrad": "amsgrad", "alpha": "alpha", "centered": "centered", "rho": "rho"}

RULES = {"sparseadam": torch.optim.SparseAdam, "adagrad": torch.optim.Adagrad, "sgd": torch.optim.SGD, "adam": torch.optim.Adam,
         "adamw": torch.optim.AdamW, "rmsprop": torch.optim.RMSprop, "adadelta": torch.optim.Adadelta,
         "adamax": torch.optim.Adamax}


def kwargs(options):
    kw = {}
    for k, v in options.items():
        if k in ("beta1", "beta2"):
            kw["betas"] = (options["beta1"], options["beta2"])
        else:
            kw[KW[k]] = v
    kw["foreach"] = False  # the single-tensor path: the reference formulas, one tensor at a time
    return kw


def run_sparse(case_id, rule, options, seed, rows=6, width=3):
    """An embedding table fed sparse gradients: rows repeat within a step and some rows never appear."""
    gen = torch.Generator().manual_seed(seed)
    table = torch.nn.Parameter(torch.randn(rows, width, generator=gen))
    init = [f32(table)]
    steps = []
    for _ in range(STEPS):
        k = int(torch.randint(1, 6, (1,), generator=gen))
        # rows 0..rows-2 only: the last row is never touched
        idx = torch.randint(0, rows - 1, (k,), generator=gen)
        vals = torch.randn(k, width, generator=gen)
        steps.append((idx, vals))
    kw = kwargs(options)
    if rule == "sparseadam":
        kw.pop("foreach")
    opt = RULES[rule]([table], **kw)
    expected = []
    for idx, vals in steps:
        table.grad = torch.sparse_coo_tensor(idx.unsqueeze(0), vals, (rows, width))
        lr = opt.param_groups[0]["lr"]
        opt.step()
        state = {}
        for k2, v in opt.state[table].items():
            if torch.is_tensor(v) and v.shape == table.shape:
                state[k2] = [f32(v)]
        expected.append({"lr": lr, "params": [f32(table)], "state": state})
    return {"id": case_id, "rule": rule, "options": options, "schedule": None, "clipping": None,
            "shapes": [[rows, width]], "init": init,
            "sparse": [{"rows": [int(i) for i in idx], "values": f32(vals)} for idx, vals in steps],
            "expected": expected}


def scheduler(opt, spec):
    if spec is None:
        return None
    kind = spec["type"]
    lr_sched = torch.optim.lr_scheduler
    if kind == "step":
        return lr_sched.StepLR(opt, step_size=spec["stepSize"], gamma=spec["gamma"])
    if kind == "multiStep":
        return lr_sched.MultiStepLR(opt, milestones=spec["milestones"], gamma=spec["gamma"])
    if kind == "exponential":
        return lr_sched.ExponentialLR(opt, gamma=spec["gamma"])
    if kind == "cosine":
        return lr_sched.CosineAnnealingLR(opt, T_max=spec["tMax"], eta_min=spec["etaMin"])
    if kind == "warmupCosine":
        # Linear warm-up (LinearLR) then cosine to minLr; torch has no single class for it.
        w, total, f = spec["warmupSteps"], spec["totalSteps"], spec["warmupStartFactor"]
        base = opt.param_groups[0]["lr"]
        floor = spec["minLr"] / base

        def factor(t):
            if t < w:
                return f + (1 - f) * t / w
            if t >= total:
                return floor
            return floor + (1 - floor) * (1 + math.cos(math.pi * (t - w) / (total - w))) / 2
        return lr_sched.LambdaLR(opt, factor)
    if kind == "inverseTime":
        return lr_sched.LambdaLR(opt, lambda t: 1 / (1 + spec["decay"] * t))
    if kind == "exponentialTime":
        return lr_sched.LambdaLR(opt, lambda t: math.exp(-spec["beta"] * t))
    raise ValueError(kind)


def clip(params, spec):
    if spec is None:
        return
    kind = spec["type"]
    if kind == "value":
        torch.nn.utils.clip_grad_value_(params, spec["clip"])
    elif kind == "globalNorm":
        torch.nn.utils.clip_grad_norm_(params, spec["maxNorm"], norm_type=float(spec["normType"]))
    elif kind == "perParameterNorm":
        for p in params:
            torch.nn.utils.clip_grad_norm_([p], spec["maxNorm"], norm_type=float(spec["normType"]))
    else:
        raise ValueError(kind)


def f32(t):
    # 9 significant digits round-trip any float32 exactly.
    return [float("%.9g" % x) for x in t.detach().reshape(-1).tolist()]


def run(case_id, rule, options, seed, schedule=None, clipping=None, grad_scale=1.0):
    gen = torch.Generator().manual_seed(seed)
    shapes = [[2, 3], [4]]
    params = [torch.nn.Parameter(torch.randn(s, generator=gen)) for s in shapes]
    init = [f32(p) for p in params]
    # Uneven scales per parameter, as sparse and real features have.
    grads = [[torch.randn(s, generator=gen) * grad_scale * (1.0 if i == 0 else 0.1) for i, s in enumerate(shapes)]
             for _ in range(STEPS)]
    opt = RULES[rule](params, **kwargs(options))
    sched = scheduler(opt, schedule)
    expected = []
    for step in range(STEPS):
        for p, g in zip(params, grads[step]):
            p.grad = g.clone()
        clip(params, clipping)
        lr = opt.param_groups[0]["lr"]
        opt.step()
        if sched is not None:
            sched.step()
        state = {}
        for p in params:
            for k, v in opt.state[p].items():
                if k == "step" or not torch.is_tensor(v) or v.shape != p.shape:
                    continue
                state.setdefault(k, []).append(f32(v))
        expected.append({"lr": lr, "params": [f32(p) for p in params], "state": state})
    return {"id": case_id, "rule": rule, "options": options, "schedule": schedule, "clipping": clipping,
            "shapes": shapes, "init": init, "grads": [[f32(g) for g in gs] for gs in grads],
            "expected": expected}


def cases():
    c = []
    add = lambda *a, **k: c.append(run(*a, **k))
    seed = iter(range(1000, 2000))
    # AdaGrad: every torch option alone, then together.
    add("adagrad/default", "adagrad", {}, next(seed))
    add("adagrad/lr-lrDecay", "adagrad", {"lr": 0.1, "lrDecay": 0.05}, next(seed))
    add("adagrad/weightDecay", "adagrad", {"lr": 0.1, "weightDecay": 0.1}, next(seed))
    add("adagrad/initialAccumulator", "adagrad", {"lr": 0.1, "initialAccumulator": 0.1}, next(seed))
    add("adagrad/eps", "adagrad", {"lr": 0.1, "eps": 1e-3}, next(seed))
    add("adagrad/maximize", "adagrad", {"lr": 0.1, "maximize": True}, next(seed))
    add("adagrad/all", "adagrad", {"lr": 0.05, "lrDecay": 0.01, "weightDecay": 0.01, "initialAccumulator": 0.5,
                                   "eps": 1e-6, "maximize": True}, next(seed))
    # SGD
    add("sgd/plain", "sgd", {"lr": 0.1}, next(seed))
    add("sgd/momentum", "sgd", {"lr": 0.05, "momentum": 0.9}, next(seed))
    add("sgd/dampening", "sgd", {"lr": 0.05, "momentum": 0.9, "dampening": 0.5}, next(seed))
    add("sgd/ema-momentum", "sgd", {"lr": 0.1, "momentum": 0.9, "dampening": 0.9}, next(seed))
    add("sgd/nesterov", "sgd", {"lr": 0.05, "momentum": 0.8, "nesterov": True}, next(seed))
    add("sgd/weightDecay-maximize", "sgd", {"lr": 0.05, "momentum": 0.5, "weightDecay": 0.1, "maximize": True},
        next(seed))
    # Adam / AdamW
    add("adam/default", "adam", {"lr": 0.01}, next(seed))
    add("adam/betas-eps", "adam", {"lr": 0.01, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6}, next(seed))
    add("adam/weightDecay", "adam", {"lr": 0.01, "weightDecay": 0.1}, next(seed))
    add("adam/amsgrad", "adam", {"lr": 0.01, "amsgrad": True}, next(seed))
    add("adam/maximize-amsgrad-wd", "adam", {"lr": 0.01, "maximize": True, "amsgrad": True, "weightDecay": 0.05},
        next(seed))
    add("adamw/default", "adamw", {"lr": 0.01}, next(seed))
    add("adamw/weightDecay-amsgrad", "adamw", {"lr": 0.01, "weightDecay": 0.1, "amsgrad": True}, next(seed))
    add("adamw/maximize-betas", "adamw", {"lr": 0.02, "maximize": True, "beta1": 0.5, "beta2": 0.9}, next(seed))
    # RMSprop
    add("rmsprop/default", "rmsprop", {"lr": 0.01}, next(seed))
    add("rmsprop/centered", "rmsprop", {"lr": 0.01, "centered": True}, next(seed))
    add("rmsprop/momentum", "rmsprop", {"lr": 0.01, "momentum": 0.9}, next(seed))
    add("rmsprop/centered-momentum-wd", "rmsprop", {"lr": 0.01, "centered": True, "momentum": 0.5,
                                                    "weightDecay": 0.1}, next(seed))
    add("rmsprop/alpha-eps-maximize", "rmsprop", {"lr": 0.01, "alpha": 0.9, "eps": 1e-4, "maximize": True},
        next(seed))
    # Adadelta
    add("adadelta/default", "adadelta", {}, next(seed))
    add("adadelta/rho-eps-lr", "adadelta", {"lr": 0.5, "rho": 0.95, "eps": 1e-5}, next(seed))
    add("adadelta/weightDecay-maximize", "adadelta", {"weightDecay": 0.1, "maximize": True}, next(seed))
    # Adamax
    add("adamax/default", "adamax", {}, next(seed))
    add("adamax/betas-eps-wd", "adamax", {"lr": 0.01, "beta1": 0.8, "beta2": 0.99, "eps": 1e-4,
                                          "weightDecay": 0.1}, next(seed))
    add("adamax/maximize", "adamax", {"lr": 0.01, "maximize": True}, next(seed))
    # Schedules (the rule's own lr_decay still applies on top, as in torch)
    add("schedule/step", "sgd", {"lr": 0.1, "momentum": 0.9}, next(seed), schedule={"type": "step", "stepSize": 5,
                                                                                    "gamma": 0.5})
    add("schedule/multiStep", "adam", {"lr": 0.01}, next(seed),
        schedule={"type": "multiStep", "milestones": [3, 10, 18], "gamma": 0.3})
    add("schedule/exponential", "rmsprop", {"lr": 0.01}, next(seed), schedule={"type": "exponential", "gamma": 0.9})
    add("schedule/cosine", "adagrad", {"lr": 0.1, "lrDecay": 0.01}, next(seed),
        schedule={"type": "cosine", "tMax": 25, "etaMin": 0.001})
    add("schedule/warmupCosine", "adamw", {"lr": 0.01}, next(seed),
        schedule={"type": "warmupCosine", "warmupSteps": 5, "totalSteps": 20, "minLr": 0.0005,
                  "warmupStartFactor": 0.1})
    add("schedule/inverseTime", "adagrad", {"lr": 0.1}, next(seed), schedule={"type": "inverseTime", "decay": 0.2})
    add("schedule/exponentialTime", "sgd", {"lr": 0.1}, next(seed),
        schedule={"type": "exponentialTime", "beta": 0.1})
    # Clipping, with gradients large enough that it bites
    add("clip/value", "adagrad", {"lr": 0.1}, next(seed), clipping={"type": "value", "clip": 0.5}, grad_scale=3.0)
    add("clip/globalNorm2", "sgd", {"lr": 0.1, "momentum": 0.9}, next(seed),
        clipping={"type": "globalNorm", "maxNorm": 1.0, "normType": 2.0}, grad_scale=3.0)
    add("clip/globalNormInf", "adam", {"lr": 0.01}, next(seed),
        clipping={"type": "globalNorm", "maxNorm": 0.5, "normType": "inf"}, grad_scale=3.0)
    add("clip/globalNorm1", "sgd", {"lr": 0.1}, next(seed),
        clipping={"type": "globalNorm", "maxNorm": 2.0, "normType": 1.0}, grad_scale=3.0)
    add("clip/perParameterNorm2", "adagrad", {"lr": 0.1}, next(seed),
        clipping={"type": "perParameterNorm", "maxNorm": 1.0, "normType": 2.0}, grad_scale=3.0)
    # Sparse gradients (embedding tables): PyTorch's sparse Adagrad path and SparseAdam
    c.append(run_sparse("sparse/adagrad", "adagrad", {"lr": 0.1}, next(seed)))
    c.append(run_sparse("sparse/adagrad-options", "adagrad", {"lr": 0.1, "lrDecay": 0.05, "initialAccumulator": 0.2,
                                                               "eps": 1e-3}, next(seed)))
    c.append(run_sparse("sparse/sparseadam", "sparseadam", {"lr": 0.01}, next(seed)))
    c.append(run_sparse("sparse/sparseadam-betas", "sparseadam", {"lr": 0.02, "beta1": 0.8, "beta2": 0.99,
                                                                   "eps": 1e-6}, next(seed)))
    return c


def main():
    torch.set_num_threads(1)
    doc = {"generator": "tools/parity/make_traces.py", "torch": torch.__version__, "steps": STEPS,
           "cases": cases()}
    text = json.dumps(doc, separators=(",", ":"), allow_nan=False)
    with open(OUT, "w") as f:
        f.write(text)
    print("wrote %d cases to %s" % (len(doc["cases"]), OUT))


if __name__ == "__main__":
    main()
