#pragma once
// Writing on Medium (docs/models.md, "Medium"): Poisson articles, heavy-tailed lifetime earnings
// per article, paid out of a pool with a half-life.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "scenarios/stream_common.hpp"
#include "scenarios/table_reader.hpp"

namespace incomesim::scenarios {

struct MediumParams {
  std::string currency;
  PerTrialParameter articles_per_week;
  PerTrialParameter skill;            // multiplies every article's earnings
  PerTrialParameter initial_backlog;  // unpaid lifetime earnings of earlier articles
  dist::Distribution earnings_per_article;  // lifetime earnings, per article
  double earnings_growth_per_year = 0;
  double payout_half_life_months = 2;
  double recession_multiplier = 0.7;

  static MediumParams read(TableReader& reader, const std::string& reporting_currency);
};

struct MediumState {
  std::vector<double> pool;  // earnings not paid out yet
  std::vector<double> articles_per_month;
  std::vector<double> skill;
  std::vector<std::int64_t> published;
  std::vector<double> lifetime_earnings;
  void resize(std::size_t capacity);
};

struct MediumStream {
  MediumParams params;

  std::vector<PerTrialRef> per_trial_parameters();
  // Writes income (own currency) and the number of articles published, both [month * stride + i].
  void simulate(const StreamBlock& block, MediumState& state, double* income,
                double* articles) const;
};

}  // namespace incomesim::scenarios
