#pragma once
// A distribution from a scenario file: a bare number is a constant; an inline table names its
// family with `dist` and gives the family's fields, e.g.
//   { dist = "lognormal", median = 19, exceed = [100, 0.13] }
// Errors are InputErrors that point at the offending field (file:line:column).
#include <toml++/toml.h>

#include <string>
#include <vector>

#include "core/input_error.hpp"
#include "distributions/distribution.hpp"

namespace incomesim::dist {

Distribution parse_distribution(const toml::node& node, const std::string& key_path);

// The families a scenario may name, and the fields each accepts.
const std::vector<std::string>& family_names();

SourceLocation location_of(const toml::node& node);
SourceLocation location_of(const toml::key& key);
// The same, naming `file` where the node has no file of its own (a value set by --set).
SourceLocation location_of(const toml::node& node, const std::string& file);
SourceLocation location_of(const toml::key& key, const std::string& file);
std::string toml_type_name(const toml::node& node);

}  // namespace incomesim::dist
