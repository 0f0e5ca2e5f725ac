#include "distributions/batch.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#ifdef __AVX2__
#include <immintrin.h>
// glibc's libmvec, AVX2 variants (the names follow the x86-64 vector function ABI).
extern "C" {
__m256d _ZGVdN4v_exp(__m256d);
}
#endif

namespace incomesim::dist {

void lognormal_from_normals(double mu, double sigma, const float* z, std::size_t n, double* out) {
  std::size_t done = 0;
#ifdef __AVX2__
  const __m256d location = _mm256_set1_pd(mu);
  const __m256d scale = _mm256_set1_pd(sigma);
  for (; done + 4 <= n; done += 4) {
    const __m256d normal = _mm256_cvtps_pd(_mm_loadu_ps(z + done));
    _mm256_storeu_pd(out + done,
                     _ZGVdN4v_exp(_mm256_add_pd(location, _mm256_mul_pd(scale, normal))));
  }
  if (done < n) {  // padded, so a value never depends on its place in a batch
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
