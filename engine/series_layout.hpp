#pragma once
// Where each series of a model lies, built once from the model. A model writes its streams'
// incomes and its derived series (tax, net: derived from the streams but not part of the total)
// as the rows of a block's MonthlyIncomes; the engine sums the total itself. Every series is
// reported in one order: the streams, the total, then the derived series. The block's rows, the
// runner's stores, risk attribution, paired comparison and the trace all read this one layout,
// so no index is shifted by hand.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace incomesim::engine {

class SeriesLayout {
 public:
  SeriesLayout(const std::vector<std::string>& streams, const std::vector<std::string>& derived);

  // Every series in report order: streams, the total, derived series.
  const std::vector<std::string>& names() const { return names_; }
  std::size_t size() const { return names_.size(); }
  std::size_t stream_count() const { return streams_; }
  std::size_t total() const { return streams_; }
  // Derived series are [first_derived(), size()).
  std::size_t first_derived() const { return streams_ + 1; }
  std::optional<std::size_t> find(const std::string& name) const;

  // The row of a block's MonthlyIncomes that a stream or a derived series is written to (the
  // total has none: it is the sum of the streams' rows).
  std::size_t income_row(std::size_t series) const {
    return series < streams_ ? series : series - 1;
  }
  std::size_t income_rows() const { return names_.size() - 1; }

 private:
  std::vector<std::string> names_;
  std::size_t streams_;
};

}  // namespace incomesim::engine
