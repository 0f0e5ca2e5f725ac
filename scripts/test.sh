#!/usr/bin/env bash
# Set-up command 2: install what is missing, then run every test. This is what CI runs
# (.ci/run). A formatting check, then five stages, each must pass:
#   0. every C++ source formatted by the committed .clang-format (clang-format 14, Debian 12);
#   1. the release build with warnings as errors and the Python module, and the whole suite
#      (ctest: GoogleTest, and pytest on the module with Debian's python3);
#   2. the whole suite again under AddressSanitizer + UndefinedBehaviorSanitizer (GCC; warnings
#      are enforced by stage 1: GCC 12 warns falsely inside std::regex when sanitizing);
#   3. the multithreaded tests under ThreadSanitizer (GCC);
#   4. the libFuzzer targets (clang, ASan + UBSan) for FUZZ_SECONDS each (default 60), seeded
#      with the bundled scenarios and tests/fuzz-regressions/;
#   5. the MPI build (OpenMPI): mpirun -np 2 and -np 3 write the single-process report, bit for bit.
# About 15 minutes on 2 cores. Build trees: build/, build-asan/, build-tsan/, build-fuzz/,
# build-mpi/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --tests
jobs=$(nproc)
fuzz_seconds=${FUZZ_SECONDS:-60}

echo "== 0/5 formatting (.clang-format)"
# Fails on the first unformatted file, printing where; fix with clang-format -i FILE.
find core random distributions engine scenarios analysis report tools tests bench fuzz python \
  \( -name '*.cpp' -o -name '*.hpp' \) -print0 | xargs -0 clang-format --dry-run --Werror
echo "formatted: every source"

echo "== 1/5 release build and tests"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DINCOMESIM_WERROR=ON \
  -DINCOMESIM_PYTHON=ON -DPython_EXECUTABLE=/usr/bin/python3 >/dev/null
cmake --build build
ctest --test-dir build --output-on-failure --parallel "$jobs"

echo "== 2/5 AddressSanitizer + UndefinedBehaviorSanitizer"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DINCOMESIM_WERROR=OFF \
  -DINCOMESIM_SANITIZE=address,undefined -DINCOMESIM_BUILD_BENCH=OFF >/dev/null
cmake --build build-asan
ctest --test-dir build-asan --output-on-failure --parallel "$jobs"

echo "== 3/5 ThreadSanitizer (the tests that run trials on several threads)"
# Parallel loops on std::thread (engine/parallel.hpp explains why), so TSan sees every hand-off.
cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DINCOMESIM_WERROR=OFF \
  -DINCOMESIM_SANITIZE=thread -DINCOMESIM_STD_THREADS=ON -DINCOMESIM_BUILD_BENCH=OFF >/dev/null
cmake --build build-tsan --target test_runner test_sketch test_research
TSAN_OPTIONS="halt_on_error=1" \
  ctest --test-dir build-tsan --output-on-failure -R '^(Runner|MonthlyBands|Risk|Paired)\.'

echo "== 4/5 libFuzzer, ${fuzz_seconds} s per target"
cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DINCOMESIM_FUZZ=ON -DINCOMESIM_SANITIZE=address,undefined -DINCOMESIM_BUILD_TESTS=OFF \
  -DINCOMESIM_BUILD_BENCH=OFF >/dev/null
cmake --build build-fuzz --target fuzz_scenario fuzz_cli fuzz_results
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
mkdir -p "$corpus/scenario" "$corpus/cli" "$corpus/results" "$corpus/crashes"
cp scenarios/examples/*.toml tests/fuzz-regressions/*.toml "$corpus/scenario/"
cp tests/fuzz-regressions/*.args "$corpus/cli/"
cp tests/fuzz-regressions/*.results "$corpus/results/"
for target in scenario cli results; do
  if ! "build-fuzz/fuzz/fuzz_$target" "$corpus/$target" -max_total_time="$fuzz_seconds" \
      -timeout=10 -rss_limit_mb=4096 -artifact_prefix="$corpus/crashes/" \
      >"$corpus/$target.log" 2>&1; then
    tail -n 40 "$corpus/$target.log"
    echo "fuzz_$target found a failing input; add it to tests/fuzz-regressions/ with the fix:"
    ls "$corpus/crashes/"
    exit 1
  fi
  echo "fuzz_$target: $(grep -o 'Done [0-9]* runs in [0-9]* second(s)' "$corpus/$target.log")"
done
echo "== 5/5 MPI build: reports at -np 2 and -np 3 identical to one process"
cmake -S . -B build-mpi -G Ninja -DCMAKE_BUILD_TYPE=Release -DINCOMESIM_WERROR=ON \
  -DINCOMESIM_MPI=ON -DINCOMESIM_BUILD_BENCH=OFF >/dev/null
cmake --build build-mpi --target incomesim
ctest --test-dir build-mpi --output-on-failure -R '^Mpi\.'
echo "All five stages passed."
