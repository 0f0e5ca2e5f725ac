#pragma once
// The periods a report covers, and their names, in one place: the whole horizon ("horizon"),
// each year ("year1", ...), and any requested month ("month6") or range of months
// ("months1-7").
#include <string>
#include <vector>

namespace incomesim::engine {

struct Period {
  std::string name;   // "horizon", "year1", "month6", "months1-7": the CSV's period column
  std::string label;  // "whole horizon", "year 1", "month 6", "months 1-7": for people
  int first_month;    // inclusive, 0-based
  int end_month;      // exclusive
};

// Months first..last, 1-based and inclusive, to report as a period of their own.
struct MonthRange {
  int first;
  int last;
};

inline const std::string kHorizonPeriod = "horizon";
std::string year_period(int year);                        // 1-based: "year1"
std::string month_range_period(const MonthRange& range);  // "month6" or "months1-7"

// The horizon, each year, then each requested range. Ranges must lie within the horizon.
std::vector<Period> periods_for(int horizon_months, const std::vector<MonthRange>& ranges = {});

}  // namespace incomesim::engine
