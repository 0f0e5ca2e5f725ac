#include "distributions/batch_counts.hpp"

#include <algorithm>
#include <cmath>

#include "core/vector_math.hpp"
#include "distributions/count_kernels.hpp"
#include "random/normals.hpp"

namespace incomesim::dist {
namespace {

// Rejection attempts made in the batch; a lane rejected this often (each attempt accepts with
// probability above 0.4, so below 1e-6 of lanes) is left to the scalar sampler.
constexpr std::uint32_t kMaxBatchAttempts = 16;

// values[lanes[t]] for t < lanes.size(): `values` itself when the list holds every one of the n
// lanes (lists are built in ascending order, so it is then 0 .. n-1, the common case of a block
// whose lanes all take one method), else a copy in `into`.
const double* gathered(const std::vector<std::uint32_t>& lanes, std::size_t n, const double* values,
                       std::vector<double>& into) {
  if (lanes.size() == n) return values;
  into.resize(lanes.size());
  for (std::size_t t = 0; t < lanes.size(); ++t) into[t] = values[lanes[t]];
  return into.data();
}

// s.small: the lanes with 0 < x * scale < 10 (inversion); s.pending: those with
// 10 <= x * scale <= ceiling (rejection). Whether any lane is above the ceiling.
bool list_by_method(const double* x, double scale, std::size_t n, double ceiling, CountScratch& s) {
  s.small.resize(n + kernels::kListSlack);
  s.pending.resize(n + kernels::kListSlack);
  std::size_t small = 0, pending = 0;
  const bool beyond = kernels::list_lanes(x, scale, n, 10, ceiling, s.small.data(), small,
                                          s.pending.data(), pending);
  s.small.resize(small);
  s.pending.resize(pending);
  return beyond;
}

// Block 0's uniforms of every lane, on whole vectors: u from words 0-1, v from words 2-3.
void first_uniforms(FirstWords words, std::size_t n, CountScratch& s, bool with_v) {
  s.first_u.resize(n);
  random::uniforms_from_words(words.word[0], words.word[1], n, s.first_u.data());
  if (!with_v) return;
  s.first_v.resize(n);
  random::uniforms_from_words(words.word[2], words.word[3], n, s.first_v.data());
}

// out[lanes[t]] = count_of(lanes[t], k[t]) for every listed lane.
template <class CountOf>
void scatter_counts(const std::vector<std::uint32_t>& lanes, const double* k, std::int64_t* out,
                    CountOf count_of) {
  const std::uint32_t* const lane = lanes.data();
  for (std::size_t t = 0; t < lanes.size(); ++t) out[lane[t]] = count_of(lane[t], k[t]);
}

// Transformed rejection across lanes: attempt a uses block a of each pending lane's draw sequence
// (a uniform from words 0-1, another from words 2-3), as the scalar sampler would. `screen`
// decides most lanes at once and `slow_test` (kernels of count_kernels.hpp) the undecided ones,
// gathered. out[lane] = count_of(lane, k) records a count; lanes still pending after
// kMaxBatchAttempts are left in `pending`. Block 0's uniforms are s.first_u and s.first_v, by
// lane.
template <class Screen, class SlowTest, class CountOf>
void transformed_rejection(Screen screen, SlowTest slow_test, const double* parameters,
                           std::size_t n, std::vector<std::uint32_t>& pending, WordSource& more,
                           CountScratch& s, std::int64_t* out, CountOf count_of) {
  for (std::uint32_t block = 0; !pending.empty() && block < kMaxBatchAttempts; ++block) {
    const std::size_t m = pending.size();
    const double *parameter, *u, *v;
    if (block == 0) {
      u = gathered(pending, n, s.first_u.data(), s.u);
      v = gathered(pending, n, s.first_v.data(), s.v);
    } else {
      const FirstWords words = more.block_words(pending, block);
      s.u.resize(m);
      s.v.resize(m);
      random::uniforms_from_words(words.word[0], words.word[1], m, s.u.data());
      random::uniforms_from_words(words.word[2], words.word[3], m, s.v.data());
      u = s.u.data();
      v = s.v.data();
    }
    parameter = gathered(pending, n, parameters, s.parameter);
    s.count.resize(m);
    s.verdict.resize(m);
    screen(parameter, u, v, m, s.count.data(), s.verdict.data());

    // The undecided lanes (verdict 1/2, in (0, 1)), gathered for the slow test.
    s.undecided.resize(m + kernels::kListSlack);
    s.accepted.resize(m + kernels::kListSlack);
    std::size_t undecided = 0, accepted_at_once = 0;
    kernels::list_lanes(s.verdict.data(), 1.0, m, 1.0, 1.0, s.undecided.data(), undecided,
                        s.accepted.data(), accepted_at_once);
    if (undecided > 0) {
      s.slow_parameter.resize(undecided);
      s.slow_u.resize(undecided);
      s.slow_v.resize(undecided);
      s.slow_verdict.resize(undecided);
      for (std::size_t t = 0; t < undecided; ++t) {
        const std::uint32_t at = s.undecided[t];
        s.slow_parameter[t] = parameter[at];
        s.slow_u[t] = u[at];
        s.slow_v[t] = v[at];
      }
      slow_test(s.slow_parameter.data(), s.slow_u.data(), s.slow_v.data(), undecided,
                s.slow_verdict.data());
      for (std::size_t t = 0; t < undecided; ++t) s.verdict[s.undecided[t]] = s.slow_verdict[t];
    }

    // Branch-free (a lane's verdict is a coin toss the predictor cannot learn): every lane's
    // count is written, the rejected ones rewriting what was there, and every lane is appended to
    // the pending list, which grows only past the rejected ones.
    // (Written as arithmetic: GCC makes the equivalent selections branches.)
    std::size_t kept = 0;
    std::uint32_t* const lanes = pending.data();
    for (std::size_t t = 0; t < m; ++t) {
      const std::uint32_t lane = lanes[t];
      const double accepted = s.verdict[t];  // exactly 0 or 1 by now
      const std::int64_t count = count_of(lane, s.count[t] * accepted);
      const auto flag = static_cast<std::int64_t>(accepted);
      out[lane] += (count - out[lane]) * flag;
      lanes[kept] = lane;
      kept += static_cast<std::size_t>(1 - flag);
    }
    pending.resize(kept);
  }
}

}  // namespace

void poisson_batch(const double* means, FirstWords words, WordSource& more, std::size_t n,
                   std::int64_t* out, std::vector<std::uint32_t>& unsettled, CountScratch& s) {
  // Counts start at 0, what a mean of 0 (or NaN) gives; the other lanes are listed by method.
  std::fill(out, out + n, 0);
  if (list_by_method(means, 1.0, n, 1e12, s)) [[unlikely]] {
    for (std::size_t j = 0; j < n; ++j)  // normal approximation, one by one
      if (means[j] > 1e12) unsettled.push_back(static_cast<std::uint32_t>(j));
  }
  first_uniforms(words, n, s, !s.pending.empty());
  const auto to_count = [](std::uint32_t, double k) { return static_cast<std::int64_t>(k); };

  // Small means: inversion, one uniform (words 0-1), P(0) = exp(-mean).
  if (const std::size_t m = s.small.size(); m > 0) {
    const double* u = gathered(s.small, n, s.first_u.data(), s.u);
    const double* mean = gathered(s.small, n, means, s.parameter);
    s.start.resize(m);
    s.limit.assign(m, 200);  // the step cap of poisson_inversion
    for (std::size_t t = 0; t < m; ++t) s.start[t] = -mean[t];
    vector_math::exp_in_place(s.start.data(), m);
    s.count.resize(m);
    kernels::invert(u, s.start.data(), s.count.data(), mean, s.limit.data(), m, 0.0, 1.0);
    scatter_counts(s.small, s.count.data(), out, to_count);
  }

  // Large means: PTRS, attempt after attempt, on the lanes still pending.
  transformed_rejection(kernels::ptrs_screen, kernels::ptrs_slow_test, means, n, s.pending, more, s,
                        out, to_count);
  unsettled.insert(unsettled.end(), s.pending.begin(), s.pending.end());
}

void binomial_batch(const std::int64_t* trials, double p, FirstWords words, WordSource& more,
                    std::size_t n, std::int64_t* out, std::vector<std::uint32_t>& unsettled,
                    CountScratch& s) {
  if (!(p > 0)) {
    std::fill(out, out + n, 0);
    return;
  }
  if (p >= 1) {
    for (std::size_t j = 0; j < n; ++j) out[j] = std::max<std::int64_t>(trials[j], 0);
    return;
  }
  const bool flipped = p > 0.5;  // as sample_binomial: count failures, so that p <= 1/2
  const double small_p = flipped ? 1 - p : p;
  const double q = 1 - small_p;
  const double odds = small_p / q;
  const double log_q = std::log1p(-small_p);
  const double log_odds = std::log(odds);
  // Counts start at 0, what no trials give; the other lanes are listed by method.
  std::fill(out, out + n, 0);
  s.trials_as_double.resize(n);
  kernels::to_doubles(trials, n, s.trials_as_double.data());
  list_by_method(s.trials_as_double.data(), small_p, n, HUGE_VAL, s);
  first_uniforms(words, n, s, !s.pending.empty());
  auto count_of = [&](std::uint32_t j, double k) {
    const auto count = static_cast<std::int64_t>(k);
    return flipped ? trials[j] - count : count;
  };

  // Few expected successes: inversion, P(0) = q^n; the step cap is the number of trials.
  if (const std::size_t m = s.small.size(); m > 0) {
    const double* u = gathered(s.small, n, s.first_u.data(), s.u);
    const double* count_trials = gathered(s.small, n, s.trials_as_double.data(), s.parameter);
    s.start.resize(m);
    for (std::size_t t = 0; t < m; ++t) s.start[t] = count_trials[t] * log_q;
    vector_math::exp_in_place(s.start.data(), m);
    s.count.resize(m);
    kernels::invert(u, s.start.data(), s.count.data(), count_trials, count_trials, m, 1.0, odds);
    scatter_counts(s.small, s.count.data(), out, count_of);
  }

  const auto screen = [small_p](const double* n, const double* u, const double* v, std::size_t m,
                                double* k, double* verdict) {
    kernels::btrs_screen(n, small_p, u, v, m, k, verdict);
  };
  const auto slow_test = [small_p, log_odds](const double* n, const double* u, const double* v,
                                             std::size_t m, double* verdict) {
    kernels::btrs_slow_test(n, small_p, log_odds, u, v, m, verdict);
  };
  transformed_rejection(screen, slow_test, s.trials_as_double.data(), n, s.pending, more, s, out,
                        count_of);
  unsettled.insert(unsettled.end(), s.pending.begin(), s.pending.end());
}

}  // namespace incomesim::dist
