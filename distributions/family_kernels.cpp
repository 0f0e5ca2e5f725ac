// Highway kernels of distributions/family_kernels.hpp: one source, compiled once per x86 target.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "distributions/family_kernels.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
// foreach_target.h must come first: it includes this file again for every target.
#include <hwy/contrib/math/math-inl.h>
#include <hwy/highway.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "core/vector_loops-inl.h"
#include "distributions/family_kernels.hpp"

HWY_BEFORE_NAMESPACE();
namespace incomesim::dist::kernels {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

using vector_loops::HWY_NAMESPACE::MapDoubles;
using vector_loops::HWY_NAMESPACE::UniformsFromTopBits;

void GammaAttempts(double shape, const float* z, const std::uint32_t* u_words,
                   const float* second_z, const std::uint32_t* second_u_words, std::size_t n,
                   double* out) {
  const hn::ScalableTag<float> df;
  const hn::Repartition<double, decltype(df)> dd;  // half as many lanes
  const hn::Half<decltype(df)> dhalf;
  const std::size_t lanes = hn::Lanes(df);
  const double shifted = shape - 1.0 / 3.0;
  const auto d_shape = hn::Set(df, static_cast<float>(shifted));
  const auto c = hn::Set(df, static_cast<float>(1.0 / std::sqrt(9.0 * shifted)));
  const auto one = hn::Set(df, 1.0f), half = hn::Set(df, 0.5f), squeeze = hn::Set(df, 0.0331f);
  const auto smallest = hn::Set(df, std::numeric_limits<float>::min());
  auto uniform = [&](const std::uint32_t* words_at) { return UniformsFromTopBits(df, words_at); };
  // One attempt on a vector: the value, and whether it is accepted.
  auto attempt = [&](auto normal, auto u, auto& value) {
    const auto root = hn::Add(one, hn::Mul(c, normal));
    const auto positive = hn::Gt(root, hn::Zero(df));
    const auto v = hn::Mul(hn::Mul(root, root), root);
    const auto z2 = hn::Mul(normal, normal);
    const auto quick = hn::Lt(u, hn::Sub(one, hn::Mul(squeeze, hn::Mul(z2, z2))));
    value = hn::Mul(d_shape, v);
    // The logarithmic test only where some lane needs it; it decides no lane the squeeze did.
    if (hn::AllTrue(df, hn::Or(quick, hn::Not(positive)))) return hn::And(positive, quick);
    const auto log_v = hn::Log(df, hn::Max(v, smallest));
    const auto bound =
        hn::Add(hn::Mul(half, z2), hn::Mul(d_shape, hn::Add(hn::Sub(one, v), log_v)));
    return hn::And(positive, hn::Or(quick, hn::Lt(hn::Log(df, u), bound)));
  };
  auto one_vector = [&](const float* z_at, const std::uint32_t* u_at, const float* second_z_at,
                        const std::uint32_t* second_u_at, double* out_at) {
    hn::Vec<decltype(df)> value, second_value;
    auto accepted = attempt(hn::LoadU(df, z_at), uniform(u_at), value);
    if (second_z_at != nullptr && !hn::AllTrue(df, accepted)) {
      const auto second = attempt(hn::LoadU(df, second_z_at), uniform(second_u_at), second_value);
      value = hn::IfThenElse(accepted, value, second_value);
      accepted = hn::Or(accepted, second);
    }
    const auto result =
        hn::IfThenElse(accepted, value, hn::Set(df, std::numeric_limits<float>::quiet_NaN()));
    hn::StoreU(hn::PromoteTo(dd, hn::LowerHalf(dhalf, result)), dd, out_at);
    hn::StoreU(hn::PromoteTo(dd, hn::UpperHalf(dhalf, result)), dd, out_at + lanes / 2);
  };
  std::size_t done = 0;
  for (; done + lanes <= n; done += lanes)
    one_vector(z + done, u_words + done, second_z ? second_z + done : nullptr,
               second_u_words ? second_u_words + done : nullptr, out + done);
  if (done < n) {
    float z_tail[hn::MaxLanes(df)] = {}, second_z_tail[hn::MaxLanes(df)] = {};
    std::uint32_t u_tail[hn::MaxLanes(df)] = {}, second_u_tail[hn::MaxLanes(df)] = {};
    double out_tail[hn::MaxLanes(df)];
    std::copy(z + done, z + n, z_tail);
    std::copy(u_words + done, u_words + n, u_tail);
    if (second_z != nullptr) {
      std::copy(second_z + done, second_z + n, second_z_tail);
      std::copy(second_u_words + done, second_u_words + n, second_u_tail);
    }
    one_vector(z_tail, u_tail, second_z ? second_z_tail : nullptr,
               second_z ? second_u_tail : nullptr, out_tail);
    std::copy(out_tail, out_tail + (n - done), out + done);
  }
}

// Horner's rule on coefficients c[0] + c[1] x + ... + c[7] x^7.
template <class D, class V>
V Polynomial8(D d, V x, const double (&c)[8]) {
  auto sum = hn::Set(d, c[7]);
  for (int k = 6; k >= 0; --k) sum = hn::MulAdd(sum, x, hn::Set(d, c[k]));
  return sum;
}

// AS 241's coefficients (Wichura 1988): numerator and denominator for |p - 1/2| <= 0.425, for
// r = sqrt(-log(min(p, 1 - p))) <= 5 and beyond.
constexpr double kCentralUp[8] = {3.3871328727963666080e0,  1.3314166789178437745e+2,
                                  1.9715909503065514427e+3, 1.3731693765509461125e+4,
                                  4.5921953931549871457e+4, 6.7265770927008700853e+4,
                                  3.3430575583588128105e+4, 2.5090809287301226727e+3};
constexpr double kCentralDown[8] = {1.0,
                                    4.2313330701600911252e+1,
                                    6.8718700749205790830e+2,
                                    5.3941960214247511077e+3,
                                    2.1213794301586595867e+4,
                                    3.9307895800092710610e+4,
                                    2.8729085735721942674e+4,
                                    5.2264952788528545610e+3};
constexpr double kNearUp[8] = {1.42343711074968357734e0,  4.63033784615654529590e0,
                               5.76949722146069140550e0,  3.64784832476320460504e0,
                               1.27045825245236838258e0,  2.41780725177450611770e-1,
                               2.27238449892691845833e-2, 7.74545014278341407640e-4};
constexpr double kNearDown[8] = {1.0,
                                 2.05319162663775882187e0,
                                 1.67638483018380384940e0,
                                 6.89767334985100004550e-1,
                                 1.48103976427480074590e-1,
                                 1.51986665636164571966e-2,
                                 5.47593808499534494600e-4,
                                 1.05075007164441684324e-9};
constexpr double kFarUp[8] = {6.65790464350110377720e0,  5.46378491116411436990e0,
                              1.78482653991729133580e0,  2.96560571828504891230e-1,
                              2.65321895265761230930e-2, 1.24266094738807843860e-3,
                              2.71155556874348757815e-5, 2.01033439929228813265e-7};
constexpr double kFarDown[8] = {1.0,
                                5.99832206555887937690e-1,
                                1.36929880922735805310e-1,
                                1.48753612908506148525e-2,
                                7.86869131145613259100e-4,
                                1.84631831751005468180e-5,
                                1.42151175831644588870e-7,
                                2.04426310338993978564e-15};

void NormalQuantiles(const double* p, std::size_t n, double* out) {
  MapDoubles(p, 0.5, n, out, [](auto d, auto prob) {
    const auto q = hn::Sub(prob, hn::Set(d, 0.5));
    const auto central = hn::Le(hn::Abs(q), hn::Set(d, 0.425));
    const auto central_r = hn::Sub(hn::Set(d, 0.180625), hn::Mul(q, q));
    auto up = hn::Mul(q, Polynomial8(d, central_r, kCentralUp));
    auto down = Polynomial8(d, central_r, kCentralDown);
    // The tails (|p - 1/2| > 0.425) only where some lane needs them: one logarithm, one root.
    if (!hn::AllTrue(d, central)) {
      const auto tail_p = hn::Min(prob, hn::Sub(hn::Set(d, 1.0), prob));
      const auto r = hn::Sqrt(hn::Neg(hn::Log(d, tail_p)));
      const auto near = hn::Le(r, hn::Set(d, 5.0));
      const auto x = hn::Sub(r, hn::IfThenElse(near, hn::Set(d, 1.6), hn::Set(d, 5.0)));
      const auto tail_up =
          hn::IfThenElse(near, Polynomial8(d, x, kNearUp), Polynomial8(d, x, kFarUp));
      const auto tail_down =
          hn::IfThenElse(near, Polynomial8(d, x, kNearDown), Polynomial8(d, x, kFarDown));
      const auto signed_up = hn::IfThenElse(hn::Lt(q, hn::Zero(d)), hn::Neg(tail_up), tail_up);
      up = hn::IfThenElse(central, up, signed_up);
      down = hn::IfThenElse(central, down, tail_down);
    }
    return hn::Div(up, down);
  });
}

void PowerInPlace(double* x, double power, std::size_t n) {
  MapDoubles(x, 1.0, n, x, [power](auto d, auto v) {
    return hn::Exp(d, hn::Mul(hn::Set(d, power), hn::Log(d, v)));
  });
}

void WordPowers(const std::uint32_t* words, float power, std::size_t n, double* out) {
  const hn::ScalableTag<float> df;
  const hn::Repartition<double, decltype(df)> dd;  // half as many lanes
  const hn::Half<decltype(df)> dhalf;
  const std::size_t lanes = hn::Lanes(df);
  auto one_vector = [&](const std::uint32_t* words_at, double* out_at) {
    const auto u = UniformsFromTopBits(df, words_at);
    const auto value = hn::Exp(df, hn::Mul(hn::Set(df, power), hn::Log(df, u)));
    hn::StoreU(hn::PromoteTo(dd, hn::LowerHalf(dhalf, value)), dd, out_at);
    hn::StoreU(hn::PromoteTo(dd, hn::UpperHalf(dhalf, value)), dd, out_at + lanes / 2);
  };
  std::size_t done = 0;
  for (; done + lanes <= n; done += lanes) one_vector(words + done, out + done);
  if (done < n) {
    std::uint32_t words_tail[hn::MaxLanes(df)] = {};
    double out_tail[hn::MaxLanes(df)];
    std::copy(words + done, words + n, words_tail);
    one_vector(words_tail, out_tail);
    std::copy(out_tail, out_tail + (n - done), out + done);
  }
}

}  // namespace HWY_NAMESPACE
}  // namespace incomesim::dist::kernels
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace incomesim::dist::kernels {

HWY_EXPORT(GammaAttempts);
HWY_EXPORT(NormalQuantiles);
HWY_EXPORT(PowerInPlace);
HWY_EXPORT(WordPowers);

void gamma_attempts(double shape, const float* z, const std::uint32_t* u_words,
                    const float* second_z, const std::uint32_t* second_u_words, std::size_t n,
                    double* out) {
  HWY_DYNAMIC_DISPATCH(GammaAttempts)(shape, z, u_words, second_z, second_u_words, n, out);
}
void normal_quantiles(const double* p, std::size_t n, double* out) {
  HWY_DYNAMIC_DISPATCH(NormalQuantiles)(p, n, out);
}
void power_in_place(double* x, double power, std::size_t n) {
  HWY_DYNAMIC_DISPATCH(PowerInPlace)(x, power, n);
}
void word_powers(const std::uint32_t* words, float power, std::size_t n, double* out) {
  HWY_DYNAMIC_DISPATCH(WordPowers)(words, power, n, out);
}

}  // namespace incomesim::dist::kernels
#endif  // HWY_ONCE
