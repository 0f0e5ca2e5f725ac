// The Python module's native part, `incomesim._incomesim` (pybind11). It wires the functions the
// command line calls to Python: loading a scenario, the analyses (run, compare, sweep,
// sensitivity, sobol, batch, calibrate, fit) with their reports' CSV text, per-trial values as
// numpy arrays, a trial's trace, and report.html. No argv, no temporary files. Work runs on a
// thread of its own with the GIL released while the calling thread polls: every 50 ms it calls the
// progress callback and checks for Ctrl-C, which stops the work between blocks, as the command
// line's signal handler does. incomesim/__init__.py turns the CSV text into pandas DataFrames.
#include <fmt/format.h>
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <tuple>

#include "analysis/batch.hpp"
#include "analysis/calibrate.hpp"
#include "analysis/compare.hpp"
#include "analysis/fit.hpp"
#include "analysis/optimise.hpp"
#include "analysis/run.hpp"
#include "analysis/sensitivity.hpp"
#include "analysis/sobol.hpp"
#include "analysis/sweep.hpp"
#include "core/input_error.hpp"
#include "core/interrupt.hpp"
#include "core/suggest.hpp"
#include "engine/atomic_file.hpp"
#include "report/charts.hpp"
#include "report/comparison_page.hpp"
#include "report/html_parts.hpp"
#include "report/run_report.hpp"
#include "report/svg_charts.hpp"
#include "scenarios/scenario_loader.hpp"
#include "tools/commands.hpp"

namespace py = pybind11;
using namespace incomesim;

