#include "distributions/batch_counts.hpp"

#include <algorithm>
#include <cmath>

#include "core/vector_math.hpp"
#include "distributions/count_kernels.hpp"
#include "random/draw_address.hpp"

namespace incomesim::dist {
namespace {

// Rejection attempts made in the batch; a lane rejected this often (each attempt accepts with
// probability above 0.4, so below 1e-6 of lanes) is left to the scalar sampler.
constexpr std::uint32_t kMaxBatchAttempts = 16;

void grow(CountScratch& s, std::size_t n) {
  for (auto* v : {&s.parameter, &s.u, &s.v, &s.limit, &s.count, &s.accepted})
    if (v->size() < n) v->resize(n);
}

// Transformed rejection across lanes: attempt a uses block a of each pending lane's draw sequence
// (u from words 0-1, v from words 2-3), as the scalar sampler would, and `attempt` (a kernel of
// count_kernels.hpp) decides every pending lane at once. settle(lane, k) records a count; lanes
// still pending after kMaxBatchAttempts are left in `pending`.
template <class Attempt, class Settle>
void transformed_rejection(Attempt attempt, const double* parameters,
                           std::vector<std::uint32_t>& pending, FirstWords first, WordSource& more,
                           CountScratch& s, Settle settle) {
  for (std::uint32_t block = 0; !pending.empty() && block < kMaxBatchAttempts; ++block) {
    const FirstWords words = block == 0 ? first : more.block_words(pending, block);
    const std::size_t m = pending.size();
    grow(s, m);
    for (std::size_t t = 0; t < m; ++t) {
      const std::size_t w = block == 0 ? pending[t] : t;  // block 0's words are by lane
      s.parameter[t] = parameters[pending[t]];
      s.u[t] = random::uniform_from_words(words.word[0][w], words.word[1][w]) - 0.5;
      s.v[t] = random::uniform_from_words(words.word[2][w], words.word[3][w]);
    }
    attempt(s.parameter.data(), s.u.data(), s.v.data(), m, s.count.data(), s.accepted.data());
    std::size_t kept = 0;
    for (std::size_t t = 0; t < m; ++t) {
      if (s.accepted[t] != 0)
        settle(pending[t], s.count[t]);
      else
        pending[kept++] = pending[t];
    }
    pending.resize(kept);
  }
}

}  // namespace

void poisson_batch(const double* means, FirstWords words, WordSource& more, std::size_t n,
                   std::int64_t* out, std::vector<std::uint32_t>& unsettled, CountScratch& s) {
  s.small.clear();
  s.pending.clear();
  for (std::size_t j = 0; j < n; ++j) {
    const double mean = means[j];
    if (!(mean > 0)) {
      out[j] = 0;
    } else if (mean < 10) {
      s.small.push_back(static_cast<std::uint32_t>(j));
    } else if (mean <= 1e12) {
      s.pending.push_back(static_cast<std::uint32_t>(j));
    } else {
      unsettled.push_back(static_cast<std::uint32_t>(j));  // normal approximation, one by one
    }
  }
  grow(s, std::max(s.small.size(), s.pending.size()));

  // Small means: inversion, one uniform (words 0-1).
  const std::size_t m = s.small.size();
  for (std::size_t t = 0; t < m; ++t) {
    const std::uint32_t j = s.small[t];
    s.u[t] = random::uniform_from_words(words.word[0][j], words.word[1][j]);
    s.parameter[t] = means[j];
    s.v[t] = -means[j];  // then P(0) = exp(-mean)
    s.limit[t] = 200;    // the step cap of poisson_inversion
  }
  vector_math::exp_in_place(s.v.data(), m);
  kernels::invert(s.u.data(), s.v.data(), s.count.data(), s.parameter.data(), s.limit.data(), m,
                  0.0, 1.0);
  for (std::size_t t = 0; t < m; ++t) out[s.small[t]] = static_cast<std::int64_t>(s.count[t]);

  // Large means: PTRS, attempt after attempt, on the lanes still pending.
  transformed_rejection(
      kernels::ptrs_attempt, means, s.pending, words, more, s,
      [out](std::uint32_t j, double k) { out[j] = static_cast<std::int64_t>(k); });
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
  s.small.clear();
  s.pending.clear();
  for (std::size_t j = 0; j < n; ++j) {
    if (trials[j] <= 0)
      out[j] = 0;
    else if (static_cast<double>(trials[j]) * small_p < 10)
      s.small.push_back(static_cast<std::uint32_t>(j));
    else
      s.pending.push_back(static_cast<std::uint32_t>(j));
  }
  grow(s, std::max(s.small.size(), s.pending.size()));
  auto settle = [&](std::uint32_t j, double k) {
    const auto count = static_cast<std::int64_t>(k);
    out[j] = flipped ? trials[j] - count : count;
  };

  const std::size_t m = s.small.size();
  for (std::size_t t = 0; t < m; ++t) {
    const std::uint32_t j = s.small[t];
    s.u[t] = random::uniform_from_words(words.word[0][j], words.word[1][j]);
    s.parameter[t] = static_cast<double>(trials[j]);
    s.v[t] = s.parameter[t] * log_q;  // then P(0) = q^n
  }
  vector_math::exp_in_place(s.v.data(), m);
  // The step cap is the number of trials.
  kernels::invert(s.u.data(), s.v.data(), s.count.data(), s.parameter.data(), s.parameter.data(), m,
                  1.0, odds);
  for (std::size_t t = 0; t < m; ++t) settle(s.small[t], s.count[t]);

  // BTRS reads the number of trials as a double, one per lane.
  s.trials_as_double.resize(n);
  for (const std::uint32_t j : s.pending) s.trials_as_double[j] = static_cast<double>(trials[j]);
  const auto btrs = [small_p, log_odds](const double* n, const double* u, const double* v,
                                        std::size_t count, double* k, double* accepted) {
    kernels::btrs_attempt(n, small_p, log_odds, u, v, count, k, accepted);
  };
  transformed_rejection(btrs, s.trials_as_double.data(), s.pending, words, more, s, settle);
  unsettled.insert(unsettled.end(), s.pending.begin(), s.pending.end());
}

}  // namespace incomesim::dist
