#pragma once
// Locale-independent, shortest round-trip text for numbers: what a CSV reader needs to get back
// exactly the double that was written.
#include <string>

namespace incomesim {

std::string format_number(double value);  // "nan"/"inf"/"-inf" for non-finite values

// The same double in positional notation, never an exponent: 200000 -> "200000" (where
// format_number gives "2e+05"), 0.5 -> "0.5"; for names made of a number (p_above_200000). A
// number whose positional form is longer than 32 characters (very large or very small) is written
// as format_number writes it.
std::string plain_number(double value);
// For a person to read: `significant` digits (%g), so that an estimate's Monte Carlo noise in the
// last places (3000.000000000017) does not show; 68897.85289951504 -> "68897.9".
std::string rounded_number(double value, int significant = 6);

}  // namespace incomesim
