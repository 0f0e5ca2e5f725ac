#include "engine/csv.hpp"

#include <cmath>
#include <stdexcept>

#include "core/number_format.hpp"

namespace incomesim::engine {

std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
    } else if (c != '\r') {
      field += c;
    }
  }
  if (!field.empty() || !row.empty()) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

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
