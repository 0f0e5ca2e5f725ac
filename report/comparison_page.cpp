#include "report/comparison_page.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/number_format.hpp"
#include "engine/metric_names.hpp"
#include "engine/periods.hpp"
#include "report/charts.hpp"
#include "report/html_parts.hpp"
#include "report/svg_charts.hpp"

namespace incomesim::report {
namespace {

std::string escape(const std::string& text) { return escape_markup(text); }

std::optional<engine::Estimate> estimate_of(const engine::Summary& summary,
                                            const std::string& series, const std::string& metric) {
  const engine::SummaryRow* row = summary.try_find(series, engine::kHorizonPeriod, metric);
  if (!row || !std::isfinite(row->estimate.value)) return std::nullopt;
  return row->estimate;
}

std::string percent_text(double v) { return percent(v, 2); }

// A statistic of B - A over the horizon, if the comparison has it with a value.
std::optional<engine::Estimate> difference_of(const analysis::Comparison& comparison,
                                              const std::string& series,
                                              const std::string& metric) {
  for (const engine::SummaryRow& row : comparison.rows)
    if (row.stream == series && row.period == engine::kHorizonPeriod && row.metric == metric &&
        std::isfinite(row.estimate.value))
      return row.estimate;
  return std::nullopt;
}

// One row per plan: its labels, then P10, median and P90 of the lead series over the horizon with
// their intervals, and P(ruin) when every plan has a household (the means are in the CSV: a wider
// table would scroll on a laptop).
std::string plans_table(const std::vector<std::string>& label_headings,
                        const std::vector<std::vector<std::string>>& labels,
                        const std::vector<const engine::Summary*>& summaries, const Lead& lead,
                        const std::string& caption) {
  bool ruin = !summaries.empty();
  for (const engine::Summary* summary : summaries)
    ruin = ruin && estimate_of(*summary, "household", "p_ruin");
  std::string html =
      "<div class=\"scroll\"><table>\n<caption>" + escape(caption) + "</caption>\n<thead><tr>";
  for (const std::string& heading : label_headings)
    html += "<th scope=\"col\">" + escape(heading) + "</th>";
  html += "<th scope=\"col\">P10</th><th scope=\"col\">median</th><th scope=\"col\">P90</th>";
  if (ruin) html += "<th scope=\"col\">P(ruin)</th>";
  html += "</tr></thead>\n<tbody>\n";
  for (std::size_t p = 0; p < summaries.size(); ++p) {
    html += "<tr>";
    for (std::size_t k = 0; k < labels[p].size(); ++k)
      html += (k == 0 ? "<th scope=\"row\" class=\"nowrap\">" : "<td>") + escape(labels[p][k]) +
              (k == 0 ? "</th>" : "</td>");
    for (const char* metric : {"p10", "p50", "p90"})
      html += estimate_cell(estimate_of(*summaries[p], lead.series, metric));
    if (ruin)
      html += estimate_cell(estimate_of(*summaries[p], "household", "p_ruin"), percent_text);
    html += "</tr>\n";
  }
  return html + "</tbody>\n</table></div>\n";
}

// The plans' curves overlaid, with a legend naming each colour; empty without curves.
std::string overlaid_sections(const PlansChart& plans, const ChartLabels& labels) {
  if (plans.plans.empty()) return "";
  std::string legend = "<ul class=\"legend\">\n";
  for (std::size_t p = 0; p < plans.plans.size(); ++p)
    legend += fmt::format("<li class=\"plan{}\"><span class=\"swatch\"></span>{}</li>\n", p,
                          break_after_separators(escape(plans.plans[p].label)));
  legend += "</ul>\n";
  const std::string left_out =
      plans.plans_left_out
          ? fmt::format(" The first {} plans are drawn; the {} others are in the table.",
                        plans.plans.size(), plans.plans_left_out)
          : "";
  const auto axis_note = [&](const ChartSvg& chart) {
    return chart.axis_low > 0 ? fmt::format(" The amount axis starts at {} {}, not at 0.",
                                            escape(labels.currency), money(chart.axis_low))
                              : std::string();
  };
  const ChartSvg fans = overlaid_fans_svg(plans, labels),
                 curves = overlaid_exceedance_svg(plans, labels);
  return "<h2>Month by month</h2>\n" + legend + "<figure>\n" + fans.svg +
         "<figcaption>Each line is a plan's median month; its band holds the middle 50% of "
         "futures." +
         axis_note(fans) + left_out + "</figcaption>\n</figure>\n" +
         section("How likely each amount is", curves.svg,
                 "Read across from a chance to the amount each plan gives with it; the dot is "
                 "the plan's median. A curve to the right of another is the better plan at that "
                 "chance." +
                     axis_note(curves) + left_out);
}

std::string intro(const PageFacts& facts, const std::string& what) {
  return fmt::format("<p>{} simulated futures of {} months, {} (seed {}); amounts in {}.</p>\n",
                     escape(facts.trials), escape(facts.horizon), what, escape(facts.seed),
                     escape(facts.currency));
}

const char* const kSameFutures =
    "<li>Every plan is run on the same simulated futures (common random numbers), so a "
    "difference between plans comes from the plans and not from luck.</li>\n";

// The difference in words: B - A in mean and P10 of the lead series, and P(B > A).
std::string difference_words(const analysis::Comparison& comparison, const Lead& lead,
                             const PageFacts& facts) {
  const auto find = [&](const std::string& metric) {
    return difference_of(comparison, lead.series, metric);
  };
  const auto amount = [&](double v) { return escape(facts.currency + " " + money(v)); };
  std::string items;
  if (const auto d = find(engine::metric::kMeanDifference))
    items += fmt::format(
        "<li>On the same futures, B's {} over the {} months is on average <strong>{}</strong> "
        "{} than A's (95% CI {} to {}).</li>\n",
        lead.words, escape(facts.horizon), amount(std::abs(d->value)),
        d->value < 0 ? "lower" : "higher", amount(d->ci_low), amount(d->ci_high));
  if (const auto d = find(engine::metric::percentile_difference(10)))
    items += fmt::format("<li>In a bad future (P10), B gives {} {} (95% CI {} to {}).</li>\n",
                         amount(std::abs(d->value)), d->value < 0 ? "less" : "more",
                         amount(d->ci_low), amount(d->ci_high));
  if (const auto above = find(engine::metric::kBAboveA))
    items += fmt::format("<li>B earns more than A in <strong>{}</strong> of the futures.</li>\n",
                         percent(above->value));
  return "<ul class=\"headline\">\n" + items + "</ul>\n";
}

// Per series: each plan's mean, B - A's mean, P10 and median differences, and P(B > A).
std::string difference_table(const analysis::Comparison& comparison, const DifferenceChart& chart,
                             const PageFacts& facts) {
  std::string html = fmt::format(
      "<div class=\"scroll\"><table>\n<caption>B - A over the whole horizon ({}), with 95% "
      "confidence intervals</caption>\n<thead><tr><th scope=\"col\">series</th><th "
      "scope=\"col\">mean A</th><th scope=\"col\">mean B</th><th scope=\"col\">mean "
      "difference</th><th scope=\"col\">P10 difference</th><th scope=\"col\">median "
      "difference</th><th scope=\"col\">P(B &gt; A)</th></tr></thead>\n<tbody>\n",
      escape(facts.currency));
  for (const DifferenceBar& bar : chart.series) {
    const auto find = [&](const std::string& metric) {
      return difference_of(comparison, bar.series, metric);
    };
    html += "<tr><th scope=\"row\">" + escape(bar.series) + "</th>" +
            estimate_cell(find(engine::metric::kMeanA)) +
            estimate_cell(find(engine::metric::kMeanB)) +
            estimate_cell(find(engine::metric::kMeanDifference)) +
            estimate_cell(find(engine::metric::percentile_difference(10))) +
            estimate_cell(find(engine::metric::percentile_difference(50))) +
            estimate_cell(find(engine::metric::kBAboveA), percent_text) + "</tr>\n";
  }
  return html + "</tbody>\n</table></div>\n";
}

}  // namespace

std::string comparison_page(const analysis::Comparison& comparison, int horizon_months) {
  const PageFacts facts{"A: " + comparison.scenario_a + ", B: " + comparison.scenario_b,
                        comparison.currency, money(static_cast<double>(comparison.trials)),
                        std::to_string(comparison.seed), std::to_string(horizon_months)};
  const ChartLabels labels{facts.scenario, facts.currency};
  const Lead lead = common_lead({&comparison.summary_a, &comparison.summary_b});
  const DifferenceChart difference = difference_chart(comparison);
  std::string html =
      page_start("incomesim: " + comparison.scenario_b + " against " + comparison.scenario_a,
                 "Plan B against plan A");
  html += fmt::format("<p>A is <strong>{}</strong>, B is <strong>{}</strong>.</p>\n",
                      escape(comparison.scenario_a), escape(comparison.scenario_b)) +
          intro(facts, "the same futures for both plans") + "<h2>What changes</h2>\n" +
          difference_words(comparison, lead, facts);
  html += "<h2>The two plans side by side</h2>\n<div class=\"side-by-side\">\n";
  for (const auto& [name, summary] :
       {std::pair{"A: " + comparison.scenario_a, &comparison.summary_a},
        std::pair{"B: " + comparison.scenario_b, &comparison.summary_b}})
    html += "<div>\n<h3>" + escape(name) + "</h3>\n" +
            headline(EstimateLookup(engine::summary_table(*summary)), facts) + "</div>\n";
  html += "</div>\n";
  html += section("The difference, B - A", difference_svg(difference, labels),
                  "Each bar is the mean of B - A over the same futures, the line its 95% "
                  "interval; an interval that crosses 0 means the plans cannot be told apart in "
                  "the mean.") +
          difference_table(comparison, difference, facts);
  if (comparison.curves_a && comparison.curves_b)
    html += overlaid_sections(
        plans_chart({"A: " + comparison.scenario_a, "B: " + comparison.scenario_b},
                    {&*comparison.curves_a, &*comparison.curves_b},
                    {&comparison.summary_a, &comparison.summary_b}),
        labels);
  html += how_to_read(std::string(kSameFutures) +
                      "<li>B - A is taken future by future, so its interval is narrower than "
                      "the two plans' own intervals suggest; P(B &gt; A) is the share of "
                      "futures in which B earns more.</li>\n");
  return html + page_end(
                    "Written by incomesim beside comparison.csv, which holds every "
                    "series, period and statistic of the comparison.");
}

std::string sweep_page(const analysis::Sweep& sweep, const std::string& scenario,
                       const std::string& currency, int horizon_months) {
  const std::uint64_t trials = sweep.summaries.empty() ? 0 : sweep.summaries.front().trials;
  const std::uint64_t seed = sweep.summaries.empty() ? 0 : sweep.summaries.front().seed;
  const PageFacts facts{
      scenario, currency, money(static_cast<double>(trials)), std::to_string(seed),
      horizon_months > 0 ? std::to_string(horizon_months) : "their own number of"};
  const ChartLabels labels{scenario, currency};
  std::vector<const engine::Summary*> summaries;
  for (const engine::Summary& summary : sweep.summaries) summaries.push_back(&summary);
  const Lead lead = common_lead(summaries);
  const SweepChart chart = sweep_chart(sweep);
  std::string html = page_start("incomesim: a sweep of " + scenario,
                                "A sweep of " + scenario + " over " + chart.axis);
  html += intro(facts, fmt::format("{} points on the same futures", sweep.points.size()));
  html += section("The " + lead.words + " at each point", sweep_svg(chart, labels),
                  "The line is the median over the horizon, its whiskers the median's 95% "
                  "interval; the band runs from P10 to P90.");
  std::vector<std::string> headings{"point"};
  headings.insert(headings.end(), sweep.keys.begin(), sweep.keys.end());
  std::vector<std::vector<std::string>> rows;
  for (std::size_t p = 0; p < sweep.points.size(); ++p) {
    rows.push_back({std::to_string(p + 1)});
    rows.back().insert(rows.back().end(), sweep.points[p].begin(), sweep.points[p].end());
  }
  html += plans_table(headings, rows, summaries, lead,
                      fmt::format("The {} over the horizon at each point ({}), with 95% "
                                  "confidence intervals",
                                  lead.words, currency));
  if (sweep.curves.size() == sweep.points.size()) {
    std::vector<std::string> names;
    std::vector<const analysis::PlanCurves*> curves;
    for (std::size_t p = 0; p < sweep.points.size(); ++p) {
      names.push_back(sweep.keys.size() == 1
                          ? fmt::format("{} = {}", sweep.keys.front(), chart.points[p].label)
                          : fmt::format("point {}: {}", p + 1, chart.points[p].label));
      curves.push_back(&sweep.curves[p]);
    }
    html += overlaid_sections(plans_chart(names, curves, summaries), labels);
  }
  html += how_to_read(kSameFutures);
  return html + page_end(
                    "Written by incomesim beside sweep.csv, which holds every statistic "
                    "of every point.");
}

std::string batch_page(const analysis::Batch& batch) {
  std::vector<const engine::Summary*> summaries;
  std::vector<std::vector<std::string>> rows;
  std::vector<const analysis::PlanCurves*> curves;
  std::vector<std::string> names;
  const std::set<std::string> currencies = batch.currencies();
  std::set<int> horizons;
  const bool one_currency = currencies.size() <= 1;
  for (const analysis::BatchEntry& entry : batch.entries) {
    if (!entry.summary) continue;
    const std::string name = std::filesystem::path(entry.file).filename().string();
    summaries.push_back(&*entry.summary);
    rows.push_back({name});
    if (!one_currency) rows.back().push_back(entry.currency);
    names.push_back(name);
    if (entry.curves)
      curves.push_back(&*entry.curves), horizons.insert(entry.curves->horizon_months);
  }
  const std::string currency = !one_currency        ? "each plan's own currency"
                               : currencies.empty() ? ""
                                                    : *currencies.begin();
  const PageFacts facts{
      fmt::format("{} scenarios", summaries.size()), currency,
      money(static_cast<double>(summaries.empty() ? 0 : summaries.front()->trials)),
      std::to_string(summaries.empty() ? 0 : summaries.front()->seed),
      horizons.size() == 1 ? std::to_string(*horizons.begin()) : "their own number of"};
  const Lead lead = common_lead(summaries);
  std::string html =
      page_start("incomesim: a batch of " + facts.scenario, "A batch of " + facts.scenario);
  html += intro(facts, "the same futures for every plan");
  if (batch.failed()) {
    html += fmt::format("<h2>{} of {} scenarios did not run</h2>\n<ul>\n", batch.failed(),
                        batch.entries.size());
    for (const analysis::BatchEntry& entry : batch.entries)
      if (!entry.summary) html += "<li>" + break_after_separators(escape(entry.error)) + "</li>\n";
    html += "</ul>\n";
  }
  html += "<h2>The plans side by side</h2>\n" +
          plans_table(one_currency ? std::vector<std::string>{"scenario"}
                                   : std::vector<std::string>{"scenario", "currency"},
                      rows, summaries, lead,
                      fmt::format("The {} over the horizon of each scenario ({}), with 95% "
                                  "confidence intervals",
                                  lead.words, currency));
  if (!one_currency && !curves.empty())
    html +=
        "<p>The plans report in different currencies, so their curves are not drawn "
        "together.</p>\n";
  else if (curves.size() == summaries.size())
    html += overlaid_sections(plans_chart(names, curves, summaries), {facts.scenario, currency});
  html += how_to_read(kSameFutures);
  return html + page_end(
                    "Written by incomesim beside batch.csv, which holds every statistic of "
                    "every scenario.");
}

std::string optimise_page(const analysis::Optimisation& optimisation) {
  const PageFacts facts{
      optimisation.scenario, optimisation.currency, money(static_cast<double>(optimisation.trials)),
      std::to_string(optimisation.seed), std::to_string(optimisation.horizon_months)};
  const ChartLabels labels{optimisation.scenario, optimisation.currency};
  const analysis::SearchResult& search = optimisation.search;
  const FrontierChart chart = frontier_chart(optimisation);
  std::string html = page_start("incomesim: the plans of " + optimisation.scenario,
                                "Which plan of " + optimisation.scenario + "?");
  html += intro(facts, fmt::format("{} plans on the same futures", search.plans.size()));
  html += section(
      optimisation.frontier ? "The frontier" : "The plans", frontier_svg(chart, labels),
      escape(fmt::format("Red: the best plan for {}; green: the plans that tie with it (no plan "
                         "beats them by more than a paired, Bonferroni-corrected 95% margin); "
                         "blue: the other plans that meet the constraints; grey: plans that break "
                         "one.{}{} Whiskers are 95% intervals.",
                         optimisation.statistics.front(),
                         optimisation.frontier ? " The line joins the plans no other plan beats "
                                                 "on both statistics."
                                               : "",
                         chart.hours_limit ? " The dashed line is the limit on side hours." : "")));
  std::string table =
      "<div class=\"scroll\"><table>\n<caption>The best plan, the plans that tie with it" +
      std::string(optimisation.frontier ? " and the frontier" : "") + " (" +
      escape(optimisation.currency) +
      ", 95% intervals)</caption>\n<thead><tr><th "
      "scope=\"col\">plan</th>";
  for (const auto& decision : optimisation.decisions)
    table += "<th scope=\"col\">" + break_after_separators(escape(decision.key)) + "</th>";
  table += "<th scope=\"col\">side hours a week</th>";
  for (const auto& statistic : optimisation.statistics)
    table += "<th scope=\"col\">" + break_after_separators(escape(statistic)) + "</th>";
  table += "</tr></thead>\n<tbody>\n";
  for (std::size_t k = 0; k < search.plans.size(); ++k) {
    const analysis::EvaluatedPlan& plan = search.plans[k];
    if (!plan.ties_best && !plan.on_frontier) continue;
    table += fmt::format("<tr><th scope=\"row\" class=\"nowrap\">{}{}</th>", k + 1,
                         plan.best        ? " (best)"
                         : plan.ties_best ? " (ties)"
                                          : "");
    for (std::size_t d = 0; d < optimisation.decisions.size(); ++d)
      table += "<td>" + escape(format_number(optimisation.values[d][plan.position[d]])) + "</td>";
    table += fmt::format("<td>{:.1f}</td>", plan.measure.side_hours_per_week);
    for (std::size_t s = 0; s < plan.measure.statistics.size(); ++s)
      table += estimate_cell(plan.measure.statistics[s],
                             optimisation.is_share[s] ? percent_text : money);
    table += "</tr>\n";
  }
  html += table + "</tbody>\n</table></div>\n";
  html += how_to_read(std::string(kSameFutures) +
                      "<li>A plan ties with the best when the data cannot tell them apart: the "
                      "set holds the best of the plans evaluated in at least 95% of runs.</li>\n");
  return html + page_end(
                    "Written by incomesim beside optimise.csv, which holds every plan the "
                    "search evaluated.");
}

}  // namespace incomesim::report
