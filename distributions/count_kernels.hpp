#pragma once
// The arithmetic of the batched count samplers (batch_counts.cpp) on whole vectors, compiled
// once per x86 target with Google Highway and chosen at run time. Each lane's result depends
// only on its own inputs, and the operations are those of the scalar samplers (samplers.hpp) in
// the same order, so a lane's count equals the scalar sampler's on the same uniforms (the
// logarithms are Highway's, the scalar's libm's: they can differ in the last bit, which decides
// a count only for uniforms within about 1e-16 of a boundary). AVX2 and AVX-512 give the same
// bits. Knows nothing of income.
#include <cstddef>

namespace incomesim::dist::kernels {

// Sequential-search inversion for lanes 0..m-1: u[t] a uniform, p[t] = P(0), and
// P(step + 1) = P(step) * (c0[t] - c1 * step) / (step + 1) * c2 while u > P, P > 0 and
// step < limit[t]; k[t] is the count.
void invert(const double* u, const double* p, double* k, const double* c0, const double* limit,
            std::size_t m, double c1, double c2);

// One attempt of Hörmann's PTRS (Poisson, mean[t] >= 10) per lane, from u[t] = a uniform - 1/2
// and v[t] a uniform: the candidate count[t] and accepted[t] (1 or 0), as poisson_ptrs decides.
void ptrs_attempt(const double* mean, const double* u, const double* v, std::size_t m,
                  double* count, double* accepted);

// One attempt of Hörmann's BTRS (binomial, trials[t] * p >= 10, p <= 1/2) per lane, as
// binomial_btrs decides; log_odds = log(p / (1 - p)).
void btrs_attempt(const double* trials, double p, double log_odds, const double* u, const double* v,
                  std::size_t m, double* count, double* accepted);

}  // namespace incomesim::dist::kernels
