#pragma once
// Highway kernels of the window draws (distributions/window_draws.hpp): the steps of the exact
// samplers that need logarithms, roots or many multiplies, on whole vectors of draws, compiled
// once per x86 target and chosen at run time. A value never depends on its position in the
// array or on the target: the last lanes are padded through the same vector code, and AVX2 and
// AVX-512 run the same fused multiply-adds. Knows nothing of income.
#include <cstddef>
#include <cstdint>

namespace incomesim::dist::kernels {

// Marsaglia & Tsang's (2000) attempts at a standard Gamma(shape), shape >= 1, in single
// precision (8 or 16 lanes to a vector; the normals are single precision already), from a
// standard normal z[j] and the uniform u = (top 24 bits of u_words[j] + 1/2) / 2^24: with
// d = shape - 1/3, c = 1 / sqrt(9 d) and v = (1 + c z)^3, out[j] = d v where the attempt is
// accepted (1 + c z > 0, and u < 1 - 0.0331 z^4 or log u < z^2 / 2 + d (1 - v + log v)). Where it
// is rejected (about 5% at shape 1, less above), a second attempt from second_z[j] and
// second_u_words[j] when they are given (not null); NaN where no attempt is accepted: the
// caller finishes those draws afresh. Rounding moves the acceptance boundary by about 1e-7 of
// its probability, as the single-precision normal moves the draw.
void gamma_attempts(double shape, const float* z, const std::uint32_t* u_words,
                    const float* second_z, const std::uint32_t* second_u_words, std::size_t n,
                    double* out);

// The indices j of x[j] that are NaN (draws left to finish), in ascending order, into list, which
// has room for n + kListSlack (count_kernels.hpp); returns their count.
std::size_t list_nans(const double* x, std::size_t n, std::uint32_t* list);

// out[j] = the standard normal quantile of p[j], 0 < p[j] < 1, by Wichura's algorithm AS 241
// (PPND16, Applied Statistics 37, 1988): rational functions in three ranges, relative error
// about 1e-16. Callers pass the smaller tail probability where precision matters (a p close to
// 1 has lost its low bits before it arrives).
void normal_quantiles(const double* p, std::size_t n, double* out);

// x[j] = x[j]^power for x[j] > 0, as exp(power log x[j]).
void power_in_place(double* x, double power, std::size_t n);

// out[j] = u^power in single precision (widened), u the uniform (top 24 bits of words[j] + 1/2)
// / 2^24 as random/normals.hpp makes the radius uniform: a gamma's boost, 8 or 16 lanes to a
// vector. Callers keep 25 |power| below 126, so that no value underflows single precision.
void word_powers(const std::uint32_t* words, float power, std::size_t n, double* out);

}  // namespace incomesim::dist::kernels
