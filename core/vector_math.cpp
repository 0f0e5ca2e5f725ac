#include "core/vector_math.hpp"

#include <algorithm>
#include <cmath>

#ifdef __AVX2__
#include <immintrin.h>
// glibc's libmvec, AVX2 variants (the names follow the x86-64 vector function ABI).
extern "C" {
__m256d _ZGVdN4v_exp(__m256d);
__m256d _ZGVdN4v_log(__m256d);
__m256d _ZGVdN4v_cos(__m256d);
}
#endif

namespace incomesim::vector_math {
namespace {

#ifdef __AVX2__
// x[j] = f(x[j]) on four lanes at a time, the last few padded (so that a value never depends on
// its position in a batch: libm and libmvec may differ in the last bit).
void apply_in_place(double* x, std::size_t n, __m256d (*f)(__m256d)) {
  std::size_t done = 0;
  for (; done + 4 <= n; done += 4) _mm256_storeu_pd(x + done, f(_mm256_loadu_pd(x + done)));
  if (done < n) {
    double tail[4] = {1, 1, 1, 1};
    std::copy(x + done, x + n, tail);
    _mm256_storeu_pd(tail, f(_mm256_loadu_pd(tail)));
    std::copy(tail, tail + (n - done), x + done);
  }
}
#else
void apply_in_place(double* x, std::size_t n, double (*f)(double)) {
  for (std::size_t j = 0; j < n; ++j) x[j] = f(x[j]);
}
#endif

}  // namespace

void exp_in_place(double* x, std::size_t n) {
#ifdef __AVX2__
  apply_in_place(x, n, _ZGVdN4v_exp);
#else
  apply_in_place(x, n, [](double v) { return std::exp(v); });
#endif
}

void log_in_place(double* x, std::size_t n) {
#ifdef __AVX2__
  apply_in_place(x, n, _ZGVdN4v_log);
#else
  apply_in_place(x, n, [](double v) { return std::log(v); });
#endif
}

void cos_in_place(double* x, std::size_t n) {
#ifdef __AVX2__
  apply_in_place(x, n, _ZGVdN4v_cos);
#else
  apply_in_place(x, n, [](double v) { return std::cos(v); });
#endif
}

}  // namespace incomesim::vector_math
