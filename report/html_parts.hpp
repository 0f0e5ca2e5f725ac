#pragma once
// The pieces every page of incomesim shares (report.html and the comparison pages): the style
// sheet, the frame of a page, a chart's section, an estimate's cell, the headline in words and
// "how to read this page". Markup only; what a page shows is decided by its own writer.
#include <optional>
#include <string>

#include "engine/statistics.hpp"
#include "report/console_tables.hpp"
#include "report/lead.hpp"
#include "report/run_report.hpp"

namespace incomesim::report {

// What a page says of a run: the scenario (or the comparison's name), the reporting currency,
// and the trials, seed and horizon as a person reads them.
struct PageFacts {
  std::string scenario, currency, trials, seed, horizon;
};

// <!DOCTYPE html> to the opening of <main>, with the page's title and heading; `title` and
// `heading` are plain text (escaped here).
std::string page_start(const std::string& title, const std::string& heading);
// The closing of a page: a small note on where its figures are (markup), then </html>.
std::string page_end(const std::string& footnote);

// A chart of a page as a file of its own: the page's style sheet put inside the SVG.
std::string standalone_svg(const std::string& chart_svg);

// A section of one chart: its heading (text), the SVG and its caption (markup).
std::string section(const std::string& heading, const std::string& svg, const std::string& caption);

// An estimate as a table cell with its interval below it, or "-".
std::string estimate_cell(const std::optional<engine::Estimate>& e,
                          std::string (*format)(double) = money);

// A share as a percentage; one that rounds to 0 is 0.0%, never -0.0%.
std::string share_text(double v);

// The headline in words (a list): P10, median, P90 and the worst 5% of the lead series over the
// horizon, before tax too when it leads after tax, and the chance of running out of cash.
std::string headline(const EstimateLookup& summary, const PageFacts& facts);

// Marked-up text that may break after each '.' and '_' (and nowhere else within a word).
std::string break_after_separators(const std::string& markup);

// "How to read this page": P10, the median and intervals in words, then `more` (<li> items).
std::string how_to_read(const std::string& more);

}  // namespace incomesim::report
