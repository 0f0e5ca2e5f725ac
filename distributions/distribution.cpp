#include "distributions/distribution.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>

#include <boost/math/distributions/bernoulli.hpp>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/pareto.hpp>
#include <boost/math/distributions/poisson.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <boost/math/distributions/uniform.hpp>
#include <boost/math/tools/roots.hpp>
#include <fmt/format.h>

#include "core/input_error.hpp"
#include "core/number_format.hpp"

namespace incomesim::dist {

double detail::log_factorial(double k) {
  static const auto table = [] {
    std::array<double, 256> t{};
    for (std::size_t i = 0; i < t.size(); ++i) t[i] = std::lgamma(static_cast<double>(i) + 1);
    return t;
  }();
  if (k < 256) return table[static_cast<std::size_t>(k)];
  // Stirling's series with two correction terms: the next term, 1 / (1260 n^5), is below 1e-15
  // from n = 257, and it costs one logarithm where lgamma costs several.
  const double n = k + 1;
  const double inverse = 1 / n;
  return (n - 0.5) * std::log(n) - n + 0.5 * std::log(2 * std::numbers::pi) +
         inverse * (1.0 / 12 - inverse * inverse / 360);
}
namespace {

namespace bm = boost::math;
constexpr double kInfinity = std::numeric_limits<double>::infinity();

// Discrete quantiles: the smallest x with cdf(x) >= p.
using RoundUpPolicy =
    bm::policies::policy<bm::policies::discrete_quantile<bm::policies::integer_round_up>>;

std::string num(double x) { return format_number(x); }

void require_finite(const char* field, double value) {
  if (!std::isfinite(value))
    throw InvalidParameter(field, fmt::format("{} = {} is not allowed; it must be a finite number",
                                              field, num(value)));
}
void require_positive(const char* field, double value) {
  require_finite(field, value);
  if (!(value > 0))
    throw InvalidParameter(field, fmt::format("{} = {} is out of range; allowed: {} > 0", field,
                                              num(value), field));
}
void require_probability(const char* field, double value) {
  require_finite(field, value);
  if (value < 0 || value > 1)
    throw InvalidParameter(field, fmt::format("{} = {} is out of range; allowed: 0 <= {} <= 1",
                                              field, num(value), field));
}

std::vector<double> normalised_cumulative(const std::vector<double>& weights, std::size_t count) {
  if (weights.size() != count)
    throw InvalidParameter("weights", fmt::format("weights has {} entries but there are {} values; "
                                                  "give one weight per value",
                                                  weights.size(), count));
  double total = 0;
  for (double w : weights) {
    if (!std::isfinite(w) || w < 0)
      throw InvalidParameter("weights", fmt::format("weight {} is not allowed; weights must be "
                                                    "finite and >= 0",
                                                    num(w)));
    total += w;
  }
  if (!(total > 0))
    throw InvalidParameter("weights", "the weights sum to 0; at least one must be positive");
  std::vector<double> cumulative(count);
  double running = 0;
  for (std::size_t i = 0; i < count; ++i) {
    running += weights[i];
    cumulative[i] = running / total;
  }
  cumulative.back() = 1.0;  // guard against rounding: every u < 1 finds an entry
  return cumulative;
}

// Quantile of a distribution known only through its cdf: bracket, then bisect to the last bit.
// Bisection (not a faster solver) because mixtures may have steps.
double numeric_quantile(const Distribution& d, double p) {
  auto [low, high] = support(d);
  if (!std::isfinite(low)) {
    low = -1;
    while (cdf(d, low) > p) low *= 2;
  }
  if (!std::isfinite(high)) {
    high = 1;
    while (cdf(d, high) < p) high *= 2;
  }
  auto above = [&](double x) { return cdf(d, x) >= p; };
  if (above(low)) return low;
  for (int i = 0; i < 200 && high - low > 0; ++i) {
    const double middle = low + (high - low) / 2;
    if (middle <= low || middle >= high) break;
    (above(middle) ? high : low) = middle;
  }
  return high;
}

}  // namespace

// ---- factories -------------------------------------------------------------------------------

Distribution constant(double value) {
  require_finite("value", value);
  return Distribution(Constant{value});
}

Distribution uniform(double low, double high) {
  require_finite("low", low);
  require_finite("high", high);
  if (!(low < high))
    throw InvalidParameter("high", fmt::format("high = {} is out of range; allowed: high > low "
                                               "(low = {})",
                                               num(high), num(low)));
  return Distribution(Uniform{low, high});
}

Distribution normal(double mean, double sd) {
  require_finite("mean", mean);
  require_positive("sd", sd);
  return Distribution(Normal{mean, sd});
}

Distribution truncated_normal(double mean, double sd, double low, double high) {
  require_finite("mean", mean);
  require_positive("sd", sd);
  if (std::isnan(low) || low == kInfinity)
    throw InvalidParameter("low", fmt::format("low = {} is not allowed; it must be a number or "
                                              "omitted",
                                              num(low)));
  if (std::isnan(high) || high == -kInfinity)
    throw InvalidParameter("high", fmt::format("high = {} is not allowed; it must be a number or "
                                               "omitted",
                                               num(high)));
  if (!(low < high))
    throw InvalidParameter("high", fmt::format("high = {} is out of range; allowed: high > low "
                                               "(low = {})",
                                               num(high), num(low)));
  const bm::normal_distribution<double> n(mean, sd);
  const double mass = bm::cdf(n, high) - bm::cdf(n, low);
  if (!(mass > 1e-12))
    throw InvalidParameter("low", fmt::format("[{}, {}] holds only {} of the normal's probability; "
                                              "allowed: bounds within about 7 sd of the mean",
                                              num(low), num(high), num(mass)));
  return Distribution(TruncatedNormal{mean, sd, low, high});
}

Distribution lognormal(double mu, double sigma) {
  require_finite("mu", mu);
  require_positive("sigma", sigma);
  return Distribution(Lognormal{mu, sigma});
}

Distribution pareto(double scale, double shape) {
  require_positive("scale", scale);
  require_positive("shape", shape);
  return Distribution(Pareto{scale, shape});
}

Distribution gamma(double shape, double scale) {
  require_positive("shape", shape);
  require_positive("scale", scale);
  return Distribution(Gamma{shape, scale});
}

Distribution beta(double alpha, double beta_) {
  require_positive("alpha", alpha);
  require_positive("beta", beta_);
  return Distribution(Beta{alpha, beta_});
}

Distribution poisson(double mean) {
  require_finite("mean", mean);
  if (!(mean >= 0) || mean > 1e9)
    throw InvalidParameter("mean", fmt::format("mean = {} is out of range; allowed: 0 <= mean <= "
                                               "1e9",
                                               num(mean)));
  if (mean == 0) return Distribution(Constant{0.0});
  return Distribution(Poisson{mean});
}

Distribution bernoulli(double p) {
  require_probability("p", p);
  return Distribution(Bernoulli{p});
}

static void require_low_mode_high(double low, double mode, double high) {
  require_finite("low", low);
  require_finite("mode", mode);
  require_finite("high", high);
  if (!(low < high))
    throw InvalidParameter("high", fmt::format("high = {} is out of range; allowed: high > low "
                                               "(low = {})",
                                               num(high), num(low)));
  if (mode < low || mode > high)
    throw InvalidParameter("mode", fmt::format("mode = {} is out of range; allowed: low <= mode "
                                               "<= high ({} to {})",
                                               num(mode), num(low), num(high)));
}

Distribution triangular(double low, double mode, double high) {
  require_low_mode_high(low, mode, high);
  return Distribution(Triangular{low, mode, high});
}

Distribution pert(double low, double mode, double high) {
  require_low_mode_high(low, mode, high);
  const double range = high - low;
  return Distribution(
      Pert{low, mode, high, 1 + 4 * (mode - low) / range, 1 + 4 * (high - mode) / range});
}

Distribution empirical(std::vector<double> values, std::vector<double> weights) {
  if (values.empty()) throw InvalidParameter("values", "values is empty; give at least one value");
  for (double v : values) require_finite("values", v);
  if (weights.empty()) weights.assign(values.size(), 1.0);
  normalised_cumulative(weights, values.size());  // validates the weights before sorting
  // Sort values (with their weights) so that the cdf is a running sum.
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> sorted_values, sorted_weights;
  for (std::size_t i : order) {
    sorted_values.push_back(values[i]);
    sorted_weights.push_back(weights[i]);
  }
  return Distribution(
      Empirical{std::move(sorted_values), normalised_cumulative(sorted_weights, values.size())});
}

Distribution mixture(std::vector<Distribution> components, std::vector<double> weights) {
  if (components.empty())
    throw InvalidParameter("components", "components is empty; give at least one distribution");
  auto cumulative = normalised_cumulative(weights, components.size());
  return Distribution(Mixture{std::move(components), std::move(cumulative)});
}

Distribution zero_inflated(double p_zero, Distribution base) {
  require_probability("p_zero", p_zero);
  return Distribution(ZeroInflated{p_zero, std::make_shared<const Distribution>(std::move(base))});
}

// ---- cdf, quantile, mean, support ------------------------------------------------------------

namespace detail {

std::size_t first_at_or_above(const std::vector<double>& cumulative, double u) {
  // The first index whose cumulative probability exceeds u; u in (0, 1) and back() == 1.
  return static_cast<std::size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), u) -
                                  cumulative.begin());
}

