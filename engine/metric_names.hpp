#pragma once
// The names of every metric a report holds (the `metric` column of summary.csv, risk.csv and
// comparison.csv), in one place: the code that makes a row and the code that reads one (the
// console, the research commands) use the same names.
#include <string>

namespace incomesim::engine {

// The series of every stream added together.
inline const std::string kTotalSeries = "total";

namespace metric {

// summary.csv, per series and period (outcomes put their own name and "_" in front).
inline const std::string kMean = "mean";
inline const std::string kSd = "sd";
inline const std::string kStandardError = "se_mean";
inline const std::string kProbabilityZero = "p_zero";
std::string percentile(double percent);               // "p5", "p2.5"
std::string above(double threshold);                  // "p_above_200000", never 2e+05
std::string shortfall(double fraction);               // "expected_shortfall_5pct"
inline const std::string kOutcomeTrials = "_trials";  // after an outcome's name

// risk.csv, per stream over the horizon.
inline const std::string kShareOfMean = "share_of_mean";
inline const std::string kShareOfVariance = "share_of_variance";
inline const std::string kMeanInShortfall = "mean_in_shortfall";
inline const std::string kShortfallRatio = "shortfall_ratio";
inline const std::string kShareOfShortfall = "share_of_shortfall";
inline const std::string kDiversificationRatio = "diversification_ratio";
std::string spearman_with(const std::string& stream);  // "spearman_medium"

// comparison.csv, B against A on the same trials.
inline const std::string kMeanA = "mean_a";
inline const std::string kMeanB = "mean_b";
inline const std::string kMeanDifference = "mean_difference";
inline const std::string kBAboveA = "p_b_above_a";
std::string percentile_difference(double percent);  // "p10_difference"

}  // namespace metric
}  // namespace incomesim::engine
