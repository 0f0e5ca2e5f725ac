// The cost of each kind of variate the model draws, batched as the model draws it: Philox words,
// 53-bit uniforms, Box-Muller normals, lognormals, per-trial sums of lognormals and of every other
// family, Poisson (per-trial and shared means) and binomial counts at the means the default
// scenario uses. Each figure is per variate
// (items_per_second), for the variate-count floor in docs/performance.md.
#include <benchmark/benchmark.h>
#include <hwy/targets.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "distributions/batch.hpp"
#include "distributions/block_sampler.hpp"
#include "random/normals.hpp"

namespace {

using namespace incomesim;
constexpr std::size_t kTrials = 1024;  // one runner block

void BM_PhiloxWords(benchmark::State& state) {
  random::BlockDraws draws(kTrials);
  random::WordLanes words;
  int month = 0;
  for (auto _ : state) {
    draws.start(1, 0, kTrials);
    draws.first_block(3, month++ % 36, 4, words);
    benchmark::DoNotOptimize(words.word[0].data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kTrials * 4));
}

void BM_Uniforms(benchmark::State& state) {
  dist::BlockSampler draws(kTrials);
  std::vector<double> out(kTrials);
  int month = 0;
  draws.start(1, 0, kTrials);
  for (auto _ : state) {
    draws.uniforms(3, month++ % 36, 4, out.data());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kTrials));
}

void BM_Normals(benchmark::State& state) {
  std::vector<std::uint32_t> a(kTrials), b(kTrials);
  for (std::size_t j = 0; j < kTrials; ++j) {
    a[j] = static_cast<std::uint32_t>(j * 2654435761u);
    b[j] = static_cast<std::uint32_t>(j * 40503u + 12345u);
  }
  std::vector<float> c(kTrials), s(kTrials);
  for (auto _ : state) {
    random::standard_normals_from_words(a.data(), b.data(), kTrials, c.data(), s.data());
    benchmark::DoNotOptimize(c.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kTrials * 2));
}

void BM_LognormalFromNormals(benchmark::State& state) {
  std::vector<float> z(kTrials);
  for (std::size_t j = 0; j < kTrials; ++j) z[j] = static_cast<float>(j % 97) / 20.0f - 2.4f;
  std::vector<double> out(kTrials);
  for (auto _ : state) {
    dist::lognormal_from_normals(std::log(19.0), 1.3, z.data(), kTrials, out.data());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kTrials));
}

// Per-trial sums of `range(0)` lognormals (Medium's articles: about 11 a month), per lognormal.
void BM_SumsOfLognormals(benchmark::State& state) {
  dist::BlockSampler draws(kTrials);
  const auto per_trial = state.range(0);
  std::vector<std::int64_t> counts(kTrials, per_trial);
  std::vector<double> sums(kTrials);
  const auto d = dist::lognormal(std::log(19.0), 1.3);
  draws.start(1, 0, kTrials);
  int month = 0;
  for (auto _ : state) {
    draws.sums_of_draws(3, month++ % 36, 4, d, counts.data(), sums.data());
    benchmark::DoNotOptimize(sums.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kTrials) * per_trial);
}

// The families a per-event draw may take (the zoo scenario's, bench/zoo.toml), with parameters
// near Medium's earnings per article.
const std::vector<std::pair<std::string, dist::Distribution>>& families() {
  static const std::vector<std::pair<std::string, dist::Distribution>> list = [] {
    const dist::Distribution article = dist::lognormal(std::log(11.9), 1.33);
    return std::vector<std::pair<std::string, dist::Distribution>>{
        {"lognormal", article},
        {"normal", dist::normal(20, 5)},
        {"uniform", dist::uniform(0, 40)},
        {"triangular", dist::triangular(0, 10, 50)},
        {"pareto", dist::pareto(5, 1.8)},
        {"empirical", dist::empirical({1, 4, 9, 16, 30, 80}, {5, 4, 3, 2, 1, 1})},
        {"truncated_normal", dist::truncated_normal(20, 10, 0, 50)},
        {"lognormal_with_high", dist::truncated(article, 0, 200)},
        {"gamma", dist::gamma(4.0 / 9.0, 45)},
        {"beta", dist::beta(2, 5)},
        {"pert", dist::pert(0, 10, 100)},
        {"mixture", dist::mixture({dist::lognormal(2, 0.5), dist::lognormal(4, 0.3)}, {0.8, 0.2})},
        {"zero_inflated", dist::zero_inflated(0.13, article)},
        {"poisson", dist::poisson(12)},
    };
  }();
  return list;
}

