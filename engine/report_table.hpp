#pragma once
// A report as data until it is written: named, typed columns and rows of cells. Commands build
// tables, put columns in front of them (the scenario of a comparison, the point of a sweep),
// append them, and turn them into CSV text only at the edge (csv.hpp's rules: shortest
// round-trip numbers whatever the locale, missing values as empty fields).
#include <cstdint>
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

  std::string csv() const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<Cell>> rows_;
};

}  // namespace incomesim::engine
