#pragma once
// The optimise analysis: which values of some of a scenario's keys (how many articles a week,
// videos a month, consulting days) maximise a statistic of its income under constraints on side
// hours and on other statistics, or trace the frontier between two statistics; with the best
// plan's interval and the set of plans that cannot be told from it. Every plan runs on the same
// seed and trials (common random numbers), so plans are compared on the same draws: the search
// sees the effect of a decision, not of the noise, and paired intervals are narrow.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "analysis/simulation.hpp"
#include "analysis/statistic.hpp"
#include "engine/report_table.hpp"
#include "engine/statistics.hpp"
#include "scenarios/scenario_loader.hpp"

namespace incomesim::analysis {

// A numeric key the search sets, over [low, high]: every `step` from low (high when a step lands
// on it), or `grid` evenly spaced values (both ends included) when there is no step.
struct Decision {
  std::string key;
  double low = 0, high = 0;
  std::optional<double> step;
  std::string origin;  // where it was given, for messages: "--decide" or "plan.toml [decisions]"
};

// "key=low:high" or "key=low:high:step" (--decide); InputError naming --decide otherwise.
Decision parse_decision(const std::string& text);

// The values a decision takes, ascending; InputError (naming its origin and key) when the bounds
// are reversed or not finite, the step not positive, or there would be more than 1,000 values.
std::vector<double> decision_values(const Decision& decision, int grid);

// What the user asks: decisions, the goal, and constraints.
struct OptimiseProblem {
  std::vector<Decision> decisions;
  std::vector<scenarios::Override> overrides;  // --set: applied to every plan, before decisions
  // The statistic to maximise in the statistic grammar (a probability of ruin is minimised);
  // empty: P10 of net income over the horizon with [tax], else of the total.
  std::string objective;
  // A second statistic: every plan is evaluated and the frontier between the two traced.
  std::optional<std::string> frontier;
  std::optional<double> max_side_hours_per_week;  // mean hours a week on every stream but career
  std::vector<std::string> bounds;                // "STATISTIC <= x" or "STATISTIC >= x"
  int grid = 5;                                   // values of a decision without a step
  std::size_t max_plans = 60;                     // simulations the search may run
  // Where the side-hours limit and each bound were given (parallel to `bounds`), for messages.
  std::string hours_origin = "--max-side-hours";
  std::vector<std::string> bound_origins;
};

// The scenario file's [decisions] (key = { low = .., high = .., step = .. }, the key quoted or
// dotted) and [constraints] (side_hours_per_week = H, statistics = ["STATISTIC <= x", ...]),
// added to `problem`; InputError naming the file and key for anything else.
void read_problem_sections(const scenarios::ScenarioSource& source, OptimiseProblem& problem);

// The problem as the command line and Python give it, text as typed: added to the file's
// [decisions] and [constraints] by optimise_problem.
struct OptimiseSettings {
  std::vector<std::string> decisions;    // --decide KEY=LOW:HIGH[:STEP]
  std::string objective;                 // --maximise (empty: the default)
  std::string frontier;                  // --frontier (empty: none)
  std::optional<double> max_side_hours;  // --max-side-hours
  std::vector<std::string> constraints;  // --constraint 'STATISTIC <= VALUE'
  std::vector<std::string> overrides;    // --set key=value, on every plan
  int grid = 5;
  std::size_t max_plans = 60;
};
OptimiseProblem optimise_problem(const scenarios::ScenarioSource& source,
                                 const OptimiseSettings& settings);

// What the search measures of one plan: each statistic's estimate (with its interval), its value
// on each bootstrap resample (the same resamples of trial groups for every plan, so replicates
// of two plans are paired), and the plan's mean side hours a week.
struct PlanMeasure {
  std::vector<engine::Estimate> statistics;
  std::vector<std::vector<double>> replicates;  // per statistic
  double side_hours_per_week = 0;
};

// What the search ranks plans by: statistics are indices into PlanMeasure::statistics.
struct SearchGoal {
  std::size_t objective = 0;
  std::optional<std::size_t> second;   // the frontier's other statistic
  std::vector<bool> higher_is_better;  // per statistic
  struct Bound {
    std::size_t statistic;
    bool at_most;
    double value;
    std::string text, origin;
  };
  std::vector<Bound> bounds;
  std::optional<double> max_side_hours_per_week;
  std::string hours_origin = "--max-side-hours";
  std::size_t max_plans = 60;
  double confidence = 0.95;  // of the tie set (family-wise)
};

struct EvaluatedPlan {
  std::vector<std::size_t> position;  // an index into each decision's values
  PlanMeasure measure;
  bool feasible = false;
  std::string violates;  // the constraints an infeasible plan breaks
  bool best = false, ties_best = false, on_frontier = false;
  // The best plan's objective less this plan's (oriented so that positive is worse), and the
  // one-sided margin below which the difference is not significant (Bonferroni-corrected).
  double gap_to_best = engine::kNoValue, gap_margin = engine::kNoValue;
};

struct SearchResult {
  std::vector<EvaluatedPlan> plans;  // in the order they were evaluated
  std::size_t best = 0;
  std::uint64_t lattice_size = 0;  // plans on the lattice of decision values
  bool exhaustive = false;         // every plan on the lattice was evaluated
};

// The search over a lattice of `sizes[d]` values per decision: every plan when the lattice holds
// at most max_plans (and always for a frontier, refused when it does not fit), otherwise a
// compass search from the lattice's centre (poll each decision a stride up and down, move to the
// best feasible improvement, halve the strides when none) until the strides are 1 and nothing
// improves, or max_plans are spent. Then feasibility, the best feasible plan, the tie set (plans
// no other plan beats by more than a paired, Bonferroni-corrected margin: it holds the best
// evaluated plan with probability at least `confidence`) and the frontier. InputError when no
// plan meets the constraints, naming each constraint and how many plans it rules out.
SearchResult search_plans(
    const std::vector<std::size_t>& sizes, const SearchGoal& goal,
    const std::function<PlanMeasure(const std::vector<std::size_t>&)>& evaluate);

// An optimisation of a scenario.
struct Optimisation {
  std::string scenario, currency;
  int horizon_months = 0;
  std::uint64_t trials = 0, seed = 0;
  std::vector<Decision> decisions;
  std::vector<std::vector<double>> values;  // per decision, its lattice
  std::vector<std::string> statistics;      // objective, then the frontier's, then bounds'
  std::vector<bool> higher_is_better;
  std::vector<bool> is_share;  // per statistic: a probability (P(>x), p_ruin), else an amount
  bool frontier = false;
  std::optional<double> max_side_hours_per_week;
  SearchResult search;
};

// "medium.articles_per_week=2, youtube.videos_per_month=1": plan k of the search as messages,
// tables and charts name it.
std::string plan_label(const Optimisation& optimisation, std::size_t plan);

// Checks every decision and statistic before anything runs (a decision set to its bounds must
// load), then searches, each plan simulated with `request` (its seed for every plan).
// `independent_draws` gives each plan its own seed instead (what common random numbers save, for
// studies of the method; the tie set is then not paired).
Optimisation optimise(const scenarios::ScenarioSource& source, const OptimiseProblem& problem,
                      const RunRequest& request, const Note& note = {},
                      bool independent_draws = false);

// optimise.csv: plan, each decision's value, side_hours_per_week, each statistic with its
// interval, feasible, best, ties_best, on_frontier, gap_to_best, gap_margin, violates, trials,
// seed.
engine::ReportTable optimise_table(const Optimisation& optimisation);

}  // namespace incomesim::analysis
