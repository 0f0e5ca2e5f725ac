// Scenario files: every bundled file loads; bad input gives one message naming
// file:line:column, the key, the bad value and what is allowed.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "scenarios/bundled_scenarios.hpp"
#include "scenarios/scenario_loader.hpp"
#include "test_support.hpp"

namespace {

using namespace incomesim;

using test_support::load_error;

const std::string kCareer = "[career]\nsalary = 60000\n";

TEST(Scenario, EveryBundledScenarioLoads) {
  ASSERT_FALSE(scenarios::bundled_scenarios().empty());
  for (const auto& [name, text] : scenarios::bundled_scenarios()) {
    EXPECT_NO_THROW(scenarios::load_scenario_text(text, name)) << name;
    // ... and the file on disk is the same text that was compiled in.
    EXPECT_NO_THROW(
        scenarios::load_scenario_file(std::filesystem::path(INCOMESIM_EXAMPLES_DIR) / name));
  }
}

// docs/scenario-format.md matches the code: its complete example loads, and its key tables list
// exactly the keys the loader resolves (section by section), no more and no fewer.
class ScenarioFormatDoc : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ifstream doc(std::string(INCOMESIM_EXAMPLES_DIR) + "/../../docs/scenario-format.md");
    ASSERT_TRUE(doc) << "docs/scenario-format.md not found";
    example = test_support::documented_example();
    std::string line, section;
    while (std::getline(doc, line)) {
      if (line.rfind("## ", 0) == 0) section = line.substr(3);
      // Key table rows: "| key | ..." under "## [career]" and the like.
      if (line.rfind("| ", 0) != 0 || section.empty()) continue;
      const std::string key = line.substr(2, line.find(' ', 2) - 2);
      if (key == "key" || key == "dist" || key.find('-') != std::string::npos) continue;
      // A key only one choice of another reads (tax.rate with system = "flat") is not resolved
      // by an example that makes the other choice.
      if (line.find("required with") != std::string::npos) continue;
      if (section == "Top level")
        documented.insert(key);
      else if (section == "[[products]]")
        documented.insert("products." + key);
      else if (section.front() == '[' && section != "[[correlation]]" && section != "[report]")
        documented.insert(section.substr(1, section.size() - 2) + "." + key);
    }
  }
  std::string example;
  std::set<std::string> documented;
};

TEST_F(ScenarioFormatDoc, CompleteExampleLoads) {
  ASSERT_FALSE(example.empty());
  const auto scenario = scenarios::load_scenario_text(example, "scenario-format.md");
  EXPECT_EQ(scenario.name, "uk-engineer");
  EXPECT_EQ(scenario.model.stream_names().size(), 6u);
  EXPECT_TRUE(scenario.model.household.has_value());
  EXPECT_FALSE(scenario.model.copula.empty());
}

TEST_F(ScenarioFormatDoc, KeyTablesListEveryResolvedKey) {
  const auto scenario = scenarios::load_scenario_text(example, "scenario-format.md");
  std::set<std::string> resolved;
  for (const auto& p : scenario.parameters) {
    std::string key = p.key;
    // fx.USD.rate and products.course.price are documented as fx.rate and products.price.
    if (key.rfind("fx.", 0) == 0 || key.rfind("products.", 0) == 0)
      key = key.substr(0, key.find('.')) + "." + key.substr(key.rfind('.') + 1);
    resolved.insert(key);
  }
  EXPECT_EQ(documented, resolved);
}

// The plans docs/research.md works with load (the docs match the code).
TEST(Scenario, ResearchDocScenariosLoad) {
  const std::filesystem::path dir =
      std::filesystem::path(INCOMESIM_EXAMPLES_DIR) / "../../docs/research";
  int loaded = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    EXPECT_NO_THROW(scenarios::load_scenario_file(entry.path())) << entry.path();
    ++loaded;
  }
  EXPECT_EQ(loaded, 3);
}

