#!/usr/bin/env python3
"""Writes a small click-through table in LIBSVM format (examples/data/clicks.svm).

  tools/data/make_clicks_svm.py OUT.svm

2000 impressions, each with a site, an ad, a device and an hour (one-hot, hashed into 2^16
indices the way a CTR pipeline hashes `field=value` strings) and two numbers (position, a
normalised bid). The click (1) or not (0) is drawn from a logistic model of those features, so a
linear model learns it. Python's standard library only, seeded: the same file every time.
"""
import hashlib
import math
import random
import sys

BITS = 16
rng = random.Random(11)


def index(field, value):
    """1-based LIBSVM index of a hashed field=value feature (1 and 2 are the numbers)."""
    h = int.from_bytes(hashlib.md5(f"{field}={value}".encode()).digest()[:4], "little")
    return 3 + h % (1 << BITS)


sites = [f"site{i}" for i in range(40)]
ads = [f"ad{i}" for i in range(120)]
devices = ["phone", "tablet", "desktop"]
weight = {("site", s): rng.gauss(0, 0.8) for s in sites}
weight.update({("ad", a): rng.gauss(0, 1.0) for a in ads})
weight.update({("device", d): w for d, w in zip(devices, [0.4, 0.0, -0.5])})
weight.update({("hour", h): 0.3 * math.sin(h / 24 * 2 * math.pi) for h in range(24)})

lines = []
for _ in range(2000):
    f = {"site": rng.choice(sites), "ad": rng.choice(ads), "device": rng.choice(devices), "hour": rng.randrange(24)}
    position = rng.randint(1, 5)
    bid = round(rng.random(), 3)
    z = -1.2 + sum(weight[(k, v)] for k, v in f.items()) - 0.35 * (position - 1) + 0.8 * bid
    label = 1 if rng.random() < 1 / (1 + math.exp(-z)) else 0
    feats = {1: position, 2: bid}
    for k, v in f.items():
        feats[index(k, v)] = 1
    lines.append(str(label) + " " + " ".join(f"{i}:{v}" for i, v in sorted(feats.items())))
with open(sys.argv[1], "w") as out:
    out.write("\n".join(lines) + "\n")
