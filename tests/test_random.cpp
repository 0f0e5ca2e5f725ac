// The counter-based generator and our counter layout.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "random/draw_sequence.hpp"

namespace {

using incomesim::random::DrawAddress;
using incomesim::random::DrawSequence;
using incomesim::random::kSetupMonth;

// Known-answer vectors of Philox4x32-10, from Random123's kat_vectors file: they pin the library.
TEST(Philox, KnownAnswerVectors) {
  r123::Philox4x32 philox;
  {
    r123::Philox4x32::ctr_type counter = {{0, 0, 0, 0}};
    r123::Philox4x32::key_type key = {{0, 0}};
    const auto out = philox(counter, key);
    EXPECT_EQ(out[0], 0x6627e8d5u);
    EXPECT_EQ(out[1], 0xe169c58du);
    EXPECT_EQ(out[2], 0xbc57ac4cu);
    EXPECT_EQ(out[3], 0x9b00dbd8u);
  }
  {
    r123::Philox4x32::ctr_type counter = {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}};
    r123::Philox4x32::key_type key = {{0xffffffff, 0xffffffff}};
    const auto out = philox(counter, key);
    EXPECT_EQ(out[0], 0x408f276du);
    EXPECT_EQ(out[1], 0x41c83b0eu);
    EXPECT_EQ(out[2], 0xa20bc7c6u);
    EXPECT_EQ(out[3], 0x6d5451fdu);
  }
  {
    r123::Philox4x32::ctr_type counter = {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}};
    r123::Philox4x32::key_type key = {{0xa4093822, 0x299f31d0}};
    const auto out = philox(counter, key);
    EXPECT_EQ(out[0], 0xd16cfe09u);
    EXPECT_EQ(out[1], 0x94fdccebu);
    EXPECT_EQ(out[2], 0x5001e420u);
    EXPECT_EQ(out[3], 0x24126ea1u);
  }
}

// Pins our layout of (seed, trial, stream, month, purpose) in the counter: if these change,
// every report changes, and that must be a deliberate decision.
TEST(DrawSequence, PinnedDraws) {
  DrawSequence a(42, DrawAddress{7, 2, 3, 1});
  EXPECT_EQ(a.bits32(), 0x2faa3fdfu);
  EXPECT_EQ(a.bits32(), 0xc289c764u);
  DrawSequence b(0x0123456789abcdefULL, DrawAddress{(1ULL << 40) + 5, 6, kSetupMonth, 9});
  EXPECT_EQ(b.uniform(), 0x1.cb853d8887422p-1);
  EXPECT_EQ(b.uniform(), 0x1.8fdcfef99d4dcp-1);
}

// In the manner of pbrt's ConsistentValues: the draws of a coordinate do not depend on what was
// drawn before, elsewhere.
TEST(DrawSequence, SameCoordinatesSameDrawsWhateverCameBefore) {
  auto draws = [](DrawAddress address) {
    DrawSequence stream(2020, address);
    std::vector<double> values;
    for (int i = 0; i < 9; ++i) values.push_back(stream.uniform());
    return values;
  };
  const auto first = draws({11, 4, 5, 0});
  const auto other = draws({12, 4, 5, 0});
  const auto again = draws({11, 4, 5, 0});
  EXPECT_EQ(first, again);
  EXPECT_NE(first, other);
}

TEST(DrawSequence, EveryCoordinateChangesTheDraws) {
  auto first_bits = [](std::uint64_t seed, DrawAddress address) {
    return DrawSequence(seed, address).bits32();
  };
  const DrawAddress base{1000, 3, 10, 2};
  std::set<std::uint32_t> seen{first_bits(1, base)};
  seen.insert(first_bits(2, base));
  seen.insert(first_bits(1ULL << 33, base));  // the seed's high word is part of the key
  seen.insert(first_bits(1, {1001, 3, 10, 2}));
  seen.insert(first_bits(1, {1000 + (1ULL << 32), 3, 10, 2}));  // trial's high bits
  seen.insert(first_bits(1, {1000, 4, 10, 2}));
  seen.insert(first_bits(1, {1000, 3, 11, 2}));
  seen.insert(first_bits(1, {1000, 3, 10, 3}));
  EXPECT_EQ(seen.size(), 8u);
}

TEST(DrawSequence, DrawIndexCountsThirtyTwoBitWords) {
  DrawSequence stream(5, {0, 0, 0, 0});
  EXPECT_EQ(stream.draws_taken(), 0u);
  stream.bits32();
  EXPECT_EQ(stream.draws_taken(), 1u);
  stream.uniform();
  EXPECT_EQ(stream.draws_taken(), 3u);
  for (int i = 0; i < 5; ++i) stream.bits32();
  EXPECT_EQ(stream.draws_taken(), 8u);
}

// Uniforms lie strictly inside (0, 1), and their mean and variance match U(0, 1). Seed fixed;
// n = 1e6 gives a standard error of 2.9e-4 for the mean and 3e-4 for E[U^2]; 5 standard
// errors is the tolerance, so the test fails when the code is wrong, not by chance.
TEST(DrawSequence, UniformsAreUniform) {
  const int n = 1000000;
  DrawSequence stream(77, {0, 0, 0, 0});
  double sum = 0, sum_squares = 0;
  for (int i = 0; i < n; ++i) {
    const double u = stream.uniform();
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    sum_squares += u * u;
  }
  EXPECT_NEAR(sum / n, 0.5, 5 * std::sqrt(1.0 / 12 / n));
  EXPECT_NEAR(sum_squares / n, 1.0 / 3, 5 * std::sqrt(4.0 / 45 / n));
}

}  // namespace
