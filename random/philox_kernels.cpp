// Philox4x32-10 on whole vectors, compiled once per x86 target (Google Highway: AVX2, AVX-512,
// ...) and chosen at run time. Random123's Philox is written for one counter at a time; here
// the same rounds run on as many counters as a vector has 64-bit lanes: each 32-bit word sits
// in a 64-bit lane so that one MulEven gives the full 64-bit product (high half: >> 32; low
// half: the lane's low 32 bits, all the next round reads). Integer arithmetic only, so every
// target gives the same words (tests/test_random.cpp runs each compiled target).
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "random/philox_kernels.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
// foreach_target.h must come first: it includes this file again for every target.
#include <hwy/highway.h>

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "random/philox_lanes.hpp"

HWY_BEFORE_NAMESPACE();
namespace incomesim::random {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Philox4x32's constants (Salmon et al. 2011; Random123's philox.h).
constexpr std::uint64_t kMultiplier0 = 0xD2511F53u;
constexpr std::uint64_t kMultiplier1 = 0xCD9E8D57u;
constexpr std::uint32_t kWeyl0 = 0x9E3779B9u;
constexpr std::uint32_t kWeyl1 = 0xBB67AE85u;
constexpr int kRounds = 10;

// Ten rounds on `count` independent groups of counters at once (two keep both multipliers busy:
// each round waits on its products).
template <std::size_t kGroups, class D64>
void PhiloxRounds(D64 d64, std::uint64_t seed, hn::Vec<D64> (&x0)[kGroups],
                  hn::Vec<D64> (&x1)[kGroups], hn::Vec<D64> (&x2)[kGroups],
                  hn::Vec<D64> (&x3)[kGroups]) {
  const hn::Repartition<std::uint32_t, D64> pairs;  // the same bits as u32 pairs
  const auto multiplier0 = hn::BitCast(pairs, hn::Set(d64, kMultiplier0));
  const auto multiplier1 = hn::BitCast(pairs, hn::Set(d64, kMultiplier1));
  std::uint32_t key0 = static_cast<std::uint32_t>(seed);
  std::uint32_t key1 = static_cast<std::uint32_t>(seed >> 32);
  for (int round = 0; round < kRounds; ++round) {
    const auto k0 = hn::Set(d64, std::uint64_t{key0});
    const auto k1 = hn::Set(d64, std::uint64_t{key1});
    for (std::size_t g = 0; g < kGroups; ++g) {
      const auto product0 = hn::MulEven(hn::BitCast(pairs, x0[g]), multiplier0);
      const auto product1 = hn::MulEven(hn::BitCast(pairs, x2[g]), multiplier1);
      x0[g] = hn::Xor(hn::Xor(hn::ShiftRight<32>(product1), x1[g]), k0);
      x2[g] = hn::Xor(hn::Xor(hn::ShiftRight<32>(product0), x3[g]), k1);
      x1[g] = product1;
      x3[g] = product0;
    }
    key0 += kWeyl0;
    key1 += kWeyl1;
  }
}

// Lanes 0 .. done-1 of out, done the largest multiple of the vector's lane count <= n.
std::size_t PhiloxWholeVectors(std::uint64_t seed, const std::uint32_t* word0, std::uint32_t word1,
                               const std::uint32_t* word2, const std::uint32_t* word3,
                               std::size_t n, std::uint32_t* out0, std::uint32_t* out1,
                               std::uint32_t* out2, std::uint32_t* out3) {
  const hn::ScalableTag<std::uint64_t> d64;
  const hn::Rebind<std::uint32_t, decltype(d64)> d32;  // one u32 per u64 lane
  const std::size_t lanes = hn::Lanes(d64);
  const auto counter1 = hn::Set(d64, std::uint64_t{word1});
  std::size_t done = 0;
  auto run = [&]<std::size_t kGroups>(std::integral_constant<std::size_t, kGroups>) {
    using V = hn::Vec<decltype(d64)>;
    V x0[kGroups], x1[kGroups], x2[kGroups], x3[kGroups];
    for (std::size_t g = 0; g < kGroups; ++g) {
      const std::size_t at = done + g * lanes;
      x0[g] = hn::PromoteTo(d64, hn::LoadU(d32, word0 + at));
      x1[g] = counter1;
      x2[g] = hn::PromoteTo(d64, hn::LoadU(d32, word2 + at));
      x3[g] = hn::PromoteTo(d64, hn::LoadU(d32, word3 + at));
    }
    PhiloxRounds<kGroups>(d64, seed, x0, x1, x2, x3);
    for (std::size_t g = 0; g < kGroups; ++g) {
      const std::size_t at = done + g * lanes;
      hn::StoreU(hn::TruncateTo(d32, x0[g]), d32, out0 + at);
      hn::StoreU(hn::TruncateTo(d32, x1[g]), d32, out1 + at);
      hn::StoreU(hn::TruncateTo(d32, x2[g]), d32, out2 + at);
      hn::StoreU(hn::TruncateTo(d32, x3[g]), d32, out3 + at);
    }
    done += kGroups * lanes;
  };
  while (done + 2 * lanes <= n) run(std::integral_constant<std::size_t, 2>{});
  while (done + lanes <= n) run(std::integral_constant<std::size_t, 1>{});
  return done;
}

const char* TargetName() { return hwy::TargetName(HWY_TARGET); }

}  // namespace HWY_NAMESPACE
}  // namespace incomesim::random
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace incomesim::random {

HWY_EXPORT(PhiloxWholeVectors);
HWY_EXPORT(TargetName);

std::size_t philox_whole_vectors(std::uint64_t seed, const std::uint32_t* word0,
                                 std::uint32_t word1, const std::uint32_t* word2,
                                 const std::uint32_t* word3, std::size_t n, WordLanes& out) {
  return HWY_DYNAMIC_DISPATCH(PhiloxWholeVectors)(seed, word0, word1, word2, word3, n,
                                                  out.word[0].data(), out.word[1].data(),
                                                  out.word[2].data(), out.word[3].data());
}

const char* vector_target() { return HWY_DYNAMIC_DISPATCH(TargetName)(); }

}  // namespace incomesim::random
#endif  // HWY_ONCE
