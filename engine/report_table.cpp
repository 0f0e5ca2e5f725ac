#include "engine/report_table.hpp"

#include <cassert>
#include <cmath>
#include <stdexcept>

#include "engine/csv.hpp"

namespace incomesim::engine {
namespace {

bool fits(const ReportTable::Cell& cell, ReportTable::Type type) {
  if (std::holds_alternative<std::monostate>(cell)) return true;
  switch (type) {
    case ReportTable::Type::text:
      return std::holds_alternative<std::string>(cell);
    case ReportTable::Type::integer:
      return std::holds_alternative<std::int64_t>(cell) ||
             std::holds_alternative<std::uint64_t>(cell);
    case ReportTable::Type::real:
      return std::holds_alternative<double>(cell);
  }
  return false;
}

std::string field(const ReportTable::Cell& cell) {
  struct Text {
    std::string operator()(std::monostate) const { return ""; }
    std::string operator()(const std::string& text) const { return CsvWriter::text(text); }
    std::string operator()(std::int64_t value) const { return std::to_string(value); }
    std::string operator()(std::uint64_t value) const { return std::to_string(value); }
    std::string operator()(double value) const { return CsvWriter::number(value); }
  };
  return std::visit(Text{}, cell);
}

}  // namespace

ReportTable::ReportTable(std::vector<Column> columns) : columns_(std::move(columns)) {}

void ReportTable::add_row(std::vector<Cell> cells) {
  if (cells.size() != columns_.size())
    throw std::logic_error("report row with the wrong number of cells");
  for (std::size_t c = 0; c < cells.size(); ++c)
    if (!fits(cells[c], columns_[c].type))
      throw std::logic_error("report cell of the wrong type in column " + columns_[c].name);
  rows_.push_back(std::move(cells));
}

void ReportTable::append(const ReportTable& other) {
  if (other.columns_.size() != columns_.size())
    throw std::logic_error("appending a report table with other columns");
  rows_.insert(rows_.end(), other.rows_.begin(), other.rows_.end());
}

ReportTable ReportTable::with_leading(const std::vector<Column>& columns,
                                      const std::vector<Cell>& values) const {
  assert(columns.size() == values.size());
  std::vector<Column> all = columns;
  all.insert(all.end(), columns_.begin(), columns_.end());
  ReportTable table(std::move(all));
  for (const auto& row : rows_) {
    std::vector<Cell> cells = values;
    cells.insert(cells.end(), row.begin(), row.end());
    table.add_row(std::move(cells));
  }
  return table;
}

ReportTable ReportTable::renamed(const std::string& from, const std::string& to) const {
  ReportTable table = *this;
  for (auto& column : table.columns_)
    if (column.name == from) column.name = to;
  return table;
}

std::optional<std::size_t> ReportTable::find_column(const std::string& name) const {
  for (std::size_t c = 0; c < columns_.size(); ++c)
    if (columns_[c].name == name) return c;
  return std::nullopt;
}

const ReportTable::Cell& ReportTable::cell(std::size_t row, const std::string& column) const {
  const auto index = find_column(column);
  if (!index) throw std::logic_error("report table without a column " + column);
  return rows_.at(row)[*index];
}

double ReportTable::number(std::size_t row, const std::string& column) const {
  const Cell& value = cell(row, column);
  if (const auto* real = std::get_if<double>(&value)) return *real;
  if (const auto* whole = std::get_if<std::int64_t>(&value)) return static_cast<double>(*whole);
  if (const auto* whole = std::get_if<std::uint64_t>(&value)) return static_cast<double>(*whole);
  if (std::holds_alternative<std::monostate>(value)) return NAN;
  throw std::logic_error("report column " + column + " holds text, not numbers");
}

const std::string& ReportTable::text(std::size_t row, const std::string& column) const {
  static const std::string kMissing;
  const Cell& value = cell(row, column);
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  if (std::holds_alternative<std::monostate>(value)) return kMissing;
  throw std::logic_error("report column " + column + " holds numbers, not text");
}

std::string ReportTable::csv() const {
  std::vector<std::string> header;
  for (const auto& column : columns_) header.push_back(column.name);
  CsvWriter writer(header);
  std::vector<std::string> fields(columns_.size());
  for (const auto& row : rows_) {
    for (std::size_t c = 0; c < row.size(); ++c) fields[c] = field(row[c]);
    writer.add_row(fields);
  }
  return writer.text();
}

}  // namespace incomesim::engine