// Per-trial sums of 11 draws (Medium's articles in a month) of family range(0), per draw.
void BM_SumsByFamily(benchmark::State& state) {
  const auto& [name, d] = families().at(static_cast<std::size_t>(state.range(0)));
  state.SetLabel(name);
  dist::BlockSampler draws(kTrials);
  std::vector<std::int64_t> counts(kTrials, 11);
  std::vector<double> sums(kTrials);
  draws.start(1, 0, kTrials);
  int month = 0;
  for (auto _ : state) {
    draws.sums_of_draws(3, month++ % 36, 4, d, counts.data(), sums.data());
    benchmark::DoNotOptimize(sums.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kTrials) * 11);
}

// Poisson counts for a block, the mean range(0) / 10 shared by every trial (a constant rate).
void BM_PoissonShared(benchmark::State& state) {
  dist::BlockSampler draws(kTrials);
  const double mean = static_cast<double>(state.range(0)) / 10;
  std::vector<std::int64_t> out(kTrials);
  draws.start(1, 0, kTrials);
  int month = 0;
  for (auto _ : state) {
    draws.poisson_shared(3, month++ % 36, 4, mean, out.data());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kTrials));
}

// Poisson counts for a block, each trial with its own mean near range(0) / 10.
void BM_Poisson(benchmark::State& state) {
  dist::BlockSampler draws(kTrials);
  std::vector<double> means(kTrials);
  const double mean = static_cast<double>(state.range(0)) / 10;
  for (std::size_t j = 0; j < kTrials; ++j) means[j] = mean * (0.9 + 0.2 * (j % 16) / 16.0);
  std::vector<std::int64_t> out(kTrials);
  draws.start(1, 0, kTrials);
  int month = 0;
  for (auto _ : state) {
    draws.poisson(3, month++ % 36, 4, means.data(), out.data());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kTrials));
}

// Binomial(n, p) for a block: range(0) trials each, p = range(1) / 1000.
void BM_Binomial(benchmark::State& state) {
  dist::BlockSampler draws(kTrials);
  std::vector<std::int64_t> trials(kTrials, state.range(0));
  const double p = static_cast<double>(state.range(1)) / 1000;
  std::vector<std::int64_t> out(kTrials);
  draws.start(1, 0, kTrials);
  int month = 0;
  for (auto _ : state) {
    draws.binomial(3, month++ % 36, 4, trials.data(), p, out.data());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kTrials));
}

std::vector<std::vector<std::int64_t>> family_args() {
  std::vector<std::vector<std::int64_t>> args;
  for (std::size_t k = 0; k < families().size(); ++k)
    args.push_back({static_cast<std::int64_t>(k)});
  return args;
}

}  // namespace

// Every benchmark on every instruction set the build compiled and this machine runs (Highway's
// dispatch restricted to one target at a time): BM_Poisson/AVX3/20, BM_Poisson/AVX2/20, ...
int main(int argc, char** argv) {
  using Benchmark = void (*)(benchmark::State&);
  const struct {
    const char* name;
    Benchmark run;
    std::vector<std::vector<std::int64_t>> args;
  } benchmarks[] = {
      {"BM_PhiloxWords", BM_PhiloxWords, {{}}},
      {"BM_Uniforms", BM_Uniforms, {{}}},
      {"BM_Normals", BM_Normals, {{}}},
      {"BM_LognormalFromNormals", BM_LognormalFromNormals, {{}}},
      {"BM_SumsOfLognormals", BM_SumsOfLognormals, {{2}, {11}}},
      {"BM_SumsByFamily", BM_SumsByFamily, family_args()},
      {"BM_Poisson", BM_Poisson, {{20}, {80}, {108}, {540}, {5000}}},
      {"BM_PoissonShared", BM_PoissonShared, {{20}, {108}, {540}, {5000}}},
      {"BM_Binomial", BM_Binomial, {{100, 10}, {1000, 25}, {4, 500}}},
  };
  for (const auto& b : benchmarks) {
    for (const std::int64_t target : hwy::SupportedAndGeneratedTargets()) {
      const std::string name = std::string(b.name) + "/" + hwy::TargetName(target);
      auto* registered = benchmark::RegisterBenchmark(
          name.c_str(), [run = b.run, target](benchmark::State& state) {
            hwy::SetSupportedTargetsForTest(target);
            run(state);
            hwy::SetSupportedTargetsForTest(0);
          });
      for (const auto& args : b.args)
        if (!args.empty()) registered->Args(args);
    }
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