TEST(Scenario, DefaultScenarioIsTheSeedAuthor) {
  const auto scenario = scenarios::load_default_scenario();
  EXPECT_EQ(scenario.name, "alake-2020");
  EXPECT_EQ(scenario.currency, "GBP");
  EXPECT_EQ(scenario.model.horizon, 36);
  EXPECT_EQ(scenario.model.regime.start, scenarios::RegimeStart::recession);
}

TEST(Scenario, ResolvedParametersRecordDefaultsAndTheirSources) {
  const auto scenario = scenarios::load_scenario_text(kCareer + "layoff_hazard = 0.01\n", "p.toml");
  auto find = [&](const std::string& key) {
    for (const auto& p : scenario.parameters)
      if (p.key == key) return p;
    throw std::runtime_error("no parameter " + key);
  };
  EXPECT_TRUE(find("career.layoff_hazard").given);
  EXPECT_EQ(find("career.layoff_hazard").value, "0.01");
  EXPECT_FALSE(find("career.recession_unemployment_multiplier").given);
  EXPECT_EQ(find("career.recession_unemployment_multiplier").value, "1.7");
  EXPECT_NE(find("career.recession_unemployment_multiplier").source.find("BLS"), std::string::npos);
  EXPECT_EQ(find("regime.p_exit").source.find("docs/calibration.md"), 0u);
  EXPECT_EQ(find("name").value, "\"p\"");
}

// The headings ("## Medium Partner Program") of a page of docs/, without their "#"s.
std::vector<std::string> headings_of(const std::filesystem::path& page) {
  std::ifstream file(page);
  std::vector<std::string> headings;
  for (std::string line; std::getline(file, line);)
    if (line.rfind("#", 0) == 0) headings.push_back(line.substr(line.find_first_not_of("# ")));
  return headings;
}

// Every default's source names a file of this repository, and each section it quotes
// ("docs/calibration.md 'Contracting'") is a heading of that file; or the default is an
// assumption, said so. Checked over a scenario with every stream, tax and a household at their
// defaults, and over every bundled scenario.
TEST(Scenario, EveryDefaultsSourceIsAFileAndSectionOfTheRepository) {
  const std::filesystem::path root = std::filesystem::path(INCOMESIM_EXAMPLES_DIR) / "../..";
  std::vector<std::string> texts{
      "name = \"every-default\"\n[regime]\n[career]\nsalary = 60000\n[consulting]\n[medium]\n"
      "articles_per_week = 2\n[youtube]\nvideos_per_month = 2\n[newsletter]\n[[products]]\n"
      "name = \"course\"\nprice = 49\n[household]\nmonthly_expenses = 2500\n[tax]\n"
      "system = \"us-2020-single\"\n[report]\n"};
  for (const auto& [name, text] : scenarios::bundled_scenarios()) texts.emplace_back(text);
  std::size_t sources = 0, sections = 0;
  for (const std::string& text : texts)
    for (const auto& p : scenarios::load_scenario_text(text, "s.toml").parameters) {
      if (p.given) continue;
      ++sources;
      // The old names of pages that live outside the repository.
      for (const char* outside : {"MODEL.md", "CALIBRATION.md", "shared/"})
        EXPECT_EQ(p.source.find(outside), std::string::npos) << p.key << ": " << p.source;
      bool cites = false;
      for (const std::string page : {"docs/calibration.md", "docs/models.md"})
        for (std::size_t at = p.source.find(page); at != std::string::npos;
             at = p.source.find(page, at + 1)) {
          cites = true;
          ASSERT_TRUE(std::filesystem::is_regular_file(root / page)) << page;
          const std::size_t open = at + page.size() + 1;
          if (p.source.compare(at + page.size(), 2, " '") != 0) continue;
          const std::string section =
              p.source.substr(open + 1, p.source.find('\'', open + 1) - open - 1);
          const auto headings = headings_of(root / page);
          EXPECT_TRUE(std::any_of(headings.begin(), headings.end(),
                                  [&](const std::string& h) { return h.rfind(section, 0) == 0; }))
              << p.key << ": " << page << " has no section '" << section << "'";
          ++sections;
        }
      EXPECT_TRUE(cites || p.source.find("assumption") != std::string::npos ||
                  p.source == "the scenario's currency")
          << p.key << ": " << p.source;
    }
  EXPECT_GT(sources, 200u);  // every stream's defaults were seen
  EXPECT_GT(sections, 20u);
}

