// The cost of each kind of variate the model draws, batched as the model draws it: Philox words,
// 53-bit uniforms, Box-Muller normals, lognormals, per-trial sums of lognormals, Poisson and
// binomial counts at the means the default scenario uses. Each figure is per variate
// (items_per_second), for the variate-count floor in docs/performance.md.
#include <benchmark/benchmark.h>
#include <hwy/targets.h>

#include <cmath>
#include <cstdint>
#include <string>
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
      {"BM_Poisson", BM_Poisson, {{20}, {80}, {108}, {540}, {5000}}},
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