double quantile_of(const TruncatedNormal& f, double p) {
  const bm::normal_distribution<double> n(f.mean, f.sd);
  // Invert in whichever tail keeps precision: far above the mean work with upper tails.
  if (f.low > f.mean) {
    const double upper_low = bm::cdf(bm::complement(n, f.low));
    const double upper_high = std::isfinite(f.high) ? bm::cdf(bm::complement(n, f.high)) : 0.0;
    const double target = upper_low - p * (upper_low - upper_high);
    if (target <= 0) return f.high;
    return std::clamp(bm::quantile(bm::complement(n, target)), f.low, f.high);
  }
  const double cdf_low = std::isfinite(f.low) ? bm::cdf(n, f.low) : 0.0;
  const double cdf_high = std::isfinite(f.high) ? bm::cdf(n, f.high) : 1.0;
  const double target = cdf_low + p * (cdf_high - cdf_low);
  if (target <= 0) return f.low;
  if (target >= 1) return f.high;
  return std::clamp(bm::quantile(n, target), f.low, f.high);
}

double quantile_of(const Triangular& f, double p) {
  return bm::quantile(bm::triangular_distribution<double>(f.low, f.mode, f.high), p);
}

}  // namespace detail

double cdf(const Distribution& d, double x) {
  if (std::isnan(x)) return std::numeric_limits<double>::quiet_NaN();
  const auto [low, high] = support(d);
  if (x < low) return 0.0;
  if (x >= high) return 1.0;
  return std::visit(
      [x, &d](const auto& f) -> double {
        using F = std::decay_t<decltype(f)>;
        if constexpr (std::is_same_v<F, Constant>) {
          return x >= f.value ? 1.0 : 0.0;
        } else if constexpr (std::is_same_v<F, Uniform>) {
          return bm::cdf(bm::uniform_distribution<double>(f.low, f.high), x);
        } else if constexpr (std::is_same_v<F, Normal>) {
          return bm::cdf(bm::normal_distribution<double>(f.mean, f.sd), x);
        } else if constexpr (std::is_same_v<F, TruncatedNormal>) {
          const bm::normal_distribution<double> n(f.mean, f.sd);
          const double cdf_low = std::isfinite(f.low) ? bm::cdf(n, f.low) : 0.0;
          const double cdf_high = std::isfinite(f.high) ? bm::cdf(n, f.high) : 1.0;
          return (bm::cdf(n, x) - cdf_low) / (cdf_high - cdf_low);
        } else if constexpr (std::is_same_v<F, Lognormal>) {
          return bm::cdf(bm::lognormal_distribution<double>(f.mu, f.sigma), x);
        } else if constexpr (std::is_same_v<F, Pareto>) {
          return bm::cdf(bm::pareto_distribution<double>(f.scale, f.shape), x);
        } else if constexpr (std::is_same_v<F, Gamma>) {
          return bm::cdf(bm::gamma_distribution<double>(f.shape, f.scale), x);
        } else if constexpr (std::is_same_v<F, Beta>) {
          return bm::cdf(bm::beta_distribution<double>(f.alpha, f.beta), x);
        } else if constexpr (std::is_same_v<F, Pert>) {
          return bm::cdf(bm::beta_distribution<double>(f.alpha, f.beta),
                         (x - f.low) / (f.high - f.low));
        } else if constexpr (std::is_same_v<F, Poisson>) {
          return bm::cdf(bm::poisson_distribution<double>(f.mean), std::floor(x));
        } else if constexpr (std::is_same_v<F, Bernoulli>) {
          return x >= 1 ? 1.0 : 1.0 - f.p;
        } else if constexpr (std::is_same_v<F, Triangular>) {
          return bm::cdf(bm::triangular_distribution<double>(f.low, f.mode, f.high), x);
        } else if constexpr (std::is_same_v<F, Empirical>) {
          const auto it = std::upper_bound(f.values.begin(), f.values.end(), x);
          if (it == f.values.begin()) return 0.0;
          return f.cumulative[static_cast<std::size_t>(it - f.values.begin()) - 1];
        } else if constexpr (std::is_same_v<F, Mixture>) {
          double total = 0, previous = 0;
          for (std::size_t i = 0; i < f.components.size(); ++i) {
            total += (f.cumulative[i] - previous) * cdf(f.components[i], x);
            previous = f.cumulative[i];
          }
          return std::min(total, 1.0);
        } else if constexpr (std::is_same_v<F, ZeroInflated>) {
          return (x >= 0 ? f.p_zero : 0.0) + (1 - f.p_zero) * cdf(*f.base, x);
        } else {
          static_assert(sizeof(F) == 0, "every family needs a cdf");
          (void)d;
        }
      },
      d.family());
}

