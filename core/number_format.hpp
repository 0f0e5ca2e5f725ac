#pragma once
// Locale-independent, shortest round-trip text for numbers: what a CSV reader needs to get back
// exactly the double that was written.
#include <string>

namespace incomesim {

std::string format_number(double value);  // "nan"/"inf"/"-inf" for non-finite values

}  // namespace incomesim
