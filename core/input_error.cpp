#include "core/input_error.hpp"

#include <fmt/format.h>

namespace incomesim {
namespace {

std::string render(const SourceLocation& where, const std::string& key,
                   const std::string& problem) {
  std::string text;
  if (!where.file.empty()) text += where.file + ":";
  // A value given on the command line (a file named after its option, "--set") has no line.
  const bool command_line = where.file.rfind("--", 0) == 0;
  if (where.line > 0 && !command_line) text += fmt::format("{}:{}:", where.line, where.column);
  if (!text.empty()) text += " ";
  if (!key.empty()) text += key + ": ";
  return text + problem;
}

}  // namespace

InputError::InputError(const SourceLocation& where, const std::string& key,
                       const std::string& problem)
    : std::runtime_error(render(where, key, problem)), problem_(problem) {}

InputError::InputError(const std::string& file, const std::string& problem)
    : InputError(SourceLocation{file, 0, 0}, "", problem) {}

}  // namespace incomesim
