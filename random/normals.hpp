#pragma once
// Words to uniforms and to standard normals (Box-Muller), many at once, on whole vectors
// (Highway kernels, random/normals.cpp).
#include <cstddef>
#include <cstdint>

namespace incomesim::random {

// out[j] = uniform_from_words(high_words[j], low_words[j]) for j < n, bit for bit.
void uniforms_from_words(const std::uint32_t* high_words, const std::uint32_t* low_words,
                         std::size_t n, double* out);

// Standard normals in single precision, from two 32-bit words per pair:
// u = (radius_word + 0.5) / 2^32, theta = 2 pi angle_word / 2^32, and
// cos_normal[j] = sqrt(-2 ln u) cos theta, sin_normal[j] = sqrt(-2 ln u) sin theta.
// Single precision loses nothing that matters downstream (relative error about 1e-7) and the
// largest |z| is 6.66 (u = 2^-33), beyond which a normal falls once in 4e10 draws. A null
// sin_normal skips the sine branch (the cosine's bits are the same either way).
void standard_normals_from_words(const std::uint32_t* radius_words,
                                 const std::uint32_t* angle_words, std::size_t n, float* cos_normal,
                                 float* sin_normal);

// Standard normals in double precision, by Box-Muller's cosine branch from two uniforms each
// (as dist::detail::standard_normal, with vectorised log and cos):
// out[j] = sqrt(-2 ln u1[j]) cos(2 pi u2[j]). u1 is overwritten.
void standard_normals(double* u1, const double* u2, std::size_t n, double* out);

}  // namespace incomesim::random
