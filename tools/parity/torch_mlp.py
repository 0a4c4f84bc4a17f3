#!/usr/bin/env python3
"""PyTorch side of the model-file round trip (Debian's python3-torch; no safetensors package needed).

  torch_mlp.py make OUT_DIR   trains a small torch.nn.Sequential MLP (8 inputs, 16 hidden, 3 classes)
                              and writes its state dict (torch_mlp.safetensors) and, for 6 fixed inputs,
                              the inputs and logits (torch_mlp_io.safetensors): adagrad4j loads the first
                              by name and must reproduce the second.
  torch_mlp.py check FILE H1[,H2..] INPUTS.csv
                              load_state_dict(strict=True) of an adagrad4j model.safetensors into the
                              same Sequential (Linear, ReLU, ..., Linear) and prints its logits for the CSV's
                              rows as JSON: what a PyTorch user does with our weights.
"""
import json
import struct
import sys

import torch


def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        data = t.detach().contiguous().to(torch.float32).numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, h in header.items():
        if name == "__metadata__":
            continue
        b, e = h["data_offsets"]
        out[name] = torch.frombuffer(bytearray(data[b:e]), dtype=torch.float32).reshape(h["shape"])
    return out


def mlp(inputs, hidden, outputs):
    layers, width = [], inputs
    for h in hidden:
        layers += [torch.nn.Linear(width, h), torch.nn.ReLU()]
        width = h
    layers.append(torch.nn.Linear(width, outputs))
    return torch.nn.Sequential(*layers)


def make(out_dir):
    torch.manual_seed(3)
    model = mlp(8, [16], 3)
    x = torch.randn(256, 8)
    y = (x[:, 0] + x[:, 1] > 0).long() + (x[:, 2] > 1).long()
    opt = torch.optim.Adagrad(model.parameters(), lr=0.05)
    for _ in range(50):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
    probe = torch.randn(6, 8)
    with torch.no_grad():
        logits = model(probe)
    write_safetensors(out_dir + "/torch_mlp.safetensors", model.state_dict())
    write_safetensors(out_dir + "/torch_mlp_io.safetensors", {"inputs": probe, "logits": logits})


def check(path, spec, csv):
    state = read_safetensors(path)
    hidden = [int(h) for h in spec.split(",")]
    rows = [[float(v) for v in line.split(",")] for line in open(csv).read().split("\n")[1:] if line.strip()]
    x = torch.tensor(rows)
    outputs = state[str(2 * len(hidden)) + ".weight"].shape[0]
    model = mlp(x.shape[1], hidden, outputs)
    model.load_state_dict(state, strict=True)
    with torch.no_grad():
        print(json.dumps(model(x).tolist()))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    else:
        check(sys.argv[2], sys.argv[3], sys.argv[4])