TEST(Scenario, UnknownKeyWithSuggestion) {
  EXPECT_EQ(
      load_error(kCareer + "layof_hazard = 0.01\n"),
      "plan.toml:3:1: career.layof_hazard: unknown key (did you mean 'layoff_hazard'?); "
      "allowed here: 'currency', 'start', 'salary', 'annual_raise', 'recession_raise_freeze', "
      "'layoff_hazard', 'recession_layoff_multiplier', 'severance_months', "
      "'unemployment_months', 'recession_unemployment_multiplier', "
      "'rehire_salary_change', 'unemployment_benefit' or 'hours_per_month'");
  EXPECT_EQ(load_error("[carrer]\nsalary = 1\n"),
            "plan.toml:1:2: carrer: unknown key (did you mean 'career'?); allowed here: 'name', "
            "'currency', 'horizon_months', 'start_month', 'regime', 'fx', 'career', 'consulting', "
            "'medium', 'youtube', 'newsletter', 'products', 'tax', 'household', 'report', "
            "'correlation', 'decisions' or 'constraints'");
}

TEST(Scenario, WrongType) {
  EXPECT_EQ(load_error(kCareer + "layoff_hazard = \"high\"\n"),
            "plan.toml:3:17: career.layoff_hazard: expected a number in [0, 1], found a string");
  EXPECT_EQ(load_error("horizon_months = 12.5\n" + kCareer),
            "plan.toml:1:18: horizon_months: expected a whole number from 1 to 1200, found the "
            "number 12.5");
  EXPECT_EQ(load_error("career = 3\n"),
            "plan.toml:1:10: career: expected a table ([career]), found an integer");
}

TEST(Scenario, ValueOutOfRange) {
  EXPECT_EQ(load_error(kCareer + "layoff_hazard = 1.5\n"),
            "plan.toml:3:17: career.layoff_hazard: 1.5 is out of range; allowed: a number in "
            "[0, 1]");
  EXPECT_EQ(load_error("horizon_months = 0\n" + kCareer),
            "plan.toml:1:18: horizon_months: 0 is out of range; allowed: a whole number from 1 "
            "to 1200");
  EXPECT_EQ(load_error(kCareer + "layoff_hazard = 0.5\n"),
            "plan.toml:1:1: career.recession_layoff_multiplier: layoff_hazard x "
            "recession_layoff_multiplier = 0.5 x 3 = 1.5 is a monthly probability above 1; "
            "allowed: a product <= 1");
  // Mass below 0 of 0.21 is refused, with the fix; 1e-9 or less is taken (ScenarioBounds tests).
  EXPECT_EQ(load_error("[career]\nsalary = { dist = \"normal\", mean = 12000, sd = 15000 }\n"),
            "plan.toml:2:10: career.salary: normal(mean=12000, sd=15000) takes values from -inf "
            "to inf, 0.212 of its probability outside the allowed range; allowed: values that are "
            "number >= 0 (mass outside below 1e-09); add low = 0 to the distribution to truncate "
            "it there");
  EXPECT_EQ(load_error("[regime]\nstart = \"boom\"\n" + kCareer),
            "plan.toml:2:9: regime.start: 'boom' is not allowed; allowed: 'normal', "
            "'recession' or 'stationary'");
}

TEST(Scenario, NonFiniteAndHugeValues) {
  EXPECT_EQ(load_error(kCareer + "severance_months = nan\n"),
            "plan.toml:3:20: career.severance_months: nan is out of range; allowed: a number >= "
            "0");
  EXPECT_EQ(load_error(kCareer + "unemployment_benefit = inf\n"),
            "plan.toml:3:24: career.unemployment_benefit: inf is out of range; allowed: a "
            "number >= 0");
  EXPECT_EQ(load_error("[career]\nsalary = -inf\n"),
            "plan.toml:2:10: career.salary: value = -inf is not allowed; it must be a finite "
            "number");
}

