#include "analysis/optimise.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <regex>

#include "core/input_error.hpp"
#include "core/number_format.hpp"
#include "engine/bootstrap.hpp"
#include "engine/metric_names.hpp"
#include "engine/periods.hpp"
#include "scenarios/tax.hpp"

namespace incomesim::analysis {
namespace {

constexpr std::size_t kMaxDecisionValues = 1000;
constexpr std::size_t kMaxDecisions = 16;
constexpr std::uint64_t kMaxLattice = std::uint64_t{1} << 40;
constexpr double kWeeksPerMonth = 52.0 / 12;
// The stream whose hours are the job's, not side hours.
constexpr const char* kJobStream = "career";

double parse_number(const std::string& text, const std::string& option, const std::string& what) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(value))
    throw InputError(option,
                     fmt::format("'{}' is not a number; {} must be a finite number", text, what));
  return value;
}

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

SourceLocation location_of(const toml::node& node, const std::string& file) {
  return {file, static_cast<int>(node.source().begin.line),
          static_cast<int>(node.source().begin.column)};
}

double toml_number(const toml::node& node, const std::string& file, const std::string& key) {
  if (const auto v = node.value<double>()) return *v;  // integers convert
  throw InputError(location_of(node, file), key,
                   "is not a number; a decision's bounds and step "
                   "are numbers, e.g. { low = 0, high = 4, step = 1 }");
}

// A [decisions] table: a table with `low` is one decision, any other table a part of a dotted
// key (medium.articles_per_week = {...} is medium = { articles_per_week = {...} } in TOML).
void read_decisions(const toml::table& table, const std::string& prefix, const std::string& file,
                    std::vector<Decision>& decisions) {
  for (const auto& [name, node] : table) {
    const std::string key =
        prefix.empty() ? std::string(name.str()) : prefix + "." + std::string(name.str());
    const toml::table* sub = node.as_table();
    if (!sub)
      throw InputError(location_of(node, file), "decisions." + key,
                       "is not a decision; write key = { low = .., high = .., step = .. } (step "
                       "optional), e.g. \"medium.articles_per_week\" = { low = 0, high = 4, "
                       "step = 1 }");
    if (!sub->contains("low") && !sub->contains("high")) {
      read_decisions(*sub, key, file, decisions);
      continue;
    }
    Decision decision{key, 0, 0, std::nullopt, file + " [decisions]"};
    for (const auto& [field, value] : *sub) {
      const std::string f(field.str());
      const std::string where = "decisions." + key + "." + f;
      if (f == "low")
        decision.low = toml_number(value, file, where);
      else if (f == "high")
        decision.high = toml_number(value, file, where);
      else if (f == "step")
        decision.step = toml_number(value, file, where);
      else
        throw InputError(location_of(value, file), where,
                         "unknown key; allowed here: 'low', 'high' or 'step'");
    }
    if (!sub->contains("low") || !sub->contains("high"))
      throw InputError(location_of(node, file), "decisions." + key,
                       "needs both low and high, e.g. { low = 0, high = 4 }");
    decisions.push_back(decision);
  }
}

struct ParsedBound {
  std::string statistic;
  bool at_most;
  double value;
};

// A statistic or bound as typed: bounded before a regular expression reads it.
void check_length(const std::string& text, const std::string& origin, const char* what) {
  if (text.size() > scenarios::kMaxStringLength)
    throw InputError(origin, fmt::format("{} of {} characters; at most {} are allowed", what,
                                         text.size(), scenarios::kMaxStringLength));
}

ParsedBound parse_bound(const std::string& text, const std::string& origin) {
  check_length(text, origin, "a bound");
  static const std::regex pattern(R"(^\s*(.+?)\s*(<=|>=)\s*([-+0-9.eE]+)\s*$)");
  std::smatch m;
  if (!std::regex_match(text, m, pattern))
    throw InputError(origin, fmt::format("'{}' is not a bound; write STATISTIC <= VALUE or "
                                         "STATISTIC >= VALUE, e.g. 'household.p_ruin <= 0.02' or "
                                         "'net.horizon.es >= 60000'",
                                         text));
  return {m[1], m[2] == "<=", parse_number(m[3], origin, "a bound")};
}

