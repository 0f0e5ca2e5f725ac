#include "engine/csv.hpp"

#include <cmath>
#include <stdexcept>

#include "core/number_format.hpp"

namespace incomesim::engine {

CsvWriter::CsvWriter(const std::vector<std::string>& header) : columns_(header.size()) {
  add_row(header);
}

void CsvWriter::add_row(const std::vector<std::string>& fields) {
  if (fields.size() != columns_) throw std::logic_error("CSV row with the wrong number of fields");
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) text_ += ',';
    text_ += escape(fields[i]);
  }
  text_ += '\n';
}

std::string CsvWriter::number(double value) {
  return std::isnan(value) ? std::string() : format_number(value);
}

std::string CsvWriter::escape(const std::string& field) {
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string quoted = "\"";
  for (char c : field) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace incomesim::engine
