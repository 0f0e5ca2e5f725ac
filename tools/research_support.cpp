#include "tools/research_support.hpp"

#include <fmt/format.h>

#include "core/input_error.hpp"

namespace incomesim::tools {

void note(const ResearchArguments& arguments, const std::string& text) {
  if (!arguments.quiet) fmt::print(stderr, "{}\n", text);
}

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

}  // namespace incomesim::tools
