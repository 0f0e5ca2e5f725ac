#pragma once
// Maximum-likelihood estimates from data, with asymptotic standard errors, and a goodness-of-fit
// test: what `incomesim fit` turns a payout history into. Generic: these know distributions and
// samples, not streams.
#include <cstddef>
#include <span>

namespace incomesim::dist {

// An estimate and its asymptotic standard error (from the Fisher information).
struct ParameterEstimate {
  double value = 0;
  double standard_error = 0;
};

struct LognormalFit {
  std::size_t n = 0;
  ParameterEstimate mu;     // mean of log X: se sigma / sqrt(n)
  ParameterEstimate sigma;  // sd of log X, MLE (divisor n): se sigma / sqrt(2n)
  double ks_distance = 0;   // sup |F_n - F| against the fitted lognormal
  // Lilliefors' test (parameters estimated from the same data), by Dallal and Wilkinson's (1986)
  // approximation; it holds for p below 0.1, and larger values are reported as 0.1 (p >= 0.1).
  double lilliefors_p = 0;
};

// Every value must be > 0 (the caller says which are not); at least 2 values.
LognormalFit fit_lognormal(std::span<const double> values);

// Poisson mean of counts: their mean, se sqrt(mean / n).
ParameterEstimate fit_poisson_mean(std::span<const double> counts);
// Binomial proportion: successes / trials, se sqrt(p (1 - p) / trials).
ParameterEstimate fit_binomial_proportion(double successes, double trials);

// Dallal and Wilkinson's approximation to the p-value of Lilliefors' KS statistic for normality
// (here of log X) of n values; capped at 0.1, where the approximation stops.
double lilliefors_p_value(double distance, std::size_t n);

}  // namespace incomesim::dist
