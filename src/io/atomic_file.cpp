#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <fcntl.h>
#include <fmt/format.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ccsim/error.hpp>
#include <ccsim/io/atomic_file.hpp>
#include <ccsim/io/files.hpp>

namespace ccsim {

AtomicFile::AtomicFile(std::string path, std::string what)
    : path_(std::move(path)), what_(std::move(what)) {
    target_ = files::claimOutput(path_, what_);
    try {
        openTemporary();
    } catch (...) {
        files::releaseOutput(target_);
        throw;
    }
}

void AtomicFile::openTemporary() {
    std::string pattern = target_ + ".tmp-XXXXXX";
    tempPath_.assign(pattern.begin(), pattern.end());
    tempPath_.push_back('\0');
    // Blocked signals between creating the file and registering it: an interrupt never
    // leaves an unregistered temporary behind.
    sigset_t all;
    sigset_t old;
    sigfillset(&all);
    ::pthread_sigmask(SIG_BLOCK, &all, &old);
    fd_ = ::mkstemp(tempPath_.data());
    const int error = errno;
    const bool registered = fd_ >= 0 && files::registerTemporary(tempPath_.data());
    ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
    if (fd_ >= 0 && !registered) {
        ::close(fd_);
        fd_ = -1;
        ::unlink(tempPath_.data());
        tempPath_.clear();
        throw InternalError("more than 64 output files open at once");
    }
    if (fd_ < 0) {
        tempPath_.clear();
        throw UsageError(fmt::format("cannot write {} {}: {}", what_, path_, std::strerror(error)));
    }
}

AtomicFile::~AtomicFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!tempPath_.empty()) {
        ::unlink(tempPath_.data());
        files::unregisterTemporary(tempPath_.data());
    }
    files::releaseOutput(target_);
}

void AtomicFile::commit(std::string_view data) {
    if (tempPath_.empty()) openTemporary();  // committed before: a fresh temporary
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
    finish();
}

std::string AtomicFile::temporaryPath() {
    if (tempPath_.empty()) openTemporary();
    return tempPath_.data();
}

void AtomicFile::commitAsWritten() {
    if (tempPath_.empty()) openTemporary();
    finish();
}

void AtomicFile::finish() {
    // Files get the usual permissions, not mkstemp's 0600.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd_, 0666 & ~mask);
    if (::fsync(fd_) != 0 || ::close(fd_) != 0) {
        fd_ = -1;
        throw RunError(fmt::format("cannot write {} {}: {}", what_, path_, std::strerror(errno)));
    }
    fd_ = -1;
    if (::rename(tempPath_.data(), target_.c_str()) != 0)
        throw RunError(fmt::format("cannot write {} {}: {}", what_, path_, std::strerror(errno)));
    files::unregisterTemporary(tempPath_.data());
    tempPath_.clear();
}

}  // namespace ccsim