double quantile(const Distribution& d, double p) {
  if (!(p >= 0 && p <= 1))
    throw InvalidParameter("p", fmt::format("probability {} is out of range; allowed: 0 <= p <= 1",
                                            num(p)));
  const auto [low, high] = support(d);
  if (p == 0) return low;
  if (p == 1) return high;
  return std::visit(
      [p, &d](const auto& f) -> double {
        using F = std::decay_t<decltype(f)>;
        if constexpr (std::is_same_v<F, Constant>) {
          return f.value;
        } else if constexpr (std::is_same_v<F, Uniform>) {
          return bm::quantile(bm::uniform_distribution<double>(f.low, f.high), p);
        } else if constexpr (std::is_same_v<F, Normal>) {
          return bm::quantile(bm::normal_distribution<double>(f.mean, f.sd), p);
        } else if constexpr (std::is_same_v<F, TruncatedNormal> || std::is_same_v<F, Triangular>) {
          return detail::quantile_of(f, p);
        } else if constexpr (std::is_same_v<F, Lognormal>) {
          return bm::quantile(bm::lognormal_distribution<double>(f.mu, f.sigma), p);
        } else if constexpr (std::is_same_v<F, Pareto>) {
          return bm::quantile(bm::pareto_distribution<double>(f.scale, f.shape), p);
        } else if constexpr (std::is_same_v<F, Gamma>) {
          return bm::quantile(bm::gamma_distribution<double>(f.shape, f.scale), p);
        } else if constexpr (std::is_same_v<F, Beta>) {
          return bm::quantile(bm::beta_distribution<double>(f.alpha, f.beta), p);
        } else if constexpr (std::is_same_v<F, Pert>) {
          return f.low +
                 (f.high - f.low) * bm::quantile(bm::beta_distribution<double>(f.alpha, f.beta), p);
        } else if constexpr (std::is_same_v<F, Poisson>) {
          return bm::quantile(bm::poisson_distribution<double, RoundUpPolicy>(f.mean), p);
        } else if constexpr (std::is_same_v<F, Bernoulli>) {
          return p <= 1 - f.p ? 0.0 : 1.0;
        } else if constexpr (std::is_same_v<F, Empirical>) {
          const auto it = std::lower_bound(f.cumulative.begin(), f.cumulative.end(), p);
          return f.values[static_cast<std::size_t>(it - f.cumulative.begin())];
        } else {
          return numeric_quantile(d, p);  // mixture, zero-inflated
        }
      },
      d.family());
}

