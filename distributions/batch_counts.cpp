#include "distributions/batch_counts.hpp"

#include <algorithm>
#include <cmath>

#ifdef __AVX2__
#include <immintrin.h>
#endif

#include "core/vector_math.hpp"
#include "distributions/batch.hpp"
#include "distributions/distribution.hpp"
#include "random/draw_address.hpp"

namespace incomesim::dist {
namespace {

// Lanes are stepped through inversion in groups this wide: a group stops when its last lane
// has, so one large count holds up only its own group.
constexpr std::size_t kInversionGroup = 32;
// Rejection attempts made in the batch; a lane rejected this often (each attempt accepts with
// probability above 0.4, so below 1e-6 of lanes) is left to the scalar sampler.
constexpr std::uint32_t kMaxBatchAttempts = 16;

void grow(CountScratch& s, std::size_t n) {
  for (auto* v :
       {&s.parameter, &s.u, &s.v, &s.count, &s.us, &s.quick, &s.log_ratio, &s.log_parameter})
    if (v->size() < n) v->resize(n);
  if (s.slow.size() < n) s.slow.resize(n);
}

// Sequential-search inversion for the compact lanes 0..m-1, the same steps as
// poisson_inversion / binomial_inversion: u[j] a uniform, p[j] = P(0), and
// P(step + 1) = P(step) * (c0[j] - c1 * step) / (step + 1) * c2 while step < limit[j]. Every lane
// of a group steps together (branch-free, so the compiler vectorises it) and is frozen once
// settled; k[j] is the count.
void invert(double* __restrict u, double* __restrict p, double* __restrict k,
            const double* __restrict c0, const double* __restrict limit, std::size_t m, double c1,
            double c2) {
  for (std::size_t first = 0; first < m; first += kInversionGroup) {
    const std::size_t last = std::min(m, first + kInversionGroup);
    std::size_t j = first;
#ifdef __AVX2__
    // GCC does not if-convert this loop, so it is written on vectors: four lanes at a time.
    const std::size_t vector_end = first + (last - first) / 4 * 4;
    for (; j < vector_end; j += 4) {
      __m256d uj = _mm256_loadu_pd(u + j), pj = _mm256_loadu_pd(p + j);
      __m256d kj = _mm256_setzero_pd();
      const __m256d cj = _mm256_loadu_pd(c0 + j), lj = _mm256_loadu_pd(limit + j);
      for (double step = 0;; ++step) {
        const __m256d s = _mm256_set1_pd(step);
        const __m256d active = _mm256_and_pd(
            _mm256_and_pd(_mm256_cmp_pd(kj, s, _CMP_EQ_OQ), _mm256_cmp_pd(uj, pj, _CMP_GT_OQ)),
            _mm256_and_pd(_mm256_cmp_pd(pj, _mm256_setzero_pd(), _CMP_GT_OQ),
                          _mm256_cmp_pd(s, lj, _CMP_LT_OQ)));
        if (_mm256_testz_pd(active, active)) break;
        const __m256d ratio = _mm256_mul_pd(
            _mm256_div_pd(_mm256_sub_pd(cj, _mm256_set1_pd(c1 * step)), _mm256_set1_pd(step + 1)),
            _mm256_set1_pd(c2));
        uj = _mm256_blendv_pd(uj, _mm256_sub_pd(uj, pj), active);
        pj = _mm256_blendv_pd(pj, _mm256_mul_pd(pj, ratio), active);
        kj = _mm256_blendv_pd(kj, _mm256_set1_pd(step + 1), active);
      }
      _mm256_storeu_pd(k + j, kj);
    }
#endif
    for (; j < last; ++j) {
      double uj = u[j], pj = p[j], kj = 0;
      while (uj > pj && pj > 0 && kj < limit[j]) {
        uj -= pj;
        pj *= (c0[j] - c1 * kj) / (kj + 1) * c2;
        ++kj;
      }
      k[j] = kj;
    }
  }
}

}  // namespace

namespace {

// Hörmann's transformed rejection for Poisson (PTRS): the steps of poisson_ptrs.
struct Ptrs {
  // Branch-free over lanes (so it vectorises): from u - 1/2, v and the mean, the candidate count,
  // |u| folded (us), the bound under which v is accepted at once, and the ratio whose logarithm
  // the slow test compares.
  static void arithmetic(const double* __restrict mean, const double* __restrict u,
                         const double* __restrict v, std::size_t m, double* __restrict count,
                         double* __restrict us_out, double* __restrict quick,
                         double* __restrict ratio) {
    for (std::size_t t = 0; t < m; ++t) {
      const double b = 0.931 + 2.53 * std::sqrt(mean[t]);
      const double a = -0.059 + 0.02483 * b;
      const double us = 0.5 - std::abs(u[t]);
      count[t] = std::floor((2 * a / us + b) * u[t] + mean[t] + 0.43);
      us_out[t] = us;
      quick[t] = 0.9277 - 3.6224 / (b - 2);
      ratio[t] = v[t] * (1.1239 + 1.1328 / (b - 3.4)) / (a / (us * us) + b);
    }
  }
  static bool rejected_outright(double k, double, double us, double v) {
    return k < 0 || (us < 0.013 && v > us);
  }
  // The right-hand side of the slow test, given log(mean).
  static double bound(double k, double mean, double log_mean) {
    return -mean + k * log_mean - detail::log_factorial(k);
  }
};

// Hörmann's transformed rejection for the binomial (BTRS) with success probability p <= 1/2:
// the steps of binomial_btrs.
struct Btrs {
  double p, q, log_odds;
  void arithmetic(const double* __restrict trials, const double* __restrict u,
                  const double* __restrict v, std::size_t m, double* __restrict count,
                  double* __restrict us_out, double* __restrict quick,
                  double* __restrict ratio) const {
    for (std::size_t t = 0; t < m; ++t) {
      const double spread = std::sqrt(trials[t] * p * q);
      const double b = 1.15 + 2.53 * spread;
      const double a = -0.0873 + 0.0248 * b + 0.01 * p;
      const double us = 0.5 - std::abs(u[t]);
      count[t] = std::floor((2 * a / us + b) * u[t] + (trials[t] * p + 0.5));
      us_out[t] = us;
      quick[t] = 0.92 - 4.2 / b;
      ratio[t] = v[t] * ((2.83 + 5.1 / b) * spread) / (a / (us * us) + b);
    }
  }
  static bool rejected_outright(double k, double trials, double, double) {
    return k < 0 || k > trials;
  }
  double bound(double k, double trials, double) const {
    const double mode = std::floor((trials + 1) * p);
    return detail::log_factorial(mode) + detail::log_factorial(trials - mode) -
           detail::log_factorial(k) - detail::log_factorial(trials - k) + (k - mode) * log_odds;
  }
};

// Transformed rejection across lanes: attempt a uses block a of each pending lane's draw sequence
// (u from words 0-1, v from words 2-3), as the scalar sampler would. settle(lane, k) records a
// count; lanes still pending after kMaxBatchAttempts are left in `pending`.
template <class Method, class Settle>
void transformed_rejection(const Method& method, const double* parameters,
                           std::vector<std::uint32_t>& pending, FirstWords first, WordSource& more,
                           CountScratch& s, bool needs_log_parameter, Settle settle) {
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
    method.arithmetic(s.parameter.data(), s.u.data(), s.v.data(), m, s.count.data(), s.us.data(),
                      s.quick.data(), s.log_ratio.data());
    // Quick acceptances settle; outright rejections stay pending; the rest are compacted to the
    // front (slow: lane; the arrays: their values) for the logarithmic test.
    std::size_t slow = 0, kept = 0;
    for (std::size_t t = 0; t < m; ++t) {
      const double k = s.count[t], us = s.us[t], v = s.v[t];
      if (Method::rejected_outright(k, s.parameter[t], us, v)) {
        pending[kept++] = pending[t];
      } else if (us >= 0.07 && v <= s.quick[t]) {
        settle(pending[t], k);
      } else {
        s.slow[slow] = pending[t];
        s.count[slow] = k;
        s.log_ratio[slow] = s.log_ratio[t];
        s.parameter[slow] = s.parameter[t];
        s.log_parameter[slow] = s.parameter[t];
        ++slow;
      }
    }
    vector_math::log_in_place(s.log_ratio.data(), slow);
    if (needs_log_parameter) vector_math::log_in_place(s.log_parameter.data(), slow);
    for (std::size_t t = 0; t < slow; ++t) {
      if (s.log_ratio[t] <= method.bound(s.count[t], s.parameter[t], s.log_parameter[t]))
        settle(s.slow[t], s.count[t]);
      else
        pending[kept++] = s.slow[t];
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
    s.quick[t] = 200;    // the step cap of poisson_inversion
  }
  vector_math::exp_in_place(s.v.data(), m);
  invert(s.u.data(), s.v.data(), s.count.data(), s.parameter.data(), s.quick.data(), m, 0.0, 1.0);
  for (std::size_t t = 0; t < m; ++t) out[s.small[t]] = static_cast<std::int64_t>(s.count[t]);

  // Large means: PTRS, attempt after attempt, on the lanes still pending.
  transformed_rejection(
      Ptrs{}, means, s.pending, words, more, s, true,
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
  invert(s.u.data(), s.v.data(), s.count.data(), s.parameter.data(), s.parameter.data(), m, 1.0,
         odds);
  for (std::size_t t = 0; t < m; ++t) settle(s.small[t], s.count[t]);

  // BTRS reads the number of trials as a double, one per lane.
  s.trials_as_double.resize(n);
  for (const std::uint32_t j : s.pending) s.trials_as_double[j] = static_cast<double>(trials[j]);
  transformed_rejection(Btrs{small_p, q, log_odds}, s.trials_as_double.data(), s.pending, words,
                        more, s, false, settle);
  unsettled.insert(unsettled.end(), s.pending.begin(), s.pending.end());
}

}  // namespace incomesim::dist
