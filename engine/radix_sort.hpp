#pragma once
// Sorting floating-point values by their bits: least-significant-digit radix passes of 8 bits,
// O(n) where std::sort is O(n log n) (the full sorts of a run's results cost about 12% of it;
// docs/performance.md). The order is std::sort's: ascending, with -0 and +0 equal (kept in
// their input order). NaN must not be present. radix_argsort is stable, as std::stable_sort of
// indices by value is, so ties keep their index order.
#include <array>
#include <bit>
#include <cstdint>
#include <limits>
#include <span>
#include <stdexcept>
#include <type_traits>
#include <vector>

namespace incomesim::engine {

namespace detail {

template <class T>
using RadixKey = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;

// An unsigned key in the values' order: negative values' bits flipped, positive values' sign bit
// set; -0 is taken as +0.
template <class T>
RadixKey<T> radix_key(T value) {
  using Key = RadixKey<T>;
  constexpr Key sign = Key{1} << (sizeof(Key) * 8 - 1);
  const Key bits = std::bit_cast<Key>(value == 0 ? T(0) : value);
  return (bits & sign) ? ~bits : bits | sign;
}

// Stable LSD passes over (key, payload) pairs, skipping digits every key shares.
template <class Key, class Payload>
void radix_pass_all(std::vector<Key>& keys, std::vector<Payload>& payload) {
  const std::size_t n = keys.size();
  std::vector<Key> keys_out(n);
  std::vector<Payload> payload_out(n);
  for (unsigned shift = 0; shift < sizeof(Key) * 8; shift += 8) {
    std::array<std::size_t, 256> count{};
    for (const Key key : keys) ++count[(key >> shift) & 0xFF];
    if (count[(keys.front() >> shift) & 0xFF] == n) continue;  // one digit for all: no move
    std::size_t position = 0;
    for (auto& c : count) {
      const std::size_t here = c;
      c = position;
      position += here;
    }
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t to = count[(keys[i] >> shift) & 0xFF]++;
      keys_out[to] = keys[i];
      payload_out[to] = payload[i];
    }
    keys.swap(keys_out);
    payload.swap(payload_out);
  }
}

}  // namespace detail

// Sorts `values` ascending in place.
template <class T>
void radix_sort(std::vector<T>& values) {
  static_assert(std::is_floating_point_v<T>);
  if (values.size() < 2) return;
  std::vector<detail::RadixKey<T>> keys(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) keys[i] = detail::radix_key(values[i]);
  detail::radix_pass_all(keys, values);
}

// The indices of `values` in ascending order of value, ties in index order. Indices are 32-bit
// (half the memory of size_t for a run's millions of trials): more than 2^32 values is refused.
template <class T>
std::vector<std::uint32_t> radix_argsort(std::span<const T> values) {
  static_assert(std::is_floating_point_v<T>);
  if (values.size() > std::numeric_limits<std::uint32_t>::max())
    throw std::length_error("radix_argsort: more than 2^32 values");
  std::vector<std::uint32_t> order(values.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::uint32_t>(i);
  if (values.size() < 2) return order;
  std::vector<detail::RadixKey<T>> keys(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) keys[i] = detail::radix_key(values[i]);
  detail::radix_pass_all(keys, order);
  return order;
}

}  // namespace incomesim::engine
