#!/usr/bin/env bash
# Regenerates optim/src/test/resources/parity/torch_traces.json with Debian's PyTorch.
# The traces are committed: tests never need Python.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  echo "installing Debian's python3-torch ..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch
fi
mkdir -p optim/src/test/resources/parity
# Debian's interpreter: the python3 first on PATH may be another one without torch.
/usr/bin/python3 tools/parity/make_traces.py optim/src/test/resources/parity/torch_traces.json
