#!/usr/bin/env python3
"""Trains Fashion-MNIST 784-256-128-10 with torch.optim.Adagrad(lr 0.05), batch 100, and writes what
bench's MlpTrajectory needs to replay the very same run in adagrad4j: the initial weights (init.bin,
float32 LE, parameters in order), the batch order (perm.bin, int32 LE) and torch's loss per step
(loss.bin). Prints torch's test accuracy per epoch.  usage: mlp_trajectory.py [SEED] [EPOCHS] (in an
empty folder)."""
import gzip, numpy as np, torch
import sys, os
seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1
torch.manual_seed(seed); torch.set_num_threads(1)
D="/usr/share/datasets/fashion-mnist/"
def idx(n,o):
    with gzip.open(D+n) as f: return np.frombuffer(f.read(),dtype=np.uint8,offset=o)
xtr=torch.tensor(idx("train-images-idx3-ubyte.gz",16).reshape(-1,784),dtype=torch.float32)/255
ytr=torch.tensor(idx("train-labels-idx1-ubyte.gz",8),dtype=torch.long)
xte=torch.tensor(idx("t10k-images-idx3-ubyte.gz",16).reshape(-1,784),dtype=torch.float32)/255
yte=torch.tensor(idx("t10k-labels-idx1-ubyte.gz",8),dtype=torch.long)
m=torch.nn.Sequential(torch.nn.Linear(784,256),torch.nn.ReLU(),torch.nn.Linear(256,128),torch.nn.ReLU(),torch.nn.Linear(128,10))
with open("init.bin","wb") as f:
    for p in m.parameters(): f.write(p.detach().numpy().astype("<f4").tobytes())
opt=torch.optim.Adagrad(m.parameters(),lr=0.05); lf=torch.nn.CrossEntropyLoss()
E=int(__import__("sys").argv[2]) if len(__import__("sys").argv) > 2 else 3; perms=[torch.randperm(60000) for _ in range(E)]
np.concatenate([p.numpy() for p in perms]).astype("<i4").tofile("perm.bin")
losses=[]
for e in range(E):
    for i in range(0,60000,100):
        b=perms[e][i:i+100]; opt.zero_grad(); l=lf(m(xtr[b]),ytr[b]); l.backward(); opt.step()
        if len(losses)<2000: losses.append(l.item())
    with torch.no_grad(): print("epoch",e+1,"acc",(m(xte).argmax(1)==yte).float().mean().item())
np.array(losses,dtype="<f4").tofile("loss.bin")
print("loss[0..4]",losses[:5],"loss[599]",losses[599])
