#!/usr/bin/env bash
# An MPI run writes the same report, byte for byte, as a single-process run with the same seed:
# the default scenario (household, fx, all five streams) at -np 2 and -np 3, a run with fewer
# blocks than processes (1,500 trials: two blocks, so the third process runs none), a run in
# streaming mode (sketches instead of per-trial results), and a --precision run that stops on
# P(ruin) and the expected shortfall (every process must stop at the same count).
# Usage: mpi_identical.sh INCOMESIM_BINARY
set -euo pipefail
binary=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mpi=(mpirun --allow-run-as-root --oversubscribe)
for trials in 30000 1500 streaming precision; do
  options=(-n "$trials")
  [[ $trials == streaming ]] && options=(-n 20000 --mode streaming)
  [[ $trials == precision ]] &&
    options=(--precision 'household p_ruin:0.002' --precision 'total.horizon es:1%' --max-trials 80000)
  "$binary" run -q "${options[@]}" -s 7 -o "$work/single-$trials"
  for np in 2 3; do
    "${mpi[@]}" -np "$np" "$binary" run -q "${options[@]}" -s 7 -o "$work/np$np-$trials"
    for file in "$work/single-$trials"/*.csv; do
      if ! cmp "$file" "$work/np$np-$trials/$(basename "$file")"; then
        echo "FAIL: $(basename "$file") differs at -np $np, $trials trials"
        exit 1
      fi
    done
    echo "-np $np, $trials trials: all $(ls "$work/single-$trials" | wc -l) files identical"
  done
done
# Other commands are refused under mpirun, with one message.
if "${mpi[@]}" -np 2 "$binary" validate 2>"$work/err"; then
  echo "FAIL: validate ran under mpirun"
  exit 1
fi
grep -q "only \`incomesim run\` is split across MPI processes" "$work/err"
