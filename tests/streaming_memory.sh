#!/usr/bin/env bash
# Streaming mode's memory does not grow with the number of trials: the default scenario's peak
# resident memory at 1,000,000 trials is within 8 MB of that at 100,000 and below 64 MB (exact
# mode needs about 120 MB of per-trial floats at 1,000,000 trials alone, 200 MB in all). And a
# run too large for memory in exact mode is refused before allocating, suggesting streaming mode.
# Usage: streaming_memory.sh INCOMESIM_BINARY
set -euo pipefail
binary=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
peak_kb() {
  /usr/bin/time -f "%M" -o "$work/time" "$binary" run -q --mode streaming -n "$1" -o "$work/out"
  cat "$work/time"
}
small=$(peak_kb 100000)
large=$(peak_kb 1000000)
echo "peak resident memory, streaming mode: ${small} KB at 100,000 trials, ${large} KB at 1,000,000"
grep -q "^results_mode,streaming$" "$work/out/metadata.csv"
test ! -e "$work/out/risk.csv"
if ((large - small > 8192 || large > 65536)); then
  echo "FAIL: streaming mode's memory grows with trials"
  exit 1
fi
if "$binary" run -q --mode exact -n 100000000000 -o "$work/huge" 2>"$work/err"; then
  echo "FAIL: an exact run of 1e11 trials was not refused"
  exit 1
fi
grep -q "run --mode streaming" "$work/err"
test ! -e "$work/huge"
