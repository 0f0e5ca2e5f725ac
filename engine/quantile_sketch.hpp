#pragma once
// A mergeable quantile sketch with a stated relative error (logarithmic buckets, as in
// Masson, Rim & Lee's DDSketch, 2019): a value v > 0 falls in bucket k = ceil(log_gamma(v)),
// gamma = (1 + a) / (1 - a), and the bucket's midpoint 2 gamma^k / (gamma + 1) is within relative
// error a of every value in it. Negative values use mirrored buckets, zeros a counter of their
// own. Counts are integers, so merging is exact, associative and commutative: sketches merged
// in any order, on any number of threads, give identical quantiles. Memory grows with the log
// of the value range, not with the number of values.
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace incomesim::engine {

class QuantileSketch {
 public:
  explicit QuantileSketch(double relative_accuracy = 0.005);

  void add(double value);  // NaN is ignored; magnitudes are clamped to [1e-38, 3.4e38]
  // add(values[j]) for j < n, the logarithms on whole vectors (core/vector_math): what a run
  // uses. A bucket index can differ from add(value)'s for a value within an ulp of a bucket
  // boundary (Highway's log against libm's); every thread and target gives the same.
  void add(const double* values, std::size_t n);
  void merge(const QuantileSketch& other);

  // The sketch as 64-bit words, and back (sketches sent between processes).
  void append_words(std::vector<std::uint64_t>& words) const;
  static QuantileSketch from_words(const std::uint64_t*& words, double relative_accuracy);

  std::uint64_t count() const { return count_; }
  double relative_accuracy() const { return accuracy_; }
  // The value of rank floor(p (n - 1)) (0-based) in sorted order, within relative error a.
  double quantile(double p) const;
  double value_at_rank(std::uint64_t rank) const;  // 0-based, within relative error a
  // The lowest and highest value the value of that rank can have had: the edges of its bucket,
  // v / (1 + a) and v / (1 - a) for a representative v > 0 (mirrored below 0; 0 for zeros; down
  // to 0 for the bucket of magnitudes clamped to 1e-38). An interval from these bounds holds the
  // exact order statistic, so it is honest about the sketch's own error.
  std::pair<double, double> bounds_at_rank(std::uint64_t rank) const;
  std::uint64_t zeros() const { return zeros_; }
  // Values above x, counting each bucket as its representative value (exact unless x is
  // within relative error a of a value).
  std::uint64_t count_above(double x) const;
  // The mean of the `lowest` smallest values, each within relative error a.
  double mean_of_lowest(std::uint64_t lowest) const;

 private:
  struct Buckets {
    std::vector<std::uint64_t> counts;
    int first_index = 0;  // bucket index of counts[0]
    void add(int index) {
      const auto offset = static_cast<std::size_t>(index - first_index);  // wraps below
      if (offset < counts.size()) [[likely]]
        ++counts[offset];
      else
        grow_and_add(index);
    }
    void grow_and_add(int index);
    void merge(const Buckets& other);
  };
  template <class Visit>
  void ascending(Visit visit) const;
  static double clamped(double magnitude);
  int index_of_log(double log_magnitude) const;  // the bucket of a magnitude from its log
  int index_of(double magnitude) const;
  double value_of(int index) const;

  double accuracy_;
  double gamma_;
  double log_gamma_;
  Buckets positive_, negative_;
  std::uint64_t zeros_ = 0;
  std::uint64_t count_ = 0;
};

}  // namespace incomesim::engine
