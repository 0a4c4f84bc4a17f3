#!/usr/bin/env python3
"""The whole training job `adagrad4j train --data fashion-mnist` runs, written in PyTorch: load the
IDX files, build the model, train with torch.optim.Adagrad, and after each epoch report the training
loss and accuracy (from the batches' outputs), evaluate the test set (loss and accuracy) and save a
checkpoint; the last epoch's test figures are the final ones. Threads: PyTorch's default unless given.

usage: torch_train.py MODEL EPOCHS LR BATCH [TRAIN_LIMIT] [SEED] [THREADS]
   MODEL is mlp:H1[,H2...] or cnn (the same networks as adagrad4j's Models.parse)
prints one line per epoch and: torch-train MODEL threads=N seconds=WALL test_accuracy=ACC
"""
import gzip
import os
import sys
import tempfile
import time

T0 = time.perf_counter()
import numpy as np  # noqa: E402
import torch  # noqa: E402

spec, epochs, lr, batch = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
limit = int(sys.argv[5]) if len(sys.argv) > 5 else 0
seed = int(sys.argv[6]) if len(sys.argv) > 6 else 42
if len(sys.argv) > 7:
    torch.set_num_threads(int(sys.argv[7]))
torch.manual_seed(seed)
D = "/usr/share/datasets/fashion-mnist/"


def idx(name, offset):
    with gzip.open(D + name) as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


xtr = torch.tensor(idx("train-images-idx3-ubyte.gz", 16).reshape(-1, 1, 28, 28), dtype=torch.float32) / 255
ytr = torch.tensor(idx("train-labels-idx1-ubyte.gz", 8), dtype=torch.long)
xte = torch.tensor(idx("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 1, 28, 28), dtype=torch.float32) / 255
yte = torch.tensor(idx("t10k-labels-idx1-ubyte.gz", 8), dtype=torch.long)
if limit:
    xtr, ytr = xtr[:limit], ytr[:limit]

nn = torch.nn
if spec == "cnn":
    model = nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))
elif spec.startswith("mlp:"):
    layers, d = [nn.Flatten()], 784
    for h in (int(v) for v in spec[4:].split(",")):
        layers += [nn.Linear(d, h), nn.ReLU()]
        d = h
    model = nn.Sequential(*layers, nn.Linear(d, 10))
else:
    sys.exit("unknown model " + spec)
opt = torch.optim.Adagrad(model.parameters(), lr=lr)
loss_fn = nn.CrossEntropyLoss()
ckpt = os.path.join(tempfile.mkdtemp(prefix="torch-train-"), "checkpoint.pt")


def evaluate(x, y):
    model.eval()
    loss, correct = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(x), 1024):
            out = model(x[i:i + 1024])
            loss += loss_fn(out, y[i:i + 1024]).item() * len(out)
            correct += (out.argmax(1) == y[i:i + 1024]).sum().item()
    model.train()
    return loss / len(x), correct / len(x)


g = torch.Generator().manual_seed(seed)
for epoch in range(1, epochs + 1):
    t0 = time.perf_counter()
    perm = torch.randperm(len(xtr), generator=g)
    loss_sum, correct = 0.0, 0
    for i in range(0, len(xtr), batch):
        rows = perm[i:i + batch]
        xb, yb = xtr[rows], ytr[rows]
        opt.zero_grad()
        out = model(xb)
        loss = loss_fn(out, yb)
        loss.backward()
        opt.step()
        loss_sum += loss.item() * len(rows)
        correct += (out.argmax(1) == yb).sum().item()
    val_loss, val_acc = evaluate(xte, yte)
    torch.save({"model": model.state_dict(), "optimizer": opt.state_dict()}, ckpt)
    print("epoch %d/%d  loss %.4f  accuracy %.4f  val_loss %.4f  val_accuracy %.4f  (%.1f s)"
          % (epoch, epochs, loss_sum / len(xtr), correct / len(xtr), val_loss, val_acc, time.perf_counter() - t0))
print("torch-train %s threads=%d seconds=%.2f test_accuracy=%.4f"
      % (spec, torch.get_num_threads(), time.perf_counter() - T0, val_acc))