double from_normal_score(const Distribution& d, double z) {
  if (const auto* f = std::get_if<Constant>(&d.family())) return f->value;
  if (const auto* f = std::get_if<Normal>(&d.family())) return f->mean + f->sd * z;
  if (const auto* f = std::get_if<Lognormal>(&d.family())) return std::exp(f->mu + f->sigma * z);
  return quantile(d, bm::cdf(bm::normal_distribution<double>(), z));
}

double mean(const Distribution& d) {
  return std::visit(
      [](const auto& f) -> double {
        using F = std::decay_t<decltype(f)>;
        if constexpr (std::is_same_v<F, Constant>) {
          return f.value;
        } else if constexpr (std::is_same_v<F, Uniform>) {
          return (f.low + f.high) / 2;
        } else if constexpr (std::is_same_v<F, Normal>) {
          return f.mean;
        } else if constexpr (std::is_same_v<F, TruncatedNormal>) {
          // mean + sd * (phi(a) - phi(b)) / (Phi(b) - Phi(a)), in standardised bounds a, b.
          const bm::normal_distribution<double> z;
          const double a = (f.low - f.mean) / f.sd, b = (f.high - f.mean) / f.sd;
          const double pdf_a = std::isfinite(a) ? bm::pdf(z, a) : 0.0;
          const double pdf_b = std::isfinite(b) ? bm::pdf(z, b) : 0.0;
          const double mass = (std::isfinite(b) ? bm::cdf(z, b) : 1.0) -
                              (std::isfinite(a) ? bm::cdf(z, a) : 0.0);
          return f.mean + f.sd * (pdf_a - pdf_b) / mass;
        } else if constexpr (std::is_same_v<F, Lognormal>) {
          return std::exp(f.mu + f.sigma * f.sigma / 2);
        } else if constexpr (std::is_same_v<F, Pareto>) {
          return f.shape > 1 ? f.shape * f.scale / (f.shape - 1) : kInfinity;
        } else if constexpr (std::is_same_v<F, Gamma>) {
          return f.shape * f.scale;
        } else if constexpr (std::is_same_v<F, Beta>) {
          return f.alpha / (f.alpha + f.beta);
        } else if constexpr (std::is_same_v<F, Pert>) {
          return f.low + (f.high - f.low) * f.alpha / (f.alpha + f.beta);
        } else if constexpr (std::is_same_v<F, Poisson>) {
          return f.mean;
        } else if constexpr (std::is_same_v<F, Bernoulli>) {
          return f.p;
        } else if constexpr (std::is_same_v<F, Triangular>) {
          return (f.low + f.mode + f.high) / 3;
        } else if constexpr (std::is_same_v<F, Empirical>) {
          double total = 0, previous = 0;
          for (std::size_t i = 0; i < f.values.size(); ++i) {
            total += (f.cumulative[i] - previous) * f.values[i];
            previous = f.cumulative[i];
          }
          return total;
        } else if constexpr (std::is_same_v<F, Mixture>) {
          double total = 0, previous = 0;
          for (std::size_t i = 0; i < f.components.size(); ++i) {
            total += (f.cumulative[i] - previous) * mean(f.components[i]);
            previous = f.cumulative[i];
          }
          return total;
        } else {
          return (1 - f.p_zero) * mean(*f.base);
        }
      },
      d.family());
}

