#include "tools/results_table.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "core/input_error.hpp"
#include "engine/csv.hpp"

namespace incomesim::tools {

CsvRows read_results_csv(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file)
    throw InputError(path.string(),
                     "cannot read it; expected a results directory written by "
                     "`incomesim run --out DIR`");
  std::ostringstream text;
  text << file.rdbuf();
  CsvRows rows = engine::parse_csv(text.str());
  if (rows.empty()) throw InputError(path.string(), "is empty; expected a CSV header");
  return rows;
}

std::size_t column_index(const CsvRows& rows, const std::string& name,
                         const std::filesystem::path& path) {
  for (std::size_t c = 0; c < rows.front().size(); ++c)
    if (rows.front()[c] == name) return c;
  throw InputError(path.string(),
                   fmt::format("has no column '{}'; is it a results directory written by this "
                               "version of incomesim?",
                               name));
}

}  // namespace incomesim::tools
