// The batch analysis (analysis/batch.hpp) as a function: which files a request names, and a
// failing file listed with its error while the others run.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "analysis/batch.hpp"
#include "core/input_error.hpp"
#include "engine/summary.hpp"

namespace {

using namespace incomesim;
namespace fs = std::filesystem;

TEST(BatchAnalysis, RunsEveryFileAndListsTheOnesThatFail) {
  const fs::path dir = fs::temp_directory_path() / ("batch-analysis-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "plans");
  const std::string examples = INCOMESIM_EXAMPLES_DIR;
  fs::copy_file(examples + "/steady-job.toml", dir / "plans" / "b.toml");
  std::ofstream(dir / "plans" / "a.toml") << "name = \"a\"\n[career]\nsalary = -1\n";
  std::ofstream(dir / "plans" / "notes.txt") << "not a scenario\n";
  // A directory is its .toml files in name order; a file as given.
  const auto files =
      analysis::batch_files({(dir / "plans").string(), examples + "/steady-job.toml"});
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(fs::path(files[0]).filename(), "a.toml");
  EXPECT_EQ(fs::path(files[1]).filename(), "b.toml");
  analysis::RunRequest request;
  request.trials = 200;
  const analysis::Batch batch = analysis::batch(files, request);
  EXPECT_EQ(batch.failed(), 1u);
  EXPECT_FALSE(batch.entries[0].summary);
  EXPECT_NE(batch.entries[0].error.find("career.salary"), std::string::npos)
      << batch.entries[0].error;
  ASSERT_TRUE(batch.entries[2].summary);
  // Both steady-job runs are the same run: the same trials and seed.
  EXPECT_EQ(engine::summary_table(*batch.entries[1].summary).csv(),
            engine::summary_table(*batch.entries[2].summary).csv());
  const std::string errors = analysis::batch_errors_table(batch).csv();
  EXPECT_EQ(errors.rfind("file,error\n", 0), 0u);
  EXPECT_THROW(analysis::batch_files({(dir / "missing").string()}), InputError);
  fs::remove(dir / "plans" / "a.toml");
  fs::remove(dir / "plans" / "b.toml");
  EXPECT_THROW(analysis::batch_files({(dir / "plans").string()}), InputError);  // no .toml
  EXPECT_THROW(analysis::batch_files({}), InputError);
  fs::remove_all(dir);
}

}  // namespace
