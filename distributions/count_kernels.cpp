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
#include <numbers>

#include "distributions/count_kernels.hpp"
#include "distributions/samplers.hpp"

HWY_BEFORE_NAMESPACE();
namespace incomesim::dist::kernels {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;
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
  // A padded lane has u = 0, so it is settled at once.
  OnWholeVectors<4, 1>(m, {u, p, c0, limit}, {0.0, 1.0, 0.0, 0.0}, {k},
                       [&](const double* const* in, double* const* out) {
                         V uj = hn::LoadU(d, in[0]), pj = hn::LoadU(d, in[1]), kj = zero;
                         const V cj = hn::LoadU(d, in[2]), lj = hn::LoadU(d, in[3]);
                         // Every lane steps together and is frozen once settled: the lanes of a
                         // vector run until the last of them has.
                         for (double step = 0;; ++step) {
                           const V s = hn::Set(d, step);
                           const auto active = hn::And(hn::And(hn::Eq(kj, s), hn::Gt(uj, pj)),
                                                       hn::And(hn::Gt(pj, zero), hn::Lt(s, lj)));
                           if (hn::AllFalse(d, active)) break;
                           const V ratio = hn::Mul(
                               hn::Div(hn::Sub(cj, hn::Mul(c1v, s)), hn::Set(d, step + 1)), c2v);
                           uj = hn::IfThenElse(active, hn::Sub(uj, pj), uj);
                           pj = hn::IfThenElse(active, hn::Mul(pj, ratio), pj);
                           kj = hn::IfThenElse(active, hn::Set(d, step + 1), kj);
                         }
                         hn::StoreU(kj, d, out[0]);
                       });
}

// ln k! per lane, as detail::log_factorial: the table below 256, Stirling's series above. Lanes
// where k is out of range (negative, or not a count) give a value that is never used.
V LogFactorial(D d, V k) {
  const hn::RebindToSigned<D> di;
  const V top = hn::Set(d, static_cast<double>(detail::kLogFactorialTableSize - 1));
  const V index = hn::Min(hn::Max(k, hn::Zero(d)), top);
  const V tabled = hn::GatherIndex(d, detail::log_factorial_table(), hn::ConvertTo(di, index));
  const V n = hn::Add(k, hn::Set(d, 1.0));
  const V inverse = hn::Div(hn::Set(d, 1.0), n);
  const V stirling =
      hn::Add(hn::Add(hn::Sub(hn::Mul(hn::Sub(n, hn::Set(d, 0.5)), hn::Log(d, n)), n),
                      hn::Set(d, 0.5 * std::log(2 * std::numbers::pi))),
              hn::Mul(inverse, hn::Sub(hn::Set(d, 1.0 / 12),
                                       hn::Div(hn::Mul(inverse, inverse), hn::Set(d, 360.0)))));
  return hn::IfThenElse(hn::Lt(k, hn::Set(d, static_cast<double>(detail::kLogFactorialTableSize))),
                        tabled, stirling);
}

void PtrsAttempt(const double* mean, const double* u, const double* v, std::size_t m, double* count,
                 double* accepted) {
  const D d;
  OnWholeVectors<3, 2>(
      m, {mean, u, v}, {10.0, 0.0, 0.5}, {count, accepted},
      [&](const double* const* in, double* const* out) {
        const V mu = hn::LoadU(d, in[0]), uj = hn::LoadU(d, in[1]), vj = hn::LoadU(d, in[2]);
        const V b = hn::Add(hn::Set(d, 0.931), hn::Mul(hn::Set(d, 2.53), hn::Sqrt(mu)));
        const V a = hn::Add(hn::Set(d, -0.059), hn::Mul(hn::Set(d, 0.02483), b));
        const V inverse_alpha =
            hn::Add(hn::Set(d, 1.1239), hn::Div(hn::Set(d, 1.1328), hn::Sub(b, hn::Set(d, 3.4))));
        const V accept_at_once =
            hn::Sub(hn::Set(d, 0.9277), hn::Div(hn::Set(d, 3.6224), hn::Sub(b, hn::Set(d, 2.0))));
        const V us = hn::Sub(hn::Set(d, 0.5), hn::Abs(uj));
        const V k = hn::Floor(
            hn::Add(hn::Add(hn::Mul(hn::Add(hn::Div(hn::Mul(hn::Set(d, 2.0), a), us), b), uj), mu),
                    hn::Set(d, 0.43)));
        const auto quick = hn::And(hn::Ge(us, hn::Set(d, 0.07)), hn::Le(vj, accept_at_once));
        const auto rejected =
            hn::Or(hn::Lt(k, hn::Zero(d)), hn::And(hn::Lt(us, hn::Set(d, 0.013)), hn::Gt(vj, us)));
        const V log_ratio = hn::Log(
            d, hn::Div(hn::Mul(vj, inverse_alpha), hn::Add(hn::Div(a, hn::Mul(us, us)), b)));
        const V bound =
            hn::Sub(hn::Add(hn::Neg(mu), hn::Mul(k, hn::Log(d, mu))), LogFactorial(d, k));
        const auto slow = hn::AndNot(rejected, hn::Le(log_ratio, bound));
        hn::StoreU(k, d, out[0]);
        hn::StoreU(hn::IfThenElseZero(hn::Or(quick, slow), hn::Set(d, 1.0)), d, out[1]);
      });
}

