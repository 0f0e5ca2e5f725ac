#include "scenarios/random_inputs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <numeric>
#include <optional>

#include "random/components.hpp"

namespace incomesim::scenarios {
namespace {

// "medium" of "medium.skill".
std::string section_of(const std::string& key) { return key.substr(0, key.find('.')); }

// The smallest label of every element tied to it by `same`, for n elements: sets of a few dozen
// at most, so a fixpoint serves.
std::vector<std::size_t> set_labels(std::size_t n,
                                    const std::function<bool(std::size_t, std::size_t)>& same) {
  std::vector<std::size_t> label(n);
  std::iota(label.begin(), label.end(), std::size_t{0});
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t a = 0; a < n; ++a)
      for (std::size_t b = 0; b < a; ++b)
        if (label[a] != label[b] && same(a, b)) {
          label[a] = label[b] = std::min(label[a], label[b]);
          changed = true;
        }
  }
  return label;
}

// A parameter's addresses: its own setup draw and its copula score's.
void add_addresses_of(const PerTrialRef& ref, std::vector<random::SetupAddress>& addresses) {
  const std::uint16_t purpose = ref.parameter->purpose;
  addresses.push_back({ref.component, purpose});
  addresses.push_back(
      {ref.component, static_cast<std::uint16_t>(purpose + random::kCopulaScorePurposeOffset)});
}

}  // namespace

RandomInputs random_inputs(const IncomeModel& model) {
  const std::vector<PerTrialRef> refs = model.per_trial_parameters();
  const std::vector<CopulaMember>& members = model.copula.members();
  // Each parameter's copula member, if it is one.
  std::vector<std::optional<std::size_t>> member_of(refs.size());
  for (std::size_t r = 0; r < refs.size(); ++r)
    for (std::size_t k = 0; k < members.size(); ++k)
      if (refs[r].component == members[k].component &&
          refs[r].parameter->purpose == members[k].purpose)
        member_of[r] = k;

  // Parameters are tied when their scores share a draw, directly or through others.
  const auto parameter_label = set_labels(refs.size(), [&](std::size_t a, std::size_t b) {
    return member_of[a] && member_of[b] && model.copula.shares_draws(*member_of[a], *member_of[b]);
  });
  // Streams are tied when a tied set holds parameters of both.
  const auto stream_label = set_labels(refs.size(), [&](std::size_t a, std::size_t b) {
    return section_of(refs[a].key) == section_of(refs[b].key) ||
           parameter_label[a] == parameter_label[b];
  });

  // Inputs in the order of their first parameter; an input whose parameters are all constant
  // draws nothing that matters and is left out.
  auto gather = [&](const std::vector<std::size_t>& label, bool by_stream) {
    std::vector<RandomInput> inputs;
    for (std::size_t first = 0; first < refs.size(); ++first) {
      if (label[first] != first) continue;
      RandomInput input;
      std::vector<std::string> sections;
      bool draws = false;
      for (std::size_t r = first; r < refs.size(); ++r) {
        if (label[r] != first) continue;
        input.parameters.push_back(refs[r].key);
        add_addresses_of(refs[r], input.addresses);
        draws = draws || !refs[r].parameter->distribution.is_constant();
        if (std::find(sections.begin(), sections.end(), section_of(refs[r].key)) == sections.end())
          sections.push_back(section_of(refs[r].key));
      }
      input.name = by_stream ? fmt::format("{} parameters", fmt::join(sections, "+"))
                             : fmt::format("{}", fmt::join(input.parameters, "+"));
      if (draws) inputs.push_back(std::move(input));
    }
    return inputs;
  };
  RandomInputs inputs{gather(parameter_label, false), gather(stream_label, true)};
  RandomInput luck{"luck", {}, {}, true};
  for (const PerTrialRef& ref : refs) add_addresses_of(ref, luck.addresses);
  inputs.groups.push_back(std::move(luck));
  return inputs;
}

}  // namespace incomesim::scenarios
