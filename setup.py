"""Builds the package's native module, incomesim._incomesim, with the project's CMake build.

pyproject.toml names setuptools as the backend; this file adds the step setuptools cannot do
itself: configure and build the C++ (as pybind11's CMake example does), then put the module where
setuptools packs it. INCOMESIM_CMAKE_BUILD_DIR names a build tree configured with
-DINCOMESIM_PYTHON=ON to build in (the test suite reuses its own); otherwise a fresh Release build
goes into setuptools' temporary directory.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

SOURCE = Path(__file__).resolve().parent


def project_version() -> str:
    text = (SOURCE / "CMakeLists.txt").read_text(encoding="utf-8")
    return re.search(r"project\(incomesim VERSION ([0-9.]+)", text).group(1)


class CMakeBuild(build_ext):
    def build_extension(self, extension: Extension) -> None:
        given = os.environ.get("INCOMESIM_CMAKE_BUILD_DIR")
        build = Path(given).resolve() if given else Path(self.build_temp).resolve() / "cmake"
        if not given:
            subprocess.run(["cmake", "-S", str(SOURCE), "-B", str(build),
                            "-DCMAKE_BUILD_TYPE=Release", "-DINCOMESIM_PYTHON=ON",
                            "-DINCOMESIM_BUILD_TESTS=OFF", "-DINCOMESIM_BUILD_BENCH=OFF",
                            f"-DPython_EXECUTABLE={sys.executable}"], check=True)
        subprocess.run(["cmake", "--build", str(build), "--target", "_incomesim"], check=True)
        built = sorted((build / "python" / "incomesim").glob("_incomesim*.so"))
        if len(built) != 1:
            raise RuntimeError(f"expected one _incomesim module in {build}/python/incomesim, "
                               f"found {[p.name for p in built]}")
        target = Path(self.get_ext_fullpath(extension.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        self.copy_file(str(built[0]), str(target))


(SOURCE / "build-python").mkdir(exist_ok=True)  # egg_info needs its directory to exist
setup(
    version=project_version(),
    # Not build/: that is where the README's CMake build lives.
    options={"build": {"build_base": "build-python"}, "egg_info": {"egg_base": "build-python"}},
    packages=["incomesim"],
    package_dir={"": "python"},
    ext_modules=[Extension("incomesim._incomesim", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
)
