"""Reads a TensorBoard log folder with TensorBoard's own EventAccumulator and prints what it found as JSON:
every scalar tag with its (step, value) pairs, every histogram tag with its (step, count, min, max, sum of bucket
counts). Used by TensorBoardTest; needs `python3 -m pip install tensorboard`."""
import json
import sys

from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

acc = EventAccumulator(sys.argv[1], size_guidance={"scalars": 0, "histograms": 0})
acc.Reload()
tags = acc.Tags()
out = {"scalars": {}, "histograms": {}}
for tag in tags["scalars"]:
    out["scalars"][tag] = [[e.step, e.value] for e in acc.Scalars(tag)]
for tag in tags["histograms"]:
    out["histograms"][tag] = [[e.step, e.histogram_value.num, e.histogram_value.min, e.histogram_value.max,
                               sum(e.histogram_value.bucket)] for e in acc.Histograms(tag)]
print(json.dumps(out))
