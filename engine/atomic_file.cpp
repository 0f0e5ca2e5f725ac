#include "engine/atomic_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <iostream>
#include <mutex>
#include <thread>

#include "core/interrupt.hpp"

namespace incomesim::engine {
namespace {

// Paths a signal handler may have to remove. Nodes are never freed (the handler may be reading
// one on another thread) and a path keeps its node, so the list grows only with the distinct
// output paths of the process; a node is `live` while its file or directory must go on failure.
struct PendingPath {
  PendingPath(std::string text, bool is_directory)
      : path(std::move(text)), directory(is_directory) {}
  const std::string path;
  const bool directory;
  std::atomic<bool> live{false};
  PendingPath* next = nullptr;
};

std::atomic<PendingPath*> pending_paths{nullptr};  // newest first
std::mutex pending_paths_mutex;                    // between registering threads only
std::atomic<OutputPhase> phase{OutputPhase::idle};

PendingPath& pending(const std::filesystem::path& path, bool directory) {
  const std::lock_guard<std::mutex> guard(pending_paths_mutex);
  for (PendingPath* node = pending_paths.load(); node; node = node->next)
    if (node->directory == directory && node->path == path.string()) return *node;
  auto* node = new PendingPath(path.string(), directory);
  node->next = pending_paths.load();
  pending_paths.store(node);
  return *node;
}

// The writer's phase for its lifetime; idle again on every exit path.
class PhaseScope {
 public:
  PhaseScope() { phase.store(OutputPhase::writing); }
  ~PhaseScope() { phase.store(OutputPhase::idle); }
  PhaseScope(const PhaseScope&) = delete;
  PhaseScope& operator=(const PhaseScope&) = delete;
};

// A temporary is ".NAME.tmp-PID": hidden, and naming the process that writes it.
constexpr std::string_view kTemporaryMark = ".tmp-";

std::filesystem::path temporary_name(const std::filesystem::path& path) {
  return path.parent_path() /
         fmt::format(".{}{}{}", path.filename().string(), kTemporaryMark, ::getpid());
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

// Whether `name` is a temporary (".summary.csv.tmp-1234") whose writer no longer exists.
bool left_by_dead_writer(const std::string& name) {
  const std::size_t at = name.rfind(kTemporaryMark);
  if (name.empty() || name[0] != '.' || at == std::string::npos) return false;
  const std::string digits = name.substr(at + kTemporaryMark.size());
  if (digits.empty() || digits.size() > 9 ||
      digits.find_first_not_of("0123456789") != std::string::npos)
    return false;
  const pid_t pid = static_cast<pid_t>(std::stol(digits));
  return pid > 0 && ::kill(pid, 0) != 0 && errno == ESRCH;
}

const char* kind_of(const struct stat& status) {
  if (S_ISDIR(status.st_mode)) return "a directory";
  if (S_ISLNK(status.st_mode)) return "a symbolic link";
  if (S_ISCHR(status.st_mode)) return "a character device";
  if (S_ISBLK(status.st_mode)) return "a block device";
  if (S_ISFIFO(status.st_mode)) return "a FIFO (named pipe)";
  if (S_ISSOCK(status.st_mode)) return "a socket";
  return "not a regular file";
}

}  // namespace

void check_output_file(const std::filesystem::path& path) {
  struct stat status {};
  if (::lstat(path.c_str(), &status) != 0) return;  // missing: it will be created
  if (S_ISREG(status.st_mode)) return;
  throw OutputError(fmt::format(
      "cannot write {}: it is {}; incomesim replaces only regular files (it writes a new file "
      "and renames it into place); choose another path",
      path.string(), kind_of(status)));
}

void write_files_atomically(const std::vector<std::pair<std::filesystem::path, std::string>>& files,
                            const std::vector<std::filesystem::path>& stale) {
  throw_if_interrupted();
  for (const auto& [path, content] : files) check_output_file(path);
  std::vector<PendingPath*> temporaries;  // each names its file's temporary
  const PhaseScope writing;
  try {
    for (const auto& [path, content] : files) {
      temporaries.push_back(&pending(temporary_name(path), false));
      temporaries.back()->live.store(true);
      write_whole(temporaries.back()->path, content);
    }
    // From here a stop signal waits: the handler sees `renaming` and returns.
    phase.store(OutputPhase::renaming);
    for (std::size_t i = 0; i < files.size(); ++i) {
      std::error_code error;
      std::filesystem::rename(temporaries[i]->path, files[i].first, error);
      if (error)
        throw OutputError(
            fmt::format("cannot write {}: {}", files[i].first.string(), error.message()));
      temporaries[i]->live.store(false);
    }
    for (const auto& path : stale) {
      std::error_code ignored;
      if (std::filesystem::is_regular_file(std::filesystem::symlink_status(path, ignored)))
        std::filesystem::remove(path, ignored);
    }
  } catch (...) {
    for (PendingPath* temporary : temporaries) {
      if (!temporary->live.load()) continue;
      std::error_code ignored;
      std::filesystem::remove(temporary->path, ignored);
      temporary->live.store(false);
    }
    throw;
  }
}

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  write_files_atomically({{path, std::string(content)}});
}

void make_output_directory(const std::filesystem::path& dir) {
  // Each missing level, outermost first, so that removal (newest first) goes innermost first.
  std::vector<std::filesystem::path> missing;
  std::error_code error;
  for (std::filesystem::path level = std::filesystem::absolute(dir, error).lexically_normal();
       !level.empty() && !std::filesystem::exists(level, error); level = level.parent_path()) {
    missing.insert(missing.begin(), level);
    if (level == level.parent_path()) break;
  }
  for (const auto& level : missing) {
    if (std::filesystem::create_directory(level, error); error) break;
    pending(level, true).live.store(true);
  }
  if (error || !std::filesystem::is_directory(dir))
    throw OutputError(fmt::format("cannot create the output directory {}: {}", dir.string(),
                                  error ? error.message() : "a file has that name"));
  if (::access(dir.c_str(), W_OK) != 0)
    throw OutputError(fmt::format("cannot write to the output directory {}: {}", dir.string(),
                                  std::strerror(errno)));
}

void lock_output_directory(const std::filesystem::path& dir) {
  struct stat status {};
  if (::stat(dir.c_str(), &status) != 0)
    throw OutputError(
        fmt::format("cannot lock the output directory {}: {}", dir.string(), std::strerror(errno)));
  // flock locks belong to an open file description: a second open of the same directory by
  // this process would wait for itself, so each directory is locked once per process.
  static std::mutex mutex;
  static std::vector<std::pair<dev_t, ino_t>> locked;
  const std::lock_guard<std::mutex> guard(mutex);
  for (const auto& [device, inode] : locked)
    if (device == status.st_dev && inode == status.st_ino) return;
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    throw OutputError(
        fmt::format("cannot lock the output directory {}: {}", dir.string(), std::strerror(errno)));
  bool told = false;
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      const int error = errno;
      ::close(fd);
      throw OutputError(fmt::format("cannot lock the output directory {}: {}", dir.string(),
                                    std::strerror(error)));
    }
    if (!told)
      std::cerr << "incomesim: waiting for another incomesim process writing to " << dir.string()
                << "\n";
    told = true;
    if (interrupt_signal() != 0) {
      ::close(fd);
      throw Interrupted();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  locked.emplace_back(status.st_dev, status.st_ino);  // the descriptor stays open until exit
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error))
    if (entry.is_regular_file(error) && left_by_dead_writer(entry.path().filename().string()))
      std::filesystem::remove(entry.path(), error);
}

OutputPhase output_phase() noexcept { return phase.load(); }

void remove_unfinished_output() noexcept {
  for (PendingPath* node = pending_paths.load(); node; node = node->next) {
    if (!node->live.load()) continue;
    // unlink and rmdir are async-signal-safe; rmdir fails, harmlessly, on a directory in use.
    if (node->directory ? ::rmdir(node->path.c_str()) == 0 : ::unlink(node->path.c_str()) == 0)
      node->live.store(false);
  }
}

}  // namespace incomesim::engine
