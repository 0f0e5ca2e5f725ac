#include "scenarios/correlation.hpp"

#include <fmt/format.h>

#include <Eigen/Cholesky>
#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <numbers>
#include <numeric>

#include "core/number_format.hpp"
#include "core/suggest.hpp"
#include "distributions/parse.hpp"
#include "random/components.hpp"

namespace incomesim::scenarios {
namespace {

struct Entry {
  int a, b;  // member indices
  double pearson;
  std::string text;  // "medium.skill ~ youtube.skill (rho 0.5, line 40)"
};

int find_root(std::vector<int>& parent, int x) {
  while (parent[x] != x) x = parent[x] = parent[parent[x]];
  return x;
}

// The entries read so far and the parameters they name, each member once, in order of first
// mention.
struct ParsedEntries {
  std::vector<const PerTrialRef*> members;
  std::map<std::string, int> index_of;  // member key -> index
  std::vector<Entry> entries;
};

// One [[correlation]] entry, read and checked against the scenario's per-trial parameters and
// the entries before it.
class EntryReader {
 public:
  EntryReader(const std::vector<PerTrialRef>& available, const std::string& file)
      : available_(available), file_(file) {
    for (const auto& ref : available) names_.push_back(ref.key);
  }

  void read(const toml::table& entry, std::size_t n, ParsedEntries& parsed) const {
    const std::string path = fmt::format("correlation[{}]", n);
    for (const auto& [key, node] : entry) {
      const std::string field(key.str());
      if (field != "a" && field != "b" && field != "rho")
        throw InputError(located(entry, field.c_str()), path + "." + field,
                         fmt::format("unknown key{}; allowed here: 'a', 'b' or 'rho'",
                                     did_you_mean(field, {"a", "b", "rho"})));
    }
    const int a = member(entry, "a", path, parsed), b = member(entry, "b", path, parsed);
    if (a == b)
      throw InputError(located(entry, "b"), path + ".b",
                       "a parameter cannot be correlated with itself");
    const toml::node* rho_node = entry.get("rho");
    const auto rho = rho_node ? rho_node->value<double>() : std::optional<double>();
    // |rho| = 1 makes the correlation matrix singular: the two would be one parameter.
    if (!rho || !std::isfinite(*rho) || *rho <= -1 || *rho >= 1)
      throw InputError(located(entry, "rho"), path + ".rho",
                       fmt::format("{} is out of range; allowed: a Spearman correlation "
                                   "strictly between -1 and 1",
                                   rho ? format_number(*rho) : std::string("a missing value")));
    for (const auto& earlier : parsed.entries)
      if ((earlier.a == a && earlier.b == b) || (earlier.a == b && earlier.b == a))
        throw InputError(located(entry, "a"), path,
                         fmt::format("the pair is already correlated by {}", earlier.text));
    // Spearman's rho of the parameters is the normal scores' Pearson 2 sin(pi rho / 6).
    parsed.entries.push_back(
        {a, b, 2 * std::sin(std::numbers::pi * *rho / 6),
         fmt::format("{} ~ {} (rho {}, line {})", parsed.members[a]->key, parsed.members[b]->key,
                     format_number(*rho), located(entry, "rho").line)});
  }

 private:
  SourceLocation located(const toml::table& entry, const char* field) const {
    const toml::node* node = entry.get(field);
    return dist::location_of(node ? *node : static_cast<const toml::node&>(entry), file_);
  }

  // The member index of the parameter named by `field` ("a" or "b"), added when new.
  int member(const toml::table& entry, const char* field, const std::string& path,
             ParsedEntries& parsed) const {
    const auto name =
        entry.get(field) ? entry.get(field)->value<std::string>() : std::optional<std::string>();
    if (!name)
      throw InputError(located(entry, field), path + "." + field,
                       "expected the name of a per-trial parameter, e.g. \"medium.skill\"");
    auto it = std::find_if(available_.begin(), available_.end(),
                           [&](const PerTrialRef& ref) { return ref.key == *name; });
    if (it == available_.end())
      throw InputError(located(entry, field), path + "." + field,
                       names_.empty()
                           ? fmt::format("'{}' is not a per-trial parameter of this scenario, "
                                         "which has none (no stream yet); add the streams "
                                         "first, then correlate their per-trial parameters",
                                         *name)
                           : fmt::format("'{}' is not a per-trial parameter of this scenario{}; "
                                         "allowed: {}",
                                         *name, did_you_mean(*name, names_), quoted_list(names_)));
    const auto [found, added] =
        parsed.index_of.emplace(*name, static_cast<int>(parsed.members.size()));
    if (added) parsed.members.push_back(&*it);
    return found->second;
  }

