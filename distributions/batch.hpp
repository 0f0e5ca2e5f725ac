#pragma once
// Variates in batches, from standard normals made by random/normals.hpp: many draws of one kind
// at once, on whole vectors (exp from core/vector_math). Results never depend on threads or batch
// sizes. Knows nothing of income.
#include <cstddef>
#include <cstdint>

#include "distributions/distribution.hpp"

namespace incomesim::dist {

// out[j] = exp(mu + sigma * z[j]): lognormal variates from the single-precision normals of
// random/normals.hpp (|z| <= 6.67). The exp is taken in single precision where |mu| + 6.67 sigma
// keeps it in float's range (z's own 24 bits limit the accuracy to about that anyway), else in
// double precision (no overflow short of the double range).
void lognormal_from_normals(double mu, double sigma, const float* z, std::size_t n, double* out);

// out[j] = the value of d whose normal score is z[j] (from_normal_score), vectorised for the
// lognormal and normal; so any family can be drawn from batched normals.
void from_normal_scores(const Distribution& d, const float* z, std::size_t n, double* out);

}  // namespace incomesim::dist
