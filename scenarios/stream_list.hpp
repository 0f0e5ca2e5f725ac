#pragma once
// THE list of income streams. Everything that lists streams (report series, loader sections,
// per-trial parameters, workspaces, traces, the "no income stream" message) derives from it, in
// its order, which is the month order of docs/models.md: a stream may read the signals of the
// streams before it (AudienceSignals), never after.
//
// A stream type S has (the IncomeStream concept below):
//   S::kName            its section in a scenario file and its series in reports;
//   S::kComponent       its component id (random/components.hpp);
//   S::kIncomeKind      employment or self-employment income, as the tax treats it;
//   S::kWrites, kReads  the audience signals it writes for later streams and reads from earlier
//                       ones (checked below: each written once, read only after it is written);
//   S::kTraceColumns    per-month values `--trace-trial` shows, as "<name>_<column>";
//   S::State            its block state (struct of arrays), with resize(capacity) and
//                       work_hours: each trial's hours of work over the block's months (effort);
//   S::read(TableReader&, const StreamContext&), or for a section that may be an array of
//                       tables, S::read_section(const toml::node&, const StreamContext&,
//                       std::string& currency_out);
//   per_trial_parameters()  its per-trial parameters by field name (for [[correlation]]);
//   simulate(block, state, signals, income, trace)  all months of a block.
// Adding a stream: its own files, one line below (docs/architecture.md has the recipe).
#include <concepts>
#include <cstdint>
#include <string_view>
#include <type_traits>
#include <vector>

#include "scenarios/stream_common.hpp"
#include "scenarios/streams/career.hpp"
#include "scenarios/streams/consulting.hpp"
#include "scenarios/streams/medium.hpp"
#include "scenarios/streams/newsletter.hpp"
#include "scenarios/streams/products.hpp"
#include "scenarios/streams/youtube.hpp"

namespace incomesim::scenarios {

template <class... S>
struct StreamList {};

using IncomeStreams = StreamList<CareerStream, ConsultingStream, MediumStream, YoutubeStream,
                                 NewsletterStream, ProductsStream>;

template <class S>
concept IncomeStream = requires(const S& stream, typename S::State& state, const StreamBlock& block,
                                AudienceSignals& signals, double* income,
                                const TraceColumns& trace) {
  { S::kName } -> std::convertible_to<std::string_view>;
  { S::kComponent } -> std::convertible_to<std::uint16_t>;
  { S::kIncomeKind } -> std::convertible_to<IncomeKind>;
  { S::kTraceColumns.size() } -> std::convertible_to<std::size_t>;
  { S::kWrites.size() } -> std::convertible_to<std::size_t>;
  { S::kReads.size() } -> std::convertible_to<std::size_t>;
  state.resize(std::size_t{});
  { state.work_hours.data() } -> std::same_as<double*>;
  { stream.per_trial_parameters() } -> std::convertible_to<std::vector<NamedParameter>>;
  stream.simulate(block, state, signals, income, trace);
};

// Whether the list's signals flow forward: each signal is written by at most one stream, and
// every signal a stream reads is written by a stream before it in the list.
template <class... S>
consteval bool signals_flow_forward(StreamList<S...>) {
  std::array<int, kSignalCount> writers{};
  bool ok = true;
  const auto visit = [&]<class T>(std::type_identity<T>) {
    for (Signal read : T::kReads) ok = ok && writers[static_cast<std::size_t>(read)] == 1;
    for (Signal written : T::kWrites) ok = ok && ++writers[static_cast<std::size_t>(written)] == 1;
  };
  (visit(std::type_identity<S>{}), ...);
  return ok;
}
static_assert(signals_flow_forward(IncomeStreams{}),
              "a stream reads only signals written once, by a stream before it in the list");

// f(std::type_identity<S>{}) for every stream type S of the list, in order.
template <class F>
void for_each_stream_type(F&& f) {
  [&]<class... S>(StreamList<S...>) {
    static_assert((IncomeStream<S> && ...), "every listed stream has the stream shape");
    (f(std::type_identity<S>{}), ...);
  }(IncomeStreams{});
}

// Tuples with one element per listed stream type.
template <class List>
struct PerStream;
template <class... S>
struct PerStream<StreamList<S...>> {
  using Optionals = std::tuple<std::optional<S>...>;
  using States = std::tuple<typename S::State...>;
};

// Names of every listed stream, in order: "career", "consulting", ...
std::vector<std::string> all_stream_names();

}  // namespace incomesim::scenarios