TEST(Scenario, DistributionErrorsPointInsideTheInlineTable) {
  EXPECT_EQ(
      load_error(kCareer + "unemployment_months = { dist = \"lognormal\", median = 2.3, sigma = -1 "
                           "}\n"),
      "plan.toml:3:67: career.unemployment_months.sigma: sigma = -1 is out of range; "
      "allowed: sigma > 0");
}

TEST(Scenario, MissingRequiredKeyAndNoStreams) {
  EXPECT_EQ(load_error("[career]\nlayoff_hazard = 0.01\n"),
            "plan.toml:1:1: career.salary: required key is missing; give a number or a "
            "distribution, e.g. salary = { dist = \"lognormal\", median = 68750, sigma = 0.1 }");
  EXPECT_EQ(load_error("name = \"empty\"\n"),
            "plan.toml:1:1: the scenario has no income stream; add one of [career], [consulting], "
            "[medium], [youtube], [newsletter] or [[products]]");
  EXPECT_EQ(load_error(""),
            "plan.toml:1:1: the scenario has no income stream; add one of [career], [consulting], "
            "[medium], [youtube], [newsletter] or [[products]]");
}

TEST(Scenario, MalformedTomlDuplicateKeysAndGarbage) {
  EXPECT_EQ(load_error("[career\nsalary = 1\n").rfind("plan.toml:1:", 0), 0u);
  EXPECT_NE(load_error("[career\nsalary = 1\n").find("not valid TOML"), std::string::npos);
  const std::string duplicate = load_error(kCareer + "salary = 70000\n");
  EXPECT_EQ(duplicate.rfind("plan.toml:3:", 0), 0u) << duplicate;
  EXPECT_NE(duplicate.find("not valid TOML"), std::string::npos);
  const std::string garbage = load_error(std::string("\x00\xff\xfe\x01zz", 6));
  EXPECT_EQ(garbage.rfind("plan.toml:1:", 0), 0u) << garbage;
}

TEST(Scenario, ByteOrderMarkIsAccepted) {
  EXPECT_NO_THROW(scenarios::load_scenario_text("\xEF\xBB\xBF" + kCareer, "bom.toml"));
}

TEST(Scenario, MissingFileAndDirectory) {
  try {
    scenarios::load_scenario_file("/nonexistent/plan.toml");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "/nonexistent/plan.toml: scenario file not found");
  }
  try {
    scenarios::load_scenario_file("/tmp");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "/tmp: is a directory; expected a scenario file (.toml)");
  }
}

}  // namespace

