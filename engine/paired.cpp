#include "engine/paired.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "engine/bootstrap.hpp"
#include "engine/metric_names.hpp"

namespace incomesim::engine {

std::vector<SummaryRow> paired_comparison(const ExactValues& exact_a, const ExactValues& exact_b,
                                          const PairedOptions& options, std::uint64_t seed) {
  const TrialResults &a = exact_a.results(), &b = exact_b.results();
  if (a.trials() != b.trials())
    throw std::invalid_argument("paired comparison needs the same number of trials");
  const std::uint64_t n = a.trials();
  // Streams of A, then those only B has, then the total, then the derived series (tax, net)
  // both have: a stream one lacks is 0 in it, but a net income one lacks is not.
  const SeriesLayout &series_a = a.series(), &series_b = b.series();
  std::vector<std::string> names(series_a.names().begin(),
                                 series_a.names().begin() + series_a.stream_count());
  for (std::size_t s = 0; s < series_b.stream_count(); ++s)
    if (std::find(names.begin(), names.end(), series_b.names()[s]) == names.end())
      names.push_back(series_b.names()[s]);
  names.push_back(kTotalSeries);
  for (std::size_t s = series_a.first_derived(); s < series_a.size(); ++s)
    if (series_b.find(series_a.names()[s])) names.push_back(series_a.names()[s]);

  const std::vector<float> zeros(n, 0.0f);
  auto values = [&](const ExactValues& r, const std::string& name, std::size_t period) {
    const auto s = r.results().series_index(name);
    return s ? r.values(*s, period).data() : zeros.data();
  };
  const BootstrapPlan plan{n, options.groups, options.resamples, options.confidence};
  const double z = normal_critical_value(options.confidence);

  std::vector<SummaryRow> rows;
  for (const auto& period : a.periods()) {
    const auto pa = a.period_index(period.name), pb = b.period_index(period.name);
    if (!pb) continue;
    for (const auto& name : names) {
      const float* x = values(exact_a, name, *pa);
      const float* y = values(exact_b, name, *pb);
      auto add = [&](const std::string& metric, Estimate e) {
        rows.push_back({name, period.name, metric, e});
      };
      double sum_a = 0, sum_b = 0, sum_d = 0, sum_d2 = 0;
      std::uint64_t b_above = 0;
      for (std::uint64_t i = 0; i < n; ++i) {
        const double d = static_cast<double>(y[i]) - x[i];
        sum_a += x[i];
        sum_b += y[i];
        sum_d += d;
        sum_d2 += d * d;
        b_above += y[i] > x[i];
      }
      const double nn = static_cast<double>(n);
      const double mean_d = sum_d / nn;
      const double sd_d =
          n > 1 ? std::sqrt(std::max(0.0, (sum_d2 - nn * mean_d * mean_d) / (nn - 1))) : 0.0;
      add(metric::kMeanA, {sum_a / nn, kNoValue, kNoValue});
      add(metric::kMeanB, {sum_b / nn, kNoValue, kNoValue});
      add(metric::kMeanDifference,
          {mean_d, mean_d - z * sd_d / std::sqrt(nn), mean_d + z * sd_d / std::sqrt(nn)});
      const GroupedSample grouped_a(x, plan), grouped_b(y, plan);
      for (double percent : options.percentiles) {
        const double p = percent / 100;
        add(metric::percentile_difference(percent),
            bootstrap_interval(plan, seed, [&](const std::vector<double>& weights) {
              return grouped_b.percentile(weights, p) - grouped_a.percentile(weights, p);
            }));
      }
      add(metric::kBAboveA, proportion(b_above, n, options.confidence));
    }
  }
  return rows;
}

}  // namespace incomesim::engine
