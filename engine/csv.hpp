#pragma once
// CSV text (RFC 4180): fields quoted only when they must be, numbers in shortest round-trip form
// whatever the locale, missing values as empty fields.
#include <string>
#include <vector>

namespace incomesim::engine {

class CsvWriter {
 public:
  explicit CsvWriter(const std::vector<std::string>& header);
  void add_row(const std::vector<std::string>& fields);
  const std::string& text() const { return text_; }

  static std::string number(double value);  // "" for NaN (a missing value)
  static std::string escape(const std::string& field);

 private:
  std::size_t columns_;
  std::string text_;
};

}  // namespace incomesim::engine
