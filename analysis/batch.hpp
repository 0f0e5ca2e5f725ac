#pragma once
// The batch analysis: many scenario files on the same trials and seed; a file that fails is listed
// with its error and the others still run.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "analysis/simulation.hpp"
#include "engine/report_table.hpp"
#include "scenarios/scenario_loader.hpp"

namespace incomesim::analysis {

// The scenario files named by `inputs`: files as given, directories as their .toml files in name
// order. InputError for an input that does not exist, a directory without scenarios, or none.
std::vector<std::string> batch_files(const std::vector<std::string>& inputs);

struct BatchEntry {
  std::string file;
  std::optional<engine::Summary> summary;  // empty when the file failed
  std::string error;                       // why it failed (the InputError's message)
  std::string currency;                    // the scenario's reporting currency, when it loaded
  std::optional<PlanCurves> curves;        // when it ran and the request asked for monthly bands
};

struct Batch {
  std::vector<BatchEntry> entries;  // in the order of the files
  std::size_t failed() const;
  // The reporting currencies of the scenarios that ran: more than one, and their amounts cannot
  // be compared or drawn on one axis.
  std::set<std::string> currencies() const;
};

Batch batch(const std::vector<std::string>& files, const RunRequest& request,
            const Note& note = {});

// batch.csv (summary.csv's columns, every scenario that ran) and batch-errors.csv (file, error).
engine::ReportTable batch_table(const Batch& batch);
engine::ReportTable batch_errors_table(const Batch& batch);

}  // namespace incomesim::analysis