double variance(const Distribution& d) {
  return std::visit(
      [&d](const auto& f) -> double {
        using F = std::decay_t<decltype(f)>;
        if constexpr (std::is_same_v<F, Constant>) {
          return 0.0;
        } else if constexpr (std::is_same_v<F, Uniform>) {
          return bm::variance(bm::uniform_distribution<double>(f.low, f.high));
        } else if constexpr (std::is_same_v<F, Normal>) {
          return f.sd * f.sd;
        } else if constexpr (std::is_same_v<F, TruncatedNormal>) {
          // sd^2 [1 + (a phi(a) - b phi(b)) / Z - ((phi(a) - phi(b)) / Z)^2], standardised a, b.
          const bm::normal_distribution<double> z;
          const double a = (f.low - f.mean) / f.sd, b = (f.high - f.mean) / f.sd;
          const double pdf_a = std::isfinite(a) ? bm::pdf(z, a) : 0.0;
          const double pdf_b = std::isfinite(b) ? bm::pdf(z, b) : 0.0;
          const double mass = (std::isfinite(b) ? bm::cdf(z, b) : 1.0) -
                              (std::isfinite(a) ? bm::cdf(z, a) : 0.0);
          const double a_term = std::isfinite(a) ? a * pdf_a : 0.0;
          const double b_term = std::isfinite(b) ? b * pdf_b : 0.0;
          const double shift = (pdf_a - pdf_b) / mass;
          return f.sd * f.sd * (1 + (a_term - b_term) / mass - shift * shift);
        } else if constexpr (std::is_same_v<F, Lognormal>) {
          return bm::variance(bm::lognormal_distribution<double>(f.mu, f.sigma));
        } else if constexpr (std::is_same_v<F, Pareto>) {
          return f.shape > 2 ? bm::variance(bm::pareto_distribution<double>(f.scale, f.shape))
                             : kInfinity;
        } else if constexpr (std::is_same_v<F, Gamma>) {
          return f.shape * f.scale * f.scale;
        } else if constexpr (std::is_same_v<F, Beta>) {
          return bm::variance(bm::beta_distribution<double>(f.alpha, f.beta));
        } else if constexpr (std::is_same_v<F, Pert>) {
          return std::pow(f.high - f.low, 2) *
                 bm::variance(bm::beta_distribution<double>(f.alpha, f.beta));
        } else if constexpr (std::is_same_v<F, Poisson>) {
          return f.mean;
        } else if constexpr (std::is_same_v<F, Bernoulli>) {
          return f.p * (1 - f.p);
        } else if constexpr (std::is_same_v<F, Triangular>) {
          return bm::variance(bm::triangular_distribution<double>(f.low, f.mode, f.high));
        } else if constexpr (std::is_same_v<F, Empirical>) {
          const double m = mean(d);
          double total = 0, previous = 0;
          for (std::size_t i = 0; i < f.values.size(); ++i) {
            total += (f.cumulative[i] - previous) * (f.values[i] - m) * (f.values[i] - m);
            previous = f.cumulative[i];
          }
          return total;
        } else if constexpr (std::is_same_v<F, Mixture>) {
          // Law of total variance: E[Var(X | component)] + Var(E[X | component]).
          const double m = mean(d);
          double total = 0, previous = 0;
          for (std::size_t i = 0; i < f.components.size(); ++i) {
            const double w = f.cumulative[i] - previous;
            const double component_mean = mean(f.components[i]);
            total += w * (variance(f.components[i]) + std::pow(component_mean - m, 2));
            previous = f.cumulative[i];
          }
          return total;
        } else {
          const double base_mean = mean(*f.base);
          return (1 - f.p_zero) * variance(*f.base) +
                 f.p_zero * (1 - f.p_zero) * base_mean * base_mean;
        }
      },
      d.family());
}

