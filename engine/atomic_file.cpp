#include "engine/atomic_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace incomesim::engine {
namespace {

std::filesystem::path temporary_name(const std::filesystem::path& path) {
  return path.parent_path() / fmt::format(".{}.tmp-{}", path.filename().string(), ::getpid());
}

void write_whole(const std::filesystem::path& path, std::string_view content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    throw OutputError(fmt::format("cannot write {}: {}", path.string(), std::strerror(errno)));
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int error = errno;
      ::close(fd);
      throw OutputError(fmt::format("cannot write {}: {}", path.string(), std::strerror(error)));
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0)
    throw OutputError(fmt::format("cannot write {}: {}", path.string(), std::strerror(errno)));
}

}  // namespace

void write_files_atomically(
    const std::vector<std::pair<std::filesystem::path, std::string>>& files) {
  std::vector<std::filesystem::path> temporaries;
  try {
    for (const auto& [path, content] : files) {
      temporaries.push_back(temporary_name(path));
      write_whole(temporaries.back(), content);
    }
    for (std::size_t i = 0; i < files.size(); ++i) {
      std::error_code error;
      std::filesystem::rename(temporaries[i], files[i].first, error);
      if (error)
        throw OutputError(
            fmt::format("cannot write {}: {}", files[i].first.string(), error.message()));
    }
  } catch (...) {
    for (const auto& temporary : temporaries) {
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
    }
    throw;
  }
}

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  write_files_atomically({{path, std::string(content)}});
}

}  // namespace incomesim::engine
