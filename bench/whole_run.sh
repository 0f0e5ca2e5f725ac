#!/usr/bin/env bash
# The whole-run measure of docs/performance.md: `incomesim run` of the bundled default scenario
# (load, simulate, summarise, risk attribution with its bootstrap, every CSV), through the same
# code path a user runs. Runs each binary REPS times, alternating (so that drift in the machine
# hits both), and prints per binary the median wall seconds, ns per trial-month, CPU seconds and
# peak resident memory (/usr/bin/time). With two binaries, also the ratio first / second
# (above 1: the second is faster).
# Usage: bench/whole_run.sh BINARY [BINARY_2] [TRIALS] [THREADS] [REPS] [MODE]
#   e.g. bench/whole_run.sh /tmp/before/incomesim build/incomesim 400000 2 5 exact
# A binary may name a scenario after a colon (BINARY:SCENARIO; the default scenario otherwise),
# so that one binary on two scenarios is compared the same way, e.g.
#   bench/whole_run.sh build/incomesim build/incomesim:bench/zoo.toml 400000 2 5 exact
# (ns per trial-month assume a 36-month horizon, as the bundled scenarios and bench/zoo.toml have).
set -euo pipefail
first=$1
second=${2:-}
trials=${3:-400000}
threads=${4:-2}
reps=${5:-5}
mode=${6:-exact}
months=36
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
binaries=("$first")
[[ -n "$second" ]] && binaries+=("$second")
for ((r = 0; r < reps; r++)); do
  for k in "${!binaries[@]}"; do
    binary=${binaries[$k]%%:*}
    scenario=()
    [[ "${binaries[$k]}" == *:* ]] && scenario=("${binaries[$k]#*:}")
    /usr/bin/time -f "%e %U %S %M" -o "$out/time" "$binary" run "${scenario[@]}" -q -n "$trials" \
      -t "$threads" --mode "$mode" -o "$out/run"
    cat "$out/time" >>"$out/times.$k"
  done
done
python3 - "$out" "$trials" "$months" "${binaries[@]}" <<'PY'
import statistics, sys
out, trials, months, binaries = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
medians = []
for k, binary in enumerate(binaries):
    rows = [list(map(float, line.split())) for line in open(f"{out}/times.{k}")]
    wall = statistics.median(r[0] for r in rows)
    cpu = statistics.median(r[1] + r[2] for r in rows)
    memory = max(r[3] for r in rows) / 1024
    medians.append(wall)
    print(f"{binary}: {wall:.3f} s wall ({wall * 1e9 / (trials * months):.1f} ns per trial-month), "
          f"{cpu:.3f} s CPU, peak {memory:.0f} MB, median of {len(rows)}")
if len(medians) == 2:
    print(f"ratio first / second: {medians[0] / medians[1]:.2f}")
PY
