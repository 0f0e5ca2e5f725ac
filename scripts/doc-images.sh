#!/usr/bin/env bash
# The charts in docs/images, drawn from the default scenario (20,000 trials, seed 1) by gnuplot
# through `incomesim run --plot`: fan.png and risk.png.
#   scripts/doc-images.sh BINARY DIR           draw them into DIR (docs/images to update them)
#   scripts/doc-images.sh --check BINARY DIR   exit 1 if those in DIR differ from a fresh drawing
# ctest runs the check (Docs.ImagesAreCurrent), so the README's charts cannot go stale: a change
# to the model or the charts that moves them fails until they are redrawn with the first form.
set -euo pipefail
check=no
if [[ ${1:-} == --check ]]; then check=yes; shift; fi
if [[ $# -ne 2 ]]; then
  echo "usage: $0 [--check] BINARY DIR" >&2
  exit 2
fi
binary=$1 dir=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
timeout -k 10 300 "$binary" run --trials 20000 --seed 1 --quiet --plot --out "$scratch/run" \
  > /dev/null
for chart in fan.png risk.png; do
  if [[ $check == yes ]]; then
    if ! cmp -s "$scratch/run/$chart" "$dir/$chart"; then
      echo "$dir/$chart differs from a fresh drawing; redraw with: $0 $binary $dir" >&2
      exit 1
    fi
  else
    # Through a temporary name, so that an interrupted copy leaves the old chart whole.
    cp "$scratch/run/$chart" "$dir/.$chart.tmp"
    mv "$dir/.$chart.tmp" "$dir/$chart"
  fi
done
