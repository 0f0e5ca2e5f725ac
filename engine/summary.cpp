#include "engine/summary.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>


#include "core/number_format.hpp"
#include "engine/csv.hpp"
#include "engine/parallel.hpp"

namespace incomesim::engine {

// fmt rather than "p" + string: GCC 12 warns falsely (-Wrestrict) on the latter.
std::string percentile_metric(double percent) { return fmt::format("p{}", format_number(percent)); }
std::string threshold_metric(double threshold) {
  return fmt::format("p_above_{}", format_number(threshold));
}

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

// Order statistics of one series: from its sorted per-trial values (exact mode) or its sketch
// (streaming mode, each value within the sketch's relative error).
class OrderStatistics {
 public:
  explicit OrderStatistics(std::vector<float> sorted) : sorted_(std::move(sorted)) {}
  explicit OrderStatistics(const QuantileSketch& sketch) : sketch_(&sketch) {}

  std::uint64_t size() const { return sketch_ ? sketch_->count() : sorted_.size(); }
  Estimate percentile(double p, double confidence) const {
    if (!sketch_) return engine::percentile(sorted_, p, confidence);
    if (size() == 0) return {};
    const auto [low, high] = order_statistic_ranks(size(), p, confidence);
    return {sketch_->quantile(p), sketch_->value_at_rank(low - 1),
            sketch_->value_at_rank(high - 1)};
  }
  std::uint64_t zeros() const {
    return sketch_ ? sketch_->zeros()
                   : static_cast<std::uint64_t>(std::count(sorted_.begin(), sorted_.end(), 0.0f));
  }
  std::uint64_t above(double x) const {
    if (sketch_) return sketch_->count_above(x);
    return static_cast<std::uint64_t>(sorted_.end() -
                                      std::upper_bound(sorted_.begin(), sorted_.end(), x));
  }
  double expected_shortfall(double fraction) const {
    if (!sketch_) return engine::expected_shortfall(sorted_, fraction);
    if (size() == 0) return kNoValue;
    return sketch_->mean_of_lowest(std::max<std::uint64_t>(
        1, static_cast<std::uint64_t>(std::ceil(fraction * static_cast<double>(size())))));
  }

 private:
  std::vector<float> sorted_;
  const QuantileSketch* sketch_ = nullptr;
};

OrderStatistics sorted_values(const float* values, std::uint64_t n) {
  std::vector<float> sorted(values, values + n);
  std::sort(sorted.begin(), sorted.end());
  return OrderStatistics(std::move(sorted));
}

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
  add("mean", {mean, mean - z * se, mean + z * se});
  add("sd", {sd, kNoValue, kNoValue});
  add("se_mean", {se, kNoValue, kNoValue});
  for (double percent : options.percentiles)
    add(percentile_metric(percent), order.percentile(percent / 100.0, options.confidence));
}

std::vector<SummaryRow> summarise_series(const TrialResults& results, std::size_t series,
                                         std::size_t period, const SummaryOptions& options) {
  const std::string& stream = results.series_names()[series];
  const std::string& period_name = results.periods()[period].name;
  const std::uint64_t n = results.trials();
  std::vector<SummaryRow> rows;
  const OrderStatistics order = results.streaming()
                                    ? OrderStatistics(results.sketch(series, period))
                                    : sorted_values(results.values(series, period), n);
  add_distribution_rows(rows, stream, period_name, "", order, results.moments(series, period),
                        options);

  auto add = [&](std::string metric, Estimate estimate) {
    rows.push_back({stream, period_name, std::move(metric), estimate});
  };
  add("p_zero", proportion(order.zeros(), n, options.confidence));
  for (double threshold : options.thresholds)
    add(threshold_metric(threshold), proportion(order.above(threshold), n, options.confidence));
  add("expected_shortfall_" + format_number(options.shortfall_fraction * 100) + "pct",
      {order.expected_shortfall(options.shortfall_fraction), kNoValue, kNoValue});
  return rows;
}

