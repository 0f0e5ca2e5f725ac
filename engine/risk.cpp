#include "engine/risk.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/metric_names.hpp"

namespace incomesim::engine {
namespace {

// Per-group sums from which every risk figure follows; a bootstrap resample is a weighted sum of
// groups. Series a = 0 .. S-1 are the streams, S the total.
class GroupSums {
 public:
  GroupSums(std::size_t series, std::size_t groups)
      : series_(series), width_(6 * series + series * series + 1), sums_(groups * width_, 0.0) {}

  // Layout within a group: sum[a], square[a], with_total[a], in_tail[a], rank[a], rank_square[a],
  // rank_cross[a][b], tail_count.
  double& sum(std::size_t g, std::size_t a) { return at(g, a); }
  double& square(std::size_t g, std::size_t a) { return at(g, series_ + a); }
  double& with_total(std::size_t g, std::size_t a) { return at(g, 2 * series_ + a); }
  double& in_tail(std::size_t g, std::size_t a) { return at(g, 3 * series_ + a); }
  double& rank(std::size_t g, std::size_t a) { return at(g, 4 * series_ + a); }
  double& rank_square(std::size_t g, std::size_t a) { return at(g, 5 * series_ + a); }
  double& rank_cross(std::size_t g, std::size_t a, std::size_t b) {
    return at(g, 6 * series_ + a * series_ + b);
  }
  double& tail_count(std::size_t g) { return at(g, width_ - 1); }

  // Weighted total over groups, in the same layout (group index 0 of the result).
  GroupSums combine(const std::vector<double>& weights) const {
    GroupSums total(series_, 1);
    for (std::size_t g = 0; g < weights.size(); ++g) {
      if (weights[g] == 0) continue;
      for (std::size_t k = 0; k < width_; ++k) total.sums_[k] += weights[g] * sums_[g * width_ + k];
    }
    return total;
  }

 private:
  double& at(std::size_t g, std::size_t k) { return sums_[g * width_ + k]; }
  std::size_t series_, width_;
  std::vector<double> sums_;
};

// The per-group sums of the streams and the total (`series` of them, the total last): each
// series' ranks (twice the mid-rank, 32 bits) from its stable order; the total's order also gives
// the bad outcomes: the lowest ceil(f n) totals, ties broken by trial index, as for the expected
// shortfall of the summary.
GroupSums group_sums(const ExactValues& exact, const BootstrapPlan& plan, std::size_t series,
                     double shortfall_fraction) {
  const std::size_t n = exact.results().trials();
  const std::size_t total = series - 1;
  const std::span<const float> total_values = exact.values(total, 0);
  const std::size_t tail_size = std::max<std::size_t>(
      1, static_cast<std::size_t>(std::ceil(shortfall_fraction * static_cast<double>(n))));
  std::vector<std::uint8_t> in_tail(n, 0);
  std::vector<std::vector<std::uint32_t>> doubled_ranks(series);
  for (std::size_t a = 0; a < series; ++a) {
    const std::span<const float> values = exact.values(a, 0);
    const std::vector<std::uint32_t> order = radix_argsort(values);
    if (a == total)
      for (std::size_t k = 0; k < tail_size; ++k) in_tail[order[k]] = 1;
    doubled_ranks[a] = doubled_mid_ranks(values, order);
  }
  const std::size_t groups = plan.group_count();
  GroupSums sums(series, groups);
  for (std::size_t g = 0; g < groups; ++g) {
    for (std::uint64_t i = plan.group_begin(g); i < plan.group_begin(g + 1); ++i) {
      const double t = total_values[i];
      sums.tail_count(g) += in_tail[i];
      for (std::size_t a = 0; a < series; ++a) {
        const double x = exact.values(a, 0)[i];
        sums.sum(g, a) += x;
        sums.square(g, a) += x * x;
        sums.with_total(g, a) += x * t;
        if (in_tail[i]) sums.in_tail(g, a) += x;
        const double rank = 0.5 * doubled_ranks[a][i];
        sums.rank(g, a) += rank;
        sums.rank_square(g, a) += rank * rank;
        for (std::size_t b = a + 1; b < series; ++b)
          sums.rank_cross(g, a, b) += rank * (0.5 * doubled_ranks[b][i]);
      }
    }
  }
  return sums;
}

// Each figure is a function of the combined sums of a resample and its trial count w; its
// estimate and bootstrap interval.
class RiskFigures {
 public:
  RiskFigures(const GroupSums& sums, const BootstrapPlan& plan, std::uint64_t seed,
              std::size_t total)
      : sums_(sums), plan_(plan), seed_(seed), total_(total) {}

