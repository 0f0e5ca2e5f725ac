#include "engine/summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/number_format.hpp"
#include "engine/metric_names.hpp"
#include "engine/parallel.hpp"

namespace incomesim::engine {

const SummaryRow* Summary::try_find(const std::string& stream, const std::string& period,
                                    const std::string& metric) const {
  for (const auto& row : rows)
    if (row.stream == stream && row.period == period && row.metric == metric) return &row;
  return nullptr;
}

const SummaryRow& Summary::find(const std::string& stream, const std::string& period,
                                const std::string& metric) const {
  if (const SummaryRow* row = try_find(stream, period, metric)) return *row;
  throw std::out_of_range("no summary row " + stream + "/" + period + "/" + metric);
}

namespace {

// Mean (with its normal interval), sd, standard error and percentiles (with order-statistic
// intervals); metric names get `prefix` (e.g. "ruin_month_").
void add_distribution_rows(std::vector<SummaryRow>& rows, const std::string& stream,
                           const std::string& period, const std::string& prefix,
                           const OrderStatistics& order, const SeriesMoments& moments,
                           const SummaryOptions& options) {
  auto add = [&](const std::string& metric, Estimate estimate) {
    rows.push_back({stream, period, prefix + metric, estimate});
  };
  const double mean = moments.mean(), sd = std::sqrt(moments.variance());
  const double se = sd / std::sqrt(static_cast<double>(order.size()));
  const double z = normal_critical_value(options.confidence);
  add(metric::kMean, {mean, mean - z * se, mean + z * se});
  add(metric::kSd, {sd, kNoValue, kNoValue});
  add(metric::kStandardError, {se, kNoValue, kNoValue});
  for (double percent : options.percentiles)
    add(metric::percentile(percent), order.percentile(percent / 100.0, options.confidence));
}

std::vector<SummaryRow> summarise_series(const TrialResults& results, std::size_t series,
                                         std::size_t period, const SummaryOptions& options) {
  const std::string& stream = results.series_names()[series];
  const std::string& period_name = results.periods()[period].name;
  const std::uint64_t n = results.trials();
  std::vector<SummaryRow> rows;
  const OrderStatistics order = results.order_statistics(series, period);
  add_distribution_rows(rows, stream, period_name, "", order, results.moments(series, period),
                        options);

  auto add = [&](std::string metric, Estimate estimate) {
    rows.push_back({stream, period_name, std::move(metric), estimate});
  };
  add(metric::kProbabilityZero, proportion(order.zeros(), n, options.confidence));
  for (double threshold : options.thresholds)
    add(metric::above(threshold), proportion(order.above(threshold), n, options.confidence));
  add(metric::shortfall(options.shortfall_fraction),
      order.expected_shortfall_estimate(options.shortfall_fraction, options.confidence));
  return rows;
}

std::vector<SummaryRow> summarise_outcome(const TrialResults& results, std::size_t k,
                                          const SummaryOptions& options) {
  const OutcomeSpec& spec = results.outcomes()[k];
  std::vector<SummaryRow> rows;
  // Over the trials where the outcome applies (NaN elsewhere).
  const OrderStatistics order = results.outcome_order_statistics(k);
  if (spec.kind == OutcomeKind::probability) {
    rows.push_back(
        {spec.group, kHorizonPeriod, spec.name,
         proportion(order.size() - order.zeros(), results.trials(), options.confidence)});
    return rows;
  }
  rows.push_back({spec.group,
                  kHorizonPeriod,
                  spec.name + metric::kOutcomeTrials,
                  {static_cast<double>(order.size()), kNoValue, kNoValue}});
  if (order.size() == 0) return rows;
  add_distribution_rows(rows, spec.group, kHorizonPeriod, spec.name + "_", order,
                        results.outcome_moments(k), options);
  return rows;
}

}  // namespace

Summary summarise(const TrialResults& results, const SummaryOptions& options,
                  const std::string& scenario, std::uint64_t seed) {
  const std::size_t series_count = results.series_names().size();
  const std::size_t period_count = results.periods().size();
  // Each (series, period) and each outcome is independent; computed in parallel, concatenated
  // in a fixed order.
  const std::size_t series_parts = series_count * period_count;
  std::vector<std::vector<SummaryRow>> parts(series_parts + results.outcomes().size());
  parallel_for_each_index(parts.size(), [&](std::size_t k) {
    parts[k] = k < series_parts
                   ? summarise_series(results, k / period_count, k % period_count, options)
                   : summarise_outcome(results, k - series_parts, options);
  });
  Summary summary{scenario, results.trials(), seed, {}};
  for (auto& part : parts) summary.rows.insert(summary.rows.end(), part.begin(), part.end());
  return summary;
}

ReportTable rows_table(const std::string& scenario, std::uint64_t trials, std::uint64_t seed,
                       const std::vector<SummaryRow>& rows) {
  using Type = ReportTable::Type;
  ReportTable table({{"scenario", Type::text},
                     {"series", Type::text},
                     {"period", Type::text},
                     {"metric", Type::text},
                     {"value", Type::real},
                     {"ci_low", Type::real},
                     {"ci_high", Type::real},
                     {"trials", Type::integer},
                     {"seed", Type::integer}});
  for (const auto& row : rows)
    table.add_row({scenario, row.stream, row.period, row.metric, row.estimate.value,
                   row.estimate.ci_low, row.estimate.ci_high, trials, seed});
  return table;
}

ReportTable summary_table(const Summary& summary) {
  return rows_table(summary.scenario, summary.trials, summary.seed, summary.rows);
}

ReportTable bands_table(const TrialResults& results, const std::string& scenario,
                        std::uint64_t seed) {
  using Type = ReportTable::Type;
  ReportTable table({{"scenario", Type::text},
                     {"series", Type::text},
                     {"month", Type::integer},
                     {"p5", Type::real},
                     {"p25", Type::real},
                     {"p50", Type::real},
                     {"p75", Type::real},
                     {"p95", Type::real},
                     {"relative_error", Type::real},
                     {"trials", Type::integer},
                     {"seed", Type::integer}});
  if (!results.has_monthly()) return table;
  for (std::size_t s = 0; s < results.series_names().size(); ++s)
    for (int month = 0; month < results.horizon_months(); ++month) {
      const QuantileSketch& sketch = results.monthly(s, month);
      std::vector<ReportTable::Cell> row{scenario, results.series_names()[s],
                                         std::int64_t{month + 1}};
      for (double p : {0.05, 0.25, 0.5, 0.75, 0.95}) row.emplace_back(sketch.quantile(p));
      row.emplace_back(sketch.relative_accuracy());
      row.emplace_back(results.trials());
      row.emplace_back(seed);
      table.add_row(std::move(row));
    }
  return table;
}

ReportTable exceedance_table(const TrialResults& results, const std::string& scenario,
                             std::uint64_t seed, int points) {
  using Type = ReportTable::Type;
  ReportTable table({{"scenario", Type::text},
                     {"series", Type::text},
                     {"income", Type::real},
                     {"p_exceed", Type::real},
                     {"trials", Type::integer},
                     {"seed", Type::integer}});
  const std::uint64_t n = results.trials();
  for (std::size_t s = 0; s < results.series_names().size(); ++s) {
    const OrderStatistics order = results.order_statistics(s, 0);
    for (int k = 0; k <= points; ++k) {
      const double x = order.percentile(static_cast<double>(k) / points, 0.95).value;
      const auto above = static_cast<double>(order.above(static_cast<float>(x)));
      table.add_row(
          {scenario, results.series_names()[s], x, above / static_cast<double>(n), n, seed});
    }
  }
  return table;
}

}  // namespace incomesim::engine