std::pair<double, double> support(const Distribution& d) {
  return std::visit(
      [](const auto& f) -> std::pair<double, double> {
        using F = std::decay_t<decltype(f)>;
        if constexpr (std::is_same_v<F, Constant>) {
          return {f.value, f.value};
        } else if constexpr (std::is_same_v<F, Uniform> || std::is_same_v<F, Triangular> ||
                             std::is_same_v<F, Pert> || std::is_same_v<F, TruncatedNormal>) {
          return {f.low, f.high};
        } else if constexpr (std::is_same_v<F, Normal>) {
          return {-kInfinity, kInfinity};
        } else if constexpr (std::is_same_v<F, Lognormal> || std::is_same_v<F, Gamma> ||
                             std::is_same_v<F, Poisson>) {
          return {0.0, kInfinity};
        } else if constexpr (std::is_same_v<F, Pareto>) {
          return {f.scale, kInfinity};
        } else if constexpr (std::is_same_v<F, Beta> || std::is_same_v<F, Bernoulli>) {
          return {0.0, 1.0};
        } else if constexpr (std::is_same_v<F, Empirical>) {
          return {f.values.front(), f.values.back()};
        } else if constexpr (std::is_same_v<F, Mixture>) {
          double low = kInfinity, high = -kInfinity;
          for (const auto& component : f.components) {
            const auto [l, h] = support(component);
            low = std::min(low, l);
            high = std::max(high, h);
          }
          return {low, high};
        } else {
          const auto [l, h] = support(*f.base);
          return {std::min(l, 0.0), std::max(h, 0.0)};
        }
      },
      d.family());
}

