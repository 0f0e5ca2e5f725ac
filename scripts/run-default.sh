#!/usr/bin/env bash
# Set-up command 1: install what is missing, build (Release), run the bundled default scenario.
# Extra arguments go to `incomesim run`, e.g. scripts/run-default.sh --trials 1000000
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build --target incomesim
./build/incomesim run "$@"
