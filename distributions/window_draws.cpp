#include "distributions/window_draws.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>

#include "core/vector_math.hpp"
#include "distributions/batch.hpp"
#include "distributions/count_kernels.hpp"
#include "distributions/family_kernels.hpp"
#include "random/normals.hpp"

namespace incomesim::dist {

namespace {

// Room for n values: grown when short, never shrunk, so that a retry's small batch between two
// large ones does not make the next large one clear the whole buffer again.
template <class T>
void room_for(std::vector<T>& buffer, std::size_t n) {
  if (buffer.size() < n) buffer.resize(n);
}

// Shape >= 1: a Box-Muller pair (2 words) and two 32-bit uniforms, for two attempts (the cosine
// normal, then the sine normal: about 1 draw in 400 is left after both at shape 1). Below shape
// 1: one attempt at shape + 1 and a 32-bit uniform for the boost.
constexpr std::size_t kGammaWindow = 4;

// A ratio of two gammas. Both shapes >= 1 (every PERT): one Box-Muller pair and two 32-bit
// uniforms, one attempt at each gamma (cosine normal, then sine); else two gamma windows.
std::size_t beta_window(double alpha, double beta) {
  return alpha >= 1 && beta >= 1 ? kGammaWindow : 2 * kGammaWindow;
}

// Marsaglia-Tsang's attempts run in single precision (family_kernels.hpp), where a shape up to
// this (and its constants) is held with room to spare; beyond it a gamma is as good as normal,
// and such a draw (a shape nobody writes) is left to the scalar sampler.
constexpr double kLargestFloatShape = 1e30;

bool attempts_in_float(const Distribution& d) {
  if (const auto* g = std::get_if<Gamma>(&d.family())) return g->shape <= kLargestFloatShape;
  if (const auto* b = std::get_if<Beta>(&d.family()))
    return b->alpha <= kLargestFloatShape && b->beta <= kLargestFloatShape;
  if (const auto* p = std::get_if<Pert>(&d.family()))
    return p->alpha <= kLargestFloatShape && p->beta <= kLargestFloatShape;
  return true;
}

// Below this shape the boost U^(1 / shape) of a 24-bit U could underflow single precision
// (25 / shape >= 126); it is then taken in double precision.
constexpr double kLeastShapeForFloatBoost = 0.2;

// (w + 1/2) / 2^32: a uniform in (0, 1) from one word, for a comparison (a rejection test, a
// component's pick) or a boost, where 32 bits move a probability by at most 2^-33.
void uniforms_from_word(const std::uint32_t* words, std::size_t n, double* out) {
  for (std::size_t t = 0; t < n; ++t) out[t] = (static_cast<double>(words[t]) + 0.5) * 0x1p-32;
}

// Bases whose quantile has a closed form here, so that a restriction to [low, high] is drawn by
// inversion on the range: one uniform, no rejection.
bool inverted_on_range(const Distribution& base) {
  const auto& f = base.family();
  return std::holds_alternative<Uniform>(f) || std::holds_alternative<Triangular>(f) ||
         std::holds_alternative<Pareto>(f) || std::holds_alternative<Normal>(f) ||
         std::holds_alternative<Lognormal>(f) || std::holds_alternative<Empirical>(f);
}

// Below this share of its base's mass, a restriction that is drawn by rejection finishes its
// rejected draws by numerical inversion instead of retrying (1 / 0.05 = 20 attempts expected).
constexpr double kLeastMassForRetries = 0.05;

double triangular_inverse(const Triangular& f, double u) {
  const double range = f.high - f.low;
  const double at_mode = (f.mode - f.low) / range;
  return u < at_mode ? f.low + std::sqrt(u * range * (f.mode - f.low))
                     : f.high - std::sqrt((1 - u) * range * (f.high - f.mode));
}

// Standard normal scores restricted to [a, b] (either may be infinite), by inversion of
// u[t] on the range: z[t] = Phi^-1(Phi(a) + u (Phi(b) - Phi(a))). Above the mean the upper
// tails are used, so that a range far out keeps its precision.
void normal_scores_on_range(double a, double b, const double* u, std::size_t n, double* z) {
  const boost::math::normal_distribution<double> standard;
  constexpr double kBelowOne = 1 - 0x1p-53;
  if (a > 0) {
    const double upper_a = boost::math::cdf(boost::math::complement(standard, a));
    const double upper_b =
        std::isfinite(b) ? boost::math::cdf(boost::math::complement(standard, b)) : 0.0;
    for (std::size_t t = 0; t < n; ++t)
      z[t] = std::max(upper_a - u[t] * (upper_a - upper_b), std::numeric_limits<double>::min());
    kernels::normal_quantiles(z, n, z);
    for (std::size_t t = 0; t < n; ++t) z[t] = -z[t];
    return;
  }
  const double lower_a = std::isfinite(a) ? boost::math::cdf(standard, a) : 0.0;
  const double lower_b = std::isfinite(b) ? boost::math::cdf(standard, b) : 1.0;
  for (std::size_t t = 0; t < n; ++t)
    z[t] = std::clamp(lower_a + u[t] * (lower_b - lower_a), std::numeric_limits<double>::min(),
                      kBelowOne);
  kernels::normal_quantiles(z, n, z);
}

double standardised(double x, double location, double scale) { return (x - location) / scale; }
double standardised_log(double x, double mu, double sigma) {
  return x <= 0 ? -std::numeric_limits<double>::infinity() : (std::log(x) - mu) / sigma;
}

}  // namespace

std::size_t window_words(const Distribution& d) {
  const auto& f = d.family();
  if (std::holds_alternative<Constant>(f)) return 0;
  if (std::holds_alternative<Gamma>(f)) return kGammaWindow;
  if (const auto* b = std::get_if<Beta>(&f)) return beta_window(b->alpha, b->beta);
  if (const auto* p = std::get_if<Pert>(&f)) return beta_window(p->alpha, p->beta);
  if (const auto* m = std::get_if<Mixture>(&f)) {
    std::size_t most = 0;
    for (const Distribution& c : m->components) most = std::max(most, window_words(c));
    return 1 + most;
  }
  if (const auto* z = std::get_if<ZeroInflated>(&f)) return 1 + window_words(*z->base);
  if (const auto* t = std::get_if<Truncated>(&f))
    return !t->clamps && inverted_on_range(*t->base) ? 2 : window_words(*t->base);
  return 2;  // one uniform or one normal
}

void WindowDraws::uniforms(const std::uint32_t* const* columns, std::size_t n) {
  room_for(uniform_, n);
  random::uniforms_from_words(columns[0], columns[1], n, uniform_.data());
}

void WindowDraws::normals(const std::uint32_t* const* columns, std::size_t n, bool both) {
  // The same words as last time (two components of a mixture read the same window): the same
  // normals, already made.
  if (normals_made_ && made_from_[0] == columns[0] && made_from_[1] == columns[1] &&
      made_count_ == n && (made_both_ || !both))
    return;
  room_for(normal_, n);
  room_for(normal_sin_, n);
  random::standard_normals_from_words(columns[0], columns[1], n, normal_.data(),
                                      both ? normal_sin_.data() : nullptr);
  normals_made_ = true;
  made_from_[0] = columns[0];
  made_from_[1] = columns[1];
  made_count_ = n;
  made_both_ = both;
}

void WindowDraws::gammas(double shape, const std::uint32_t* const* columns, std::size_t n,
                         double* out) {
  normals(columns, n, shape >= 1);
  if (shape >= 1) {
    kernels::gamma_attempts(shape, normal_.data(), columns[2], normal_sin_.data(), columns[3], n,
                            out);
    return;
  }
  // Below shape 1: Gamma(shape + 1) U^(1 / shape) (Marsaglia & Tsang's boost).
  kernels::gamma_attempts(shape + 1, normal_.data(), columns[2], nullptr, nullptr, n, out);
  room_for(uniform_, n);
  if (shape >= kLeastShapeForFloatBoost) {
    kernels::word_powers(columns[3], static_cast<float>(1 / shape), n, uniform_.data());
  } else {
    uniforms_from_word(columns[3], n, uniform_.data());
    kernels::power_in_place(uniform_.data(), 1 / shape, n);
  }
  for (std::size_t t = 0; t < n; ++t) out[t] *= uniform_[t];
}

const GuideTable& WindowDraws::poisson(double mean) {
  auto found = poisson_tables_.find(mean);
  if (found == poisson_tables_.end()) {
    // A bound on memory (a table of a mean of 1e5 holds about 110,000 entries), not a policy.
    if (poisson_tables_.size() >= 8) poisson_tables_.clear();
    found = poisson_tables_.emplace(mean, poisson_table(mean)).first;
  }
  return found->second;
}

void WindowDraws::components(const std::vector<const Distribution*>& members,
                             const std::vector<double>& cumulative,
                             const std::uint32_t* const* columns, std::size_t n,
                             const std::uint32_t* owners, Retries& retries, double* out) {
  if (members.size() == 1) {
    draw_any(*members.front(), columns + 1, n, owners, retries, out);
    return;
  }
  if (members.size() == 2) {
    // Two components: each drawn for every draw (no gathering), then the picked one kept. A draw
    // kept is its component's own, independent of the picking word.
    std::vector<double> second(n);
    draw_any(*members.front(), columns + 1, n, owners, retries, out);
    draw_any(*members.back(), columns + 1, n, owners, retries, second.data());
    room_for(uniform_, n);
    uniforms_from_word(columns[0], n, uniform_.data());
    for (std::size_t t = 0; t < n; ++t)
      if (!(uniform_[t] < cumulative.front())) out[t] = second[t];
    return;
  }
  room_for(uniform_, n);
  uniforms_from_word(columns[0], n, uniform_.data());
  const GuideTable pick(cumulative);
  // Draws grouped by component, each group in the draws' order (a counting sort).
  std::vector<std::uint32_t> component(n), start(members.size() + 1, 0);
  for (std::size_t t = 0; t < n; ++t) {
    component[t] = static_cast<std::uint32_t>(pick.index(uniform_[t]));
    ++start[component[t] + 1];
  }
  for (std::size_t c = 0; c < members.size(); ++c) start[c + 1] += start[c];
  std::vector<std::uint32_t> order(n), next(start.begin(), start.end() - 1);
  for (std::size_t t = 0; t < n; ++t) order[next[component[t]]++] = static_cast<std::uint32_t>(t);
  std::vector<std::uint32_t> chosen_owners;
  std::vector<std::vector<std::uint32_t>> window;
  std::vector<const std::uint32_t*> window_columns;
  std::vector<double> values;
  for (std::size_t c = 0; c < members.size(); ++c) {
    const std::uint32_t* chosen = order.data() + start[c];
    const std::size_t m = start[c + 1] - start[c];
    if (m == 0) continue;
    const std::size_t words = window_words(*members[c]);
    // The component's window follows the picking word: columns 1 .. words.
    window.resize(words);
    window_columns.resize(words);
    for (std::size_t j = 0; j < words; ++j) {
      window[j].resize(m);
      for (std::size_t i = 0; i < m; ++i) window[j][i] = columns[1 + j][chosen[i]];
      window_columns[j] = window[j].data();
    }
    chosen_owners.resize(m);
    for (std::size_t i = 0; i < m; ++i) chosen_owners[i] = owners[chosen[i]];
    values.resize(m);
    normals_made_ = false;  // the gathered columns are new words at the same addresses
    draw_any(*members[c], window_columns.data(), m, chosen_owners.data(), retries, values.data());
    for (std::size_t i = 0; i < m; ++i) out[chosen[i]] = values[i];
  }
}

bool WindowDraws::invert_on_range(const Truncated& r, const std::uint32_t* const* columns,
                                  std::size_t n, double* out) {
  const auto& base = r.base->family();
  if (!inverted_on_range(*r.base)) return false;
  uniforms(columns, n);
  const double* u = uniform_.data();
  const double kept = r.p_high - r.p_low;
  if (const auto* f = std::get_if<Uniform>(&base)) {
    for (std::size_t t = 0; t < n; ++t)
      out[t] = f->low + (f->high - f->low) * (r.p_low + u[t] * kept);
  } else if (const auto* f = std::get_if<Triangular>(&base)) {
    for (std::size_t t = 0; t < n; ++t) out[t] = triangular_inverse(*f, r.p_low + u[t] * kept);
  } else if (const auto* f = std::get_if<Pareto>(&base)) {
    // By survival probabilities, which keep their precision far out in the tail.
    for (std::size_t t = 0; t < n; ++t) out[t] = (1 - r.p_low) - u[t] * kept;
    kernels::power_in_place(out, -1 / f->shape, n);
    for (std::size_t t = 0; t < n; ++t) out[t] *= f->scale;
  } else if (const auto* f = std::get_if<Empirical>(&base)) {
    for (std::size_t t = 0; t < n; ++t)
      out[t] = f->values[f->guide->index(std::min(r.p_low + u[t] * kept, 1 - 0x1p-53))];
  } else if (const auto* f = std::get_if<Normal>(&base)) {
    normal_scores_on_range(standardised(r.low, f->mean, f->sd),
                           standardised(r.high, f->mean, f->sd), u, n, out);
    for (std::size_t t = 0; t < n; ++t) out[t] = f->mean + f->sd * out[t];
  } else if (const auto* f = std::get_if<Lognormal>(&base)) {
    normal_scores_on_range(standardised_log(r.low, f->mu, f->sigma),
                           standardised_log(r.high, f->mu, f->sigma), u, n, out);
    for (std::size_t t = 0; t < n; ++t) out[t] = f->mu + f->sigma * out[t];
    vector_math::exp_in_place(out, n);
  }
  for (std::size_t t = 0; t < n; ++t) out[t] = r.clamp(out[t]);
  return true;
}

void WindowDraws::finish(const Distribution& d, std::size_t n, const std::uint32_t* owners,
                         Retries& retries, double* out) {
  std::vector<std::uint32_t> unsettled(n + kernels::kListSlack);
  unsettled.resize(kernels::list_nans(out, n, unsettled.data()));
  if (unsettled.empty()) return;
  // Past a few rounds (1 draw in 10^10 at 5% rejection): the scalar sampler, which always ends.
  if (retry_depth_ >= 4) {
    for (const std::uint32_t t : unsettled) out[t] = sample(d, retries.of(owners[t]));
    return;
  }
  // Fresh windows from each owner's retry words, in order, drawn like the first ones.
  const std::size_t m = unsettled.size(), words = window_words(d);
  std::vector<std::vector<std::uint32_t>> fresh(words, std::vector<std::uint32_t>(m));
  std::vector<const std::uint32_t*> columns(words);
  std::vector<std::uint32_t*> fill(words);
  std::vector<std::uint32_t> fresh_owners(m);
  for (std::size_t i = 0; i < m; ++i) fresh_owners[i] = owners[unsettled[i]];
  for (std::size_t j = 0; j < words; ++j) columns[j] = fill[j] = fresh[j].data();
  retries.next_windows(fresh_owners.data(), m, words, fill.data());
  std::vector<double> values(m);
  ++retry_depth_;
  normals_made_ = false;
  draw_any(d, columns.data(), m, fresh_owners.data(), retries, values.data());
  normals_made_ = false;  // made from `fresh`, which goes now
  --retry_depth_;
  for (std::size_t i = 0; i < m; ++i) out[unsettled[i]] = values[i];
}

void WindowDraws::beta_draws(const Distribution& d, const std::uint32_t* const* columns,
                             std::size_t n, const std::uint32_t* owners, Retries& retries,
                             double* out) {
  const auto& family = d.family();
  const auto* b = std::get_if<Beta>(&family);
  const auto* p = std::get_if<Pert>(&family);
  const double alpha = b ? b->alpha : p->alpha, beta = b ? b->beta : p->beta;
  const double low = b ? 0.0 : p->low, range = b ? 1.0 : p->high - p->low;
  room_for(spare_, n);
  if (alpha >= 1 && beta >= 1) {
    normals(columns, n, true);
    kernels::gamma_attempts(alpha, normal_.data(), columns[2], nullptr, nullptr, n, out);
    kernels::gamma_attempts(beta, normal_sin_.data(), columns[3], nullptr, nullptr, n,
                            spare_.data());
  } else {
    gammas(alpha, columns, n, out);
    gammas(beta, columns + kGammaWindow, n, spare_.data());
  }
  // As the scalar samplers compute it; a NaN from either gamma carries through.
  for (std::size_t t = 0; t < n; ++t) {
    const double ratio = out[t] / (out[t] + spare_[t]);
    out[t] = b ? ratio : low + range * ratio;
  }
  finish(d, n, owners, retries, out);
}

void WindowDraws::draw(const Distribution& d, const std::uint32_t* const* columns, std::size_t n,
                       const std::uint32_t* owners, Retries& retries, double* out) {
  normals_made_ = false;  // new words, perhaps at the same addresses
  draw_any(d, columns, n, owners, retries, out);
}

bool WindowDraws::draw_in_closed_form(const Distribution& d, const std::uint32_t* const* columns,
                                      std::size_t n, double* out) {
  const auto& family = d.family();
  if (const auto* f = std::get_if<Constant>(&family)) {
    std::fill(out, out + n, f->value);
  } else if (const auto* f = std::get_if<Uniform>(&family)) {
    uniforms(columns, n);
    for (std::size_t t = 0; t < n; ++t) out[t] = f->low + (f->high - f->low) * uniform_[t];
  } else if (const auto* f = std::get_if<Triangular>(&family)) {
    uniforms(columns, n);
    for (std::size_t t = 0; t < n; ++t) out[t] = triangular_inverse(*f, uniform_[t]);
  } else if (const auto* f = std::get_if<Pareto>(&family)) {
    // 1 - U is uniform too: scale U^(-1 / shape).
    random::uniforms_from_words(columns[0], columns[1], n, out);
    kernels::power_in_place(out, -1 / f->shape, n);
    for (std::size_t t = 0; t < n; ++t) out[t] *= f->scale;
  } else if (const auto* f = std::get_if<Empirical>(&family)) {
    uniforms(columns, n);
    for (std::size_t t = 0; t < n; ++t) out[t] = f->values[f->guide->index(uniform_[t])];
  } else if (const auto* f = std::get_if<Bernoulli>(&family)) {
    uniforms(columns, n);
    for (std::size_t t = 0; t < n; ++t) out[t] = uniform_[t] < f->p ? 1.0 : 0.0;
  } else if (const auto* f = std::get_if<Normal>(&family)) {
    normals(columns, n, false);
    for (std::size_t t = 0; t < n; ++t) out[t] = f->mean + f->sd * static_cast<double>(normal_[t]);
  } else if (const auto* f = std::get_if<Lognormal>(&family)) {
    normals(columns, n, false);
    lognormal_from_normals(f->mu, f->sigma, normal_.data(), n, out);
  } else if (const auto* f = std::get_if<TruncatedNormal>(&family)) {
    uniforms(columns, n);
    normal_scores_on_range(standardised(f->low, f->mean, f->sd),
                           standardised(f->high, f->mean, f->sd), uniform_.data(), n, out);
    for (std::size_t t = 0; t < n; ++t)
      out[t] = std::clamp(f->mean + f->sd * out[t], f->low, f->high);
  } else {
    return false;
  }
  return true;
}

void WindowDraws::truncated_draws(const Truncated& f, const std::uint32_t* const* columns,
                                  std::size_t n, const std::uint32_t* owners, Retries& retries,
                                  double* out) {
  if (f.clamps) {
    draw_any(*f.base, columns, n, owners, retries, out);
    for (std::size_t t = 0; t < n; ++t) out[t] = f.clamp(out[t]);
    return;
  }
  if (invert_on_range(f, columns, n, out)) return;
  // Rejection: the base's draws (each already exact) kept where they fall in range.
  draw_any(*f.base, columns, n, owners, retries, out);
  const bool retry = f.p_high - f.p_low >= kLeastMassForRetries;
  for (std::size_t t = 0; t < n; ++t) {
    if (out[t] >= f.low && out[t] <= f.high) continue;
    auto& sequence = retries.of(owners[t]);
    if (!retry) {
      out[t] = f.quantile(sequence.uniform());
      continue;
    }
    do out[t] = sample(*f.base, sequence);
    while (!(out[t] >= f.low && out[t] <= f.high));
  }
}

void WindowDraws::draw_any(const Distribution& d, const std::uint32_t* const* columns,
                           std::size_t n, const std::uint32_t* owners, Retries& retries,
                           double* out) {
  if (n == 0 || draw_in_closed_form(d, columns, n, out)) return;
  const auto& family = d.family();
  auto scalar_all = [&] {
    for (std::size_t t = 0; t < n; ++t) out[t] = sample(d, retries.of(owners[t]));
  };
  if (const auto* f = std::get_if<Poisson>(&family)) {
    if (f->mean > 0 && f->mean <= kMaxTabledPoissonMean) {
      const GuideTable& table = poisson(f->mean);
      uniforms(columns, n);
      for (std::size_t t = 0; t < n; ++t) out[t] = static_cast<double>(table.index(uniform_[t]));
    } else {
      scalar_all();  // no table (a mean of 0, or above 1e5 where PTRS is as fast)
    }
  } else if (!attempts_in_float(d)) {
    scalar_all();
  } else if (std::holds_alternative<Beta>(family) || std::holds_alternative<Pert>(family)) {
    beta_draws(d, columns, n, owners, retries, out);
  } else if (const auto* f = std::get_if<Gamma>(&family)) {
    gammas(f->shape, columns, n, out);
    for (std::size_t t = 0; t < n; ++t) out[t] *= f->scale;
    // Draws their window left unsettled (NaN) are drawn again on fresh windows.
    finish(d, n, owners, retries, out);
  } else if (const auto* f = std::get_if<Mixture>(&family)) {
    std::vector<const Distribution*> members;
    for (const Distribution& c : f->components) members.push_back(&c);
    components(members, f->cumulative, columns, n, owners, retries, out);
  } else if (const auto* f = std::get_if<ZeroInflated>(&family)) {
    // The base for every draw (no gathering), then zero where the first word says so: a draw
    // kept is the base's own, independent of that word.
    draw_any(*f->base, columns + 1, n, owners, retries, out);
    room_for(spare_, n);
    uniforms_from_word(columns[0], n, spare_.data());
    for (std::size_t t = 0; t < n; ++t) out[t] = spare_[t] < f->p_zero ? 0.0 : out[t];
  } else if (const auto* f = std::get_if<Truncated>(&family)) {
    truncated_draws(*f, columns, n, owners, retries, out);
  }
}

}  // namespace incomesim::dist
