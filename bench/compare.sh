#!/usr/bin/env bash
# Before/after on one machine: builds two commits in temporary work trees (Release, the same
# flags), runs the same Google Benchmark filter on each, alternating, and prints each
# benchmark's median time and the ratio before / after (above 1: the second is faster).
# Usage: bench/compare.sh BEFORE_COMMIT AFTER_COMMIT [FILTER] [REPETITIONS]
#   e.g. bench/compare.sh HEAD~1 HEAD 'BM_Run/default' 5
set -euo pipefail
before=$1
after=$2
filter=${3:-BM_Run}
repetitions=${4:-5}
repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'git -C "$repo" worktree remove --force "$work/before" 2>/dev/null || true;
      git -C "$repo" worktree remove --force "$work/after" 2>/dev/null || true; rm -rf "$work"' EXIT
for side in before after; do
  commit=${!side}
  git -C "$repo" worktree add -q --detach "$work/$side" "$commit"
  cmake -S "$work/$side" -B "$work/$side/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DINCOMESIM_BUILD_TESTS=OFF >/dev/null
  cmake --build "$work/$side/build" --target bench_throughput >/dev/null
done
for ((r = 0; r < repetitions; r++)); do  # alternate, so that drift in the machine hits both
  for side in before after; do
    "$work/$side/build/bench/bench_throughput" --benchmark_filter="$filter" \
      --benchmark_format=csv 2>/dev/null | grep '^"BM_' >>"$work/$side.csv"
  done
done
python3 - "$work/before.csv" "$work/after.csv" "$before" "$after" <<'PY'
import csv, statistics, sys
def medians(path):
    times = {}
    for row in csv.reader(open(path)):
        times.setdefault(row[0], []).append(float(row[2]))  # real_time
    return {name: statistics.median(t) for name, t in times.items()}
b, a = medians(sys.argv[1]), medians(sys.argv[2])
print(f"{'benchmark':70} {sys.argv[3]:>12} {sys.argv[4]:>12} {'ratio':>7}")
for name in b:
    if name in a:
        print(f"{name:70} {b[name]:12.1f} {a[name]:12.1f} {b[name] / a[name]:7.2f}")
PY
