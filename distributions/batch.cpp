#include "distributions/batch.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/vector_math.hpp"

namespace incomesim::dist {

void lognormal_from_normals(double mu, double sigma, const float* z, std::size_t n, double* out) {
  // |z| <= 6.67 (random/normals.hpp), so mu + sigma z stays within +-(|mu| + 6.67 sigma). Where
  // that is inside float exp's range, exp in single precision: z carries 24 bits, so the double
  // exp of the same z is no more accurate than about sigma |z| 2^-24 relative anyway.
  if (std::abs(mu) + 6.67 * std::abs(sigma) < 80) {
    vector_math::exp_affine_float(static_cast<float>(mu), static_cast<float>(sigma), z, n, out);
    return;
  }
  for (std::size_t j = 0; j < n; ++j) out[j] = mu + sigma * static_cast<double>(z[j]);
  vector_math::exp_in_place(out, n);
}

void from_normal_scores(const Distribution& d, const float* z, std::size_t n, double* out) {
  if (const auto* f = std::get_if<Lognormal>(&d.family())) {
    lognormal_from_normals(f->mu, f->sigma, z, n, out);
  } else if (const auto* g = std::get_if<Normal>(&d.family())) {
    for (std::size_t j = 0; j < n; ++j) out[j] = g->mean + g->sd * static_cast<double>(z[j]);
  } else if (const auto* t = std::get_if<Truncated>(&d.family()); t && t->clamps) {
    from_normal_scores(*t->base, z, n, out);
    for (std::size_t j = 0; j < n; ++j) out[j] = t->clamp(out[j]);
  } else {
    for (std::size_t j = 0; j < n; ++j) out[j] = from_normal_score(d, static_cast<double>(z[j]));
  }
}

}  // namespace incomesim::dist
