#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ccsim/error.hpp>
#include <ccsim/report/atomic_file.hpp>

namespace ccsim {

AtomicFile::AtomicFile(std::string path, std::string what)
    : path_(std::move(path)), what_(std::move(what)) {
    if (path_.empty()) throw UsageError(fmt::format("{} needs a file name", what_));
    struct stat st {};
    if (::stat(path_.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
        throw UsageError(fmt::format("cannot write {} {}: is a directory", what_, path_));
    std::string pattern = path_ + ".tmp-XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    fd_ = ::mkstemp(buffer.data());
    if (fd_ < 0)
        throw UsageError(fmt::format("cannot write {} {}: {}", what_, path_, std::strerror(errno)));
    tempPath_ = buffer.data();
}

AtomicFile::~AtomicFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_ && !tempPath_.empty()) ::unlink(tempPath_.c_str());
}

void AtomicFile::commit(std::string_view data) {
    CCSIM_CHECK(!committed_);
    std::size_t written = 0;
    while (written < data.size()) {
        const ssize_t n = ::write(fd_, data.data() + written, data.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw RunError(
                fmt::format("cannot write {} {}: {}", what_, path_, std::strerror(errno)));
        }
        written += static_cast<std::size_t>(n);
    }
    // Files get the usual permissions, not mkstemp's 0600.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd_, 0666 & ~mask);
    if (::fsync(fd_) != 0 || ::close(fd_) != 0) {
        fd_ = -1;
        throw RunError(fmt::format("cannot write {} {}: {}", what_, path_, std::strerror(errno)));
    }
    fd_ = -1;
    if (::rename(tempPath_.c_str(), path_.c_str()) != 0)
        throw RunError(fmt::format("cannot write {} {}: {}", what_, path_, std::strerror(errno)));
    committed_ = true;
}

}  // namespace ccsim