namespace {

std::string resolved(const scenarios::Scenario& scenario, const std::string& key) {
  for (const auto& p : scenario.parameters)
    if (p.key == key) return p.value;
  return "(absent)";
}

// What a user of @RISK would write: a normal salary (1e-15 below 0), the documented default of
// the raise written out, a lognormal whose tail passes 1e8 with negligible mass. Taken, clamped
// into the allowed range, and shown so by `validate`.
TEST(ScenarioBounds, NegligibleMassOutsideIsTakenAndShown) {
  const auto scenario = test_support::scenario_from(
      "[career]\nsalary = { dist = \"normal\", mean = 120000, sd = 15000 }\n"
      "annual_raise = { dist = \"normal\", mean = 0.03, sd = 0.01 }\n"
      "[newsletter]\norganic_signups_per_month = { dist = \"lognormal\", median = 60, sigma = 0.6 "
      "}\n");
  EXPECT_EQ(resolved(scenario, "career.salary"),
            "normal(mean=120000, sd=15000) clamped to [0, inf) (6.2e-16 of its mass outside)");
  EXPECT_NE(
      resolved(scenario, "newsletter.organic_signups_per_month").find("clamped to [0, 1e+08]"),
      std::string::npos);
}

// Writing out the default of career.annual_raise gives the same numbers, bit for bit: the clamp
// keeps the normal's draws.
TEST(ScenarioBounds, DefaultWrittenOutGivesTheSameRun) {
  const auto implicit = test_support::scenario_from(kCareer);
  const auto written = test_support::scenario_from(
      kCareer + "annual_raise = { dist = \"normal\", mean = 0.03, sd = 0.01 }\n");
  const auto a = test_support::run(implicit, 3000, 7);
  const auto b = test_support::run(written, 3000, 7);
  for (std::size_t period = 0; period < a.periods().size(); ++period)
    for (std::size_t t = 0; t < 3000; ++t)
      ASSERT_EQ(a.exact("test").values(0, period)[t], b.exact("test").values(0, period)[t])
          << period << " " << t;
}

// More than 1e-9 outside is refused with the mass and the fix; the fix, low = 0, is an exact
// truncation whose mean is the closed form mu + sigma phi(a) / (1 - Phi(a)).
TEST(ScenarioBounds, VisibleMassOutsideIsRefusedWithTheFix) {
  const std::string salary = "[career]\nsalary = { dist = \"normal\", mean = 12000, sd = 15000";
  EXPECT_NE(load_error(salary + " }\n")
                .find("0.212 of its probability outside the allowed "
                      "range; allowed: values that are number >= 0 (mass "
                      "outside below 1e-09); add low = 0"),
            std::string::npos);
  const auto fixed = test_support::scenario_from(salary + ", low = 0 }\n");
  EXPECT_EQ(resolved(fixed, "career.salary"), "normal(mean=12000, sd=15000) within [0, inf)");
}

// Hostile files the parser would crash or choke on are refused before it, with the place.
TEST(ScenarioBounds, InputBoundsAreEnforcedWithTheirPlace) {
  std::string deep = "a";
  for (int i = 0; i < 40; ++i) deep += ".a";
  EXPECT_EQ(load_error(kCareer + "[" + deep + "]\n"),
            "plan.toml:3:65: a dotted key of more than 32 parts; allowed: at most 32 (scenario "
            "keys have at most 4, e.g. products.course.price)");
  // 32 parts is allowed by the scan (the loader then names the unknown key).
  std::string thirty_two = "a";
  for (int i = 1; i < 32; ++i) thirty_two += ".a";
  EXPECT_NE(load_error(kCareer + "[" + thirty_two + "]\n").find("unknown key"), std::string::npos);
  EXPECT_EQ(load_error("name = \"" + std::string(257, 'n') + "\"\n" + kCareer)
                .rfind("plan.toml:1:8: a string of 257 characters ('nnnn", 0),
            0u);
  EXPECT_EQ(load_error("name = \"" + std::string(256, 'n') + "\"\n" + kCareer), "(no error)");
  // An override is one value: text after a line break would be a second key.
  EXPECT_NE(load_error(kCareer, {{"career.salary", "1\nhorizon_months = 3"}})
                .find("is not a TOML value (a number, a \"string\" or an inline table) but more "
                      "than one"),
            std::string::npos);
}

}  // namespace

