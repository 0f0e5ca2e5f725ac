#pragma once
// Elementary functions over arrays, on whole vectors: glibc's vector maths library (libmvec)
// where the build targets AVX2, libm one value at a time elsewhere. A value never depends on its
// position in the array (the last lanes go through the same vector code, padded).
#include <cstddef>

namespace incomesim::vector_math {

// x[j] = exp(x[j]), log(x[j]) or cos(x[j]), for j < n, in place.
void exp_in_place(double* x, std::size_t n);
void log_in_place(double* x, std::size_t n);
void cos_in_place(double* x, std::size_t n);

}  // namespace incomesim::vector_math