namespace {

// A loaded scenario and the TOML it was loaded from, overrides applied (the research analyses
// read a file: they are given this text).
struct LoadedScenario {
  scenarios::Scenario scenario;
  std::string toml;
};

// A run: what analysis::run returned, and its report as CSV text by file name.
struct RunResult {
  analysis::RunResult run;
  std::vector<std::pair<std::string, std::string>> files;
  bool exact() const { return run.settings.mode == engine::ResultsMode::exact; }
};

// Runs `work` on a thread of its own while this thread, GIL released, waits for it; every 50 ms
// it takes the GIL to report progress (`done`, when it has moved) and to check for a signal. A
// KeyboardInterrupt, or an exception from the callback, stops the work between blocks (the
// interrupt flag the engine polls) and is raised once the work has stopped.
template <class Result>
Result run_interruptible(const std::function<Result()>& work, const py::object& progress,
                         const std::atomic<std::uint64_t>& done) {
  clear_interrupt();
  std::optional<Result> result;
  std::exception_ptr failure;
  std::mutex mutex;
  std::condition_variable finished_signal;
  bool finished = false;
  std::optional<py::error_already_set> python_error;
  std::uint64_t reported = 0;
  {
    py::gil_scoped_release release;
    std::thread worker([&] {
      try {
        result.emplace(work());
      } catch (...) {
        failure = std::current_exception();
      }
      const std::lock_guard lock(mutex);
      finished = true;
      finished_signal.notify_all();
    });
    for (;;) {
      {
        std::unique_lock lock(mutex);
        if (finished_signal.wait_for(lock, std::chrono::milliseconds(50), [&] { return finished; }))
          break;
      }
      const py::gil_scoped_acquire acquire;
      if (python_error) continue;
      if (PyErr_CheckSignals() != 0) {
        python_error.emplace();
        request_interrupt(SIGINT);
        continue;
      }
      const std::uint64_t now = done.load();
      if (!progress.is_none() && now != reported) {
        reported = now;
        try {
          progress(now);
        } catch (py::error_already_set& error) {
          python_error.emplace(std::move(error));
          request_interrupt(SIGINT);
        }
      }
    }
    worker.join();
  }
  clear_interrupt();
  if (python_error) throw std::move(*python_error);
  if (failure) std::rethrow_exception(failure);  // translated by the module's translator
  // The last count, unless the loop reported it already.
  if (!progress.is_none() && done.load() != reported) progress(done.load());
  return std::move(*result);
}

// An analysis without progress reports: on `threads` threads (0: every core), interruptible.
template <class Result>
Result run_analysis(int threads, const std::function<Result()>& work) {
  std::atomic<std::uint64_t> no_progress{0};
  return run_interruptible<Result>(
      [&]() -> Result {
        const engine::ThreadLimit limit = analysis::thread_limit(threads);
        return work();
      },
      py::none(), no_progress);
}

std::vector<scenarios::Override> parse_overrides(const std::vector<std::string>& settings) {
  std::vector<scenarios::Override> overrides;
  for (const auto& setting : settings) overrides.push_back(scenarios::parse_override(setting));
  return overrides;
}

LoadedScenario load(const std::optional<std::string>& path, const std::optional<std::string>& text,
                    const std::string& name, const std::vector<std::string>& settings) {
  const auto overrides = parse_overrides(settings);
  scenarios::ScenarioSource source;
  if (text) {
    if (path) throw InputError("load", "give a path or text, not both");
    source = scenarios::scenario_source_from_text(
        *text, name.empty() ? std::string("scenario.toml") : name);
  } else {
    source = scenarios::read_scenario_source(path.value_or(""));
  }
  // The file's own text (comments and order kept, as `calibrate --write` keeps them) unless
  // settings change it.
  return {scenarios::load_scenario_text(source.text, source.name, overrides),
          overrides.empty() ? source.text
                            : scenarios::scenario_toml(source.text, source.name, overrides)};
}

// analysis::run, as `incomesim run` calls it: the same plan gives the same report.
RunResult run(const LoadedScenario& loaded, std::uint64_t trials, std::uint64_t seed, int threads,
              const std::string& mode, const std::vector<std::string>& precision,
              std::uint64_t max_trials, const py::object& progress) {
  analysis::RunPlan plan;
  plan.request.trials = trials;
  plan.request.seed = seed;
  plan.request.threads = threads;
  plan.mode = mode;
  plan.precision = precision;
  plan.max_trials = max_trials;
  std::atomic<std::uint64_t> done{0};
  plan.request.on_progress = [&done](std::uint64_t finished, std::uint64_t) {
    std::uint64_t seen = done.load();
    while (finished > seen && !done.compare_exchange_weak(seen, finished)) {
    }
  };
  return run_interruptible<RunResult>(
      [&]() -> RunResult {
        const engine::ThreadLimit limit = analysis::thread_limit(plan.request.threads);
        analysis::RunResult result = analysis::run(loaded.scenario, plan);
        result.settings.on_progress = nullptr;  // refers to `done`, which is about to go
        std::vector<std::pair<std::string, std::string>> files =
            report::csv_files(report::run_report(loaded.scenario, result));
        return {std::move(result), std::move(files)};
      },
      progress, done);
}

py::array_t<float> values(const RunResult& run, const std::string& series,
                          const std::string& period) {
  const engine::TrialResults& results = run.run.simulation.results;
  const engine::ExactValues exact = results.exact("values()");
  const auto s = results.series_index(series);
  if (!s)
    throw InputError("series", fmt::format("'{}' is not a series of this run{}; allowed: {}",
                                           series, did_you_mean(series, results.series_names()),
                                           quoted_list(results.series_names())));
  const auto p = results.period_index(analysis::canonical_period(period));
  if (!p) {
    std::vector<std::string> periods;
    for (const auto& q : results.periods()) periods.push_back(q.name);
    throw InputError("period",
                     fmt::format("'{}' is not a period of this run{}; allowed: {}", period,
                                 did_you_mean(period, periods), quoted_list(periods)));
  }
  const std::span<const float> data = exact.values(*s, *p);
  py::array_t<float> out(static_cast<py::ssize_t>(data.size()));
  std::copy(data.begin(), data.end(), out.mutable_data());
  return out;
}

// `page`: the caller will draw the plans (compare, sweep, batch --html), so the simulations keep
// their monthly bands.
analysis::RunRequest research_request(std::uint64_t trials, std::uint64_t seed, int threads,
                                      bool page = false) {
  analysis::RunRequest request;
  request.trials = trials;
  request.seed = seed;
  request.threads = threads;
  request.monthly_bands = page;
  return request;
}

// A table's CSV text and, when asked for, the analysis's page (empty otherwise).
using CsvAndPage = std::pair<std::string, std::string>;

// analysis::compare, as `incomesim compare [--html]` calls it: comparison.csv's text and
// comparison.html's.
CsvAndPage compare(const LoadedScenario& a, const LoadedScenario& b, std::uint64_t trials,
                   std::uint64_t seed, int threads, bool page) {
  const analysis::RunRequest request = research_request(trials, seed, threads, page);
  return run_analysis<CsvAndPage>(request.threads, [&]() -> CsvAndPage {
    const analysis::Comparison result = analysis::compare(a.scenario, b.scenario, request);
    return {analysis::comparison_table(result).csv(),
            page ? report::comparison_page(result, a.scenario.model.horizon) : ""};
  });
}

// analysis::sweep, as `incomesim sweep [--html]` calls it, over the scenario's TOML (its
// overrides applied) under its own name: sweep.csv's text and sweep.html's. Each value is TOML,
// as a --set value is.
CsvAndPage sweep(const LoadedScenario& scenario,
                 const std::vector<std::pair<std::string, std::vector<std::string>>>& grid,
                 std::uint64_t trials, std::uint64_t seed, int threads, bool page) {
  std::vector<analysis::SweepAxis> axes;
  for (const auto& [key, values] : grid) axes.push_back({key, values});
  const analysis::SweepPlan plan =
      analysis::plan_sweep({scenario.toml, scenario.scenario.source}, axes);
  const analysis::RunRequest request = research_request(trials, seed, threads, page);
  const scenarios::Scenario& first = plan.scenarios.front();
  return run_analysis<CsvAndPage>(request.threads, [&]() -> CsvAndPage {
    const analysis::Sweep result = analysis::sweep(plan, request);
    return {
        analysis::sweep_table(result).csv(),
        page ? report::sweep_page(result, first.name, first.currency, plan.horizon_months()) : ""};
  });
}

// analysis::optimise, as `incomesim optimise [--html]` calls it, over the scenario's TOML (its
// [decisions] and [constraints] read, as the command reads the file's), with `decisions` (key,
// low, high, step or none) beside them: optimise.csv's text, optimise.svg's and optimise.html's
// (empty unless asked for).
using DecisionTuple = std::tuple<std::string, double, double, std::optional<double>>;
std::tuple<std::string, std::string, std::string> optimise(
    const LoadedScenario& scenario, const std::vector<DecisionTuple>& decisions,
    const analysis::OptimiseSettings& settings, std::uint64_t trials, std::uint64_t seed,
    int threads, bool page) {
  const scenarios::ScenarioSource source{scenario.toml, scenario.scenario.source};
  analysis::OptimiseProblem problem = analysis::optimise_problem(source, settings);
  for (const auto& [key, low, high, step] : decisions)
    problem.decisions.push_back({key, low, high, step, "decisions"});
  const analysis::RunRequest request = research_request(trials, seed, threads);
  return run_analysis<std::tuple<std::string, std::string, std::string>>(
      request.threads, [&]() -> std::tuple<std::string, std::string, std::string> {
        const analysis::Optimisation result = analysis::optimise(source, problem, request);
        return {analysis::optimise_table(result).csv(),
                report::standalone_svg(report::frontier_svg(report::frontier_chart(result),
                                                            {result.scenario, result.currency})),
                page ? report::optimise_page(result) : ""};
      });
}

// analysis::sensitivity, as `incomesim sensitivity` calls it: tornado.csv's and
// per-trial-correlations.csv's text. `spread` as the command line takes it ("20%" or "0.2").
std::pair<std::string, std::string> sensitivity(const LoadedScenario& scenario,
                                                const std::string& spread,
                                                const std::vector<std::string>& metrics,
                                                std::uint64_t trials, std::uint64_t seed,
                                                int threads) {
  const analysis::SensitivityPlan plan{analysis::parse_fraction("--spread", spread), metrics};
  const scenarios::ScenarioSource source{scenario.toml, scenario.scenario.source};
  analysis::check_sensitivity_plan(source, plan);
  const analysis::RunRequest request = research_request(trials, seed, threads);
  return run_analysis<std::pair<std::string, std::string>>(
      request.threads, [&]() -> std::pair<std::string, std::string> {
        const analysis::Sensitivity result = analysis::sensitivity(source, plan, request);
        return {analysis::tornado_table(result).csv(), analysis::correlations_table(result).csv()};
      });
}

// analysis::sobol, as `incomesim sobol` calls it: sobol.csv's text.
std::string sobol(const LoadedScenario& scenario, const std::string& output,
                  std::uint64_t resamples, std::uint64_t trials, std::uint64_t seed, int threads) {
  const analysis::SobolPlan plan{output, resamples};
  const analysis::RunRequest request = research_request(trials, seed, threads);
  analysis::check_sobol_plan(scenario.scenario, plan, request);
  return run_analysis<std::string>(request.threads, [&]() -> std::string {
    return analysis::sobol_table(analysis::sobol(scenario.scenario, plan, request)).csv();
  });
}

// analysis::batch, as `incomesim batch [--html]` calls it: batch.csv's, batch-errors.csv's and
// batch.html's text.
std::tuple<std::string, std::string, std::string> batch(const std::vector<std::string>& inputs,
                                                        std::uint64_t trials, std::uint64_t seed,
                                                        int threads, bool page) {
  using Texts = std::tuple<std::string, std::string, std::string>;
  const std::vector<std::string> files = analysis::batch_files(inputs);
  const analysis::RunRequest request = research_request(trials, seed, threads, page);
  return run_analysis<Texts>(request.threads, [&]() -> Texts {
    const analysis::Batch result = analysis::batch(files, request);
    return {analysis::batch_table(result).csv(), analysis::batch_errors_table(result).csv(),
            page ? report::batch_page(result) : ""};
  });
}

// analysis::calibrate, as `incomesim calibrate` calls it, over the scenario's TOML (its
// overrides applied): the answer, its interval and the calibrated scenario's TOML, by name.
py::dict calibrate(const LoadedScenario& scenario, const std::string& target,
                   const std::string& vary, const std::vector<double>& range, std::uint64_t trials,
                   std::uint64_t seed, int threads) {
  const scenarios::ScenarioSource source{scenario.toml, scenario.scenario.source};
  const analysis::CalibrationPlan plan{target, vary, range};
  analysis::check_calibration_plan(source, plan);
  const analysis::RunRequest request = research_request(trials, seed, threads);
  const analysis::Calibration result = run_analysis<analysis::Calibration>(
      request.threads, [&] { return analysis::calibrate(source, plan, request); });
  py::dict out;
  out["key"] = result.vary;
  out["value"] = result.solution;
  out["ci_low"] = result.interval ? py::cast(result.interval->first.value) : py::none();
  out["ci_high"] = result.interval ? py::cast(result.interval->second.value) : py::none();
  out["ci_low_open"] = result.interval && result.interval->first.open;
  out["ci_high_open"] = result.interval && result.interval->second.open;
  out["statistic"] = result.target.statistic.metric.text();
  out["target"] = result.target.value;
  out["achieved"] = result.achieved.value;
  out["achieved_ci_low"] = result.achieved.ci_low;
  out["achieved_ci_high"] = result.achieved.ci_high;
  out["simulations"] = result.evaluations;
  out["trials"] = result.trials;
  out["seed"] = result.seed;
  out["toml"] = analysis::calibrated_scenario(source, result);
  return out;
}

// analysis::fit_history, as `incomesim fit` calls it: the fragment it writes, the summary it
// prints and the estimates table, by name.
py::dict fit(const std::string& history_path, const std::string& as_of,
             std::optional<double> payout_half_life_months) {
  const analysis::HistoryFit fit =
      analysis::fit_history_file(history_path, {as_of, payout_half_life_months});
  py::dict out;
  out["toml"] = analysis::fitted_fragment(fit);
  out["summary"] = analysis::fit_summary(fit);
  out["estimates"] = analysis::fit_table(fit).csv();
  return out;
}

// The classes Python sees: a loaded scenario and a run.
void bind_types(py::module_& m) {
  py::class_<LoadedScenario>(m, "Scenario",
                             "A loaded scenario (incomesim.load): its name, source, currency, "
                             "horizon, streams and TOML, overrides applied. Give it to run, "
                             "compare, sweep and the other analyses.")
      .def("__repr__",
           [](const LoadedScenario& s) {
             std::string streams;
             for (const auto& name : s.scenario.model.stream_names())
               streams += (streams.empty() ? "" : ", ") + name;
             return fmt::format("<incomesim.Scenario '{}' from {}: {} months in {}, streams {}>",
                                s.scenario.name, s.scenario.source, s.scenario.model.horizon,
                                s.scenario.currency, streams);
           })
      .def_property_readonly("name", [](const LoadedScenario& s) { return s.scenario.name; })
      .def_property_readonly("source", [](const LoadedScenario& s) { return s.scenario.source; })
      .def_property_readonly("currency",
                             [](const LoadedScenario& s) { return s.scenario.currency; })
      .def_property_readonly("horizon_months",
                             [](const LoadedScenario& s) { return s.scenario.model.horizon; })
      .def_property_readonly(
          "streams", [](const LoadedScenario& s) { return s.scenario.model.stream_names(); })
      .def_property_readonly("toml", [](const LoadedScenario& s) { return s.toml; });

  py::class_<RunResult>(m, "Run")
      .def_property_readonly("files", [](const RunResult& r) { return r.files; })
      .def_property_readonly("exact", &RunResult::exact)
      .def_property_readonly("trials", [](const RunResult& r) { return r.run.settings.trials; })
      .def_property_readonly("precision_reached",
                             [](const RunResult& r) { return r.run.precision_reached(); })
      .def_property_readonly(
          "series", [](const RunResult& r) { return r.run.simulation.results.series_names(); })
      .def_property_readonly("periods",
                             [](const RunResult& r) {
                               std::vector<std::string> names;
                               for (const auto& p : r.run.simulation.results.periods())
                                 names.push_back(p.name);
                               return names;
                             })
      .def("values", &values, py::arg("series"), py::arg("period"));
}

// What reads a results directory: report.html and the charts.
void bind_results_directory(py::module_& m) {
  // report.html of a results directory, as `incomesim report DIR` writes it.
  m.def(
      "report",
      [](const std::string& directory) {
        run_analysis<int>(0, [&] { return tools::report_command(directory, true); });
      },
      py::arg("directory"));
  // The charts of a results directory (PNG and SVG through gnuplot), as `incomesim plot DIR`:
  // the names of the files drawn.
  m.def(
      "plot",
      [](const std::string& directory) {
        return run_analysis<std::vector<std::string>>(
            0, [&] { return tools::draw_charts(directory); });
      },
      py::arg("directory"));
}

}  // namespace

