#pragma once
// CSV text (RFC 4180): fields quoted only when they must be, numbers in shortest round-trip form
// whatever the locale, missing values as empty fields.
#include <string>
#include <vector>

namespace incomesim::engine {

// The rows of RFC 4180 text (quoted fields, doubled quotes, LF or CRLF line ends); the header is
// row 0. An InputError naming `file`, the row (1-based, the header is row 1) and the field for a
// quote that is never closed, a quote inside an unquoted field, or text after a closing quote.
std::vector<std::vector<std::string>> parse_csv_strict(const std::string& text,
                                                       const std::string& file);

class CsvWriter {
 public:
  explicit CsvWriter(const std::vector<std::string>& header);
  void add_row(const std::vector<std::string>& fields);
  const std::string& text() const { return text_; }

  static std::string number(double value);  // "" for NaN (a missing value)
  static std::string escape(const std::string& field);
  // A text cell as a spreadsheet will not evaluate it: text that starts with =, +, -, @, a tab or
  // a carriage return (a formula to Excel, LibreOffice and Google Sheets), and is not a plain
  // number, gets a leading apostrophe (OWASP's advice for CSV injection). Numbers such as "-0.5"
  // are left alone.
  static std::string text(const std::string& value);
  // The inverse of text() for a cell read back.
  static std::string untext(const std::string& cell);

 private:
  std::size_t columns_;
  std::string text_;
};

}  // namespace incomesim::engine
