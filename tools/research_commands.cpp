// The research commands (docs/research.md): compare, sweep, batch, sensitivity, calibrate. Every
// simulation inside one command uses the same seed and trial indices, so differences between
// runs come from the scenarios, not from the draws (common random numbers).
#include <algorithm>
#include <cmath>
#include <iostream>
#include <regex>

#include <boost/math/tools/roots.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>

#include "core/input_error.hpp"
#include "core/number_format.hpp"
#include "engine/atomic_file.hpp"
#include "engine/csv.hpp"
#include "engine/metric_names.hpp"
#include "engine/paired.hpp"
#include "engine/statistics.hpp"
#include "scenarios/scenario_loader.hpp"
#include "tools/commands.hpp"
#include "tools/console_table.hpp"
#include "tools/simulation.hpp"

namespace incomesim::tools {
namespace {

void note(const ResearchArguments& arguments, const std::string& text) {
  if (!arguments.quiet) fmt::print(stderr, "{}\n", text);
}

// "stream.period.metric" (the metric may contain dots, e.g. p2.5).
struct MetricName {
  std::string stream, period, metric;
  std::string text() const { return stream + "." + period + "." + metric; }
};
MetricName parse_metric(const std::string& text) {
  const std::size_t first = text.find('.');
  const std::size_t second = first == std::string::npos ? first : text.find('.', first + 1);
  if (second == std::string::npos)
    throw InputError("--metric", fmt::format("'{}' is not of the form stream.period.metric, e.g. "
                                             "total.horizon.p10",
                                             text));
  return {text.substr(0, first), text.substr(first + 1, second - first - 1),
          text.substr(second + 1)};
}

double metric_value(const engine::Summary& summary, const MetricName& name) {
  const engine::SummaryRow* row = summary.try_find(name.stream, name.period, name.metric);
  if (!row)
    throw InputError("--metric", fmt::format("the report has no metric {} (streams, periods and "
                                             "metrics are those of summary.csv)",
                                             name.text()));
  return row->estimate.value;
}

// Splits "v1,v2,..." at commas that are not inside braces, brackets or quotes, so that inline
// tables can be values.
std::vector<std::string> split_values(const std::string& text) {
  std::vector<std::string> values;
  std::string current;
  int depth = 0;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (!quoted && (c == '{' || c == '[')) ++depth;
    if (!quoted && (c == '}' || c == ']')) --depth;
    if (c == ',' && depth == 0 && !quoted) {
      values.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  values.push_back(current);
  return values;
}

}  // namespace

// ---- compare ---------------------------------------------------------------------------------

int compare_command(const std::string& path_a, const std::string& path_b,
                    const ResearchArguments& arguments) {
  const engine::ThreadLimit threads = thread_limit(arguments.request.threads);
  const auto source_a = scenarios::read_scenario_source(path_a);
  const auto source_b = scenarios::read_scenario_source(path_b);
  const auto a = scenarios::load_scenario_text(source_a.text, source_a.name);
  const auto b = scenarios::load_scenario_text(source_b.text, source_b.name);
  if (a.model.horizon != b.model.horizon)
    throw InputError(source_b.name, fmt::format("compare needs the same horizon_months: {} has "
                                                "{}, {} has {}",
                                                source_a.name, a.model.horizon, source_b.name,
                                                b.model.horizon));
  const auto out_dir = prepare_output_directory(arguments.out_dir);
  const RunRequest settings = arguments.request;
  note(arguments, fmt::format("A: {} ({} trials, seed {})", a.name, settings.trials, settings.seed));
  const Simulation run_a = simulate(a, settings);
  note(arguments, fmt::format("B: {} (the same trials and seed)", b.name));
  const Simulation run_b = simulate(b, settings);
  const auto rows = engine::paired_comparison(run_a.results, run_b.results, {}, settings.seed);

  // Rows named after B, with A's name put in front: scenario_a, scenario_b, stream, ...
  const engine::ReportTable comparison =
      engine::rows_table(b.name, settings.trials, settings.seed, rows)
          .renamed("scenario", "scenario_b")
          .with_leading({{"scenario_a", engine::ReportTable::Type::text}}, {a.name});
  const auto path = out_dir / "comparison.csv";
  engine::write_file_atomically(path, comparison.csv());

  if (!arguments.quiet) {
    auto find = [&](const std::string& stream, const std::string& metric) {
      for (const auto& row : rows)
        if (row.stream == stream && row.period == engine::kHorizonPeriod && row.metric == metric)
          return row.estimate;
      return engine::Estimate{};
    };
    fmt::print("B - A over the horizon, paired on {} trials (seed {}), {}\n", settings.trials,
               settings.seed, a.currency);
    fmt::print("  {:<12} {:>12} {:>12} {:>26} {:>26} {:>9}\n", "stream", "mean A", "mean B",
               "mean difference [95% CI]", "P10 difference [95% CI]", "P(B > A)");
    std::vector<std::string> names;
    for (const auto& row : rows)
      if (row.period == engine::kHorizonPeriod && row.metric == engine::metric::kMeanA) names.push_back(row.stream);
    for (const auto& name : names) {
      const auto d = find(name, engine::metric::kMeanDifference);
      const auto p10 = find(name, engine::metric::percentile_difference(10));
      fmt::print("  {:<12} {:>12} {:>12} {:>26} {:>26} {:>8.1f}%\n", name,
                 money(find(name, engine::metric::kMeanA).value), money(find(name, engine::metric::kMeanB).value),
                 fmt::format("{} [{}, {}]", money(d.value), money(d.ci_low), money(d.ci_high)),
                 fmt::format("{} [{}, {}]", money(p10.value), money(p10.ci_low),
                             money(p10.ci_high)),
                 100 * find(name, engine::metric::kBAboveA).value);
    }
    fmt::print("\nWrote {}\n", path.string());
  }
  return kSuccess;
}

// ---- sweep -----------------------------------------------------------------------------------

int sweep_command(const std::string& path, const std::vector<std::string>& grid,
                  const ResearchArguments& arguments) {
  const engine::ThreadLimit threads = thread_limit(arguments.request.threads);
  if (grid.empty())
    throw InputError("--set", "a sweep needs at least one --set key=v1,v2,...");
  std::vector<std::string> keys;
  std::vector<std::vector<std::string>> values;
  for (const auto& argument : grid) {
    const scenarios::Override change = scenarios::parse_override(argument);
    keys.push_back(change.key);
    values.push_back(split_values(change.value));
  }
  const auto source = scenarios::read_scenario_source(path);
  // Every grid point is loaded before anything runs, so a bad value fails at once.
  std::vector<std::vector<std::string>> points{{}};
  for (const auto& options : values) {
    std::vector<std::vector<std::string>> next;
    for (const auto& point : points)
      for (const auto& value : options) {
        next.push_back(point);
        next.back().push_back(value);
      }
    points = std::move(next);
  }
  std::vector<scenarios::Scenario> scenarios_at;
  for (const auto& point : points) {
    std::vector<scenarios::Override> overrides;
    for (std::size_t k = 0; k < keys.size(); ++k) overrides.push_back({keys[k], point[k]});
    scenarios_at.push_back(scenarios::load_scenario_text(source.text, source.name, overrides));
  }
  const auto out_dir = prepare_output_directory(arguments.out_dir);
  const RunRequest settings = arguments.request;
  // One column per swept key (the value as given, as text) in front of summary.csv's columns.
  std::vector<engine::ReportTable::Column> key_columns;
  for (const auto& key : keys) key_columns.push_back({key, engine::ReportTable::Type::text});
  std::optional<engine::ReportTable> sweep;
  for (std::size_t p = 0; p < points.size(); ++p) {
    std::string label;
    for (std::size_t k = 0; k < keys.size(); ++k)
      label += (k ? ", " : "") + keys[k] + "=" + points[p][k];
    note(arguments, fmt::format("point {}/{}: {}", p + 1, points.size(), label));
    const Simulation run = simulate(scenarios_at[p], settings);
    const engine::ReportTable rows = engine::summary_table(run.summary)
                                         .with_leading(key_columns, {points[p].begin(), points[p].end()});
    if (sweep) sweep->append(rows);
    else sweep = rows;
  }
  const auto out = out_dir / "sweep.csv";
  engine::write_file_atomically(out, sweep->csv());
  if (!arguments.quiet)
    fmt::print("Swept {} points of {} ({} trials each, seed {}); wrote {}\n", points.size(),
               source.name, settings.trials, settings.seed, out.string());
  return kSuccess;
}

// ---- batch -----------------------------------------------------------------------------------

int batch_command(const std::vector<std::string>& inputs, const ResearchArguments& arguments) {
  const engine::ThreadLimit threads = thread_limit(arguments.request.threads);
  std::vector<std::string> files;
  for (const auto& input : inputs) {
    std::error_code error;
    if (std::filesystem::is_directory(input, error)) {
      std::vector<std::string> found;
      for (const auto& entry : std::filesystem::directory_iterator(input))
        if (entry.path().extension() == ".toml") found.push_back(entry.path().string());
      if (found.empty()) throw InputError(input, "the directory holds no .toml scenario files");
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.push_back(input);
    }
  }
  if (files.empty()) throw InputError("batch", "give at least one scenario file or directory");
  const auto out_dir = prepare_output_directory(arguments.out_dir);
  const RunRequest settings = arguments.request;
  engine::ReportTable results = engine::summary_table({});
  engine::ReportTable errors(
      {{"file", engine::ReportTable::Type::text}, {"error", engine::ReportTable::Type::text}});
  std::size_t failed = 0;
  for (std::size_t k = 0; k < files.size(); ++k) {
    try {
      const auto scenario = scenarios::load_scenario_file(files[k]);
      note(arguments, fmt::format("[{}/{}] {}", k + 1, files.size(), files[k]));
      results.append(engine::summary_table(simulate(scenario, settings).summary));
    } catch (const InputError& error) {
      ++failed;
      fmt::print(stderr, "incomesim: {}\n", error.what());
      errors.add_row({files[k], std::string(error.what())});
    }
  }
  std::vector<std::pair<std::filesystem::path, std::string>> outputs{
      {out_dir / "batch.csv", results.csv()}};
  if (failed) outputs.push_back({out_dir / "batch-errors.csv", errors.csv()});
  engine::write_files_atomically(outputs);
  if (!arguments.quiet)
    fmt::print("Ran {} of {} scenarios ({} trials each, seed {}); wrote {}{}\n",
               files.size() - failed, files.size(), settings.trials, settings.seed,
               (out_dir / "batch.csv").string(),
               failed ? " and " + (out_dir / "batch-errors.csv").string() : "");
  return failed ? kSomeScenariosFailed : kSuccess;
}

// ---- sensitivity -----------------------------------------------------------------------------

int sensitivity_command(const std::string& path, double spread,
                        const std::vector<std::string>& metric_texts,
                        const ResearchArguments& arguments) {
  const engine::ThreadLimit threads = thread_limit(arguments.request.threads);
  if (!(spread > 0 && spread < 1))
    throw InputError("--spread", fmt::format("{} is out of range; allowed: a relative change "
                                             "such as 20% or 0.2, below 100%",
                                             format_number(spread)));
  std::vector<MetricName> metrics;
  for (const auto& text : metric_texts) metrics.push_back(parse_metric(text));
  const auto source = scenarios::read_scenario_source(path);
  const auto base = scenarios::load_scenario_text(source.text, source.name);

  // Every number the file gives (except whole-number settings such as horizon_months), then
  // every numeric default.
  std::vector<scenarios::NumericLeaf> parameters;
  auto kind_of = [&](const std::string& key) {
    for (const auto& p : base.parameters)
      if (p.key == key) return p.kind;
    return scenarios::ParameterKind::distribution;  // a field of an inline distribution
  };
  for (const auto& leaf : scenarios::numeric_leaves(source.text, source.name))
    if (kind_of(leaf.key) != scenarios::ParameterKind::integer) parameters.push_back(leaf);
  for (const auto& p : base.parameters) {
    if (p.given || p.kind != scenarios::ParameterKind::number) continue;
    parameters.push_back({p.key, std::strtod(p.value.c_str(), nullptr)});
  }

  const auto out_dir = prepare_output_directory(arguments.out_dir);
  const RunRequest settings = arguments.request;
  note(arguments, fmt::format("base: {} ({} trials, seed {})", base.name, settings.trials,
                              settings.seed));
  const Simulation base_run = simulate(base, settings);
  std::vector<double> base_values;
  for (const auto& m : metrics) base_values.push_back(metric_value(base_run.summary, m));

  struct Result {
    std::string key;
    double base, low, high;
    std::vector<double> at_low, at_high;
    std::string note;
  };
  std::vector<Result> results;
  for (std::size_t k = 0; k < parameters.size(); ++k) {
    const auto& parameter = parameters[k];
    Result result{parameter.key, parameter.value, parameter.value * (1 - spread),
                  parameter.value * (1 + spread), {}, {}, ""};
    if (parameter.value == 0) {
      result.note = "not varied: the base value is 0";
      results.push_back(result);
      continue;
    }
    note(arguments, fmt::format("[{}/{}] {}", k + 1, parameters.size(), parameter.key));
    try {
      for (double value : {result.low, result.high}) {
        const auto varied = scenarios::load_scenario_text(
            source.text, source.name, {{parameter.key, format_number(value)}});
        const Simulation run = simulate(varied, settings);
        auto& out = value == result.low ? result.at_low : result.at_high;
        for (const auto& m : metrics) out.push_back(metric_value(run.summary, m));
      }
    } catch (const InputError& error) {
      result.at_low.clear();
      result.at_high.clear();
      result.note = std::string("not varied: ") + error.what();
    }
    results.push_back(result);
  }

  using Type = engine::ReportTable::Type;
  engine::ReportTable tornado({{"parameter", Type::text},
                               {"base_value", Type::real},
                               {"low_value", Type::real},
                               {"high_value", Type::real},
                               {"metric", Type::text},
                               {"result_base", Type::real},
                               {"result_low", Type::real},
                               {"result_high", Type::real},
                               {"effect", Type::real},
                               {"rank", Type::integer},
                               {"note", Type::text}});
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    std::vector<const Result*> varied, skipped;
    for (const auto& r : results) (r.at_low.empty() ? skipped : varied).push_back(&r);
    std::stable_sort(varied.begin(), varied.end(), [m](const Result* x, const Result* y) {
      return std::abs(x->at_high[m] - x->at_low[m]) > std::abs(y->at_high[m] - y->at_low[m]);
    });
    for (std::size_t rank = 0; rank < varied.size(); ++rank) {
      const Result& r = *varied[rank];
      tornado.add_row({r.key, r.base, r.low, r.high, metrics[m].text(), base_values[m],
                       r.at_low[m], r.at_high[m], r.at_high[m] - r.at_low[m],
                       std::uint64_t{rank + 1}, std::monostate{}});
    }
    for (const Result* r : skipped)
      tornado.add_row({r->key, r->base, r->low, r->high, metrics[m].text(), base_values[m],
                       std::monostate{}, std::monostate{}, std::monostate{}, std::monostate{},
                       r->note});
    if (!arguments.quiet) {
      fmt::print("\n{} (base {}): the 10 largest effects of +-{}%\n", metrics[m].text(),
                 money(base_values[m]), format_number(100 * spread));
      for (std::size_t rank = 0; rank < std::min<std::size_t>(10, varied.size()); ++rank)
        fmt::print("  {:>2}. {:<48} {:>12} -> {:>12}\n", rank + 1, varied[rank]->key,
                   money(varied[rank]->at_low[m]), money(varied[rank]->at_high[m]));
    }
  }

