#include "random/normals.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/vector_math.hpp"

#ifdef __AVX2__
#include <immintrin.h>
// glibc's libmvec, AVX2 variants (the names follow the x86-64 vector function ABI).
extern "C" {
__m256 _ZGVdN8v_logf(__m256);
__m256 _ZGVdN8v_sinf(__m256);
__m256 _ZGVdN8v_cosf(__m256);
}
#endif

namespace incomesim::random {
namespace {

constexpr float kTwoPiOver2To24 = static_cast<float>(2 * std::numbers::pi) * 0x1p-24f;

// The top 24 bits of a word, as an exact float: single precision holds no more, and u then
// never rounds to 0 or 1.
inline float radius_uniform(std::uint32_t word) {
  return static_cast<float>(word >> 8) * 0x1p-24f + 0x1p-25f;
}

void normals_scalar(const std::uint32_t* radius_words, const std::uint32_t* angle_words,
                    std::size_t first, std::size_t n, float* cos_normal, float* sin_normal) {
  for (std::size_t j = first; j < n; ++j) {
    const float radius = std::sqrt(-2.0f * std::log(radius_uniform(radius_words[j])));
    const float theta = static_cast<float>(angle_words[j] >> 8) * kTwoPiOver2To24;
    cos_normal[j] = radius * std::cos(theta);
    sin_normal[j] = radius * std::sin(theta);
  }
}

}  // namespace

void standard_normals_from_words(const std::uint32_t* radius_words,
                                 const std::uint32_t* angle_words, std::size_t n, float* cos_normal,
                                 float* sin_normal) {
  std::size_t done = 0;
#ifdef __AVX2__
  const __m256 scale = _mm256_set1_ps(0x1p-24f);
  const __m256 half_step = _mm256_set1_ps(0x1p-25f);
  const __m256 angle_scale = _mm256_set1_ps(kTwoPiOver2To24);
  const __m256 minus_two = _mm256_set1_ps(-2.0f);
  for (; done + 8 <= n; done += 8) {
    const __m256i radius_bits = _mm256_srli_epi32(
        _mm256_loadu_si256(reinterpret_cast<const __m256i*>(radius_words + done)), 8);
    const __m256i angle_bits = _mm256_srli_epi32(
        _mm256_loadu_si256(reinterpret_cast<const __m256i*>(angle_words + done)), 8);
    const __m256 u =
        _mm256_add_ps(_mm256_mul_ps(_mm256_cvtepi32_ps(radius_bits), scale), half_step);
    const __m256 theta = _mm256_mul_ps(_mm256_cvtepi32_ps(angle_bits), angle_scale);
    const __m256 radius = _mm256_sqrt_ps(_mm256_mul_ps(minus_two, _ZGVdN8v_logf(u)));
    _mm256_storeu_ps(cos_normal + done, _mm256_mul_ps(radius, _ZGVdN8v_cosf(theta)));
    _mm256_storeu_ps(sin_normal + done, _mm256_mul_ps(radius, _ZGVdN8v_sinf(theta)));
  }
  if (done < n) {
    // The last few lanes go through the same vector code, padded, so that a value never
    // depends on its position in a batch (libm and libmvec may differ in the last bit).
    std::uint32_t radius_tail[8] = {}, angle_tail[8] = {};
    float cos_tail[8], sin_tail[8];
    std::copy(radius_words + done, radius_words + n, radius_tail);
    std::copy(angle_words + done, angle_words + n, angle_tail);
    standard_normals_from_words(radius_tail, angle_tail, 8, cos_tail, sin_tail);
    std::copy(cos_tail, cos_tail + (n - done), cos_normal + done);
    std::copy(sin_tail, sin_tail + (n - done), sin_normal + done);
    return;
  }
#endif
  normals_scalar(radius_words, angle_words, done, n, cos_normal, sin_normal);
}

void standard_normals(double* u1, const double* u2, std::size_t n, double* out) {
  vector_math::log_in_place(u1, n);
  for (std::size_t j = 0; j < n; ++j) out[j] = 2.0 * std::numbers::pi * u2[j];
  vector_math::cos_in_place(out, n);
  for (std::size_t j = 0; j < n; ++j) out[j] *= std::sqrt(-2.0 * u1[j]);
}

}  // namespace incomesim::random
