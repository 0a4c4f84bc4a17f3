# Helpers shared by the side-by-side scripts (sourced, not run).

# run_env ENV COMMAND...: runs COMMAND in one of the two OpenBLAS environments the tables report:
# "haswell" sets OPENBLAS_CORETYPE=Haswell (AVX2 kernels, as on an AVX2-only CPU); anything else
# unsets OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE (OpenBLAS picks kernels for the CPU, as on most machines).
run_env() {
  local e=$1
  shift
  if [ "$e" = haswell ]; then env OPENBLAS_CORETYPE=Haswell "$@"; else env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$@"; fi
}

# median: the median of the numbers on stdin (space or newline separated), NA if there are none.
median() {
  tr ' ' '\n' | grep . | sort -g |
    awk '{ v[NR] = $1 } END { if (NR == 0) print "NA"; else print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# spread MEDIAN: (max - min) / MEDIAN of the numbers on stdin, as a percentage.
spread() {
  tr ' ' '\n' | grep . | sort -g | awk -v m="$1" '{ v[NR] = $1 } END { printf "%.0f%%", 100 * (v[NR] - v[1]) / m }'
}

# use_torch: sets PY to the Python whose PyTorch the scripts compare against: PyTorch 2, the python3 on
# PATH (`python3 -m pip install torch`, installed here when missing), or PY=/usr/bin/python3 for Debian's
# python3-torch 1.13 (installed with apt when missing). Prints nothing; TORCH_VERSION names it.
use_torch() {
  PY=${PY:-python3}
  if ! "$PY" -c 'import torch' 2>/dev/null; then
    if [ "$PY" = /usr/bin/python3 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch >/dev/null
    else
      "$PY" -m pip install -q torch >&2
    fi
  fi
  TORCH_VERSION=$("$PY" -c 'import torch; print(torch.__version__)')
}
