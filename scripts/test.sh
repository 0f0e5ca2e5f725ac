#!/usr/bin/env bash
# Set-up command 2: install what is missing, build everything with warnings as errors, run every
# test (ctest). This is what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DINCOMESIM_WERROR=ON >/dev/null
cmake --build build
ctest --test-dir build --output-on-failure --parallel "$(nproc)"