namespace {

// Factors are scaled so that they average 1: [1e308, 1e308, 1, ...] summed to inf and became
// twelve zeros, silently; [1e-308, 0, ...] became inf and was refused at run time with no place.
// By hand: two equal factors and ten negligible ones are 6 and 6; one positive factor is 12.
TEST(ScenarioCalendar, ExtremeSeasonalityFactorsAreScaledWithoutOverflow) {
  const auto curve = [](const std::string& given) {
    const auto scenario = test_support::scenario_from(
        "[youtube]\nvideos_per_month = 2\n"
        "seasonality = " +
        given + "\n");
    for (const auto& parameter : scenario.parameters)
      if (parameter.key == "youtube.seasonality") return parameter.value;
    return std::string("(none)");
  };
  EXPECT_EQ(curve("[1e308, 1e308, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"),
            "[6, 6, 6e-308, 6e-308, 6e-308, 6e-308, 6e-308, 6e-308, 6e-308, 6e-308, 6e-308, "
            "6e-308]");
  EXPECT_EQ(curve("[1e-308, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]"),
            "[12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]");
  EXPECT_EQ(curve("[2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"),
            "[1.85, 0.923, 0.923, 0.923, 0.923, 0.923, 0.923, 0.923, 0.923, 0.923, 0.923, 0.923]");
}

TEST(ScenarioCalendar, BadSeasonalityNicheAndStartMonthAreLocated) {
  const std::string youtube = "[youtube]\nvideos_per_month = 2\n";
  EXPECT_EQ(load_error(youtube + "seasonality = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"),
            "plan.toml:3:15: youtube.seasonality: 11 numbers given; allowed: \"none\" or 12 "
            "numbers >= 0, January to December, not all 0");
  EXPECT_EQ(load_error(youtube + "seasonality = [1, 1, 1, 1, 1, -1, 1, 1, 1, 1, 1, 1]\n"),
            "plan.toml:3:31: youtube.seasonality[5]: -1 is not allowed; allowed: \"none\" or 12 "
            "numbers >= 0, January to December, not all 0");
  EXPECT_EQ(load_error(youtube + "seasonality = \"monthly\"\n"),
            "plan.toml:3:15: youtube.seasonality: expected an array, found a string; allowed: "
            "\"none\" or 12 numbers >= 0, January to December, not all 0");
  EXPECT_NE(load_error("[newsletter]\nniche_size = -5\n")
                .find("plan.toml:2:14: newsletter.niche_size: -5 is out of range"),
            std::string::npos);
  EXPECT_EQ(load_error("start_month = 13\n" + youtube),
            "plan.toml:1:15: start_month: 13 is out of range; allowed: a whole number from 1 to "
            "12");
}

}  // namespace

namespace {

// `calibrate --write` changes one value in place: the file's comments, order and spacing stay,
// in a plain key, an inline table and a named product; a key the file does not set is left to
// the whole-file rewrite (nothing here).
TEST(ValueReplaced, ChangesOneValueAndKeepsTheRestOfTheFile) {
  const std::string text =
      "# my plan\nname = \"p\"  # its name\n\n[career]\nsalary = 60000  # gross\n"
      "hours_per_month = 160\n\n[medium]\nearnings_per_article = { dist = \"lognormal\", "
      "median = 10, sigma = 1 }  # per article\n\n[[products]]\nname = \"course\"\nprice = 49\n";
  EXPECT_EQ(scenarios::with_value_replaced(text, "p.toml", "career.salary", "61234.5"),
            "# my plan\nname = \"p\"  # its name\n\n[career]\nsalary = 61234.5  # gross\n"
            "hours_per_month = 160\n\n[medium]\nearnings_per_article = { dist = \"lognormal\", "
            "median = 10, sigma = 1 }  # per article\n\n[[products]]\nname = \"course\"\n"
            "price = 49\n");
  const auto inline_value =
      scenarios::with_value_replaced(text, "p.toml", "medium.earnings_per_article.median", "12.25");
  ASSERT_TRUE(inline_value);
  EXPECT_NE(inline_value->find("{ dist = \"lognormal\", median = 12.25, sigma = 1 }  # per "
                               "article\n"),
            std::string::npos);
  const auto product =
      scenarios::with_value_replaced(text, "p.toml", "products.course.price", "59");
  ASSERT_TRUE(product);
  EXPECT_NE(product->find("name = \"course\"\nprice = 59\n"), std::string::npos);
  // Not in the file (a default) or not a value: nothing to edit in place.
  EXPECT_FALSE(scenarios::with_value_replaced(text, "p.toml", "career.layoff_hazard", "0.01"));
  EXPECT_FALSE(scenarios::with_value_replaced(text, "p.toml", "medium", "1"));
  EXPECT_FALSE(scenarios::with_value_replaced(text, "p.toml", "products.book.price", "1"));
}

}  // namespace
