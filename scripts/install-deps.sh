#!/usr/bin/env bash
# Installs the Debian 12 packages incomesim needs, only those missing. Run as root (apt-get).
# Build and run: a C++20 compiler, CMake, the libraries of docs/architecture.md. Charts: gnuplot,
# with the DejaVu fonts named so that a chart is drawn the same on every machine (docs/images is
# checked byte for byte against a fresh drawing).
# Tests also use clang (libFuzzer, sanitizer runtimes), Google Test/Benchmark and OpenMPI (the
# MPI build's identical-report test), pybind11 and Debian's Python with numpy, pandas and pytest
# (the Python module and its tests), and headless Chromium driven by Selenium (report.html's
# browser test).
set -euo pipefail
packages=(
  cmake ninja-build g++ pkg-config
  librandom123-dev libboost-dev libtbb-dev libeigen3-dev libhwy-dev
  libcli11-dev libtomlplusplus-dev libfmt-dev
  libgtest-dev libbenchmark-dev
  gnuplot-nox fonts-dejavu-core
)
if [[ "${1:-}" == "--tests" ]]; then
  packages+=(clang clang-format libclang-rt-14-dev libopenmpi-dev openmpi-bin
    pybind11-dev python3-dev python3-numpy python3-pandas python3-pytest
    python3-pip python3-setuptools python3-wheel
    chromium chromium-driver python3-selenium)
fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "Installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