  template <class Figure>
  Estimate interval(Figure figure) const {
    return bootstrap_interval(plan_, seed_, [&](const std::vector<double>& weights) {
      GroupSums combined = sums_.combine(weights);
      double trials = 0;
      for (std::size_t g = 0; g < plan_.group_count(); ++g)
        trials += weights[g] * static_cast<double>(plan_.group_begin(g + 1) - plan_.group_begin(g));
      return figure(combined, trials);
    });
  }
  static double mean(GroupSums& s, std::size_t a, double w) { return s.sum(0, a) / w; }
  double covariance(GroupSums& s, std::size_t a, double w) const {
    return s.with_total(0, a) / w - mean(s, a, w) * mean(s, total_, w);
  }
  static double variance(GroupSums& s, std::size_t a, double w) {
    return std::max(0.0, s.square(0, a) / w - mean(s, a, w) * mean(s, a, w));
  }
  static double spearman(GroupSums& s, std::size_t a, std::size_t b, double w) {
    const double ma = s.rank(0, a) / w, mb = s.rank(0, b) / w;
    const double cov = s.rank_cross(0, a, b) / w - ma * mb;
    const double va = s.rank_square(0, a) / w - ma * ma, vb = s.rank_square(0, b) / w - mb * mb;
    return va > 0 && vb > 0 ? cov / std::sqrt(va * vb) : std::numeric_limits<double>::quiet_NaN();
  }

 private:
  const GroupSums& sums_;
  const BootstrapPlan& plan_;
  std::uint64_t seed_;
  std::size_t total_;
};

}  // namespace

std::vector<SummaryRow> risk_attribution(const ExactValues& exact, const RiskOptions& options,
                                         std::uint64_t seed) {
  const TrialResults& results = exact.results();
  // The streams and the total; derived series (tax, net) are not shares of the total.
  const std::size_t streams = results.stream_count();
  const std::size_t total = results.total_series();
  const std::size_t series = streams + 1;
  const BootstrapPlan plan{results.trials(), options.groups, options.resamples, options.confidence};
  const GroupSums sums = group_sums(exact, plan, series, options.shortfall_fraction);
  const RiskFigures figures(sums, plan, seed, total);
  using F = RiskFigures;

  std::vector<SummaryRow> rows;
  const auto& names = results.series_names();
  auto add = [&](std::size_t a, const std::string& metric, Estimate e) {
    rows.push_back({names[a], kHorizonPeriod, metric, e});
  };
  for (std::size_t a = 0; a < streams; ++a) {
    add(a, metric::kShareOfMean, figures.interval([&](GroupSums& s, double w) {
      return F::mean(s, a, w) / F::mean(s, total, w);
    }));
    add(a, metric::kShareOfVariance, figures.interval([&](GroupSums& s, double w) {
      return figures.covariance(s, a, w) / F::variance(s, total, w);
    }));
    add(a, metric::kMeanInShortfall,
        figures.interval([&](GroupSums& s, double) { return s.in_tail(0, a) / s.tail_count(0); }));
    add(a, metric::kShortfallRatio, figures.interval([&](GroupSums& s, double w) {
      return (s.in_tail(0, a) / s.tail_count(0)) / F::mean(s, a, w);
    }));
    add(a, metric::kShareOfShortfall, figures.interval([&](GroupSums& s, double) {
      return s.in_tail(0, a) / s.in_tail(0, total);
    }));
    for (std::size_t b = 0; b < series; ++b) {
      if (b == a) continue;
      add(a, metric::spearman_with(names[b]), figures.interval([&](GroupSums& s, double w) {
        return F::spearman(s, std::min(a, b), std::max(a, b), w);
      }));
    }
  }
  add(total, metric::kDiversificationRatio, figures.interval([&](GroupSums& s, double w) {
    double sum_of_sds = 0;
    for (std::size_t a = 0; a < streams; ++a) sum_of_sds += std::sqrt(F::variance(s, a, w));
    return sum_of_sds / std::sqrt(F::variance(s, total, w));
  }));
  return rows;
}

}  // namespace incomesim::engine
