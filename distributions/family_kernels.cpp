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
#include <utility>
#include <vector>

#include "core/vector_loops-inl.h"
#include "distributions/family_kernels.hpp"

HWY_BEFORE_NAMESPACE();
namespace incomesim::dist::kernels {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

using vector_loops::HWY_NAMESPACE::AppendLanes;
using vector_loops::HWY_NAMESPACE::IndexMask;
using vector_loops::HWY_NAMESPACE::MapDoubles;
using vector_loops::HWY_NAMESPACE::UniformsFromTopBits;

// Marsaglia-Tsang's constants for one shape, in single precision.
template <class DF>
struct GammaConstants {
  GammaConstants(DF df, double shape)
      : d_shape(hn::Set(df, static_cast<float>(shape - 1.0 / 3.0))),
        c(hn::Set(df, static_cast<float>(1.0 / std::sqrt(9.0 * (shape - 1.0 / 3.0))))) {}
  hn::Vec<DF> d_shape, c;
};

// Room for n values: grown when short, never shrunk (a retry's small batch comes between two
// large ones, and growing clears).
template <class T>
T* RoomFor(std::vector<T>& buffer, std::size_t n) {
  if (buffer.size() < n) buffer.resize(n);
  return buffer.data();
}

// Scratch of one thread's attempts: lane lists and gathered inputs, kept between calls.
struct AttemptScratch {
  std::vector<std::uint32_t> pending, pending_u, rejected, second_u, second_rejected;
  std::vector<float> pending_z, value, second_z, second_value;
};

// One attempt at every lane j < n: value[j] = d v where it is accepted, NaN where rejected, and
// the rejected lanes listed (their count returned). The squeeze decides most lanes on whole
// vectors; the logarithmic test runs only on the lanes it leaves (about 1 in 10), gathered, so
// that a vector of 16 lanes does not take two logarithms for the one lane that needs them.
// `value` and `rejected` hold n + one vector of slack.
template <class DF>
std::size_t OneAttempt(DF df, const GammaConstants<DF>& k, const float* z,
                       const std::uint32_t* u_words, std::size_t n, float* value,
                       std::uint32_t* rejected, AttemptScratch& scratch) {
  const hn::RebindToUnsigned<DF> du;
  const std::size_t lanes = hn::Lanes(df);
  const auto one = hn::Set(df, 1.0f), half = hn::Set(df, 0.5f), squeeze = hn::Set(df, 0.0331f);
  const auto smallest = hn::Set(df, std::numeric_limits<float>::min());
  const auto not_a_number = hn::Set(df, std::numeric_limits<float>::quiet_NaN());
  auto cube = [&](auto normal) {
    const auto root = hn::Add(one, hn::Mul(k.c, normal));
    return std::pair{hn::Gt(root, hn::Zero(df)), hn::Mul(hn::Mul(root, root), root)};
  };
  std::uint32_t* const pending = RoomFor(scratch.pending, n + lanes);
  std::size_t pending_n = 0, rejected_n = 0;
  auto squeeze_vector = [&](auto normal, auto u, std::size_t first, std::size_t valid) {
    const auto [positive, v] = cube(normal);
    const auto z2 = hn::Mul(normal, normal);
    const auto quick = hn::Lt(u, hn::Sub(one, hn::Mul(squeeze, hn::Mul(z2, z2))));
    hn::StoreU(hn::IfThenElse(positive, hn::Mul(k.d_shape, v), not_a_number), df, value + first);
    // Rejected (1 + c z <= 0: about 1 lane in 1,000) or undecided: the logarithmic test decides.
    const auto index = hn::Add(hn::Iota(du, 0), hn::Set(du, static_cast<std::uint32_t>(first)));
    pending_n = AppendLanes(du, hn::RebindMask(du, hn::Not(hn::And(positive, quick))), index, valid,
                            pending, pending_n);
  };
  std::size_t done = 0;
  for (; done + lanes <= n; done += lanes)
    squeeze_vector(hn::LoadU(df, z + done), UniformsFromTopBits(df, u_words + done), done, lanes);
  if (done < n) {
    HWY_ALIGN float z_tail[hn::MaxLanes(df)] = {};
    HWY_ALIGN std::uint32_t u_tail[hn::MaxLanes(df)] = {};
    std::copy(z + done, z + n, z_tail);
    std::copy(u_words + done, u_words + n, u_tail);
    squeeze_vector(hn::Load(df, z_tail), UniformsFromTopBits(df, u_tail), done, n - done);
  }
  // The logarithmic test of the listed lanes, gathered (the squeeze decides no lane it accepts).
  float* const pending_z = RoomFor(scratch.pending_z, pending_n + lanes);
  std::uint32_t* const pending_u = RoomFor(scratch.pending_u, pending_n + lanes);
  for (std::size_t i = 0; i < pending_n; ++i) {
    pending_z[i] = z[pending[i]];
    pending_u[i] = u_words[pending[i]];
  }
  std::fill_n(pending_z + pending_n, lanes, 0.0f);
  std::fill_n(pending_u + pending_n, lanes, 0u);
  for (std::size_t i = 0; i < pending_n; i += lanes) {
    const auto normal = hn::LoadU(df, pending_z + i);
    const auto u = UniformsFromTopBits(df, pending_u + i);
    const auto [positive, v] = cube(normal);
    const auto z2 = hn::Mul(normal, normal);
    const auto log_v = hn::Log(df, hn::Max(v, smallest));
    const auto bound =
        hn::Add(hn::Mul(half, z2), hn::Mul(k.d_shape, hn::Add(hn::Sub(one, v), log_v)));
    const auto passes = hn::And(positive, hn::Lt(hn::Log(df, u), bound));
    rejected_n = AppendLanes(du, hn::RebindMask(du, hn::Not(passes)), hn::LoadU(du, pending + i),
                             std::min(lanes, pending_n - i), rejected, rejected_n);
  }
  for (std::size_t i = 0; i < rejected_n; ++i)
    value[rejected[i]] = std::numeric_limits<float>::quiet_NaN();
  return rejected_n;
}

void GammaAttempts(double shape, const float* z, const std::uint32_t* u_words,
                   const float* second_z, const std::uint32_t* second_u_words, std::size_t n,
                   double* out) {
  const hn::ScalableTag<float> df;
  const hn::Repartition<double, decltype(df)> dd;  // half as many lanes
  const hn::Half<decltype(df)> dhalf;
  const std::size_t lanes = hn::Lanes(df);
  const GammaConstants<hn::ScalableTag<float>> constants(df, shape);
  thread_local AttemptScratch scratch;
  float* const value = RoomFor(scratch.value, n + lanes);
  std::uint32_t* const rejected = RoomFor(scratch.rejected, n + lanes);
  const std::size_t m = OneAttempt(df, constants, z, u_words, n, value, rejected, scratch);
  if (second_z != nullptr && m > 0) {
    // The rejected lanes' second attempts, gathered.
    float* const again_z = RoomFor(scratch.second_z, m);
    std::uint32_t* const again_u = RoomFor(scratch.second_u, m);
    for (std::size_t i = 0; i < m; ++i) {
      again_z[i] = second_z[rejected[i]];
      again_u[i] = second_u_words[rejected[i]];
    }
    float* const again_value = RoomFor(scratch.second_value, m + lanes);
    OneAttempt(df, constants, again_z, again_u, m, again_value,
               RoomFor(scratch.second_rejected, m + lanes), scratch);
    for (std::size_t i = 0; i < m; ++i) value[rejected[i]] = again_value[i];
  }
  std::size_t done = 0;
  for (; done + lanes <= n; done += lanes) {
    const auto result = hn::LoadU(df, value + done);
    hn::StoreU(hn::PromoteTo(dd, hn::LowerHalf(dhalf, result)), dd, out + done);
    hn::StoreU(hn::PromoteTo(dd, hn::UpperHalf(dhalf, result)), dd, out + done + lanes / 2);
  }
  for (; done < n; ++done) out[done] = static_cast<double>(value[done]);
}

std::size_t ListNaNs(const double* x, std::size_t n, std::uint32_t* list) {
  const hn::ScalableTag<double> d;
  const hn::Rebind<std::uint32_t, decltype(d)> d32;  // one lane index per double lane
  const std::size_t lanes = hn::Lanes(d);
  const auto step = hn::Set(d32, static_cast<std::uint32_t>(lanes));
  auto index = hn::Iota(d32, 0);
  std::size_t count = 0, j = 0;
  for (; j + lanes <= n; j += lanes, index = hn::Add(index, step))
    count = AppendLanes(d32, IndexMask(d32, d, hn::IsNaN(hn::LoadU(d, x + j))), index, lanes, list,
                        count);
  for (; j < n; ++j)
    if (std::isnan(x[j])) list[count++] = static_cast<std::uint32_t>(j);
  return count;
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
HWY_EXPORT(ListNaNs);
HWY_EXPORT(NormalQuantiles);
HWY_EXPORT(PowerInPlace);
HWY_EXPORT(WordPowers);

void gamma_attempts(double shape, const float* z, const std::uint32_t* u_words,
                    const float* second_z, const std::uint32_t* second_u_words, std::size_t n,
                    double* out) {
  HWY_DYNAMIC_DISPATCH(GammaAttempts)(shape, z, u_words, second_z, second_u_words, n, out);
}
std::size_t list_nans(const double* x, std::size_t n, std::uint32_t* list) {
  return HWY_DYNAMIC_DISPATCH(ListNaNs)(x, n, list);
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
