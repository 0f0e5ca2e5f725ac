#include "engine/csv.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string_view>

#include "core/input_error.hpp"
#include "core/number_format.hpp"

namespace incomesim::engine {

std::vector<std::vector<std::string>> parse_csv_strict(const std::string& text,
                                                       const std::string& file) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  // Where a field is: inside quotes, just after its closing quote, or in unquoted text.
  enum class State { start, unquoted, quoted, closed } state = State::start;
  int quote_row = 0;
  auto fail = [&](int row_number, const std::string& problem) {
    throw InputError(
        SourceLocation{file, row_number, static_cast<int>(row.size() + 1)}, "",
        problem +
            "; expected RFC 4180 CSV as incomesim writes it (a field with a comma, quote "
            "or line break is quoted and its quotes doubled)");
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const int row_number = static_cast<int>(rows.size() + 1);
    if (state == State::quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        state = State::closed;
      } else {
        field += c;
      }
    } else if (c == ',' || c == '\n') {
      row.push_back(std::move(field));
      field.clear();
      state = State::start;
      if (c == '\n') {
        rows.push_back(std::move(row));
        row.clear();
      }
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;  // CRLF line ends, as a spreadsheet may save them
    } else if (state == State::closed) {
      fail(row_number, "text after a closing quote");
    } else if (c == '"') {
      if (state == State::unquoted) fail(row_number, "a quote inside an unquoted field");
      state = State::quoted;
      quote_row = row_number;
    } else {
      field += c;
      state = State::unquoted;
    }
  }
  if (state == State::quoted) fail(quote_row, "a quote that is never closed");
  if (!field.empty() || !row.empty() || state == State::closed) {
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

namespace {

bool starts_a_formula(const std::string& text) {
  return !text.empty() && std::string_view("=+-@\t\r").find(text[0]) != std::string_view::npos;
}

bool is_plain_number(const std::string& text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && std::isfinite(value);
}

}  // namespace

std::string CsvWriter::text(const std::string& value) {
  if (!starts_a_formula(value) || is_plain_number(value)) return value;
  return "'" + value;
}

std::string CsvWriter::untext(const std::string& cell) {
  if (cell.size() >= 2 && cell[0] == '\'' && starts_a_formula(cell.substr(1)) &&
      !is_plain_number(cell.substr(1)))
    return cell.substr(1);
  return cell;
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
