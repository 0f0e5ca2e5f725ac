#pragma once
// Draws of any family for many events at once (the articles of a month, each with its earnings):
// draw t reads a fixed window of words, window_words(d) of them, and the family's exact sampler
// runs on whole vectors of windows (distributions/family_kernels.hpp). Where a window does not
// settle its draw (a rejection sampler's attempts rejected), the draw is made afresh, the same
// way on a fresh window, from the words of its trial that follow every window: each trial's
// draws are then still independent and exactly distributed, and depend only on the trial's own
// words, whatever the block, the thread or the vector width. Knows nothing of income.
//
// Families and their windows (docs/models.md, "Sampling algorithms"):
//   constant 0 words; uniform, triangular, pareto, empirical, Bernoulli, Poisson: one 53-bit
//   uniform (2 words), by inversion (a guide table for the discrete ones); normal and lognormal:
//   one Box-Muller normal (2 words); truncated normal, and a normal, lognormal, uniform,
//   triangular, pareto or empirical restricted to [low, high]: one uniform, by inversion on the
//   range; gamma: a Box-Muller pair and two 32-bit uniforms, two attempts of Marsaglia-Tsang
//   (4 words; below shape 1 one attempt and the boost's uniform); beta and PERT: one attempt at
//   each gamma from one pair and two 32-bit uniforms (4 words) where both shapes are >= 1, else
//   two gamma windows; mixture and zero-inflated: a 32-bit uniform picks
//   the component, the component's window follows; other restricted families: the base's
//   window, by rejection.
#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

#include "distributions/distribution.hpp"
#include "distributions/guide_table.hpp"
#include "random/draw_sequence.hpp"

namespace incomesim::dist {

std::size_t window_words(const Distribution& d);

// The words that follow every window of a trial, for draws their window did not settle.
class Retries {
 public:
  virtual ~Retries() = default;
  virtual random::DrawSequence& of(std::uint32_t owner) = 0;
  // Fresh windows of `words` words for draws t < m, in order of t: columns[j][t] is what the
  // j-th of `words` calls of of(owners[t]).bits32() would give, t after t. Overridden where the
  // words can be made on vectors.
  virtual void next_windows(const std::uint32_t* owners, std::size_t m, std::size_t words,
                            std::uint32_t* const* columns) {
    for (std::size_t t = 0; t < m; ++t) {
      random::DrawSequence& sequence = of(owners[t]);
      for (std::size_t j = 0; j < words; ++j) columns[j][t] = sequence.bits32();
    }
  }
};

class WindowDraws {
 public:
  // out[t] = a draw of d for t < n, from the window whose word j is columns[j][t]; a draw its
  // window does not settle is finished from retries.of(owners[t]), in order of t. Draws of one
  // owner must come in a fixed order (their order within the trial), so that its retries do.
  void draw(const Distribution& d, const std::uint32_t* const* columns, std::size_t n,
            const std::uint32_t* owners, Retries& retries, double* out);

 private:
  void draw_any(const Distribution& d, const std::uint32_t* const* columns, std::size_t n,
                const std::uint32_t* owners, Retries& retries, double* out);
  // The families drawn in closed form from one window, with no retries; false for the others.
  bool draw_in_closed_form(const Distribution& d, const std::uint32_t* const* columns,
                           std::size_t n, double* out);
  void truncated_draws(const Truncated& t, const std::uint32_t* const* columns, std::size_t n,
                       const std::uint32_t* owners, Retries& retries, double* out);
  // out[t] where NaN (a window that did not settle its draw): drawn again, the same way, from
  // fresh windows of the owner's retry words.
  void finish(const Distribution& d, std::size_t n, const std::uint32_t* owners, Retries& retries,
              double* out);
  void uniforms(const std::uint32_t* const* columns, std::size_t n);
  // normal_ (and normal_sin_ when `both`) from the Box-Muller pair in columns 0-1.
  void normals(const std::uint32_t* const* columns, std::size_t n, bool both);
  void beta_draws(const Distribution& d, const std::uint32_t* const* columns, std::size_t n,
                  const std::uint32_t* owners, Retries& retries, double* out);
  void gammas(double shape, const std::uint32_t* const* columns, std::size_t n, double* out);
  void components(const std::vector<const Distribution*>& members,
                  const std::vector<double>& cumulative, const std::uint32_t* const* columns,
                  std::size_t n, const std::uint32_t* owners, Retries& retries, double* out);
  bool invert_on_range(const Truncated& t, const std::uint32_t* const* columns, std::size_t n,
                       double* out);
  const GuideTable& poisson(double mean);

  std::vector<double> uniform_, spare_;
  std::vector<float> normal_, normal_sin_;
  std::map<double, GuideTable> poisson_tables_;
  bool normals_made_ = false, made_both_ = false;
  const std::uint32_t* made_from_[2] = {nullptr, nullptr};
  std::size_t made_count_ = 0;
  int retry_depth_ = 0;
};

}  // namespace incomesim::dist
