#pragma once
// Elementary functions over arrays, on whole vectors: Google Highway's hwy/contrib/math,
// compiled for every x86 target the build has and chosen at run time (the same dispatch as the
// Philox lanes). The targets with fused multiply-add (AVX2, AVX-512) give the same bits; SSE4,
// the fallback for a CPU without Highway's AVX2 requirements, may differ in the last bit. A value
// never depends on its position in the array: the last lanes go through the same vector code,
// padded. Accuracy (Highway's tests): exp and log within 1 ulp, cos within 3.
#include <cstddef>

namespace incomesim::vector_math {

// x[j] = exp(x[j]) (0 below -1000, as exp underflows there), log(x[j]) (x[j] > 0) or cos(x[j])
// (|x[j]| < 1e5), for j < n, in place.
void exp_in_place(double* x, std::size_t n);
void log_in_place(double* x, std::size_t n);
void cos_in_place(double* x, std::size_t n);

// out[j] = exp(a + b * z[j]) computed in single precision (16 lanes to an AVX-512 vector where
// double precision has 8) and widened to double, for j < n. Callers keep a + b * z within
// [-87, 88], where the float exp neither overflows nor loses precision to subnormals.
void exp_affine_float(float a, float b, const float* z, std::size_t n, double* out);

}  // namespace incomesim::vector_math
