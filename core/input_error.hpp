#pragma once
// User mistakes: one message that names the file, line, column, key, the bad value and what is
// allowed. Thrown anywhere below the command line and caught at the edge (exit status 2).
#include <stdexcept>
#include <string>

namespace incomesim {

struct SourceLocation {
  std::string file;  // empty when the input did not come from a file
  int line = 0;      // 1-based; 0 when unknown
  int column = 0;
};

class InputError : public std::runtime_error {
 public:
  // Renders "file:line:column: key: problem".
  InputError(const SourceLocation& where, const std::string& key, const std::string& problem);
  InputError(const std::string& file, const std::string& problem);

  const std::string& problem() const { return problem_; }

 private:
  std::string problem_;
};

// A parameter that a constructor rejected, before it is known where the parameter came from.
// The loader catches it and rethrows an InputError with the location of the field.
class InvalidParameter : public std::invalid_argument {
 public:
  InvalidParameter(std::string field, const std::string& problem)
      : std::invalid_argument(problem), field_(std::move(field)) {}
  const std::string& field() const { return field_; }

 private:
  std::string field_;
};

}  // namespace incomesim
