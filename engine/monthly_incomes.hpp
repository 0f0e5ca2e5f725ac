#pragma once
// One block's monthly incomes: [row][month][trial], in the reporting currency, one row per stream
// and then one per series the model derives from the total (tax, net). Allocated once per thread
// at the block size and reused for every block.
#include <cstddef>
#include <vector>

namespace incomesim::engine {

// A model may also write per-trial outcomes (e.g. whether a household ran out of cash):
// [outcome][trial].
class MonthlyIncomes {
 public:
  MonthlyIncomes(std::size_t rows, int months, std::size_t capacity, std::size_t outcomes = 0)
      : rows_(rows),
        months_(months),
        capacity_(capacity),
        outcome_count_(outcomes),
        values_(rows * static_cast<std::size_t>(months) * capacity, 0.0),
        outcomes_(outcomes * capacity, 0.0) {}

  void reset(std::size_t trial_count) { trial_count_ = trial_count; }

  double* row(std::size_t row, int month) {
    return values_.data() + (row * static_cast<std::size_t>(months_) + month) * capacity_;
  }
  const double* row(std::size_t row, int month) const {
    return values_.data() + (row * static_cast<std::size_t>(months_) + month) * capacity_;
  }

  double* outcome(std::size_t k) { return outcomes_.data() + k * capacity_; }
  const double* outcome(std::size_t k) const { return outcomes_.data() + k * capacity_; }
  std::size_t outcome_count() const { return outcome_count_; }

  std::size_t rows() const { return rows_; }
  int months() const { return months_; }
  std::size_t trial_count() const { return trial_count_; }
  std::size_t capacity() const { return capacity_; }

 private:
  std::size_t rows_;
  int months_;
  std::size_t capacity_;
  std::size_t outcome_count_;
  std::size_t trial_count_ = 0;
  std::vector<double> values_;
  std::vector<double> outcomes_;
};

}  // namespace incomesim::engine
