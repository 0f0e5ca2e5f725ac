#include "distributions/batch.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/vector_math.hpp"

namespace incomesim::dist {

void lognormal_from_normals(double mu, double sigma, const float* z, std::size_t n, double* out) {
  for (std::size_t j = 0; j < n; ++j) out[j] = mu + sigma * static_cast<double>(z[j]);
  vector_math::exp_in_place(out, n);
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