void BtrsAttempt(const double* trials, double p, double log_odds, const double* u, const double* v,
                 std::size_t m, double* count, double* accepted) {
  const D d;
  const V pv = hn::Set(d, p), q = hn::Set(d, 1 - p), odds_log = hn::Set(d, log_odds);
  OnWholeVectors<3, 2>(
      m, {trials, u, v}, {1000.0, 0.0, 0.5}, {count, accepted},
      [&](const double* const* in, double* const* out) {
        const V n = hn::LoadU(d, in[0]), uj = hn::LoadU(d, in[1]), vj = hn::LoadU(d, in[2]);
        const V spread = hn::Sqrt(hn::Mul(hn::Mul(n, pv), q));
        const V b = hn::Add(hn::Set(d, 1.15), hn::Mul(hn::Set(d, 2.53), spread));
        const V a = hn::Add(hn::Add(hn::Set(d, -0.0873), hn::Mul(hn::Set(d, 0.0248), b)),
                            hn::Set(d, 0.01 * p));
        const V c = hn::Add(hn::Mul(n, pv), hn::Set(d, 0.5));
        const V accept_at_once = hn::Sub(hn::Set(d, 0.92), hn::Div(hn::Set(d, 4.2), b));
        const V us = hn::Sub(hn::Set(d, 0.5), hn::Abs(uj));
        const V k = hn::Floor(
            hn::Add(hn::Mul(hn::Add(hn::Div(hn::Mul(hn::Set(d, 2.0), a), us), b), uj), c));
        const auto rejected = hn::Or(hn::Lt(k, hn::Zero(d)), hn::Gt(k, n));
        const auto quick = hn::And(hn::Ge(us, hn::Set(d, 0.07)), hn::Le(vj, accept_at_once));
        const V alpha = hn::Mul(hn::Add(hn::Set(d, 2.83), hn::Div(hn::Set(d, 5.1), b)), spread);
        const V mode = hn::Floor(hn::Mul(hn::Add(n, hn::Set(d, 1.0)), pv));
        const V log_ratio =
            hn::Log(d, hn::Div(hn::Mul(vj, alpha), hn::Add(hn::Div(a, hn::Mul(us, us)), b)));
        const V bound = hn::Add(
            hn::Sub(hn::Sub(hn::Add(LogFactorial(d, mode), LogFactorial(d, hn::Sub(n, mode))),
                            LogFactorial(d, k)),
                    LogFactorial(d, hn::Sub(n, k))),
            hn::Mul(hn::Sub(k, mode), odds_log));
        const auto settled = hn::AndNot(rejected, hn::Or(quick, hn::Le(log_ratio, bound)));
        hn::StoreU(k, d, out[0]);
        hn::StoreU(hn::IfThenElseZero(settled, hn::Set(d, 1.0)), d, out[1]);
      });
}

}  // namespace HWY_NAMESPACE
}  // namespace incomesim::dist::kernels
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace incomesim::dist::kernels {

HWY_EXPORT(Invert);
HWY_EXPORT(PtrsAttempt);
HWY_EXPORT(BtrsAttempt);

void invert(const double* u, const double* p, double* k, const double* c0, const double* limit,
            std::size_t m, double c1, double c2) {
  HWY_DYNAMIC_DISPATCH(Invert)(u, p, k, c0, limit, m, c1, c2);
}

void ptrs_attempt(const double* mean, const double* u, const double* v, std::size_t m,
                  double* count, double* accepted) {
  HWY_DYNAMIC_DISPATCH(PtrsAttempt)(mean, u, v, m, count, accepted);
}

void btrs_attempt(const double* trials, double p, double log_odds, const double* u, const double* v,
                  std::size_t m, double* count, double* accepted) {
  HWY_DYNAMIC_DISPATCH(BtrsAttempt)(trials, p, log_odds, u, v, m, count, accepted);
}

}  // namespace incomesim::dist::kernels
#endif  // HWY_ONCE
