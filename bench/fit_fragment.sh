#!/usr/bin/env bash
# The fit-then-run measure of docs/performance.md: what a user's first scenario costs. Fits
# docs/examples/history-synthetic.csv with `incomesim fit`, makes a 36-month scenario of the
# fragment it writes (Medium's earnings per article zero-inflated lognormal), and the same
# scenario with a plain lognormal of the fitted median and sigma, then times both whole runs
# alternately with bench/whole_run.sh (ratio above 1: the fragment is slower).
# Usage: bench/fit_fragment.sh BINARY [TRIALS] [THREADS] [REPS]
set -euo pipefail
binary=$1
trials=${2:-400000}
threads=${3:-2}
reps=${4:-5}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$binary" fit "$here/../docs/examples/history-synthetic.csv" --out "$work/fitted.toml" >/dev/null
{
  echo 'name = "fitted"'
  echo 'horizon_months = 36'
  cat "$work/fitted.toml"
} >"$work/fitted-scenario.toml"
# The same plan with the fitted lognormal alone: the zero-inflated line's base, as a plain line.
sed -E 's/^earnings_per_article = \{ dist = "zero_inflated", p_zero = [^,]+, base = (\{[^}]*\}) \}/earnings_per_article = \1/' \
  "$work/fitted-scenario.toml" >"$work/lognormal-scenario.toml"
grep -q 'earnings_per_article = { dist = "zero_inflated"' "$work/fitted-scenario.toml"
grep -q 'earnings_per_article = { dist = "lognormal"' "$work/lognormal-scenario.toml"
bash "$here/whole_run.sh" "$binary:$work/lognormal-scenario.toml" "$binary:$work/fitted-scenario.toml" \
  "$trials" "$threads" "$reps" exact
