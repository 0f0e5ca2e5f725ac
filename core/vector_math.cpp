// Highway kernels of core/vector_math.hpp: one source, compiled once per x86 target.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "core/vector_math.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
// foreach_target.h must come first: it includes this file again for every target.
#include <hwy/contrib/math/math-inl.h>
#include <hwy/highway.h>

#include <algorithm>
#include <cstddef>

#include "core/vector_loops-inl.h"
#include "core/vector_math.hpp"

HWY_BEFORE_NAMESPACE();
namespace incomesim::vector_math {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// x[j] = f(x[j]) on whole vectors (core/vector_loops-inl.h).
template <class F>
void ApplyInPlace(double* x, std::size_t n, double pad, F f) {
  vector_loops::HWY_NAMESPACE::MapDoubles(x, pad, n, x, f);
}

void ExpInPlace(double* x, std::size_t n) {
  ApplyInPlace(x, n, 0.0, [](auto d, auto v) { return hn::Exp(d, v); });
}
void LogInPlace(double* x, std::size_t n) {
  ApplyInPlace(x, n, 1.0, [](auto d, auto v) { return hn::Log(d, v); });
}
void CosInPlace(double* x, std::size_t n) {
  ApplyInPlace(x, n, 0.0, [](auto d, auto v) { return hn::Cos(d, v); });
}

void ExpAffineFloat(float a, float b, const float* z, std::size_t n, double* out) {
  const hn::ScalableTag<float> df;
  const hn::Repartition<double, decltype(df)> dd;  // half as many lanes
  const hn::Half<decltype(df)> dhalf;
  const std::size_t lanes = hn::Lanes(df);
  const auto offset = hn::Set(df, a), scale = hn::Set(df, b);
  auto one_vector = [&](const float* z_at, double* out_at) {
    const auto value = hn::Exp(df, hn::Add(offset, hn::Mul(scale, hn::LoadU(df, z_at))));
    hn::StoreU(hn::PromoteTo(dd, hn::LowerHalf(dhalf, value)), dd, out_at);
    hn::StoreU(hn::PromoteTo(dd, hn::UpperHalf(dhalf, value)), dd, out_at + lanes / 2);
  };
  std::size_t done = 0;
  for (; done + lanes <= n; done += lanes) one_vector(z + done, out + done);
  if (done < n) {
    HWY_ALIGN float z_tail[hn::MaxLanes(df)] = {};
    HWY_ALIGN double out_tail[hn::MaxLanes(df)];
    std::copy(z + done, z + n, z_tail);
    one_vector(z_tail, out_tail);
    std::copy(out_tail, out_tail + (n - done), out + done);
  }
}

}  // namespace HWY_NAMESPACE
}  // namespace incomesim::vector_math
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace incomesim::vector_math {

HWY_EXPORT(ExpInPlace);
HWY_EXPORT(LogInPlace);
HWY_EXPORT(CosInPlace);
HWY_EXPORT(ExpAffineFloat);

void exp_in_place(double* x, std::size_t n) { HWY_DYNAMIC_DISPATCH(ExpInPlace)(x, n); }
void log_in_place(double* x, std::size_t n) { HWY_DYNAMIC_DISPATCH(LogInPlace)(x, n); }
void cos_in_place(double* x, std::size_t n) { HWY_DYNAMIC_DISPATCH(CosInPlace)(x, n); }
void exp_affine_float(float a, float b, const float* z, std::size_t n, double* out) {
  HWY_DYNAMIC_DISPATCH(ExpAffineFloat)(a, b, z, n, out);
}

}  // namespace incomesim::vector_math
#endif  // HWY_ONCE