  const std::vector<PerTrialRef>& available_;
  const std::string& file_;
  std::vector<std::string> names_;
};

// Factorises each connected group of `matrix` on its own, so that a failure names only its own
// entries.
void check_each_group_factorises(const Eigen::MatrixXd& matrix, const std::vector<Entry>& entries,
                                 const std::string& file) {
  const int size = static_cast<int>(matrix.rows());
  std::vector<int> parent(size);
  std::iota(parent.begin(), parent.end(), 0);
  for (const auto& e : entries) parent[find_root(parent, e.a)] = find_root(parent, e.b);
  for (int root = 0; root < size; ++root) {
    std::vector<int> group;
    for (int k = 0; k < size; ++k)
      if (find_root(parent, k) == root) group.push_back(k);
    if (group.size() < 2) continue;
    Eigen::MatrixXd sub(group.size(), group.size());
    for (std::size_t r = 0; r < group.size(); ++r)
      for (std::size_t c = 0; c < group.size(); ++c) sub(r, c) = matrix(group[r], group[c]);
    Eigen::LLT<Eigen::MatrixXd> factor(sub);
    if (factor.info() != Eigen::Success) {
      std::string involved;
      for (const auto& e : entries)
        if (find_root(parent, e.a) == root) involved += (involved.empty() ? "" : "; ") + e.text;
      throw InputError(SourceLocation{file, 0, 0}, "correlation",
                       "these correlations cannot hold together (the matrix is not positive "
                       "definite): " +
                           involved + ". Weaken some of them (|rho| = 1 is never allowed).");
    }
  }
}

}  // namespace

Copula Copula::build(const toml::node* entries_node, const std::vector<PerTrialRef>& available,
                     const std::string& file) {
  Copula copula;
  if (!entries_node) return copula;
  const toml::array* entries = entries_node->as_array();
  if (!entries || !entries->is_array_of_tables()) {
    throw InputError(dist::location_of(*entries_node, file), "correlation",
                     "expected [[correlation]] entries, each { a = \"...\", b = \"...\", rho = "
                     "... }");
  }
  ParsedEntries parsed;
  const EntryReader reader(available, file);
  for (std::size_t n = 0; n < entries->size(); ++n)
    reader.read(*entries->get(n)->as_table(), n, parsed);

  const int size = static_cast<int>(parsed.members.size());
  Eigen::MatrixXd matrix = Eigen::MatrixXd::Identity(size, size);
  for (const auto& e : parsed.entries) matrix(e.a, e.b) = matrix(e.b, e.a) = e.pearson;
  check_each_group_factorises(matrix, parsed.entries, file);
  Eigen::LLT<Eigen::MatrixXd> factor(matrix);
  const Eigen::MatrixXd lower = factor.matrixL();
  copula.cholesky_.assign(static_cast<std::size_t>(size) * size, 0.0);
  for (int r = 0; r < size; ++r)
    for (int c = 0; c <= r; ++c)
      copula.cholesky_[static_cast<std::size_t>(r) * size + c] = lower(r, c);
  for (int k = 0; k < size; ++k)
    copula.members_.push_back(
        {parsed.members[k]->component, parsed.members[k]->parameter->purpose});
  return copula;
}

void Copula::normal_scores(const StreamBlock& block, double* scores) const {
  const std::size_t size = members_.size();
  std::array<double, kMaxMembers> independent;
  for (std::size_t i = 0; i < block.count; ++i) {
    for (std::size_t k = 0; k < size; ++k) {
      auto draws = block.draws(
          i, members_[k].component, random::kSetupMonth,
          static_cast<std::uint16_t>(members_[k].purpose + random::kCopulaScorePurposeOffset));
      independent[k] = dist::detail::standard_normal(draws);
    }
    for (std::size_t r = 0; r < size; ++r) {
      double z = 0;
      for (std::size_t c = 0; c <= r; ++c) z += cholesky_[r * size + c] * independent[c];
      scores[r * block.stride + i] = z;
    }
  }
}

bool Copula::shares_draws(std::size_t a, std::size_t b) const {
  const std::size_t size = members_.size();
  return a != b && cholesky_[std::max(a, b) * size + std::min(a, b)] != 0;
}

}  // namespace incomesim::scenarios