bool is_discrete(const Distribution& d) {
  return std::visit(
      [](const auto& f) -> bool {
        using F = std::decay_t<decltype(f)>;
        if constexpr (std::is_same_v<F, Constant> || std::is_same_v<F, Poisson> ||
                      std::is_same_v<F, Bernoulli> || std::is_same_v<F, Empirical>) {
          return true;
        } else if constexpr (std::is_same_v<F, Mixture>) {
          return std::all_of(f.components.begin(), f.components.end(),
                             [](const Distribution& c) { return is_discrete(c); });
        } else if constexpr (std::is_same_v<F, ZeroInflated>) {
          return is_discrete(*f.base);
        } else {
          return false;
        }
      },
      d.family());
}

std::string family_name(const Distribution& d) {
  static const char* const names[] = {
      "constant", "uniform", "normal",    "truncated_normal", "lognormal",
      "pareto",   "gamma",   "beta",      "poisson",          "bernoulli",
      "triangular", "pert",  "empirical", "mixture",          "zero_inflated"};
  static_assert(std::size(names) == std::variant_size_v<Distribution::Family>);
  return names[d.family().index()];
}

std::string describe(const Distribution& d) {
  return std::visit(
      [&d](const auto& f) -> std::string {
        using F = std::decay_t<decltype(f)>;
        const std::string name = family_name(d);
        if constexpr (std::is_same_v<F, Constant>) {
          return num(f.value);
        } else if constexpr (std::is_same_v<F, Uniform>) {
          return fmt::format("{}(low={}, high={})", name, num(f.low), num(f.high));
        } else if constexpr (std::is_same_v<F, Normal>) {
          return fmt::format("{}(mean={}, sd={})", name, num(f.mean), num(f.sd));
        } else if constexpr (std::is_same_v<F, TruncatedNormal>) {
          return fmt::format("{}(mean={}, sd={}, low={}, high={})", name, num(f.mean), num(f.sd),
                             num(f.low), num(f.high));
        } else if constexpr (std::is_same_v<F, Lognormal>) {
          return fmt::format("{}(mu={}, sigma={}; median={})", name, num(f.mu), num(f.sigma),
                             num(std::exp(f.mu)));
        } else if constexpr (std::is_same_v<F, Pareto>) {
          return fmt::format("{}(scale={}, shape={})", name, num(f.scale), num(f.shape));
        } else if constexpr (std::is_same_v<F, Gamma>) {
          return fmt::format("{}(shape={}, scale={})", name, num(f.shape), num(f.scale));
        } else if constexpr (std::is_same_v<F, Beta>) {
          return fmt::format("{}(alpha={}, beta={})", name, num(f.alpha), num(f.beta));
        } else if constexpr (std::is_same_v<F, Poisson>) {
          return fmt::format("{}(mean={})", name, num(f.mean));
        } else if constexpr (std::is_same_v<F, Bernoulli>) {
          return fmt::format("{}(p={})", name, num(f.p));
        } else if constexpr (std::is_same_v<F, Triangular> || std::is_same_v<F, Pert>) {
          return fmt::format("{}(low={}, mode={}, high={})", name, num(f.low), num(f.mode),
                             num(f.high));
        } else if constexpr (std::is_same_v<F, Empirical>) {
          return fmt::format("{}({} values from {} to {})", name, f.values.size(),
                             num(f.values.front()), num(f.values.back()));
        } else if constexpr (std::is_same_v<F, Mixture>) {
          std::string text = name + "(";
          double previous = 0;
          for (std::size_t i = 0; i < f.components.size(); ++i) {
            if (i > 0) text += ", ";
            text += fmt::format("{}: {}", num(f.cumulative[i] - previous),
                                describe(f.components[i]));
            previous = f.cumulative[i];
          }
          return text + ")";
        } else {
          return fmt::format("{}(p_zero={}, base={})", name, num(f.p_zero), describe(*f.base));
        }
      },
      d.family());
}

}  // namespace incomesim::dist
