#!/usr/bin/env python3
"""PyTorch's side of the char-lm example, same data, model, budget and streaming: fortunes shuffled
with numpy's RandomState(42) (as adagrad4j's SklearnSplit), 10% to validation, joined with "\\n%\\n";
vocabulary = U+FFFD then the training text's characters in code order; embedding 64 -> LSTM 256x2 ->
linear; 32 parallel streams, windows of 100 characters, state carried (detached); global-norm
clipping at 5; one epoch; validation bits per character.

    MAX_STEPS=300 bench/torch_char_lm.py "adagrad:lr=0.02" "adam:lr=2e-3" "sgd:lr=1,momentum=0.9"

SEED=N draws the initial network with torch.manual_seed(N) (default 42).
INIT=FILE starts every rule from the weights in FILE (adagrad4j's own initial network, written by
bench CharLmInit: embed.weight, lstm.*, head.*) instead of PyTorch's seed-42 draw, so that the two
runs differ only in arithmetic.
"""
import math
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools", "parity"))
from torch_mlp import read_safetensors  # noqa: E402

DIR = "/usr/share/games/fortunes"


def fortunes():
    out = []
    for name in sorted(os.listdir(DIR)):
        p = os.path.join(DIR, name)
        if "." in name or os.path.islink(p) or not os.path.isfile(p):
            continue
        text = open(p, "rb").read().decode("utf-8", errors="replace")
        cur = []
        for line in text.split("\n"):
            if line == "%":
                s = "".join(cur).strip()
                if s:
                    out.append(s)
                cur = []
            else:
                cur.append(line + "\n")
        s = "".join(cur).strip()
        if s:
            out.append(s)
    return out


def make(spec, params):
    name, _, opts = spec.partition(":")
    kw = dict(kv.split("=") for kv in opts.split(",")) if opts else {}
    lr = float(kw["lr"])
    if name == "adagrad":
        return torch.optim.Adagrad(params, lr=lr)
    if name == "adam":
        return torch.optim.Adam(params, lr=lr)
    return torch.optim.SGD(params, lr=lr, momentum=float(kw.get("momentum", 0)))


def windows(ids, batch, seq):
    stream = len(ids) // batch
    n = (stream - 1) // seq
    data = torch.tensor(ids[:batch * stream]).view(batch, stream)
    for w in range(n):
        yield data[:, w * seq:w * seq + seq], data[:, w * seq + 1:w * seq + seq + 1]


def main():
    torch.set_num_threads(int(os.environ.get("THREADS", "2")))
    all_f = fortunes()
    perm = np.random.RandomState(42).permutation(len(all_f))
    n_val = len(all_f) // 10
    val = "".join(all_f[i] + "\n%\n" for i in perm[:n_val])
    train = "".join(all_f[i] + "\n%\n" for i in perm[n_val:])
    chars = ["\ufffd"] + sorted(set(train) - {"\ufffd"})
    index = {c: i for i, c in enumerate(chars)}
    tr = [index.get(c, 0) for c in train]
    va = [index.get(c, 0) for c in val]
    V, B, T, H, L = len(chars), 32, 100, 256, 2
    print("torch: %d training and %d validation characters, %d symbols" % (len(tr), len(va), V), flush=True)
    for spec in sys.argv[1:]:
        torch.manual_seed(int(os.environ.get("SEED", "42")))
        emb, lstm, head = torch.nn.Embedding(V, 64), torch.nn.LSTM(64, H, L, batch_first=True), torch.nn.Linear(H, V)
        if os.environ.get("INIT"):
            init = read_safetensors(os.environ["INIT"])
            with torch.no_grad():
                emb.weight.copy_(init["embed.weight"])
                for name, p in lstm.named_parameters():
                    p.copy_(init["lstm." + name])
                head.weight.copy_(init["head.weight"])
                head.bias.copy_(init["head.bias"])
        params = list(emb.parameters()) + list(lstm.parameters()) + list(head.parameters())
        opt = make(spec, params)
        state = None
        t0 = time.time()
        steps = 0
        max_steps = int(os.environ.get("MAX_STEPS", "0"))
        for x, y in windows(tr, B, T):
            if max_steps and steps >= max_steps:
                break
            out, state = lstm(emb(x), state)
            state = tuple(s.detach() for s in state)
            loss = torch.nn.functional.cross_entropy(head(out).reshape(-1, V), y.reshape(-1))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 5.0)
            opt.step()
            steps += 1
        seconds = time.time() - t0
        with torch.no_grad():
            state, nats, n = None, 0.0, 0
            for x, y in windows(va, B, T):
                out, state = lstm(emb(x), state)
                nats += torch.nn.functional.cross_entropy(head(out).reshape(-1, V), y.reshape(-1)).item()
                n += 1
        print("torch %-22s validation %.4f bits/char after %d steps (%.0f s, %.0f tokens/s)"
              % (spec, nats / n / math.log(2), steps, seconds, steps * B * T / seconds), flush=True)


if __name__ == "__main__":
    main()
