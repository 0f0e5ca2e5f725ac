// Loops and conversions the Highway kernels share (core/vector_math.cpp, random/normals.cpp,
// distributions/family_kernels.cpp, distributions/count_kernels.cpp): included by each kernel
// source after hwy/foreach_target.h, once per target (Highway's -inl.h convention, hence the
// toggled guard).
#if defined(INCOMESIM_CORE_VECTOR_LOOPS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef INCOMESIM_CORE_VECTOR_LOOPS_INL_H_
#undef INCOMESIM_CORE_VECTOR_LOOPS_INL_H_
#else
#define INCOMESIM_CORE_VECTOR_LOOPS_INL_H_
#endif

#include <hwy/highway.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>

HWY_BEFORE_NAMESPACE();
namespace incomesim::vector_loops {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// out[j] = f(d, in[j]) on whole vectors of doubles (in may be out); the last lanes padded with
// `pad` (a value f accepts) and run through the same vector code, so that a value never depends
// on its position in the array.
template <class F>
void MapDoubles(const double* in, double pad, std::size_t n, double* out, F f) {
  const hn::ScalableTag<double> d;
  const std::size_t lanes = hn::Lanes(d);
  std::size_t done = 0;
  for (; done + lanes <= n; done += lanes) hn::StoreU(f(d, hn::LoadU(d, in + done)), d, out + done);
  if (done < n) {
    HWY_ALIGN double tail[hn::MaxLanes(d)];
    std::fill(tail, tail + lanes, pad);
    std::copy(in + done, in + n, tail);
    hn::Store(f(d, hn::Load(d, tail)), d, tail);
    std::copy(tail, tail + (n - done), out + done);
  }
}

// The uniform (top 24 bits of each word + 1/2) / 2^24: an exact float in (0, 1) that never
// rounds to 0 or 1 (single precision holds no more bits).
template <class DF>
hn::Vec<DF> UniformsFromTopBits(DF df, const std::uint32_t* words) {
  const hn::RebindToUnsigned<DF> du;
  const hn::RebindToSigned<DF> di;
  const auto top = hn::ConvertTo(df, hn::BitCast(di, hn::ShiftRight<8>(hn::LoadU(du, words))));
  return hn::Add(hn::Mul(top, hn::Set(df, 0x1p-24f)), hn::Set(df, 0x1p-25f));
}

#if HWY_TARGET == HWY_AVX2
// For each mask of 8 lanes, the indices of its set lanes in order, packed 4 bits each.
constexpr std::array<std::uint32_t, 256> kSetLanes = [] {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t mask = 0; mask < 256; ++mask)
    for (std::uint32_t lane = 0, k = 0; lane < 8; ++lane)
      if ((mask >> lane) & 1) table[mask] |= lane << (4 * k++);
  return table;
}();
#endif

// The lanes of index where mask is set, among the first `valid`, appended to list[count...] in
// lane order: compressed in a register and stored whole into the list's slack (a compressing
// store to memory is microcoded on AMD's AVX-512). Returns the new count. On AVX2 the lanes are
// found in a static table: Highway 1.0.3's AVX2 Compress declares its 1 KB table without
// `static`, and GCC copies it to the stack on every call (most of the gamma attempts' time).
template <class DU, class M>
std::size_t AppendLanes(DU du, M mask, hn::Vec<DU> index, std::size_t valid, std::uint32_t* list,
                        std::size_t count) {
  const auto listed = hn::And(mask, hn::FirstN(du, valid));
#if HWY_TARGET == HWY_AVX2
  std::uint8_t bits = 0;
  hn::StoreMaskBits(du, listed, &bits);
  const auto shifts = hn::ShiftLeft<2>(hn::Iota(du, 0));
  const auto lanes = hn::And(hn::Shr(hn::Set(du, kSetLanes[bits]), shifts), hn::Set(du, 15u));
  hn::StoreU(hn::TableLookupLanes(index, hn::IndicesFromVec(du, lanes)), du, list + count);
  return count + static_cast<std::size_t>(std::popcount(bits));
#else
  hn::StoreU(hn::Compress(index, listed), du, list + count);
  return count + hn::CountTrue(du, listed);
#endif
}

// A mask on the lanes of a vector of doubles as one on their 32-bit lane indices (d32, as many
// lanes): each all-ones lane truncated.
template <class D32, class D, class M>
auto IndexMask(D32 d32, D d, M mask) {
  const hn::RebindToUnsigned<D> du64;
  return hn::MaskFromVec(hn::TruncateTo(d32, hn::BitCast(du64, hn::VecFromMask(d, mask))));
}

}  // namespace HWY_NAMESPACE
}  // namespace incomesim::vector_loops
HWY_AFTER_NAMESPACE();

#endif  // INCOMESIM_CORE_VECTOR_LOOPS_INL_H_