PYBIND11_MODULE(_incomesim, m) {
  m.doc() = "The native part of incomesim; use the `incomesim` package.";
  static py::exception<InputError> input_error(m, "InputError", PyExc_ValueError);
  input_error.attr("__doc__") =
      "Bad input (a scenario, an argument, a results file), with the command line's message: "
      "the file or option, the key, the bad value and what is allowed. A ValueError.";
  py::register_exception_translator([](std::exception_ptr failure) {
    try {
      if (failure) std::rethrow_exception(failure);
    } catch (const InputError& error) {
      PyErr_SetString(input_error.ptr(), error.what());
    } catch (const engine::OutputError& error) {
      PyErr_SetString(PyExc_OSError, error.what());
    } catch (const Interrupted&) {
      PyErr_SetNone(PyExc_KeyboardInterrupt);
    }
  });

  bind_types(m);

  m.def("load", &load, py::arg("path"), py::arg("text"), py::arg("name"), py::arg("settings"));
  m.def("run", &run, py::arg("scenario"), py::arg("trials"), py::arg("seed"), py::arg("threads"),
        py::arg("mode"), py::arg("precision"), py::arg("max_trials"), py::arg("progress"));
  m.def(
      "trace",
      [](const LoadedScenario& s, std::uint64_t seed, std::uint64_t trial) {
        if (trial >= random::kMaxTrials)
          throw InputError("trial", "trial index out of range; allowed: 0 to 2^48 - 1");
        return tools::trace_csv(s.scenario, seed, trial);
      },
      py::arg("scenario"), py::arg("seed"), py::arg("trial"));
  m.def("compare", &compare, py::arg("a"), py::arg("b"), py::arg("trials"), py::arg("seed"),
        py::arg("threads"), py::arg("page"));
  m.def("sweep", &sweep, py::arg("scenario"), py::arg("grid"), py::arg("trials"), py::arg("seed"),
        py::arg("threads"), py::arg("page"));
  py::class_<analysis::OptimiseSettings>(m, "OptimiseSettings")
      .def(py::init<>())
      .def_readwrite("objective", &analysis::OptimiseSettings::objective)
      .def_readwrite("frontier", &analysis::OptimiseSettings::frontier)
      .def_readwrite("max_side_hours", &analysis::OptimiseSettings::max_side_hours)
      .def_readwrite("constraints", &analysis::OptimiseSettings::constraints)
      .def_readwrite("overrides", &analysis::OptimiseSettings::overrides)
      .def_readwrite("grid", &analysis::OptimiseSettings::grid)
      .def_readwrite("max_plans", &analysis::OptimiseSettings::max_plans);
  m.def("optimise", &optimise, py::arg("scenario"), py::arg("decisions"), py::arg("settings"),
        py::arg("trials"), py::arg("seed"), py::arg("threads"), py::arg("page"));
  m.def("sensitivity", &sensitivity, py::arg("scenario"), py::arg("spread"), py::arg("metrics"),
        py::arg("trials"), py::arg("seed"), py::arg("threads"));
  m.def("sobol", &sobol, py::arg("scenario"), py::arg("output"), py::arg("resamples"),
        py::arg("trials"), py::arg("seed"), py::arg("threads"));
  m.def("calibrate", &calibrate, py::arg("scenario"), py::arg("target"), py::arg("vary"),
        py::arg("range"), py::arg("trials"), py::arg("seed"), py::arg("threads"));
  m.def("fit", &fit, py::arg("history"), py::arg("as_of"), py::arg("payout_half_life_months"));
  m.def("batch", &batch, py::arg("inputs"), py::arg("trials"), py::arg("seed"), py::arg("threads"),
        py::arg("page"));
  bind_results_directory(m);
  m.def("default_scenario_name", [] { return scenarios::default_scenario_name(); });
}
