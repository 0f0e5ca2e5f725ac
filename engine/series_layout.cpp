#include "engine/series_layout.hpp"

#include <algorithm>

#include "engine/metric_names.hpp"

namespace incomesim::engine {

SeriesLayout::SeriesLayout(const std::vector<std::string>& streams,
                           const std::vector<std::string>& derived)
    : names_(streams), streams_(streams.size()) {
  names_.push_back(kTotalSeries);
  names_.insert(names_.end(), derived.begin(), derived.end());
}

std::optional<std::size_t> SeriesLayout::find(const std::string& name) const {
  const auto it = std::find(names_.begin(), names_.end(), name);
  if (it == names_.end()) return std::nullopt;
  return static_cast<std::size_t>(it - names_.begin());
}

}  // namespace incomesim::engine
