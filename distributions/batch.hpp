#pragma once
// Variates in batches: many draws of one kind at once, on whole vectors. The expensive functions
// (log, sin, cos, exp) come from glibc's vector maths library (libmvec) where the build targets
// AVX2, and from libm one value at a time elsewhere; so a build's results depend on its target
// (docs/architecture.md), never on threads or batch sizes. Knows nothing of income.
#include <cstddef>
#include <cstdint>

#include "distributions/distribution.hpp"

namespace incomesim::dist {

// Standard normals by Box-Muller, in single precision, from two 32-bit words per pair:
// u = (radius_word + 0.5) / 2^32, theta = 2 pi angle_word / 2^32, and
// cos_normal[j] = sqrt(-2 ln u) cos theta, sin_normal[j] = sqrt(-2 ln u) sin theta.
// Single precision loses nothing that matters downstream (relative error about 1e-7) and the
// largest |z| is 6.66 (u = 2^-33), beyond which a normal falls once in 4e10 draws.
void standard_normals_from_words(const std::uint32_t* radius_words,
                                 const std::uint32_t* angle_words, std::size_t n,
                                 float* cos_normal, float* sin_normal);

// out[j] = exp(mu + sigma * z[j]): lognormal variates from standard normals, in double precision
// (no overflow short of the double range).
void lognormal_from_normals(double mu, double sigma, const float* z, std::size_t n, double* out);

// x[j] = exp(x[j]), log(x[j]) or cos(x[j]), for j < n, in place.
void exp_in_place(double* x, std::size_t n);
void log_in_place(double* x, std::size_t n);
void cos_in_place(double* x, std::size_t n);

// Standard normals in double precision, by Box-Muller's cosine branch from two uniforms each
// (as detail::standard_normal, with vectorised log and cos): out[j] = sqrt(-2 ln u1[j])
// cos(2 pi u2[j]). u1 is overwritten.
void standard_normals(double* u1, const double* u2, std::size_t n, double* out);

// out[j] = the value of d whose normal score is z[j] (from_normal_score), vectorised for the
// lognormal and normal; so any family can be drawn from batched normals.
void from_normal_scores(const Distribution& d, const float* z, std::size_t n, double* out);

}  // namespace incomesim::dist
