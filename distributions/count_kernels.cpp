// Highway kernels of distributions/count_kernels.hpp: one source, compiled once per x86 target.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "distributions/count_kernels.cpp"
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
#include "distributions/count_kernels.hpp"
#include "distributions/samplers.hpp"

HWY_BEFORE_NAMESPACE();
namespace incomesim::dist::kernels {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;
using vector_loops::HWY_NAMESPACE::AppendLanes;
using vector_loops::HWY_NAMESPACE::IndexMask;
using D = hn::ScalableTag<double>;
using V = hn::Vec<D>;

// body(t) for every whole vector of lanes t < m; the last lanes through the same body on padded
// copies (inputs padded with `pad`, a value the body accepts), so that a lane's result never
// depends on its position. Inputs and outputs are arrays of m doubles.
template <std::size_t kInputs, std::size_t kOutputs, class Body>
void OnWholeVectors(std::size_t m, const double* const (&in)[kInputs], const double (&pad)[kInputs],
                    double* const (&out)[kOutputs], Body body) {
  const D d;
  const std::size_t lanes = hn::Lanes(d);
  std::size_t t = 0;
  for (; t + lanes <= m; t += lanes) {
    const double* in_at[kInputs];
    double* out_at[kOutputs];
    for (std::size_t i = 0; i < kInputs; ++i) in_at[i] = in[i] + t;
    for (std::size_t o = 0; o < kOutputs; ++o) out_at[o] = out[o] + t;
    body(in_at, out_at);
  }
  if (t == m) return;
  HWY_ALIGN double in_tail[kInputs][hn::MaxLanes(d)];
  HWY_ALIGN double out_tail[kOutputs][hn::MaxLanes(d)];
  const double* in_at[kInputs];
  double* out_at[kOutputs];
  for (std::size_t i = 0; i < kInputs; ++i) {
    std::fill(in_tail[i], in_tail[i] + lanes, pad[i]);
    std::copy(in[i] + t, in[i] + m, in_tail[i]);
    in_at[i] = in_tail[i];
  }
  for (std::size_t o = 0; o < kOutputs; ++o) out_at[o] = out_tail[o];
  body(in_at, out_at);
  for (std::size_t o = 0; o < kOutputs; ++o)
    std::copy(out_tail[o], out_tail[o] + (m - t), out[o] + t);
}

void Invert(const double* u, const double* p, double* k, const double* c0, const double* limit,
            std::size_t m, double c1, double c2) {
  const D d;
  const V zero = hn::Zero(d), c1v = hn::Set(d, c1), c2v = hn::Set(d, c2);
  // Every lane steps together and is frozen once settled. Each step waits on the last (p, then
  // u), so kGroup vectors step side by side to keep the pipelines busy; they run until the last
  // of their lanes has settled.
  constexpr std::size_t kGroup = 4;
  const std::size_t lanes = hn::Lanes(d);
  auto run = [&](const double* const* in, double* const* out, std::size_t vectors) {
    V uj[kGroup], pj[kGroup], kj[kGroup], cj[kGroup], lj[kGroup];
    for (std::size_t g = 0; g < vectors; ++g) {
      uj[g] = hn::LoadU(d, in[0] + g * lanes);
      pj[g] = hn::LoadU(d, in[1] + g * lanes);
      cj[g] = hn::LoadU(d, in[2] + g * lanes);
      lj[g] = hn::LoadU(d, in[3] + g * lanes);
      kj[g] = zero;
    }
    for (double step = 0;; ++step) {
      const V s = hn::Set(d, step), next = hn::Set(d, step + 1);
      const V reciprocal = hn::Set(d, 1 / (step + 1));  // one division for every lane
      bool any_active = false;
      for (std::size_t g = 0; g < vectors; ++g) {
        const auto active = hn::And(hn::And(hn::Eq(kj[g], s), hn::Gt(uj[g], pj[g])),
                                    hn::And(hn::Gt(pj[g], zero), hn::Lt(s, lj[g])));
        any_active |= !hn::AllFalse(d, active);
        const V ratio = hn::Mul(hn::Mul(hn::Sub(cj[g], hn::Mul(c1v, s)), reciprocal), c2v);
        uj[g] = hn::IfThenElse(active, hn::Sub(uj[g], pj[g]), uj[g]);
        pj[g] = hn::IfThenElse(active, hn::Mul(pj[g], ratio), pj[g]);
        kj[g] = hn::IfThenElse(active, next, kj[g]);
      }
      if (!any_active) break;
    }
    for (std::size_t g = 0; g < vectors; ++g) hn::StoreU(kj[g], d, out[0] + g * lanes);
  };
  // Whole groups, then single vectors, then the padded last lanes (u = 0: settled at once).
  std::size_t t = 0;
  for (; t + kGroup * lanes <= m; t += kGroup * lanes) {
    const double* in[4] = {u + t, p + t, c0 + t, limit + t};
    double* out[1] = {k + t};
    run(in, out, kGroup);
  }
  OnWholeVectors<4, 1>(m - t, {u + t, p + t, c0 + t, limit + t}, {0.0, 1.0, 0.0, 0.0}, {k + t},
                       [&](const double* const* in, double* const* out) { run(in, out, 1); });
}

// ln k! per lane, as detail::log_factorial: the table below 256, Stirling's series above. Lanes
// where k is out of range (negative, or not a count) give a value that is never used.
HWY_INLINE V LogFactorial(D d, V k) {
  const hn::RebindToSigned<D> di;
  const V table_size = hn::Set(d, static_cast<double>(detail::kLogFactorialTableSize));
  const V top = hn::Sub(table_size, hn::Set(d, 1.0));
  const V index = hn::Min(hn::Max(k, hn::Zero(d)), top);
  const V tabled = hn::GatherIndex(d, detail::log_factorial_table(), hn::ConvertTo(di, index));
  const auto in_table = hn::Lt(k, table_size);
  if (hn::AllTrue(d, in_table)) return tabled;  // the common case below means of about 200
  const V n = hn::Add(k, hn::Set(d, 1.0));
  const V inverse = hn::Div(hn::Set(d, 1.0), n);
  const V stirling =
      hn::Add(hn::Add(hn::Sub(hn::Mul(hn::Sub(n, hn::Set(d, 0.5)), hn::Log(d, n)), n),
                      hn::Set(d, 0.5 * std::log(2 * std::numbers::pi))),
              hn::Mul(inverse, hn::Sub(hn::Set(d, 1.0 / 12),
                                       hn::Div(hn::Mul(inverse, inverse), hn::Set(d, 360.0)))));
  return hn::IfThenElse(in_table, tabled, stirling);
}

// The verdicts of a rejection step's screen: kAccepted and kRejected settle a lane,
// kUndecided sends it to the logarithmic test.
constexpr double kRejected = 0, kUndecided = 0.5, kAccepted = 1;

// PTRS's constants for a mean, and a candidate from u - 1/2 (poisson_ptrs's steps).
struct PtrsCandidate {
  V b, a, us, k;
  PtrsCandidate(D d, V mu, V u_centred) {
    b = hn::Add(hn::Set(d, 0.931), hn::Mul(hn::Set(d, 2.53), hn::Sqrt(mu)));
    a = hn::Add(hn::Set(d, -0.059), hn::Mul(hn::Set(d, 0.02483), b));
    us = hn::Sub(hn::Set(d, 0.5), hn::Abs(u_centred));
    k = hn::Floor(hn::Add(
        hn::Add(hn::Mul(hn::Add(hn::Div(hn::Mul(hn::Set(d, 2.0), a), us), b), u_centred), mu),
        hn::Set(d, 0.43)));
  }
};

void PtrsScreen(const double* mean, const double* u, const double* v, std::size_t m, double* count,
                double* verdict) {
  const D d;
  OnWholeVectors<3, 2>(
      m, {mean, u, v}, {10.0, 0.5, 0.5}, {count, verdict},
      [&](const double* const* in, double* const* out) {
        const V mu = hn::LoadU(d, in[0]), vj = hn::LoadU(d, in[2]);
        const PtrsCandidate c(d, mu, hn::Sub(hn::LoadU(d, in[1]), hn::Set(d, 0.5)));
        const V accept_at_once =
            hn::Sub(hn::Set(d, 0.9277), hn::Div(hn::Set(d, 3.6224), hn::Sub(c.b, hn::Set(d, 2.0))));
        const auto quick = hn::And(hn::Ge(c.us, hn::Set(d, 0.07)), hn::Le(vj, accept_at_once));
        const auto rejected = hn::Or(hn::Lt(c.k, hn::Zero(d)),
                                     hn::And(hn::Lt(c.us, hn::Set(d, 0.013)), hn::Gt(vj, c.us)));
        hn::StoreU(c.k, d, out[0]);
        // As poisson_ptrs: the quick acceptance is tried first.
        hn::StoreU(
            hn::IfThenElse(quick, hn::Set(d, kAccepted),
                           hn::IfThenElse(rejected, hn::Set(d, kRejected), hn::Set(d, kUndecided))),
            d, out[1]);
      });
}

void PtrsSlowTest(const double* mean, const double* u, const double* v, std::size_t m,
                  double* verdict) {
  const D d;
  OnWholeVectors<3, 1>(
      m, {mean, u, v}, {10.0, 0.5, 0.5}, {verdict},
      [&](const double* const* in, double* const* out) {
        const V mu = hn::LoadU(d, in[0]), vj = hn::LoadU(d, in[2]);
        const PtrsCandidate c(d, mu, hn::Sub(hn::LoadU(d, in[1]), hn::Set(d, 0.5)));
        const V inverse_alpha =
            hn::Add(hn::Set(d, 1.1239), hn::Div(hn::Set(d, 1.1328), hn::Sub(c.b, hn::Set(d, 3.4))));
        const V log_ratio = hn::Log(d, hn::Div(hn::Mul(vj, inverse_alpha),
                                               hn::Add(hn::Div(c.a, hn::Mul(c.us, c.us)), c.b)));
        const V bound =
            hn::Sub(hn::Add(hn::Neg(mu), hn::Mul(c.k, hn::Log(d, mu))), LogFactorial(d, c.k));
        hn::StoreU(
            hn::IfThenElse(hn::Le(log_ratio, bound), hn::Set(d, kAccepted), hn::Set(d, kRejected)),
            d, out[0]);
      });
}

// BTRS's constants for a number of trials, and a candidate from u - 1/2 (binomial_btrs's steps).
struct BtrsCandidate {
  V spread, b, a, us, k;
  BtrsCandidate(D d, V n, double p, V u_centred) {
    const V pv = hn::Set(d, p);
    spread = hn::Sqrt(hn::Mul(hn::Mul(n, pv), hn::Set(d, 1 - p)));
    b = hn::Add(hn::Set(d, 1.15), hn::Mul(hn::Set(d, 2.53), spread));
    a = hn::Add(hn::Add(hn::Set(d, -0.0873), hn::Mul(hn::Set(d, 0.0248), b)), hn::Set(d, 0.01 * p));
    const V c = hn::Add(hn::Mul(n, pv), hn::Set(d, 0.5));
    us = hn::Sub(hn::Set(d, 0.5), hn::Abs(u_centred));
    k = hn::Floor(
        hn::Add(hn::Mul(hn::Add(hn::Div(hn::Mul(hn::Set(d, 2.0), a), us), b), u_centred), c));
  }
};

void BtrsScreen(const double* trials, double p, const double* u, const double* v, std::size_t m,
                double* count, double* verdict) {
  const D d;
  OnWholeVectors<3, 2>(
      m, {trials, u, v}, {1000.0, 0.5, 0.5}, {count, verdict},
      [&](const double* const* in, double* const* out) {
        const V n = hn::LoadU(d, in[0]), vj = hn::LoadU(d, in[2]);
        const BtrsCandidate c(d, n, p, hn::Sub(hn::LoadU(d, in[1]), hn::Set(d, 0.5)));
        const V accept_at_once = hn::Sub(hn::Set(d, 0.92), hn::Div(hn::Set(d, 4.2), c.b));
        const auto rejected = hn::Or(hn::Lt(c.k, hn::Zero(d)), hn::Gt(c.k, n));
        const auto quick = hn::And(hn::Ge(c.us, hn::Set(d, 0.07)), hn::Le(vj, accept_at_once));
        hn::StoreU(c.k, d, out[0]);
        // As binomial_btrs: a candidate out of range is rejected before the quick acceptance.
        hn::StoreU(
            hn::IfThenElse(rejected, hn::Set(d, kRejected),
                           hn::IfThenElse(quick, hn::Set(d, kAccepted), hn::Set(d, kUndecided))),
            d, out[1]);
      });
}

void BtrsSlowTest(const double* trials, double p, double log_odds, const double* u, const double* v,
                  std::size_t m, double* verdict) {
  const D d;
  OnWholeVectors<3, 1>(
      m, {trials, u, v}, {1000.0, 0.5, 0.5}, {verdict},
      [&](const double* const* in, double* const* out) {
        const V n = hn::LoadU(d, in[0]), vj = hn::LoadU(d, in[2]);
        const BtrsCandidate c(d, n, p, hn::Sub(hn::LoadU(d, in[1]), hn::Set(d, 0.5)));
        const V alpha = hn::Mul(hn::Add(hn::Set(d, 2.83), hn::Div(hn::Set(d, 5.1), c.b)), c.spread);
        const V mode = hn::Floor(hn::Mul(hn::Add(n, hn::Set(d, 1.0)), hn::Set(d, p)));
        const V log_ratio = hn::Log(
            d, hn::Div(hn::Mul(vj, alpha), hn::Add(hn::Div(c.a, hn::Mul(c.us, c.us)), c.b)));
        const V bound = hn::Add(
            hn::Sub(hn::Sub(hn::Add(LogFactorial(d, mode), LogFactorial(d, hn::Sub(n, mode))),
                            LogFactorial(d, c.k)),
                    LogFactorial(d, hn::Sub(n, c.k))),
            hn::Mul(hn::Sub(c.k, mode), hn::Set(d, log_odds)));
        hn::StoreU(
            hn::IfThenElse(hn::Le(log_ratio, bound), hn::Set(d, kAccepted), hn::Set(d, kRejected)),
            d, out[0]);
      });
}

bool ListLanes(const double* x, double scale, std::size_t n, double boundary, double ceiling,
               std::uint32_t* below, std::size_t* below_count, std::uint32_t* above,
               std::size_t* above_count) {
  const D d;
  const hn::Rebind<std::uint32_t, D> d32;  // one lane index per double lane
  const std::size_t lanes = hn::Lanes(d);
  const V zero = hn::Zero(d), factor = hn::Set(d, scale), low = hn::Set(d, boundary),
          high = hn::Set(d, ceiling);
  auto index = hn::Iota(d32, 0);
  const auto step = hn::Set(d32, static_cast<std::uint32_t>(lanes));
  std::size_t below_n = 0, above_n = 0;
  auto any_beyond = hn::Zero(d);
  auto one_vector = [&](const double* at) {
    const V value = hn::Mul(hn::LoadU(d, at), factor);
    const auto is_below = hn::And(hn::Gt(value, zero), hn::Lt(value, low));
    const auto is_above = hn::And(hn::Ge(value, low), hn::Le(value, high));
    any_beyond = hn::Or(any_beyond, hn::VecFromMask(d, hn::Gt(value, high)));
    below_n = AppendLanes(d32, IndexMask(d32, d, is_below), index, lanes, below, below_n);
    above_n = AppendLanes(d32, IndexMask(d32, d, is_above), index, lanes, above, above_n);
    index = hn::Add(index, step);
  };
  std::size_t j = 0;
  for (; j + lanes <= n; j += lanes) one_vector(x + j);
  if (j < n) {
    HWY_ALIGN double tail[hn::MaxLanes(d)] = {};  // 0: in neither list
    std::copy(x + j, x + n, tail);
    one_vector(tail);
  }
  *below_count = below_n;
  *above_count = above_n;
  return !hn::AllFalse(d, hn::MaskFromVec(any_beyond));
}

void ToDoubles(const std::int64_t* in, std::size_t n, double* out) {
  const D d;
  const hn::RebindToSigned<D> di;
  const std::size_t lanes = hn::Lanes(d);
  std::size_t j = 0;
  for (; j + lanes <= n; j += lanes)
    hn::StoreU(hn::ConvertTo(d, hn::LoadU(di, in + j)), d, out + j);
  if (j < n) {  // padded, so that a value never depends on its position
    HWY_ALIGN std::int64_t in_tail[hn::MaxLanes(d)] = {};
    HWY_ALIGN double out_tail[hn::MaxLanes(d)];
    std::copy(in + j, in + n, in_tail);
    hn::Store(hn::ConvertTo(d, hn::Load(di, in_tail)), d, out_tail);
    std::copy(out_tail, out_tail + (n - j), out + j);
  }
}

}  // namespace HWY_NAMESPACE
}  // namespace incomesim::dist::kernels
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace incomesim::dist::kernels {

HWY_EXPORT(Invert);
HWY_EXPORT(PtrsScreen);
HWY_EXPORT(PtrsSlowTest);
HWY_EXPORT(BtrsScreen);
HWY_EXPORT(BtrsSlowTest);
HWY_EXPORT(ListLanes);
HWY_EXPORT(ToDoubles);

bool list_lanes(const double* x, double scale, std::size_t n, double boundary, double ceiling,
                std::uint32_t* below, std::size_t& below_count, std::uint32_t* above,
                std::size_t& above_count) {
  return HWY_DYNAMIC_DISPATCH(ListLanes)(x, scale, n, boundary, ceiling, below, &below_count, above,
                                         &above_count);
}

void to_doubles(const std::int64_t* in, std::size_t n, double* out) {
  HWY_DYNAMIC_DISPATCH(ToDoubles)(in, n, out);
}

void invert(const double* u, const double* p, double* k, const double* c0, const double* limit,
            std::size_t m, double c1, double c2) {
  HWY_DYNAMIC_DISPATCH(Invert)(u, p, k, c0, limit, m, c1, c2);
}

void ptrs_screen(const double* mean, const double* u, const double* v, std::size_t m, double* count,
                 double* verdict) {
  HWY_DYNAMIC_DISPATCH(PtrsScreen)(mean, u, v, m, count, verdict);
}

void ptrs_slow_test(const double* mean, const double* u, const double* v, std::size_t m,
                    double* verdict) {
  HWY_DYNAMIC_DISPATCH(PtrsSlowTest)(mean, u, v, m, verdict);
}

void btrs_screen(const double* trials, double p, const double* u, const double* v, std::size_t m,
                 double* count, double* verdict) {
  HWY_DYNAMIC_DISPATCH(BtrsScreen)(trials, p, u, v, m, count, verdict);
}

void btrs_slow_test(const double* trials, double p, double log_odds, const double* u,
                    const double* v, std::size_t m, double* verdict) {
  HWY_DYNAMIC_DISPATCH(BtrsSlowTest)(trials, p, log_odds, u, v, m, verdict);
}

}  // namespace incomesim::dist::kernels
#endif  // HWY_ONCE
