// Loops and conversions the Highway kernels share (core/vector_math.cpp, random/normals.cpp,
// distributions/family_kernels.cpp): included by each kernel source after
// hwy/foreach_target.h, once per target (Highway's -inl.h convention, hence the toggled guard).
#if defined(INCOMESIM_CORE_VECTOR_LOOPS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef INCOMESIM_CORE_VECTOR_LOOPS_INL_H_
#undef INCOMESIM_CORE_VECTOR_LOOPS_INL_H_
#else
#define INCOMESIM_CORE_VECTOR_LOOPS_INL_H_
#endif

#include <hwy/highway.h>

#include <algorithm>
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

}  // namespace HWY_NAMESPACE
}  // namespace incomesim::vector_loops
HWY_AFTER_NAMESPACE();

#endif  // INCOMESIM_CORE_VECTOR_LOOPS_INL_H_
