#pragma once
// A report as data until it is written: named, typed columns and rows of cells. Analyses build
// tables, put columns in front of them (the scenario of a comparison, the point of a sweep),
// append them, and turn them into CSV text only at the edge (csv.hpp's rules: shortest
// round-trip numbers whatever the locale, missing values as empty fields). The report layer reads
// a results directory back into the same type, and its charts and pages read cells by column
// name.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace incomesim::engine {

// The layout of the CSV files a run writes (docs/csv-schema.md), recorded in metadata.csv as
// schema_version. 1: before it was recorded, the series column named "stream"; 2: that column is
// "series" and thresholds are named in full (p_above_200000).
inline constexpr int kCsvSchemaVersion = 2;

class ReportTable {
 public:
  enum class Type { text, integer, real };
  struct Column {
    std::string name;
    Type type;
  };
  // A missing value (std::monostate, or a NaN real) is an empty field.
  using Cell = std::variant<std::monostate, std::string, std::int64_t, std::uint64_t, double>;

  explicit ReportTable(std::vector<Column> columns);

  // Cells must match the columns in number and type (an internal invariant: std::logic_error).
  void add_row(std::vector<Cell> cells);
  // Every row of `other`, whose columns must be the same.
  void append(const ReportTable& other);
  // The same rows with `columns` in front, each row holding `values` there.
  ReportTable with_leading(const std::vector<Column>& columns,
                           const std::vector<Cell>& values) const;
  // The same table with one column renamed.
  ReportTable renamed(const std::string& from, const std::string& to) const;

  const std::vector<Column>& columns() const { return columns_; }
  std::size_t row_count() const { return rows_.size(); }
  // The index of the column `name`, if the table has one.
  std::optional<std::size_t> find_column(const std::string& name) const;
  // A cell by row and column name; an unknown column is an internal error (std::logic_error):
  // a table read from a file has had its columns checked.
  const Cell& cell(std::size_t row, const std::string& column) const;
  // A cell as a number: NaN when missing; integers converted. Text is a std::logic_error.
  double number(std::size_t row, const std::string& column) const;
  // A text cell's text, or empty when missing; other types are a std::logic_error.
  const std::string& text(std::size_t row, const std::string& column) const;

  std::string csv() const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<Cell>> rows_;
};

}  // namespace incomesim::engine