  // Rank correlation of each per-trial parameter with the total over the horizon. Its Fisher
  // transform has standard error about sqrt(1.06 / (n - 3)) (Fieller, Hartley & Pearson 1957).
  engine::ReportTable correlations({{"parameter", Type::text},
                                    {"spearman_with_total", Type::real},
                                    {"ci_low", Type::real},
                                    {"ci_high", Type::real},
                                    {"trials", Type::integer},
                                    {"seed", Type::integer}});
  const std::size_t total = base_run.results.series_names().size() - 1;
  const float* total_values = base_run.results.values(total, 0);
  const std::vector<double> totals(total_values, total_values + settings.trials);
  const double z = engine::normal_critical_value(0.95);
  const double se = std::sqrt(1.06 / (static_cast<double>(settings.trials) - 3));
  for (const auto& [key, values] :
       scenarios::per_trial_values(base.model, settings.seed, settings.trials)) {
    const double rho = engine::spearman(values, totals);
    if (!std::isfinite(rho)) continue;  // a constant parameter
    const double fisher = std::atanh(std::clamp(rho, -0.999999, 0.999999));
    correlations.add_row({key, rho, std::tanh(fisher - z * se), std::tanh(fisher + z * se),
                          settings.trials, settings.seed});
  }
  const auto tornado_path = out_dir / "tornado.csv";
  const auto correlation_path = out_dir / "per-trial-correlations.csv";
  engine::write_files_atomically(
      {{tornado_path, tornado.csv()}, {correlation_path, correlations.csv()}});
  if (!arguments.quiet)
    fmt::print("\nWrote {} and {}\n", tornado_path.string(), correlation_path.string());
  return kSuccess;
}

// ---- calibrate -------------------------------------------------------------------------------

namespace {

// A target such as "medium.month[12] P(>100)=0.057", "total.horizon p10=150000" or
// "career.year[1] mean=60000".
struct Target {
  MetricName metric;
  double value;
  std::optional<engine::MonthRange> range;  // a month or months period to add to the report
  std::optional<double> threshold;          // a threshold to add
};

Target parse_target(const std::string& text, int horizon) {
  static const std::regex pattern(
      R"(^\s*([a-z_]+)\.(horizon|year\[(\d+)\]|month\[(\d+)\]|months\[(\d+)-(\d+)\])\s+)"
      R"((P\(\s*>\s*([-+0-9.eE]+)\s*\)|mean|p([0-9.]+))\s*=\s*([-+0-9.eE]+)\s*$)");
  std::smatch m;
  if (!std::regex_match(text, m, pattern))
    throw InputError("--target",
                     fmt::format("'{}' is not a target; write STREAM.PERIOD STATISTIC=VALUE, "
                                 "e.g. 'medium.month[12] P(>100)=0.057' or 'total.horizon "
                                 "p10=150000' (periods: horizon, year[k], month[k], "
                                 "months[a-b]; statistics: P(>x), mean, pNN)",
                                 text));
  Target target;
  target.metric.stream = m[1];
  target.value = std::stod(m[10]);
  const std::string period = m[2];
  auto month = [&](const std::string& digits) {
    const int k = std::stoi(digits);
    if (k < 1 || k > horizon)
      throw InputError("--target", fmt::format("month {} is outside the horizon (1 to {})", k,
                                               horizon));
    return k;
  };
  if (period == engine::kHorizonPeriod) {
    target.metric.period = engine::kHorizonPeriod;
  } else if (m[3].matched) {
    target.metric.period = engine::year_period(std::stoi(m[3]));
  } else if (m[4].matched) {
    const int k = month(m[4]);
    target.range = engine::MonthRange{k, k};
    target.metric.period = engine::month_range_period(*target.range);
  } else {
    const int first = month(m[5]), last = month(m[6]);
    if (first > last) throw InputError("--target", "months[a-b] needs a <= b");
    target.range = engine::MonthRange{first, last};
    target.metric.period = engine::month_range_period(*target.range);
  }
  if (m[8].matched) {
    target.threshold = std::stod(m[8]);
    target.metric.metric = engine::metric::above(*target.threshold);
  } else if (m[9].matched) {
    target.metric.metric = engine::metric::percentile(std::stod(m[9]));
  } else {
    target.metric.metric = engine::metric::kMean;
  }
  return target;
}

}  // namespace

int calibrate_command(const std::string& path, const std::string& target_text,
                      const std::string& vary, const std::vector<double>& range,
                      const std::string& write_path, const ResearchArguments& arguments) {
  const engine::ThreadLimit threads = thread_limit(arguments.request.threads);
  const auto source = scenarios::read_scenario_source(path);
  const auto base = scenarios::load_scenario_text(source.text, source.name);
  const Target target = parse_target(target_text, base.model.horizon);

  std::optional<double> base_value;
  for (const auto& leaf : scenarios::numeric_leaves(source.text, source.name))
    if (leaf.key == vary) base_value = leaf.value;
  for (const auto& p : base.parameters)
    if (!base_value && p.key == vary && p.kind == scenarios::ParameterKind::number)
      base_value = std::strtod(p.value.c_str(), nullptr);
  if (!base_value && range.empty())
    throw InputError("--vary", fmt::format("'{}' is not a number this scenario gives or defaults "
                                           "(e.g. medium.earnings_per_article.median); give "
                                           "--range LOW,HIGH to set it anyway",
                                           vary));
  double low, high;
  if (!range.empty()) {
    if (range.size() != 2 || !(range[0] < range[1]))
      throw InputError("--range", "expected LOW,HIGH with LOW < HIGH");
    low = range[0];
    high = range[1];
  } else if (*base_value > 0) {
    low = *base_value / 10;
    high = *base_value * 10;
  } else {
    throw InputError("--range", fmt::format("{} is {} in the scenario; give --range LOW,HIGH",
                                            vary, format_number(*base_value)));
  }

  RunRequest settings = arguments.request;
  if (target.range) settings.extra_ranges.push_back(*target.range);
  if (target.threshold) settings.thresholds.push_back(*target.threshold);
  // Report periods the scenario already has are not added twice.
  for (const auto& r : base.report_ranges)
    if (target.range && r.first == target.range->first && r.last == target.range->last)
      settings.extra_ranges.clear();
  int evaluations = 0;
  auto statistic_at = [&](double value) {
    const auto scenario =
        scenarios::load_scenario_text(source.text, source.name, {{vary, format_number(value)}});
    const Simulation run = simulate(scenario, settings);
    ++evaluations;
    const auto& row = run.summary.find(target.metric.stream, target.metric.period,
                                       target.metric.metric);
    note(arguments, fmt::format("  {} = {} -> {} = {}", vary, format_number(value),
                                target.metric.text(), format_number(row.estimate.value)));
    return row.estimate;
  };
  if (!write_path.empty()) {
    // Fail before the search, not after it, when the calibrated file cannot be written there.
    const auto parent = std::filesystem::path(write_path).parent_path();
    prepare_output_directory(parent.empty() ? "." : parent.string());
  }
  const double at_low = statistic_at(low).value - target.value;
  const double at_high = statistic_at(high).value - target.value;
  if (at_low != 0 && at_high != 0 && (at_low < 0) == (at_high < 0))
    throw InputError("--range",
                       fmt::format("the target {} = {} is not between the statistic at {} ({}) "
                                   "and at {} ({}); widen --range",
                                   target.metric.text(), format_number(target.value),
                                   format_number(low), format_number(at_low + target.value),
                                   format_number(high), format_number(at_high + target.value)));
  // TOMS 748 (Boost.Math) on the statistic minus the target; with common random numbers the
  // statistic is a deterministic function of the parameter. 12 bits of relative precision is
  // finer than the statistic's own sampling noise at any practical trial count.
  boost::uintmax_t iterations = 40;
  double solution;
  if (at_low == 0) {
    solution = low;
  } else if (at_high == 0) {
    solution = high;
  } else {
    const auto bracket = boost::math::tools::toms748_solve(
        [&](double value) { return statistic_at(value).value - target.value; }, low, high, at_low,
        at_high, boost::math::tools::eps_tolerance<double>(12), iterations);
    solution = (bracket.first + bracket.second) / 2;
  }
  const engine::Estimate achieved = statistic_at(solution);
  fmt::print("{} = {} gives {} = {} (95% CI {} to {}); target {}; {} simulations of {} trials, "
             "seed {}\n",
             vary, format_number(solution), target.metric.text(),
             format_number(achieved.value), format_number(achieved.ci_low),
             format_number(achieved.ci_high), format_number(target.value), evaluations,
             settings.trials, settings.seed);
  if (!write_path.empty()) {
    const std::string text =
        fmt::format("# {} calibrated by incomesim: {} = {} so that {} = {} ({} trials, seed {}).\n",
                    base.name, vary, format_number(solution), target.metric.text(),
                    format_number(target.value), settings.trials, settings.seed) +
        scenarios::scenario_toml(source.text, source.name, {{vary, format_number(solution)}});
    engine::write_file_atomically(write_path, text);
    fmt::print("Wrote {}\n", write_path);
  }
  return kSuccess;
}

}  // namespace incomesim::tools
