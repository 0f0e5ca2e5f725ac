#include "distributions/batch_counts.hpp"

#include <algorithm>
#include <cmath>

#ifdef __AVX2__
#include <immintrin.h>
#endif

#include "distributions/batch.hpp"
#include "distributions/distribution.hpp"

namespace incomesim::dist {
namespace {

// Lanes are stepped through inversion in groups this wide: a group stops when its last lane
// has, so one large count holds up only its own group.
constexpr std::size_t kInversionGroup = 32;
// Rejection attempts made in the batch; a lane rejected this often (probability below 1e-20 for
// PTRS) is left to the scalar sampler.
constexpr std::uint32_t kMaxBatchAttempts = 16;

void grow(CountScratch& s, std::size_t n) {
  for (auto* v : {&s.u, &s.v, &s.mean, &s.p, &s.k, &s.x, &s.y, &s.z, &s.w})
    if (v->size() < n) v->resize(n);
  if (s.slow_lane.size() < n) s.slow_lane.resize(n);
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
            _mm256_div_pd(_mm256_sub_pd(cj, _mm256_set1_pd(c1 * step)),
                          _mm256_set1_pd(step + 1)),
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

// One attempt of PTRS (Poisson, kind = 0) or BTRS (binomial, kind = 1) for the pending lanes,
// whose words for this attempt are words.word[k][t] (t: position in `pending`). Settled lanes get
// their count; the others stay in `pending`, compacted, for the next attempt.
struct RejectionAttempt {
  CountScratch& s;
  std::int64_t* out;

  // Poisson: parameter[j] = mean.
  void poisson(const double* means, std::vector<std::uint32_t>& pending, const FirstWords& words,
               bool words_by_lane) {
    const std::size_t m = pending.size();
    grow(s, m);
    double* __restrict mean = s.mean.data();
    double* __restrict u = s.u.data();
    double* __restrict v = s.v.data();
    for (std::size_t t = 0; t < m; ++t) {
      const std::uint32_t j = pending[t];
      const std::size_t w = words_by_lane ? j : t;
      mean[t] = means[j];
      u[t] = uniform_from_words(words.word[0][w], words.word[1][w]) - 0.5;
      v[t] = uniform_from_words(words.word[2][w], words.word[3][w]);
    }
    double* __restrict k = s.k.data();
    double* __restrict us_out = s.p.data();
    double* __restrict quick = s.x.data();
    double* __restrict hat = s.y.data();
    double* __restrict inverse_alpha = s.z.data();
    for (std::size_t t = 0; t < m; ++t) {  // branch-free: vectorised
      const double b = 0.931 + 2.53 * std::sqrt(mean[t]);
      const double a = -0.059 + 0.02483 * b;
      const double us = 0.5 - std::abs(u[t]);
      k[t] = std::floor((2 * a / us + b) * u[t] + mean[t] + 0.43);
      us_out[t] = us;
      quick[t] = 0.9277 - 3.6224 / (b - 2);  // quick acceptance at or below this v
      hat[t] = a / (us * us) + b;
      inverse_alpha[t] = 1.1239 + 1.1328 / (b - 3.4);
    }
    // Quick acceptances settle; lanes needing the logarithmic test are compacted into
    // slow_*; the rest (rejected outright) stay pending.
    std::size_t slow = 0, kept = 0;
    for (std::size_t t = 0; t < m; ++t) {
      const std::uint32_t j = pending[t];
      const double us = us_out[t];
      if (us >= 0.07 && v[t] <= quick[t]) {
        out[j] = static_cast<std::int64_t>(k[t]);
      } else if (k[t] < 0 || (us < 0.013 && v[t] > us)) {
        pending[kept++] = j;
      } else {
        s.slow_lane[slow] = j;
        s.w[slow] = k[t];
        s.u[slow] = v[t] * inverse_alpha[t] / hat[t];  // log(v) + log(1/alpha) - log(hat)
        s.v[slow] = mean[t];
        ++slow;
      }
    }
    double* __restrict log_mean = s.mean.data();
    for (std::size_t t = 0; t < slow; ++t) log_mean[t] = s.v[t];
    log_in_place(s.u.data(), slow);
    log_in_place(log_mean, slow);
    for (std::size_t t = 0; t < slow; ++t) {
      const double kt = s.w[t];
      if (s.u[t] <= -s.v[t] + kt * log_mean[t] - detail::log_factorial(kt))
        out[s.slow_lane[t]] = static_cast<std::int64_t>(kt);
      else
        pending[kept++] = s.slow_lane[t];
    }
    pending.resize(kept);
  }
};

}  // namespace

void poisson_batch(const double* means, FirstWords words, WordSource& more, std::size_t n,
                   std::int64_t* out, std::vector<std::uint32_t>& unsettled, CountScratch& s) {
  s.small.clear();
  s.large.clear();
  for (std::size_t j = 0; j < n; ++j) {
    const double mean = means[j];
    if (!(mean > 0)) {
      out[j] = 0;
    } else if (mean < 10) {
      s.small.push_back(static_cast<std::uint32_t>(j));
    } else if (mean <= 1e12) {
      s.large.push_back(static_cast<std::uint32_t>(j));
    } else {
      unsettled.push_back(static_cast<std::uint32_t>(j));  // normal approximation, one by one
    }
  }
  grow(s, std::max(s.small.size(), s.large.size()));

  // Small means: inversion, one uniform (words 0-1).
  std::size_t m = s.small.size();
  for (std::size_t t = 0; t < m; ++t) {
    const std::uint32_t j = s.small[t];
    s.u[t] = uniform_from_words(words.word[0][j], words.word[1][j]);
    s.mean[t] = means[j];
    s.p[t] = -means[j];
  }
  exp_in_place(s.p.data(), m);
  std::fill(s.x.begin(), s.x.begin() + static_cast<std::ptrdiff_t>(m), 200.0);
  invert(s.u.data(), s.p.data(), s.k.data(), s.mean.data(), s.x.data(), m, 0.0, 1.0);
  for (std::size_t t = 0; t < m; ++t) out[s.small[t]] = static_cast<std::int64_t>(s.k[t]);

  // Large means: PTRS, attempt after attempt, each on the lanes still pending: attempt a uses
  // block a of the lane's stream, as the scalar sampler would (two uniforms, four words).
  RejectionAttempt attempt{s, out};
  attempt.poisson(means, s.large, words, true);
  for (std::uint32_t block = 1; !s.large.empty() && block < kMaxBatchAttempts; ++block)
    attempt.poisson(means, s.large, more.block_words(s.large, block), false);
  unsettled.insert(unsettled.end(), s.large.begin(), s.large.end());
}

void binomial_batch(const std::int64_t* trials, double p, FirstWords words, std::size_t n,
                    std::int64_t* out, std::vector<std::uint32_t>& unsettled,
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
  s.large.clear();
  for (std::size_t j = 0; j < n; ++j) {
    if (trials[j] <= 0)
      out[j] = 0;
    else if (static_cast<double>(trials[j]) * small_p < 10)
      s.small.push_back(static_cast<std::uint32_t>(j));
    else
      s.large.push_back(static_cast<std::uint32_t>(j));
  }
  grow(s, std::max(s.small.size(), s.large.size()));
  auto settle = [&](std::uint32_t j, double k) {
    const auto count = static_cast<std::int64_t>(k);
    out[j] = flipped ? trials[j] - count : count;
  };

  std::size_t m = s.small.size();
  for (std::size_t t = 0; t < m; ++t) {
    const std::uint32_t j = s.small[t];
    s.u[t] = uniform_from_words(words.word[0][j], words.word[1][j]);
    s.mean[t] = static_cast<double>(trials[j]);
    s.p[t] = s.mean[t] * log_q;
  }
  exp_in_place(s.p.data(), m);
  invert(s.u.data(), s.p.data(), s.k.data(), s.mean.data(), s.mean.data(), m, 1.0, odds);
  for (std::size_t t = 0; t < m; ++t) settle(s.small[t], s.k[t]);

  m = s.large.size();
  for (std::size_t t = 0; t < m; ++t) {
    const std::uint32_t j = s.large[t];
    const double trials_j = static_cast<double>(trials[j]);
    const double u = uniform_from_words(words.word[0][j], words.word[1][j]) - 0.5;
    const double v = uniform_from_words(words.word[2][j], words.word[3][j]);
    const double spread = std::sqrt(trials_j * small_p * q);
    const double b = 1.15 + 2.53 * spread;
    const double a = -0.0873 + 0.0248 * b + 0.01 * small_p;
    const double us = 0.5 - std::abs(u);
    const double k = std::floor((2 * a / us + b) * u + trials_j * small_p + 0.5);
    if (k < 0 || k > trials_j) {
      unsettled.push_back(j);
      continue;
    }
    if (us >= 0.07 && v <= 0.92 - 4.2 / b) {
      settle(j, k);
      continue;
    }
    const double alpha = (2.83 + 5.1 / b) * spread;
    const double mode = std::floor((trials_j + 1) * small_p);
    const double lhs = std::log(v * alpha / (a / (us * us) + b));
    const double bound = detail::log_factorial(mode) + detail::log_factorial(trials_j - mode) -
                         detail::log_factorial(k) - detail::log_factorial(trials_j - k) +
                         (k - mode) * log_odds;
    if (lhs <= bound)
      settle(j, k);
    else
      unsettled.push_back(j);
  }
}

}  // namespace incomesim::dist
