#include "distributions/batch.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#ifdef __AVX2__
#include <immintrin.h>
// glibc's libmvec, AVX2 variants (the names follow the x86-64 vector function ABI).
extern "C" {
__m256 _ZGVdN8v_logf(__m256);
__m256 _ZGVdN8v_sinf(__m256);
__m256 _ZGVdN8v_cosf(__m256);
__m256d _ZGVdN4v_exp(__m256d);
__m256d _ZGVdN4v_log(__m256d);
__m256d _ZGVdN4v_cos(__m256d);
}
#endif

namespace incomesim::dist {
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
                                 const std::uint32_t* angle_words, std::size_t n,
                                 float* cos_normal, float* sin_normal) {
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

void lognormal_from_normals(double mu, double sigma, const float* z, std::size_t n,
                            double* out) {
  std::size_t done = 0;
#ifdef __AVX2__
  const __m256d location = _mm256_set1_pd(mu);
  const __m256d scale = _mm256_set1_pd(sigma);
  for (; done + 4 <= n; done += 4) {
    const __m256d normal = _mm256_cvtps_pd(_mm_loadu_ps(z + done));
    _mm256_storeu_pd(out + done,
                     _ZGVdN4v_exp(_mm256_add_pd(location, _mm256_mul_pd(scale, normal))));
  }
  if (done < n) {  // padded, as in standard_normals_from_words
    float z_tail[4] = {};
    double out_tail[4];
    std::copy(z + done, z + n, z_tail);
    lognormal_from_normals(mu, sigma, z_tail, 4, out_tail);
    std::copy(out_tail, out_tail + (n - done), out + done);
    return;
  }
#endif
  for (; done < n; ++done) out[done] = std::exp(mu + sigma * static_cast<double>(z[done]));
}

namespace {

#ifdef __AVX2__
// x[j] = f(x[j]) on four lanes at a time, the last few padded (as in
// standard_normals_from_words).
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

void standard_normals(double* u1, const double* u2, std::size_t n, double* out) {
  log_in_place(u1, n);
  for (std::size_t j = 0; j < n; ++j) out[j] = 2.0 * std::numbers::pi * u2[j];
  cos_in_place(out, n);
  for (std::size_t j = 0; j < n; ++j) out[j] *= std::sqrt(-2.0 * u1[j]);
}

void from_normal_scores(const Distribution& d, const float* z, std::size_t n, double* out) {
  if (const auto* f = std::get_if<Lognormal>(&d.family())) {
    lognormal_from_normals(f->mu, f->sigma, z, n, out);
  } else if (const auto* g = std::get_if<Normal>(&d.family())) {
    for (std::size_t j = 0; j < n; ++j) out[j] = g->mean + g->sd * static_cast<double>(z[j]);
  } else {
    for (std::size_t j = 0; j < n; ++j) out[j] = from_normal_score(d, static_cast<double>(z[j]));
  }
}

}  // namespace incomesim::dist
