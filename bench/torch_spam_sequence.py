#!/usr/bin/env python3
"""PyTorch's side of the spam-sequence example, on the very token sequences adagrad4j trains on
(written by bench SpamSequenceExport: hashed into 2^18 rows, first 600 tokens, scikit-learn's split):
embedding 2^18 x 32 (N(0, 0.1^2), as ours; sparse=True, so that Adagrad steps the rows of the batch,
as ours does, rather than all 8.4M weights) -> bidirectional GRU 64 over each sequence
(pack_padded_sequence) -> mean over its steps -> linear to 1 logit; BCE with logits; global-norm
clipping at 5; Adagrad lr 0.1; batches of 32 shuffled each epoch; 3 epochs; test accuracy after each.

    bench/torch_spam_sequence.py /tmp/spam-seq.txt        (EPOCHS=3 THREADS=2)
"""
import os
import sys
import time

import torch


def main(path):
    torch.set_num_threads(int(os.environ.get("THREADS", "2")))
    epochs = int(os.environ.get("EPOCHS", "3"))
    with open(path) as f:
        head = f.readline().split()
        test_count, bits = int(head[2]), int(head[4])
        rows = [list(map(int, line.split())) for line in f]
    labels = torch.tensor([r[0] for r in rows], dtype=torch.float32)
    seqs = [torch.tensor(r[1:]) for r in rows]
    torch.manual_seed(42)
    emb = torch.nn.Embedding(1 << bits, 32, sparse=True)
    torch.nn.init.normal_(emb.weight, std=0.1)
    gru = torch.nn.GRU(32, 64, batch_first=True, bidirectional=True)
    head = torch.nn.Linear(128, 1)
    params = list(emb.parameters()) + list(gru.parameters()) + list(head.parameters())
    opt = torch.optim.Adagrad(params, lr=0.1)

    def logits(idx):
        batch = [seqs[i] for i in idx]
        lengths = torch.tensor([len(s) for s in batch])
        x = emb(torch.nn.utils.rnn.pad_sequence(batch, batch_first=True))
        packed = torch.nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        out, _ = gru(packed)
        out, _ = torch.nn.utils.rnn.pad_packed_sequence(out, batch_first=True)
        return head(out.sum(1) / lengths.unsqueeze(1)).squeeze(1)

    train = list(range(test_count, len(rows)))
    print("torch spam-sequence: %d train, %d test e-mails" % (len(train), test_count), flush=True)
    for e in range(1, epochs + 1):
        t0 = time.time()
        perm = torch.randperm(len(train)).tolist()
        total = 0.0
        for k in range(0, len(perm), 32):
            idx = [train[i] for i in perm[k:k + 32]]
            loss = torch.nn.functional.binary_cross_entropy_with_logits(logits(idx), labels[idx])
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 5.0)
            opt.step()
            total += loss.item() * len(idx)
        with torch.no_grad():
            correct = 0
            for k in range(0, test_count, 256):
                idx = list(range(k, min(test_count, k + 256)))
                correct += ((logits(idx) > 0).float() == labels[idx]).sum().item()
        print("torch epoch %d/%d  loss %.4f  test accuracy %.4f  (%.1f s)"
              % (e, epochs, total / len(train), correct / test_count, time.time() - t0), flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
