#include "core/number_format.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace incomesim {

std::string format_number(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  if (value == 0.0) return "0";  // also folds -0 into 0
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string rounded_number(double value, int significant) {
  if (!std::isfinite(value)) return format_number(value);
  return fmt::format("{:.{}g}", value, significant);
}

std::string plain_number(double value) {
  if (!std::isfinite(value) || value == 0.0) return format_number(value);
  char buffer[400];  // the longest fixed form of a double is under 330 characters
  const auto result =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
  constexpr std::ptrdiff_t kLongest = 32;
  if (result.ec != std::errc() || result.ptr - buffer > kLongest) return format_number(value);
  return std::string(buffer, result.ptr);
}

}  // namespace incomesim
