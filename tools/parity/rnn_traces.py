#!/usr/bin/env python3
"""PyTorch's recurrent layers on fixed inputs, for adagrad4j's parity test (Debian's python3-torch).

For each configuration (LSTM and GRU, one and two directions, two layers; a tanh RNN), a batch of
three sequences of lengths 5, 3 and 1 (packed with pack_padded_sequence), random initial states,
hidden size 6; the "-wide" ones have hidden size 19 (so that adagrad4j's vector kernels run, with a
scalar tail), and lstm-wide has no padding at all (all lengths 5).
and a loss sum(out * a) + sum(h_n * b) [+ sum(c_n * c)] with fixed random a, b, c. Writes one
safetensors file per configuration with the weights (state-dict names), inputs, outputs and every
gradient ("grad.<name>"):

    tools/parity/rnn_traces.py nn/src/test/resources/torch/rnn
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_mlp import write_safetensors  # noqa: E402

CONFIGS = [
    ("lstm-uni", torch.nn.LSTM, 2, False),
    ("lstm-bi", torch.nn.LSTM, 2, True),
    ("gru-uni", torch.nn.GRU, 2, False),
    ("gru-bi", torch.nn.GRU, 2, True),
    ("rnn-tanh-bi", torch.nn.RNN, 1, True),
    ("rnn-relu-bi", torch.nn.RNN, 2, True),
    ("lstm-wide", torch.nn.LSTM, 2, True),
    ("gru-wide", torch.nn.GRU, 2, True),
    ("rnn-tanh-wide", torch.nn.RNN, 1, False),
]
B, T, I = 3, 5, 4


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    for k, (name, cls, layers, bi) in enumerate(CONFIGS):
        torch.manual_seed(100 + k)
        H = 19 if name.endswith("-wide") else 6
        LENGTHS = [5, 5, 5] if name == "lstm-wide" else [5, 3, 1]
        extra = {"nonlinearity": "relu"} if "relu" in name else {}
        model = cls(I, H, num_layers=layers, batch_first=True, bidirectional=bi, **extra)
        d = 2 if bi else 1
        x = torch.randn(B, T, I, requires_grad=True)
        h0 = torch.randn(layers * d, B, H, requires_grad=True)
        lstm = cls is torch.nn.LSTM
        c0 = torch.randn(layers * d, B, H, requires_grad=True) if lstm else None
        packed = torch.nn.utils.rnn.pack_padded_sequence(x, torch.tensor(LENGTHS), batch_first=True,
                                                         enforce_sorted=False)
        if lstm:
            out, (hn, cn) = model(packed, (h0, c0))
        else:
            out, hn = model(packed, h0)
            cn = None
        out, _ = torch.nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=T)
        a = torch.randn(out.shape)
        bw = torch.randn(hn.shape)
        loss = (out * a).sum() + (hn * bw).sum()
        tensors = {"x": x, "h0": h0, "lengths": torch.tensor(LENGTHS, dtype=torch.float32), "a": a, "b": bw}
        if lstm:
            cw = torch.randn(cn.shape)
            loss = loss + (cn * cw).sum()
            tensors.update({"c0": c0, "c": cw, "cn": cn})
        loss.backward()
        tensors.update({"out": out, "hn": hn, "grad.x": x.grad, "grad.h0": h0.grad})
        if lstm:
            tensors["grad.c0"] = c0.grad
        for pname, p in model.named_parameters():
            tensors[pname] = p
            tensors["grad." + pname] = p.grad
        write_safetensors(os.path.join(out_dir, name + ".safetensors"), tensors)


if __name__ == "__main__":
    main(sys.argv[1])
