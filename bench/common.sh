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
