// Highway kernels of random/normals.hpp: one source, compiled once per x86 target.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "random/normals.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
// foreach_target.h must come first: it includes this file again for every target.
#include <hwy/contrib/math/math-inl.h>
#include <hwy/highway.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>

#include "core/vector_loops-inl.h"
#include "core/vector_math.hpp"
#include "random/normals.hpp"

HWY_BEFORE_NAMESPACE();
namespace incomesim::random {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Box-Muller on whole vectors of single-precision lanes. The radius uniform takes the top 24
// bits of its word, an exact float (single precision holds no more) that never rounds to 0 or 1.
void NormalsFromWords(const std::uint32_t* radius_words, const std::uint32_t* angle_words,
                      std::size_t n, float* cos_normal, float* sin_normal) {
  const hn::ScalableTag<float> df;
  const hn::RebindToUnsigned<decltype(df)> du;
  const hn::RebindToSigned<decltype(df)> di;
  const std::size_t lanes = hn::Lanes(df);
  const auto angle_scale = hn::Set(df, static_cast<float>(2 * std::numbers::pi) * 0x1p-24f);
  const auto minus_two = hn::Set(df, -2.0f);
  auto top_bits = [&](const std::uint32_t* words) {
    return hn::ConvertTo(df, hn::BitCast(di, hn::ShiftRight<8>(hn::LoadU(du, words))));
  };
  auto one_vector = [&](const std::uint32_t* radius_at, const std::uint32_t* angle_at,
                        float* cos_at, float* sin_at) {
    const auto u = vector_loops::HWY_NAMESPACE::UniformsFromTopBits(df, radius_at);
    const auto theta = hn::Mul(top_bits(angle_at), angle_scale);
    const auto radius = hn::Sqrt(hn::Mul(minus_two, hn::Log(df, u)));
    hn::StoreU(hn::Mul(radius, hn::Cos(df, theta)), df, cos_at);
    if (sin_at != nullptr) hn::StoreU(hn::Mul(radius, hn::Sin(df, theta)), df, sin_at);
  };
  std::size_t done = 0;
  for (; done + lanes <= n; done += lanes)
    one_vector(radius_words + done, angle_words + done, cos_normal + done,
               sin_normal != nullptr ? sin_normal + done : nullptr);
  if (done < n) {
    // The last few lanes go through the same vector code, padded, so that a value never
    // depends on its position in a batch.
    std::uint32_t radius_tail[hn::MaxLanes(df)] = {}, angle_tail[hn::MaxLanes(df)] = {};
    float cos_tail[hn::MaxLanes(df)], sin_tail[hn::MaxLanes(df)];
    std::copy(radius_words + done, radius_words + n, radius_tail);
    std::copy(angle_words + done, angle_words + n, angle_tail);
    one_vector(radius_tail, angle_tail, cos_tail, sin_normal != nullptr ? sin_tail : nullptr);
    std::copy(cos_tail, cos_tail + (n - done), cos_normal + done);
    if (sin_normal != nullptr) std::copy(sin_tail, sin_tail + (n - done), sin_normal + done);
  }
}

void UniformsFromWords(const std::uint32_t* high_words, const std::uint32_t* low_words,
                       std::size_t n, double* out) {
  const hn::ScalableTag<double> d;
  const hn::RebindToUnsigned<decltype(d)> du64;
  const hn::RebindToSigned<decltype(d)> di64;
  const hn::Rebind<std::uint32_t, decltype(d)> du32;  // one word per 64-bit lane
  const std::size_t lanes = hn::Lanes(d);
  const auto half = hn::Set(d, 0.5), scale = hn::Set(d, 0x1.0p-53);
  auto one_vector = [&](const std::uint32_t* high_at, const std::uint32_t* low_at, double* out_at) {
    // The top 53 bits of high:low, below 2^53, so the signed conversion is exact.
    const auto bits =
        hn::ShiftRight<11>(hn::Or(hn::ShiftLeft<32>(hn::PromoteTo(du64, hn::LoadU(du32, high_at))),
                                  hn::PromoteTo(du64, hn::LoadU(du32, low_at))));
    hn::StoreU(hn::Mul(hn::Add(hn::ConvertTo(d, hn::BitCast(di64, bits)), half), scale), d, out_at);
  };
  std::size_t done = 0;
  for (; done + lanes <= n; done += lanes)
    one_vector(high_words + done, low_words + done, out + done);
  if (done < n) {
    std::uint32_t high_tail[hn::MaxLanes(d)] = {}, low_tail[hn::MaxLanes(d)] = {};
    double out_tail[hn::MaxLanes(d)];
    std::copy(high_words + done, high_words + n, high_tail);
    std::copy(low_words + done, low_words + n, low_tail);
    one_vector(high_tail, low_tail, out_tail);
    std::copy(out_tail, out_tail + (n - done), out + done);
  }
}

}  // namespace HWY_NAMESPACE
}  // namespace incomesim::random
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace incomesim::random {

HWY_EXPORT(NormalsFromWords);
HWY_EXPORT(UniformsFromWords);

void uniforms_from_words(const std::uint32_t* high_words, const std::uint32_t* low_words,
                         std::size_t n, double* out) {
  HWY_DYNAMIC_DISPATCH(UniformsFromWords)(high_words, low_words, n, out);
}

void standard_normals_from_words(const std::uint32_t* radius_words,
                                 const std::uint32_t* angle_words, std::size_t n, float* cos_normal,
                                 float* sin_normal) {
  HWY_DYNAMIC_DISPATCH(NormalsFromWords)(radius_words, angle_words, n, cos_normal, sin_normal);
}

void standard_normals(double* u1, const double* u2, std::size_t n, double* out) {
  vector_math::log_in_place(u1, n);
  for (std::size_t j = 0; j < n; ++j) out[j] = 2.0 * std::numbers::pi * u2[j];
  vector_math::cos_in_place(out, n);
  for (std::size_t j = 0; j < n; ++j) out[j] *= std::sqrt(-2.0 * u1[j]);
}

}  // namespace incomesim::random
#endif  // HWY_ONCE
