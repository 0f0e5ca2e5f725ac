#pragma once
// The CSV files of a results directory as the charts and the HTML report read them back: every
// row as text cells (the header first), columns found by name, errors naming the file.
#include <filesystem>
#include <string>
#include <vector>

namespace incomesim::tools {

using CsvRows = std::vector<std::vector<std::string>>;

// The rows of the file at `path`, header first; an InputError naming it when it cannot be read
// (e.g. missing: not a results directory) or is empty.
CsvRows read_results_csv(const std::filesystem::path& path);

// The index of the column headed `name`; an InputError naming the file when there is none.
std::size_t column_index(const CsvRows& rows, const std::string& name,
                         const std::filesystem::path& path);

}  // namespace incomesim::tools
