#pragma once
// The economy's regime, shared by every stream: a two-state Markov chain (normal / recession).
// It is what makes bad months coincide across streams (docs/models.md, "Regime").
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "distributions/block_sampler.hpp"
#include "scenarios/table_reader.hpp"

namespace incomesim::scenarios {

enum class RegimeStart { normal, recession, stationary };

struct RegimeParams {
  RegimeStart start = RegimeStart::normal;
  double p_enter = 0.01;    // monthly P(normal -> recession)
  double p_exit = 1.0 / 9;  // monthly P(recession -> normal)

  static RegimeParams read(TableReader& reader);
  double stationary_recession_probability() const;
};

// Writes in_recession[month * stride + i] (1 = recession) for trials first_trial + i.
void simulate_regime(const RegimeParams& params, dist::BlockSampler& draws, int months,
                     std::size_t stride, std::uint8_t* in_recession, std::vector<double>& uniforms);

}  // namespace incomesim::scenarios
