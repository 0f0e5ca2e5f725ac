#!/usr/bin/env bash
# Scaling of a whole `incomesim run` (simulate, summarise, risk bootstrap, write every CSV) of the
# bundled default scenario with trials, months and threads. Prints a Markdown table for
# docs/performance.md: wall seconds and peak resident memory from /usr/bin/time.
# Usage: bench/scaling.sh [BINARY]   (default build/incomesim)
set -euo pipefail
binary=${1:-build/incomesim}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "| trials | months | threads | seconds | trials per second | ns per trial-month | peak memory | command |"
echo "|---|---|---|---|---|---|---|---|"
for row in "100000 36 1" "100000 36 2" "1000000 36 1" "1000000 36 2" "1000000 72 2" "2000000 36 2"; do
  read -r trials months threads <<<"$row"
  command="incomesim run -q -n $trials --horizon $months -t $threads"
  /usr/bin/time -f "%e %M" -o "$out/time" "$binary" run -q -n "$trials" --horizon "$months" \
    -t "$threads" -o "$out/run" 
  read -r seconds kilobytes <"$out/time"
  python3 -c "
t, m, th, s, kb = $trials, $months, $threads, $seconds, $kilobytes
print(f'| {t:,} | {m} | {th} | {s:.2f} | {t / s / 1e3:,.0f} k | {s * 1e9 / (t * m):,.0f} | {kb / 1024:,.0f} MB | \`$command\` |')"
done
