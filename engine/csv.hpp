#pragma once
// CSV text (RFC 4180): fields quoted only when they must be, numbers in shortest round-trip form
// whatever the locale, missing values as empty fields.
#include <string>
#include <vector>

namespace incomesim::engine {

// The rows of RFC 4180 text (quoted fields, doubled quotes); the header is row 0.
std::vector<std::vector<std::string>> parse_csv(const std::string& text);

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
