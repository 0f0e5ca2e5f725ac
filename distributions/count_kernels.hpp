#pragma once
// The arithmetic of the batched count samplers (batch_counts.cpp) on whole vectors, compiled
// once per x86 target with Google Highway and chosen at run time. Each lane's result depends
// only on its own inputs, and the operations are those of the scalar samplers (samplers.hpp) in
// the same order, so a lane's count equals the scalar sampler's on the same uniforms (the
// logarithms are Highway's, the scalar's libm's: they can differ in the last bit, which decides
// a count only for uniforms within about 1e-16 of a boundary). AVX2 and AVX-512 give the same
// bits. Knows nothing of income.
#include <cstddef>
#include <cstdint>

namespace incomesim::dist::kernels {

// Extra room a lane list needs past its last lane: list_lanes may write up to a whole vector
// beyond.
inline constexpr std::size_t kListSlack = 16;

// Lanes by method, in ascending order: below[...] the lanes j with 0 < x[j] * scale < boundary,
// above[...] those with boundary <= x[j] * scale <= ceiling (NaN in neither). Each list has room
// for n + kListSlack lanes; the counts are returned in below_count and above_count, and whether
// any lane exceeds the ceiling.
bool list_lanes(const double* x, double scale, std::size_t n, double boundary, double ceiling,
                std::uint32_t* below, std::size_t& below_count, std::uint32_t* above,
                std::size_t& above_count);

// out[j] = in[j] as a double (exact below 2^53).
void to_doubles(const std::int64_t* in, std::size_t n, double* out);

// Sequential-search inversion for lanes 0..m-1: u[t] a uniform, p[t] = P(0), and
// P(step + 1) = P(step) * (c0[t] - c1 * step) * (1 / (step + 1)) * c2 while u > P, P > 0 and
// step < limit[t]; k[t] is the count.
void invert(const double* u, const double* p, double* k, const double* c0, const double* limit,
            std::size_t m, double c1, double c2);

// One attempt of Hörmann's transformed rejection per lane, in two steps, as the scalar samplers
// decide (poisson_ptrs for PTRS, mean[t] >= 10; binomial_btrs for BTRS, trials[t] * p >= 10 with
// p <= 1/2), from two uniforms u[t] and v[t]. The screen gives the candidate count[t] and a
// verdict[t]: 1 (accepted at once), 0 (rejected outright) or 1/2 (undecided: about one lane in
// eight). The slow test, with logarithms and log-factorials, decides the undecided lanes
// (given compacted), verdict[t] 1 or 0.
void ptrs_screen(const double* mean, const double* u, const double* v, std::size_t m, double* count,
                 double* verdict);
void ptrs_slow_test(const double* mean, const double* u, const double* v, std::size_t m,
                    double* verdict);
void btrs_screen(const double* trials, double p, const double* u, const double* v, std::size_t m,
                 double* count, double* verdict);
// log_odds = log(p / (1 - p)).
void btrs_slow_test(const double* trials, double p, double log_odds, const double* u,
                    const double* v, std::size_t m, double* verdict);

}  // namespace incomesim::dist::kernels
