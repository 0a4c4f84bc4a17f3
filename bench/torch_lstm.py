#!/usr/bin/env python3
"""PyTorch's side of LstmTimer: the same character-LM training step (embedding 96x64 -> LSTM ->
linear to 96 logits per step -> mean cross-entropy, Adagrad lr 0.01, no clipping) on random tokens; prints
"torch HIDDEN LAYERS BATCH SEQ THREADS tokens_per_s" (median over the timed steps).

    bench/torch_lstm.py 256 2 32 100 1
"""
import sys
import time

import torch

hidden, layers, batch, seq, threads = (int(a) for a in sys.argv[1:6])
steps = int(sys.argv[6]) if len(sys.argv) > 6 else 30
torch.set_num_threads(threads)
torch.manual_seed(1)
V, E = 96, 64
emb = torch.nn.Embedding(V, E)
lstm = torch.nn.LSTM(E, hidden, num_layers=layers, batch_first=True)
head = torch.nn.Linear(hidden, V)
params = list(emb.parameters()) + list(lstm.parameters()) + list(head.parameters())
opt = torch.optim.Adagrad(params, lr=0.01)
tokens = torch.randint(0, V, (batch, seq))
targets = torch.randint(0, V, (batch * seq,))
rates = []
for s in range(steps + 5):
    t0 = time.perf_counter()
    out, _ = lstm(emb(tokens))
    loss = torch.nn.functional.cross_entropy(head(out.reshape(batch * seq, hidden)), targets)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if s >= 5:
        rates.append(batch * seq / (time.perf_counter() - t0))
rates.sort()
print("torch %d %d %d %d %d %.0f" % (hidden, layers, batch, seq, threads, rates[len(rates) // 2]))