std::string position_label(const std::vector<Decision>& decisions,
                           const std::vector<std::vector<double>>& values,
                           const std::vector<std::size_t>& position) {
  std::string label;
  for (std::size_t d = 0; d < decisions.size(); ++d)
    label += (d ? ", " : "") + decisions[d].key + "=" + format_number(values[d][position[d]]);
  return label;
}

// The statistic of one resample of a plan's trials.
std::function<double(const std::vector<double>&)> resampled_statistic(
    const engine::GroupedSample& sample, const StatisticSpec& spec) {
  if (spec.percent)
    return [&sample, p = *spec.percent / 100](auto& w) { return sample.percentile(w, p); };
  if (spec.threshold)
    return [&sample, x = *spec.threshold](auto& w) { return sample.share_above(w, x); };
  if (spec.metric.metric == engine::metric::shortfall(0.05))
    return [&sample](auto& w) { return sample.expected_shortfall(w, 0.05); };
  return [&sample](auto& w) { return sample.mean(w); };  // mean, and p_ruin's 0/1 outcomes
}

// The oriented score of a plan: feasible plans above infeasible ones, then the objective (higher
// is better); among infeasible plans, the smaller violation.
struct Score {
  bool feasible;
  double value;
  bool operator>(const Score& other) const {
    if (feasible != other.feasible) return feasible;
    return value > other.value;
  }
};

}  // namespace

