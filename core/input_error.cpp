#include "core/input_error.hpp"

#include <fmt/format.h>

#include "core/plain_text.hpp"

namespace incomesim {
namespace {

std::string render(const SourceLocation& where, const std::string& key,
                   const std::string& problem) {
  std::string text;
  if (!where.file.empty()) text += one_line(where.file) + ":";
  // A value given on the command line (a file named after its option, "--set") has no line.
  const bool command_line = where.file.rfind("--", 0) == 0;
  // A whole row or line (column 0) is named by its line alone.
  if (where.line > 0 && !command_line)
    text += where.column > 0 ? fmt::format("{}:{}:", where.line, where.column)
                             : fmt::format("{}:", where.line);
  if (!text.empty()) text += " ";
  if (!key.empty()) text += one_line(key) + ": ";
  return text + one_line(problem);
}

}  // namespace

InputError::InputError(const SourceLocation& where, const std::string& key,
                       const std::string& problem)
    : std::runtime_error(render(where, key, problem)), problem_(problem) {}

InputError::InputError(const std::string& file, const std::string& problem)
    : InputError(SourceLocation{file, 0, 0}, "", problem) {}

}  // namespace incomesim