std::vector<SummaryRow> summarise_outcome(const TrialResults& results, std::size_t k,
                                          const SummaryOptions& options) {
  const OutcomeSpec& spec = results.outcomes()[k];
  std::vector<SummaryRow> rows;
  // Over the trials where the outcome applies (NaN elsewhere; sketches ignore NaN).
  std::vector<float> present;
  if (!results.streaming()) {
    const float* values = results.outcome_values(k);
    for (std::uint64_t i = 0; i < results.trials(); ++i)
      if (!std::isnan(values[i])) present.push_back(values[i]);
    std::sort(present.begin(), present.end());
  }
  const OrderStatistics order = results.streaming() ? OrderStatistics(results.outcome_sketch(k))
                                                    : OrderStatistics(std::move(present));
  if (spec.kind == OutcomeKind::probability) {
    rows.push_back({spec.group, "horizon", spec.name,
                    proportion(order.size() - order.zeros(), results.trials(),
                               options.confidence)});
    return rows;
  }
  rows.push_back({spec.group, "horizon", spec.name + "_trials",
                  {static_cast<double>(order.size()), kNoValue, kNoValue}});
  if (order.size() == 0) return rows;
  add_distribution_rows(rows, spec.group, "horizon", spec.name + "_", order,
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
  for (auto& part : parts)
    summary.rows.insert(summary.rows.end(), part.begin(), part.end());
  return summary;
}

std::string rows_csv(const std::string& scenario, std::uint64_t trials, std::uint64_t seed,
                     const std::vector<SummaryRow>& rows) {
  CsvWriter csv({"scenario", "stream", "period", "metric", "value", "ci_low", "ci_high", "trials",
                 "seed"});
  for (const auto& row : rows) {
    csv.add_row({scenario, row.stream, row.period, row.metric,
                 CsvWriter::number(row.estimate.value), CsvWriter::number(row.estimate.ci_low),
                 CsvWriter::number(row.estimate.ci_high), std::to_string(trials),
                 std::to_string(seed)});
  }
  return csv.text();
}

std::string bands_csv(const TrialResults& results, const std::string& scenario,
                      std::uint64_t seed) {
  CsvWriter csv({"scenario", "stream", "month", "p5", "p25", "p50", "p75", "p95",
                 "relative_error", "trials", "seed"});
  if (!results.has_monthly()) return csv.text();
  for (std::size_t s = 0; s < results.series_names().size(); ++s)
    for (int month = 0; month < results.horizon_months(); ++month) {
      const QuantileSketch& sketch = results.monthly(s, month);
      std::vector<std::string> row{scenario, results.series_names()[s], std::to_string(month + 1)};
      for (double p : {0.05, 0.25, 0.5, 0.75, 0.95}) row.push_back(CsvWriter::number(sketch.quantile(p)));
      row.push_back(CsvWriter::number(sketch.relative_accuracy()));
      row.push_back(std::to_string(results.trials()));
      row.push_back(std::to_string(seed));
      csv.add_row(row);
    }
  return csv.text();
}

std::string exceedance_csv(const TrialResults& results, const std::string& scenario,
                           std::uint64_t seed, int points) {
  CsvWriter csv({"scenario", "stream", "income", "p_exceed", "trials", "seed"});
  const std::uint64_t n = results.trials();
  for (std::size_t s = 0; s < results.series_names().size(); ++s) {
    const OrderStatistics order = results.streaming() ? OrderStatistics(results.sketch(s, 0))
                                                      : sorted_values(results.values(s, 0), n);
    for (int k = 0; k <= points; ++k) {
      const double x = order.percentile(static_cast<double>(k) / points, 0.95).value;
      const auto above = static_cast<double>(order.above(static_cast<float>(x)));
      csv.add_row({scenario, results.series_names()[s], CsvWriter::number(x),
                   CsvWriter::number(above / static_cast<double>(n)), std::to_string(n),
                   std::to_string(seed)});
    }
  }
  return csv.text();
}

std::string summary_csv(const Summary& summary) {
  return rows_csv(summary.scenario, summary.trials, summary.seed, summary.rows);
}

}  // namespace incomesim::engine
