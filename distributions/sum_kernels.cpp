// Highway kernel of distributions/sum_kernels.hpp: one source, compiled once per x86 target.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "distributions/sum_kernels.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
// foreach_target.h must come first: it includes this file again for every target.
#include <hwy/highway.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "distributions/sum_kernels.hpp"

HWY_BEFORE_NAMESPACE();
namespace incomesim::dist::kernels {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// One trial per lane: draw k of every lane at once (a gather, since each trial's blocks start
// at its own lane), added only where k is below the lane's count, until the largest count.
void SumDraws(const double* values, std::size_t lanes, const std::uint32_t* first_lane,
              const std::int64_t* counts, std::size_t n, double* sums) {
  const hn::ScalableTag<double> d;
  const hn::RebindToSigned<decltype(d)> di;
  const hn::Rebind<std::uint32_t, decltype(d)> du32;
  const hn::RebindToUnsigned<decltype(d)> du64;
  const std::size_t width = hn::Lanes(d);
  auto one_vector = [&](const std::uint32_t* first_at, const std::int64_t* count_at,
                        double* sum_at) {
    const auto first = hn::BitCast(di, hn::PromoteTo(du64, hn::LoadU(du32, first_at)));
    const auto count = hn::LoadU(di, count_at);
    const std::int64_t most = hn::GetLane(hn::MaxOfLanes(di, count));
    auto sum = hn::Zero(d);
    for (std::int64_t k = 0; k < most; ++k) {
      const auto active = hn::RebindMask(d, hn::Lt(hn::Set(di, k), count));
      const auto offset = static_cast<std::int64_t>(static_cast<std::size_t>(k % 4) * lanes +
                                                    static_cast<std::size_t>(k / 4));
      // Lanes past their count read their own first draw, which is then not added.
      const auto index =
          hn::IfThenElse(hn::RebindMask(di, active), hn::Add(first, hn::Set(di, offset)), first);
      sum = hn::IfThenElse(active, hn::Add(sum, hn::GatherIndex(d, values, index)), sum);
    }
    hn::StoreU(sum, d, sum_at);
  };
  std::size_t i = 0;
  for (; i + width <= n; i += width) one_vector(first_lane + i, counts + i, sums + i);
  if (i < n) {
    // Padded with trials of no draws (and a first lane that exists), so that a sum never
    // depends on its position.
    std::uint32_t first_tail[hn::MaxLanes(d)];
    std::int64_t count_tail[hn::MaxLanes(d)] = {};
    double sum_tail[hn::MaxLanes(d)];
    std::fill(first_tail, first_tail + width, first_lane[i]);
    std::copy(first_lane + i, first_lane + n, first_tail);
    std::copy(counts + i, counts + n, count_tail);
    one_vector(first_tail, count_tail, sum_tail);
    std::copy(sum_tail, sum_tail + (n - i), sums + i);
  }
}

}  // namespace HWY_NAMESPACE
}  // namespace incomesim::dist::kernels
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace incomesim::dist::kernels {

HWY_EXPORT(SumDraws);

void sum_draws(const double* values, std::size_t lanes, const std::uint32_t* first_lane,
               const std::int64_t* counts, std::size_t n, double* sums) {
  HWY_DYNAMIC_DISPATCH(SumDraws)(values, lanes, first_lane, counts, n, sums);
}

}  // namespace incomesim::dist::kernels
#endif  // HWY_ONCE
