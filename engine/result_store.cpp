#include "engine/result_store.hpp"

#include <algorithm>
#include <cmath>

#include "engine/radix_sort.hpp"

namespace incomesim::engine {
namespace {

// An overflow: a value float cannot hold. Where NaN means "does not apply", only infinities.
bool overflows(double value, const SlotInfo& slot) {
  const float stored = static_cast<float>(value);
  return slot.may_be_missing ? std::isinf(stored) : !std::isfinite(stored);
}

class ExactStore final : public ResultStore {
 public:
  ExactStore(std::vector<SlotInfo> slots, std::uint64_t trials)
      : slots_(std::move(slots)), trials_(trials), values_(slots_.size() * trials, 0.0f) {}

  ResultsMode mode() const override { return ResultsMode::exact; }
  void prepare(StoreThreadPart&) const override {}
  void keep(std::size_t slot, std::uint64_t first_trial, const double* values, std::size_t count,
            StoreThreadPart&) override {
    float* out = values_.data() + slot * trials_ + first_trial;
    for (std::size_t i = 0; i < count; ++i) out[i] = static_cast<float>(values[i]);
  }
  void merge(const StoreThreadPart&) override {}
  // Each process wrote only its own trials; the others' stayed zero. The new trials of every
  // slot are gathered into one buffer so that the group combines them in one call.
  void combine_processes(const ProcessGroup& group, std::uint64_t first_trial,
                         StoreThreadPart&) override {
    const std::uint64_t added = trials_ - first_trial;
    std::vector<float> buffer(slots_.size() * added);
    for (std::size_t slot = 0; slot < slots_.size(); ++slot)
      std::copy_n(values_.data() + slot * trials_ + first_trial, added,
                  buffer.data() + slot * added);
    group.or_bytes(buffer.data(), buffer.size() * sizeof(float));
    for (std::size_t slot = 0; slot < slots_.size(); ++slot)
      std::copy_n(buffer.data() + slot * added, added,
                  values_.data() + slot * trials_ + first_trial);
  }
  void grow(std::uint64_t trials) override {
    if (trials == trials_) return;
    std::vector<float> grown(slots_.size() * trials, 0.0f);
    for (std::size_t slot = 0; slot < slots_.size(); ++slot)
      std::copy_n(values_.data() + slot * trials_, trials_, grown.data() + slot * trials);
    values_ = std::move(grown);
    trials_ = trials;
  }

  OrderStatistics order_statistics(std::size_t slot) const override {
    const float* v = values(slot);
    std::vector<float> sorted;
    sorted.reserve(trials_);
    std::copy_if(v, v + trials_, std::back_inserter(sorted),
                 [](float x) { return !std::isnan(x); });
    radix_sort(sorted);
    return OrderStatistics(std::move(sorted));
  }
  const float* values(std::size_t slot) const override { return values_.data() + slot * trials_; }
  std::string first_non_finite() const override {
    for (std::size_t slot = 0; slot < slots_.size(); ++slot) {
      const float* v = values(slot);
      for (std::uint64_t i = 0; i < trials_; ++i)
        if (overflows(v[i], slots_[slot]))
          return slots_[slot].description + " of trial " + std::to_string(i);
    }
    return "";
  }

 private:
  std::vector<SlotInfo> slots_;
  std::uint64_t trials_;
  std::vector<float> values_;  // [slot * trials + trial]
};

class SketchStore final : public ResultStore {
 public:
  explicit SketchStore(std::vector<SlotInfo> slots)
      : slots_(std::move(slots)), sketches_(slots_.size()) {}

  ResultsMode mode() const override { return ResultsMode::streaming; }
  void prepare(StoreThreadPart& part) const override { part.sketches.resize(slots_.size()); }
  void keep(std::size_t slot, std::uint64_t first_trial, const double* values, std::size_t count,
            StoreThreadPart& part) override {
    for (std::size_t i = 0; i < count; ++i) {
      // As the exact store's check after the run: there are no per-trial values to scan.
      if (overflows(values[i], slots_[slot]) && first_trial + i < part.non_finite_trial) {
        part.non_finite_trial = first_trial + i;
        part.non_finite = slots_[slot].description + " of trial " + std::to_string(first_trial + i);
      }
    }
    part.sketches[slot].add(values, count);
  }
  void merge(const StoreThreadPart& part) override {
    for (std::size_t k = 0; k < part.sketches.size(); ++k) sketches_[k].merge(part.sketches[k]);
    if (part.non_finite_trial < non_finite_trial_) {
      non_finite_trial_ = part.non_finite_trial;
      non_finite_ = part.non_finite;
    }
  }
  // The new trials are all in `part`, which is merged into the store afterwards.
  void combine_processes(const ProcessGroup& group, std::uint64_t, StoreThreadPart& part) override {
    merge_across_processes(part.sketches, group);
    // Only whether there is an overflow matters to the caller (a run with one is refused): keep
    // the local text, or name the lowest trial when another process met it.
    const std::vector<std::uint64_t> trials = group.all_gather({part.non_finite_trial});
    const std::uint64_t lowest = *std::min_element(trials.begin(), trials.end());
    if (lowest < part.non_finite_trial) {
      part.non_finite_trial = lowest;
      part.non_finite = "a value of trial " + std::to_string(lowest);
    }
  }
  void grow(std::uint64_t) override {}  // sketches do not grow with trials

  OrderStatistics order_statistics(std::size_t slot) const override {
    return OrderStatistics(sketches_[slot]);
  }
  const float* values(std::size_t) const override { return nullptr; }
  std::string first_non_finite() const override { return non_finite_; }

 private:
  std::vector<SlotInfo> slots_;
  std::vector<QuantileSketch> sketches_;
  std::uint64_t non_finite_trial_ = UINT64_MAX;
  std::string non_finite_;
};

}  // namespace

std::unique_ptr<ResultStore> make_result_store(ResultsMode mode, std::vector<SlotInfo> slots,
                                               std::uint64_t trials) {
  if (mode == ResultsMode::streaming) return std::make_unique<SketchStore>(std::move(slots));
  return std::make_unique<ExactStore>(std::move(slots), trials);
}

void merge_parts(StoreThreadPart& into, const StoreThreadPart& from) {
  if (into.sketches.size() < from.sketches.size()) into.sketches.resize(from.sketches.size());
  for (std::size_t k = 0; k < from.sketches.size(); ++k) into.sketches[k].merge(from.sketches[k]);
  if (from.non_finite_trial < into.non_finite_trial) {
    into.non_finite_trial = from.non_finite_trial;
    into.non_finite = from.non_finite;
  }
}

void merge_across_processes(std::vector<QuantileSketch>& sketches, const ProcessGroup& group) {
  std::vector<std::uint64_t> words;
  for (const auto& sketch : sketches) sketch.append_words(words);
  const std::vector<std::uint64_t> all = group.all_gather(words);
  const QuantileSketch empty;
  std::vector<QuantileSketch> merged(sketches.size());
  const std::uint64_t* cursor = all.data();
  for (int process = 0; process < group.size(); ++process)
    for (auto& sketch : merged)
      sketch.merge(QuantileSketch::from_words(cursor, empty.relative_accuracy()));
  sketches = std::move(merged);
}

std::uint64_t exact_store_bytes(std::size_t slots, std::uint64_t trials) {
  return slots * trials * sizeof(float);
}

}  // namespace incomesim::engine