Decision parse_decision(const std::string& text) {
  check_length(text, "--decide", "a decision");
  const auto equals = text.find('=');
  const std::string form =
      "write KEY=LOW:HIGH or KEY=LOW:HIGH:STEP, e.g. "
      "medium.articles_per_week=0:4:1";
  if (equals == std::string::npos || trim(text.substr(0, equals)).empty())
    throw InputError("--decide", fmt::format("'{}' is not a decision; {}", text, form));
  Decision decision{trim(text.substr(0, equals)), 0, 0, std::nullopt, "--decide"};
  std::vector<std::string> parts;
  std::string rest = text.substr(equals + 1);
  for (std::size_t start = 0;;) {
    const auto colon = rest.find(':', start);
    parts.push_back(trim(rest.substr(start, colon - start)));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  if (parts.size() < 2 || parts.size() > 3)
    throw InputError("--decide", fmt::format("'{}' is not a decision; {}", text, form));
  decision.low = parse_number(parts[0], "--decide", decision.key + "'s low bound");
  decision.high = parse_number(parts[1], "--decide", decision.key + "'s high bound");
  if (parts.size() == 3)
    decision.step = parse_number(parts[2], "--decide", decision.key + "'s step");
  return decision;
}

std::vector<double> decision_values(const Decision& decision, int grid) {
  const std::string where = decision.origin + " " + decision.key;
  if (!(decision.low <= decision.high))
    throw InputError(where, fmt::format("low {} is above high {}; the bounds are [low, high]",
                                        format_number(decision.low), format_number(decision.high)));
  std::vector<double> values;
  if (decision.step) {
    const double step = *decision.step;
    if (!(step > 0))
      throw InputError(where, fmt::format("step {} is not positive; allowed: a number above 0",
                                          format_number(step)));
    const double count = std::floor((decision.high - decision.low) / step * (1 + 1e-12)) + 1;
    if (count > kMaxDecisionValues)
      throw InputError(
          where, fmt::format("step {} gives {} values from {} to {}; at most {} are "
                             "allowed, give a larger step",
                             format_number(step), format_number(count), format_number(decision.low),
                             format_number(decision.high), kMaxDecisionValues));
    // low + k step, computed afresh each time (no accumulated rounding), the last no higher.
    for (std::size_t k = 0; k < static_cast<std::size_t>(count); ++k)
      values.push_back(std::min(decision.high, decision.low + static_cast<double>(k) * step));
  } else {
    if (grid < 2 || static_cast<std::size_t>(grid) > kMaxDecisionValues)
      throw InputError("--grid", fmt::format("{} is out of range: a decision without a step "
                                             "takes 2 to {} values",
                                             grid, kMaxDecisionValues));
    for (int k = 0; k < grid; ++k)
      values.push_back(decision.low + (decision.high - decision.low) * k / (grid - 1));
    if (decision.low == decision.high) values.resize(1);
  }
  return values;
}

void read_problem_sections(const scenarios::ScenarioSource& source, OptimiseProblem& problem) {
  toml::table root;
  try {
    root = toml::parse(source.text, std::string_view(source.name));
  } catch (const toml::parse_error&) {
    return;  // the scenario loader reports the file's syntax, with its location
  }
  if (const toml::node* node = root.get("decisions")) {
    const toml::table* table = node->as_table();
    if (!table)
      throw InputError(location_of(*node, source.name), "decisions",
                       "is not a table; write [decisions] with key = { low = .., high = .. }");
    read_decisions(*table, "", source.name, problem.decisions);
  }
  if (const toml::node* node = root.get("constraints")) {
    const toml::table* table = node->as_table();
    if (!table)
      throw InputError(location_of(*node, source.name), "constraints",
                       "is not a table; write [constraints] with side_hours_per_week and "
                       "statistics");
    for (const auto& [name, value] : *table) {
      const std::string key = "constraints." + std::string(name.str());
      if (name.str() == "side_hours_per_week") {
        const auto hours = value.value<double>();
        if (!hours || !(*hours > 0) || !std::isfinite(*hours))
          throw InputError(location_of(value, source.name), key,
                           "is not a number of hours above 0, e.g. side_hours_per_week = 10");
        problem.max_side_hours_per_week = *hours;
        problem.hours_origin = source.name + " " + key;
      } else if (name.str() == "statistics") {
        const toml::array* bounds = value.as_array();
        if (!bounds)
          throw InputError(location_of(value, source.name), key,
                           "is not a list of bounds; write statistics = ['household.p_ruin <= "
                           "0.02']");
        for (const toml::node& bound : *bounds) {
          const auto text = bound.value<std::string>();
          if (!text)
            throw InputError(location_of(bound, source.name), key,
                             "holds something other than text; each bound is a string such as "
                             "'household.p_ruin <= 0.02'");
          problem.bounds.push_back(*text);
          problem.bound_origins.push_back(source.name + " " + key);
        }
      } else {
        throw InputError(location_of(value, source.name), key,
                         "unknown key; allowed here: 'side_hours_per_week' or 'statistics'");
      }
    }
  }
}

OptimiseProblem optimise_problem(const scenarios::ScenarioSource& source,
                                 const OptimiseSettings& settings) {
  OptimiseProblem problem;
  read_problem_sections(source, problem);
  for (const auto& text : settings.decisions) problem.decisions.push_back(parse_decision(text));
  if (!settings.objective.empty()) problem.objective = settings.objective;
  if (!settings.frontier.empty()) problem.frontier = settings.frontier;
  if (settings.max_side_hours) {
    if (!(*settings.max_side_hours > 0) || !std::isfinite(*settings.max_side_hours))
      throw InputError("--max-side-hours", fmt::format("{} is not a number of hours above 0",
                                                       format_number(*settings.max_side_hours)));
    problem.max_side_hours_per_week = settings.max_side_hours;
    problem.hours_origin = "--max-side-hours";
  }
  for (const auto& bound : settings.constraints) {
    problem.bounds.push_back(bound);
    problem.bound_origins.push_back("--constraint");
  }
  for (const auto& set : settings.overrides)
    problem.overrides.push_back(scenarios::parse_override(set));
  problem.grid = settings.grid;
  problem.max_plans = settings.max_plans;
  return problem;
}

SearchResult search_plans(
    const std::vector<std::size_t>& sizes, const SearchGoal& goal,
    const std::function<PlanMeasure(const std::vector<std::size_t>&)>& evaluate) {
  SearchResult result;
  result.lattice_size = 1;
  for (std::size_t size : sizes) {
    result.lattice_size = size == 0 || result.lattice_size > kMaxLattice / size
                              ? kMaxLattice
                              : result.lattice_size * size;
  }
  const auto oriented = [&](const PlanMeasure& m, std::size_t statistic) {
    const double v = m.statistics[statistic].value;
    return goal.higher_is_better[statistic] ? v : -v;
  };
  // Feasibility by point estimate; an infeasible plan's violation in units of each bound.
  const auto judge = [&](EvaluatedPlan& plan) {
    double violation = 0;
    std::string violates;
    const auto note = [&](const std::string& what, double excess, double scale) {
      violates += (violates.empty() ? "" : "; ") + what;
      violation += excess / std::max(std::abs(scale), 1e-9);
    };
    const PlanMeasure& m = plan.measure;
    if (goal.max_side_hours_per_week && m.side_hours_per_week > *goal.max_side_hours_per_week)
      note(fmt::format("side hours {:.1f} > {}", m.side_hours_per_week,
                       format_number(*goal.max_side_hours_per_week)),
           m.side_hours_per_week - *goal.max_side_hours_per_week, *goal.max_side_hours_per_week);
    for (const auto& bound : goal.bounds) {
      const double v = m.statistics[bound.statistic].value;
      const double excess = bound.at_most ? v - bound.value : bound.value - v;
      if (excess > 0 || std::isnan(v)) note(bound.text, std::isnan(v) ? 1 : excess, bound.value);
    }
    plan.feasible = violates.empty();
    plan.violates = violates;
    return Score{plan.feasible, plan.feasible ? oriented(m, goal.objective) : -violation};
  };

  std::map<std::vector<std::size_t>, std::size_t> seen;
  std::vector<Score> scores;
  const auto visit = [&](const std::vector<std::size_t>& position) -> std::size_t {
    if (const auto found = seen.find(position); found != seen.end()) return found->second;
    EvaluatedPlan plan;
    plan.position = position;
    plan.measure = evaluate(position);
    scores.push_back(judge(plan));
    result.plans.push_back(std::move(plan));
    seen.emplace(position, result.plans.size() - 1);
    return result.plans.size() - 1;
  };

  if (result.lattice_size <= goal.max_plans) {
    result.exhaustive = true;
    std::vector<std::size_t> position(sizes.size(), 0);
    for (std::uint64_t k = 0; k < result.lattice_size; ++k) {
      visit(position);
      for (std::size_t d = sizes.size(); d-- > 0;) {  // the last decision varies fastest
        if (++position[d] < sizes[d]) break;
        position[d] = 0;
      }
    }
  } else if (goal.second) {
    throw InputError("--max-plans",
                     fmt::format("a frontier evaluates every plan, and the decisions' values make "
                                 "{} plans, more than --max-plans {}; give larger steps, fewer "
                                 "--grid values or raise --max-plans",
                                 result.lattice_size, goal.max_plans));
  } else {
    std::vector<std::size_t> current(sizes.size()), stride(sizes.size());
    for (std::size_t d = 0; d < sizes.size(); ++d) {
      current[d] = (sizes[d] - 1) / 2;
      stride[d] = std::max<std::size_t>(1, (sizes[d] - 1) / 4);
    }
    std::size_t at = visit(current);
    while (result.plans.size() < goal.max_plans) {
      std::optional<std::size_t> better;
      for (std::size_t d = 0; d < sizes.size() && result.plans.size() < goal.max_plans; ++d)
        for (int sign : {-1, +1}) {
          if (result.plans.size() >= goal.max_plans) break;
          std::vector<std::size_t> next = current;
          if (sign < 0) next[d] = current[d] >= stride[d] ? current[d] - stride[d] : 0;
          if (sign > 0) next[d] = std::min(sizes[d] - 1, current[d] + stride[d]);
          if (next == current) continue;
          const std::size_t k = visit(next);
          if (scores[k] > scores[better ? *better : at]) better = k;
        }
      if (better) {
        at = *better;
        current = result.plans[at].position;
      } else if (std::any_of(stride.begin(), stride.end(), [](std::size_t s) { return s > 1; })) {
        for (auto& s : stride) s = std::max<std::size_t>(1, s / 2);
      } else {
        break;  // a local optimum at the finest strides
      }
    }
  }

  // No feasible plan: say which constraint rules out how many.
  std::vector<std::size_t> feasible;
  for (std::size_t k = 0; k < result.plans.size(); ++k)
    if (result.plans[k].feasible) feasible.push_back(k);
  if (feasible.empty()) {
    std::string why;
    std::string origin = goal.bounds.empty() ? goal.hours_origin : goal.bounds.front().origin;
    const std::size_t n = result.plans.size();
    if (goal.max_side_hours_per_week) {
      std::size_t out = 0;
      double fewest = std::numeric_limits<double>::infinity();
      for (const auto& plan : result.plans) {
        out += plan.measure.side_hours_per_week > *goal.max_side_hours_per_week;
        fewest = std::min(fewest, plan.measure.side_hours_per_week);
      }
      why += fmt::format(
          "; side hours at most {} a week ({}) rules out {} of them (the fewest "
          "{:.1f})",
          format_number(*goal.max_side_hours_per_week), goal.hours_origin, out, fewest);
      if (out == n) origin = goal.hours_origin;
    }
    for (const auto& bound : goal.bounds) {
      std::size_t out = 0;
      double closest = bound.at_most ? std::numeric_limits<double>::infinity()
                                     : -std::numeric_limits<double>::infinity();
      for (const auto& plan : result.plans) {
        const double v = plan.measure.statistics[bound.statistic].value;
        const bool breaks = bound.at_most ? !(v <= bound.value) : !(v >= bound.value);
        out += breaks;
        closest = bound.at_most ? std::min(closest, v) : std::max(closest, v);
      }
      why += fmt::format("; {} ({}) rules out {} (the {} {})", bound.text, bound.origin, out,
                         bound.at_most ? "lowest" : "highest", format_number(closest));
      if (out == n) origin = bound.origin;
    }
    throw InputError(origin,
                     fmt::format("no plan of the {} evaluated meets every constraint{}", n, why));
  }

  result.best = feasible.front();
  for (std::size_t k : feasible)
    if (scores[k] > scores[result.best]) result.best = k;
  result.plans[result.best].best = true;

  // The tie set (Gupta's subset selection with paired bootstrap standard errors): plan i stays
  // unless some feasible j beats it by more than z se(j - i), z one-sided at (1 - confidence) /
  // (m - 1). The true best of the m is dropped only if some plan beats it by that much, which
  // each of the m - 1 does with probability at most (1 - confidence) / (m - 1).
  const std::size_t m = feasible.size();
  const double alpha = 1 - goal.confidence;
  const double z =
      m > 1 ? engine::normal_critical_value(1 - 2 * alpha / static_cast<double>(m - 1)) : 0;
  const auto paired_se = [&](std::size_t i, std::size_t j) {
    const auto& a = result.plans[i].measure.replicates[goal.objective];
    const auto& b = result.plans[j].measure.replicates[goal.objective];
    double sum = 0, sum_sq = 0;
    std::size_t count = 0;
    for (std::size_t r = 0; r < std::min(a.size(), b.size()); ++r) {
      const double d = a[r] - b[r];
      if (!std::isfinite(d)) continue;
      sum += d;
      sum_sq += d * d;
      ++count;
    }
    if (count < 2) return std::numeric_limits<double>::infinity();
    const double mean = sum / static_cast<double>(count);
    return std::sqrt(std::max(
        0.0, (sum_sq - static_cast<double>(count) * mean * mean) / static_cast<double>(count - 1)));
  };
  for (std::size_t i : feasible) {
    EvaluatedPlan& plan = result.plans[i];
    const double own = oriented(plan.measure, goal.objective);
    plan.ties_best = true;
    for (std::size_t j : feasible) {
      if (j == i) continue;
      const double margin = z * paired_se(i, j);
      if (j == result.best) plan.gap_margin = margin;
      if (oriented(result.plans[j].measure, goal.objective) - own > margin) plan.ties_best = false;
    }
    plan.gap_to_best = oriented(result.plans[result.best].measure, goal.objective) - own;
    plan.gap_margin = 0;
  }

  if (goal.second) {
    for (std::size_t i : feasible) {
      const double a = oriented(result.plans[i].measure, goal.objective);
      const double b = oriented(result.plans[i].measure, *goal.second);
      bool dominated = false;
      for (std::size_t j : feasible) {
        const double aj = oriented(result.plans[j].measure, goal.objective);
        const double bj = oriented(result.plans[j].measure, *goal.second);
        if (aj >= a && bj >= b && (aj > a || bj > b)) dominated = true;
      }
      result.plans[i].on_frontier = !dominated;
    }
  }
  return result;
}

Optimisation optimise(const scenarios::ScenarioSource& source, const OptimiseProblem& problem,
                      const RunRequest& request, const Note& note, bool independent_draws) {
  if (problem.decisions.empty())
    throw InputError("--decide",
                     "an optimisation needs at least one decision: give --decide "
                     "KEY=LOW:HIGH[:STEP] or a [decisions] section in the scenario");
  if (problem.decisions.size() > kMaxDecisions)
    throw InputError(problem.decisions[kMaxDecisions].origin,
                     fmt::format("{} decisions; at most {} are allowed (a plan is a value of each)",
                                 problem.decisions.size(), kMaxDecisions));
  // The tie set compares every pair of plans: 5,000 is about 2.5e9 operations.
  if (problem.max_plans < 1 || problem.max_plans > 5000)
    throw InputError("--max-plans",
                     fmt::format("{} plans is not allowed; allowed: 1 to 5000", problem.max_plans));
  const scenarios::Scenario base =
      scenarios::load_scenario_text(source.text, source.name, problem.overrides);
  Optimisation result;
  result.scenario = base.name;
  result.currency = base.currency;
  result.horizon_months = base.model.horizon;
  result.trials = request.trials;
  result.seed = request.seed;
  result.decisions = problem.decisions;
  result.frontier = problem.frontier.has_value();
  result.max_side_hours_per_week = problem.max_side_hours_per_week;

  // The decisions: each a number key that loads at every one of its values.
  toml::table root = toml::parse(source.text, std::string_view(source.name));
  std::vector<std::size_t> sizes;
  for (std::size_t d = 0; d < problem.decisions.size(); ++d) {
    const Decision& decision = problem.decisions[d];
    // Python hands keys here without the command line's text bound.
    check_length(decision.key, decision.origin, "a decision's key");
    for (std::size_t e = 0; e < d; ++e)
      if (problem.decisions[e].key == decision.key)
        throw InputError(decision.origin + " " + decision.key,
                         "is given twice; a key is one decision");
    if (const toml::node* node = root.at_path(decision.key).node();
        node && !node->is_number() && !node->is_table()) {
      const std::optional<std::string> text = node->value<std::string>();
      throw InputError(decision.origin + " " + decision.key,
                       fmt::format("is not numeric: the scenario gives it {}{}{}; a decision is a "
                                   "key whose value is a number (or a distribution it replaces)",
                                   text ? "'" : "", text ? *text : "a value that is not a number",
                                   text ? "'" : ""));
    }
    result.values.push_back(decision_values(decision, problem.grid));
    sizes.push_back(result.values.back().size());
    for (double value : result.values.back()) {
      std::vector<scenarios::Override> overrides = problem.overrides;
      overrides.push_back(
          {decision.key, format_number(value), decision.origin + " " + decision.key});
      scenarios::load_scenario_text(source.text, source.name, overrides);
    }
  }

  // The statistics: the objective, the frontier's other, then each bound's, each once.
  const StatisticSyntax syntax{"--maximise", "SERIES.PERIOD.STATISTIC", "net.horizon.p10"};
  std::vector<StatisticSpec> specs;
  const auto statistic_index = [&](const std::string& text, const std::string& option) {
    check_length(text, option, "a statistic");
    StatisticSpec spec =
        parse_statistic(text, {option, syntax.form, syntax.example}, base.model.horizon,
                        base.model.named_series(), base.model.household.has_value());
    for (std::size_t k = 0; k < specs.size(); ++k)
      if (specs[k].metric.text() == spec.metric.text()) return k;
    specs.push_back(spec);
    result.statistics.push_back(spec.metric.text());
    result.higher_is_better.push_back(spec.metric.metric != "p_ruin");
    result.is_share.push_back(spec.is_probability);
    return specs.size() - 1;
  };
  SearchGoal goal;
  const std::string objective =
      !problem.objective.empty()
          ? problem.objective
          : std::string(base.model.tax ? scenarios::kNetSeries : engine::kTotalSeries) +
                ".horizon.p10";
  goal.objective = statistic_index(objective, "--maximise");
  if (problem.frontier) goal.second = statistic_index(*problem.frontier, "--frontier");
  for (std::size_t b = 0; b < problem.bounds.size(); ++b) {
    const std::string origin =
        b < problem.bound_origins.size() ? problem.bound_origins[b] : "--constraint";
    const ParsedBound bound = parse_bound(problem.bounds[b], origin);
    goal.bounds.push_back({statistic_index(bound.statistic, origin), bound.at_most, bound.value,
                           trim(problem.bounds[b]), origin});
  }
  goal.higher_is_better = result.higher_is_better;
  goal.max_side_hours_per_week = problem.max_side_hours_per_week;
  goal.hours_origin = problem.hours_origin;
  goal.max_plans = problem.max_plans;

  RunRequest plan_request = request;
  for (const StatisticSpec& spec : specs) {
    add_report_needs(spec, base, plan_request);
    if (spec.percent && std::find(plan_request.percentiles.begin(), plan_request.percentiles.end(),
                                  *spec.percent) == plan_request.percentiles.end())
      plan_request.percentiles.push_back(*spec.percent);
  }

  const engine::BootstrapPlan bootstrap{request.trials, 200, 200, 0.95};
  std::size_t evaluated = 0;
  const auto evaluate = [&](const std::vector<std::size_t>& position) {
    ++evaluated;
    if (note)
      note(fmt::format("plan {}: {}", evaluated,
                       position_label(problem.decisions, result.values, position)));
    std::vector<scenarios::Override> overrides = problem.overrides;
    for (std::size_t d = 0; d < problem.decisions.size(); ++d)
      overrides.push_back({problem.decisions[d].key, format_number(result.values[d][position[d]]),
                           problem.decisions[d].origin + " " + problem.decisions[d].key});
    const scenarios::Scenario scenario =
        scenarios::load_scenario_text(source.text, source.name, overrides);
    RunRequest run = plan_request;
    if (independent_draws) run.seed = request.seed + evaluated;
    const Simulation simulation = simulate(scenario, run);
    const engine::TrialResults& results = simulation.results;
    const engine::ExactValues exact = results.exact("optimise");
    PlanMeasure measure;
    for (const StatisticSpec& spec : specs) {
      const engine::SummaryRow* row =
          simulation.summary.try_find(spec.metric.stream, spec.metric.period, spec.metric.metric);
      if (!row)
        throw InputError("--maximise",
                         fmt::format("the report has no statistic {}", spec.metric.text()));
      measure.statistics.push_back(row->estimate);
      const float* values = nullptr;
      if (spec.metric.metric == "p_ruin") {
        for (std::size_t k = 0; k < results.outcomes().size(); ++k)
          if (results.outcomes()[k].group == "household" && results.outcomes()[k].name == "p_ruin")
            values = exact.outcome_values(k).data();
      } else {
        values = exact
                     .values(*results.series_index(spec.metric.stream),
                             *results.period_index(spec.metric.period))
                     .data();
      }
      const engine::GroupedSample sample(values, bootstrap);
      measure.replicates.push_back(
          engine::bootstrap_replicates(bootstrap, request.seed, resampled_statistic(sample, spec)));
    }
    double hours = 0;
    for (const std::string& stream : scenario.model.stream_names())
      if (stream != kJobStream)
        if (const auto* row =
                simulation.summary.try_find(stream, engine::kHorizonPeriod, "hours_mean"))
          hours += row->estimate.value;
    measure.side_hours_per_week = hours / (scenario.model.horizon * kWeeksPerMonth);
    return measure;
  };
  result.search = search_plans(sizes, goal, evaluate);
  return result;
}

std::string plan_label(const Optimisation& optimisation, std::size_t plan) {
  return position_label(optimisation.decisions, optimisation.values,
                        optimisation.search.plans.at(plan).position);
}

engine::ReportTable optimise_table(const Optimisation& optimisation) {
  using Column = engine::ReportTable::Column;
  using Type = engine::ReportTable::Type;
  std::vector<Column> columns{{"scenario", Type::text}, {"plan", Type::integer}};
  for (const Decision& decision : optimisation.decisions)
    columns.push_back({decision.key, Type::real});
  columns.push_back({"side_hours_per_week", Type::real});
  for (const std::string& statistic : optimisation.statistics)
    for (const char* suffix : {"", "_ci_low", "_ci_high"})
      columns.push_back({statistic + suffix, Type::real});
  for (const char* flag : {"feasible", "best", "ties_best", "on_frontier"})
    columns.push_back({flag, Type::integer});
  columns.push_back({"gap_to_best", Type::real});
  columns.push_back({"gap_margin", Type::real});
  columns.push_back({"violates", Type::text});
  columns.push_back({"trials", Type::integer});
  columns.push_back({"seed", Type::integer});
  engine::ReportTable table(columns);
  for (std::size_t k = 0; k < optimisation.search.plans.size(); ++k) {
    const EvaluatedPlan& plan = optimisation.search.plans[k];
    std::vector<engine::ReportTable::Cell> cells{optimisation.scenario,
                                                 static_cast<std::int64_t>(k + 1)};
    for (std::size_t d = 0; d < optimisation.decisions.size(); ++d)
      cells.push_back(optimisation.values[d][plan.position[d]]);
    cells.push_back(plan.measure.side_hours_per_week);
    for (const engine::Estimate& e : plan.measure.statistics) {
      cells.push_back(e.value);
      cells.push_back(e.ci_low);
      cells.push_back(e.ci_high);
    }
    for (bool flag :
         {plan.feasible, plan.best, plan.ties_best, optimisation.frontier && plan.on_frontier})
      cells.push_back(static_cast<std::int64_t>(flag));
    cells.push_back(plan.gap_to_best);
    cells.push_back(plan.gap_margin);
    cells.push_back(plan.violates);
    cells.push_back(optimisation.trials);
    cells.push_back(optimisation.seed);
    table.add_row(std::move(cells));
  }
  return table;
}

}  // namespace incomesim::analysis
