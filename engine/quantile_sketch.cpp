#include "engine/quantile_sketch.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

#include "core/vector_math.hpp"

namespace incomesim::engine {

QuantileSketch::QuantileSketch(double relative_accuracy)
    : accuracy_(relative_accuracy),
      gamma_((1 + relative_accuracy) / (1 - relative_accuracy)),
      log_gamma_(std::log(gamma_)) {
  assert(relative_accuracy > 0 && relative_accuracy < 1);
}

// Magnitudes are clamped to float's range: a run whose incomes leave it is refused after the run
// (TrialResults::first_non_finite), and the clamp keeps the bucket arrays small and the index
// conversion defined for infinities.
double QuantileSketch::clamped(double magnitude) { return std::clamp(magnitude, 1e-38, 3.4e38); }

int QuantileSketch::index_of_log(double log_magnitude) const {
  return static_cast<int>(std::ceil(log_magnitude / log_gamma_));
}

int QuantileSketch::index_of(double magnitude) const {
  return index_of_log(std::log(clamped(magnitude)));
}

double QuantileSketch::value_of(int index) const {
  return 2 * std::pow(gamma_, index) / (gamma_ + 1);
}

void QuantileSketch::Buckets::grow_and_add(int index) {
  if (counts.empty()) {
    first_index = index;
    counts.push_back(0);
  } else if (index < first_index) {
    counts.insert(counts.begin(), static_cast<std::size_t>(first_index - index), 0);
    first_index = index;
  } else if (index >= first_index + static_cast<int>(counts.size())) {
    counts.resize(static_cast<std::size_t>(index - first_index + 1), 0);
  }
  ++counts[static_cast<std::size_t>(index - first_index)];
}

void QuantileSketch::Buckets::merge(const Buckets& other) {
  for (std::size_t k = 0; k < other.counts.size(); ++k) {
    if (other.counts[k] == 0) continue;
    const int index = other.first_index + static_cast<int>(k);
    add(index);  // makes room, then count the rest
    counts[static_cast<std::size_t>(index - first_index)] += other.counts[k] - 1;
  }
}

void QuantileSketch::append_words(std::vector<std::uint64_t>& words) const {
  words.push_back(count_);
  words.push_back(zeros_);
  for (const Buckets* b : {&positive_, &negative_}) {
    words.push_back(static_cast<std::uint64_t>(static_cast<std::int64_t>(b->first_index)));
    words.push_back(b->counts.size());
    words.insert(words.end(), b->counts.begin(), b->counts.end());
  }
}

QuantileSketch QuantileSketch::from_words(const std::uint64_t*& words, double relative_accuracy) {
  QuantileSketch sketch(relative_accuracy);
  sketch.count_ = *words++;
  sketch.zeros_ = *words++;
  for (Buckets* b : {&sketch.positive_, &sketch.negative_}) {
    b->first_index = static_cast<int>(static_cast<std::int64_t>(*words++));
    const std::size_t size = static_cast<std::size_t>(*words++);
    b->counts.assign(words, words + size);
    words += size;
  }
  return sketch;
}

void QuantileSketch::add(double value) {
  if (std::isnan(value)) return;  // never an income; such a run is refused after it ends
  ++count_;
  if (value > 0) {
    positive_.add(index_of(value));
  } else if (value < 0) {
    negative_.add(index_of(-value));
  } else {
    ++zeros_;
  }
}

void QuantileSketch::add(const double* values, std::size_t n) {
  // Chunks small enough for the stack: no allocation per call.
  constexpr std::size_t kChunk = 256;
  double log_magnitude[kChunk];
  int index[kChunk];
  for (std::size_t first = 0; first < n; first += kChunk) {
    const std::size_t m = std::min(kChunk, n - first);
    for (std::size_t j = 0; j < m; ++j) log_magnitude[j] = clamped(std::abs(values[first + j]));
    vector_math::log_in_place(log_magnitude, m);
    for (std::size_t j = 0; j < m; ++j) index[j] = index_of_log(log_magnitude[j]);
    // Counted in locals: members incremented in memory make a chain of store-to-load
    // forwarding through the whole loop.
    std::uint64_t added = 0, zeros = 0;
    for (std::size_t j = 0; j < m; ++j) {
      const double value = values[first + j];
      if (value > 0) {
        positive_.add(index[j]);
      } else if (value < 0) {
        negative_.add(index[j]);
      } else if (value == 0) {
        ++zeros;
      } else {
        continue;  // NaN: never an income; such a run is refused after it ends
      }
      ++added;
    }
    count_ += added;
    zeros_ += zeros;
  }
}

void QuantileSketch::merge(const QuantileSketch& other) {
  assert(other.accuracy_ == accuracy_);
  positive_.merge(other.positive_);
  negative_.merge(other.negative_);
  zeros_ += other.zeros_;
  count_ += other.count_;
}

template <class Visit>
void QuantileSketch::ascending(Visit visit) const {
  // Negatives from the most negative (largest magnitude) up, then zeros, then positives; each
  // bucket as its representative value and count. visit returns false to stop.
  for (std::size_t k = negative_.counts.size(); k-- > 0;)
    if (negative_.counts[k] &&
        !visit(-value_of(negative_.first_index + static_cast<int>(k)), negative_.counts[k]))
      return;
  if (zeros_ && !visit(0.0, zeros_)) return;
  for (std::size_t k = 0; k < positive_.counts.size(); ++k)
    if (positive_.counts[k] &&
        !visit(value_of(positive_.first_index + static_cast<int>(k)), positive_.counts[k]))
      return;
}

double QuantileSketch::value_at_rank(std::uint64_t rank) const {
  if (count_ == 0) return std::numeric_limits<double>::quiet_NaN();
  rank = std::min(rank, count_ - 1);
  double value = 0;
  std::uint64_t seen = 0;
  ascending([&](double v, std::uint64_t n) {
    seen += n;
    value = v;
    return seen <= rank;
  });
  return value;
}

std::pair<double, double> QuantileSketch::bounds_at_rank(std::uint64_t rank) const {
  const double v = value_at_rank(rank);
  if (std::isnan(v) || v == 0) return {v, v};
  // A bucket holds magnitudes in (gamma^(k-1), gamma^k], that is [v / (1 + a), v / (1 - a)] for
  // its representative v. One part in 10^12 more either way: a value within an ulp of an edge may
  // be counted in the next bucket (vectorised logarithms).
  constexpr double kEdgeSlack = 1e-12;
  const double magnitude = std::abs(v);
  double low = magnitude / (1 + accuracy_) * (1 - kEdgeSlack);
  const double high = magnitude / (1 - accuracy_) * (1 + kEdgeSlack);
  if (low <= clamped(0.0)) low = 0;  // magnitudes below 1e-38 were counted as 1e-38
  return v > 0 ? std::pair{low, high} : std::pair{-high, -low};
}

double QuantileSketch::quantile(double p) const {
  if (count_ == 0) return std::numeric_limits<double>::quiet_NaN();
  return value_at_rank(static_cast<std::uint64_t>(std::floor(p * static_cast<double>(count_ - 1))));
}

std::uint64_t QuantileSketch::count_above(double x) const {
  std::uint64_t above = 0;
  ascending([&](double v, std::uint64_t n) {
    if (v > x) above += n;
    return true;
  });
  return above;
}

double QuantileSketch::mean_of_lowest(std::uint64_t lowest) const {
  lowest = std::min(lowest, count_);
  if (lowest == 0) return std::numeric_limits<double>::quiet_NaN();
  double sum = 0;
  std::uint64_t taken = 0;
  ascending([&](double v, std::uint64_t n) {
    const std::uint64_t take = std::min(n, lowest - taken);
    sum += v * static_cast<double>(take);
    taken += take;
    return taken < lowest;
  });
  return sum / static_cast<double>(lowest);
}

}  // namespace incomesim::engine
