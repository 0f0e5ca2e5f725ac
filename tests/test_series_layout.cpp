// The series layout (engine/series_layout.hpp): report order, and the income row each series is
// written to, worked out by hand for streams and derived series around the total.
#include <gtest/gtest.h>

#include "engine/series_layout.hpp"

namespace {

using incomesim::engine::SeriesLayout;

TEST(SeriesLayout, StreamsThenTheTotalThenDerivedSeries) {
  const SeriesLayout layout({"career", "medium"}, {"tax", "net"});
  EXPECT_EQ(layout.names(), (std::vector<std::string>{"career", "medium", "total", "tax", "net"}));
  EXPECT_EQ(layout.stream_count(), 2u);
  EXPECT_EQ(layout.total(), 2u);
  EXPECT_EQ(layout.first_derived(), 3u);
  EXPECT_EQ(layout.find("net"), std::optional<std::size_t>(4));
  EXPECT_FALSE(layout.find("household"));
  // A block's rows: career 0, medium 1, tax 2, net 3; the total is summed, not written.
  EXPECT_EQ(layout.income_rows(), 4u);
  EXPECT_EQ(layout.income_row(1), 1u);
  EXPECT_EQ(layout.income_row(3), 2u);
  EXPECT_EQ(layout.income_row(4), 3u);
}

TEST(SeriesLayout, WithoutDerivedSeriesTheTotalIsLast) {
  const SeriesLayout layout({"career"}, {});
  EXPECT_EQ(layout.names(), (std::vector<std::string>{"career", "total"}));
  EXPECT_EQ(layout.first_derived(), layout.size());
  EXPECT_EQ(layout.income_rows(), 1u);
}

}  // namespace
