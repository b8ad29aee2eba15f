#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ccsim/error.hpp>
#include <ccsim/io/digest.hpp>
#include <ccsim/io/files.hpp>

namespace ccsim::files {

namespace {

/// What a file is, when it is not a regular file ("" for a regular file).
const char* kindOf(const struct stat& st) {
    if (S_ISREG(st.st_mode)) return "";
    if (S_ISDIR(st.st_mode)) return "is a directory";
    if (S_ISCHR(st.st_mode)) return "is a character device, not a regular file";
    if (S_ISBLK(st.st_mode)) return "is a block device, not a regular file";
    if (S_ISFIFO(st.st_mode)) return "is a FIFO, not a regular file";
    if (S_ISSOCK(st.st_mode)) return "is a socket, not a regular file";
    return "is not a regular file";
}

/// A file's identity: device and inode when it exists, else the canonical path it will get.
struct Identity {
    bool exists = false;
    dev_t dev = 0;
    ino_t ino = 0;
    std::string canonical;
    bool operator==(const Identity& o) const {
        return exists == o.exists &&
               (exists ? dev == o.dev && ino == o.ino : canonical == o.canonical);
    }
};

struct Claim {
    Identity id;
    std::string what;
    std::string path;
    std::string resolved;  ///< outputs: the path written to
};

struct Claims {
    std::mutex mutex;
    int scopes = 0;
    std::vector<Claim> inputs;
    std::vector<Claim> outputs;
    /// The inputs read whole, with their digests, and the identities already listed.
    std::vector<InputRecord> read;
    std::vector<Identity> readIds;
};

Claims& claims() {
    static Claims c;
    return c;
}

std::string canonicalNew(const std::string& path) {
    const auto slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash + 1);
    const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    char buffer[PATH_MAX];
    if (::realpath(dir.c_str(), buffer) == nullptr) return path;  // mkstemp will say why
    return std::string(buffer) + "/" + name;
}

std::array<std::atomic<const char*>, 64> temporaries{};

extern "C" void onSignal(int signal) {
    for (auto& slot : temporaries) {
        const char* path = slot.load();
        if (path != nullptr) ::unlink(path);
    }
    const char* text = signal == SIGINT ? "ccsim: interrupted (SIGINT); no partial file left\n"
                                        : "ccsim: terminated (SIGTERM); no partial file left\n";
    const ssize_t ignored = ::write(STDERR_FILENO, text, std::strlen(text));
    (void)ignored;
    ::_exit(128 + signal);
}

}  // namespace

namespace {

// Shared, immutable byte strings: a reader keeps its snapshot alive even if the input is
// withdrawn or replaced while it reads (the Python module releases the GIL during a command).
std::map<std::string, std::shared_ptr<const std::string>>& memoryInputs() {
    static std::map<std::string, std::shared_ptr<const std::string>> inputs;
    return inputs;
}

std::shared_ptr<const std::string> memoryInput(const std::string& name) {
    Claims& c = claims();
    std::lock_guard lock(c.mutex);
    const auto it = memoryInputs().find(name);
    return it == memoryInputs().end() ? nullptr : it->second;
}

}  // namespace

void provideMemoryInput(const std::string& name, std::string bytes) {
    CCSIM_CHECK(name.rfind("python:", 0) == 0);
    Claims& c = claims();
    std::lock_guard lock(c.mutex);
    memoryInputs()[name] = std::make_shared<const std::string>(std::move(bytes));
}

void withdrawMemoryInput(const std::string& name) {
    Claims& c = claims();
    std::lock_guard lock(c.mutex);
    memoryInputs().erase(name);
}

namespace {

/// A memory input, read like a file: recorded with its digest once per scope.
std::string readMemory(const std::string& name, const std::string& bytes, std::string_view what,
                       bool record) {
    if (record) {
        Claims& c = claims();
        std::lock_guard lock(c.mutex);
        const bool seen = std::any_of(c.read.begin(), c.read.end(),
                                      [&](const InputRecord& r) { return r.path == name; });
        if (c.scopes > 0 && !seen)
            c.read.push_back({std::string(what), name, bytes.size(), sha256Hex(bytes)});
    }
    return bytes;
}

}  // namespace

void noteInput(const std::string& path, std::string_view what, bool record) {
    if (memoryInput(path) != nullptr) return;
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        throw UsageError(fmt::format("cannot read {} {}: {}", what, path, std::strerror(errno)));
    if (const char* kind = kindOf(st); *kind != '\0')
        throw UsageError(fmt::format("cannot read {} {}: {}", what, path, kind));
    Claims& c = claims();
    std::lock_guard lock(c.mutex);
    if (c.scopes == 0 || !record) return;
    const Identity id{true, st.st_dev, st.st_ino, {}};
    for (const Claim& o : c.outputs)
        if (o.id == id)
            throw UsageError(fmt::format("{} {} is also the output {} {}; it would be overwritten",
                                         what, path, o.what, o.path));
    c.inputs.push_back({id, std::string(what), path, {}});
}

std::string readInput(const std::string& path, std::string_view what, std::uint64_t maxBytes,
                      bool record) {
    if (const auto bytes = memoryInput(path)) {
        if (bytes->size() > maxBytes)
            throw UsageError(fmt::format("{} {} has {} bytes, more than the {} ccsim reads", what,
                                         path, bytes->size(), maxBytes));
        return readMemory(path, *bytes, what, record);
    }
    noteInput(path, what, record);
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw UsageError(fmt::format("cannot read {} {}: {}", what, path, std::strerror(errno)));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throw UsageError(fmt::format("cannot read {} {}: not a regular file", what, path));
    }
    const auto size = static_cast<std::uint64_t>(st.st_size);
    if (size > maxBytes) {
        ::close(fd);
        throw UsageError(fmt::format("{} {} has {} bytes, more than the {} ccsim reads", what, path,
                                     size, maxBytes));
    }
    std::string out(static_cast<std::size_t>(size), '\0');
    std::size_t done = 0;
    while (done < out.size()) {
        const ssize_t n = ::read(fd, out.data() + done, out.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int e = errno;
            ::close(fd);
            throw UsageError(fmt::format("cannot read {} {}: {}", what, path,
                                         n == 0 ? "the file shrank while read" : std::strerror(e)));
        }
        done += static_cast<std::size_t>(n);
    }
    ::close(fd);
    if (record) {
        Claims& c = claims();
        const Identity id{true, st.st_dev, st.st_ino, {}};
        std::lock_guard lock(c.mutex);
        if (c.scopes > 0 && std::find(c.readIds.begin(), c.readIds.end(), id) == c.readIds.end()) {
            c.readIds.push_back(id);
            c.read.push_back({std::string(what), path, size, sha256Hex(out)});
        }
    }
    return out;
}

std::vector<InputRecord> recordedInputs() {
    Claims& c = claims();
    std::lock_guard lock(c.mutex);
    return c.read;
}

std::string claimOutput(const std::string& path, std::string_view what) {
    if (path.empty()) throw UsageError(fmt::format("{} needs a file name", what));
    std::string resolved = path;
    struct stat st {};
    if (::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
        char buffer[PATH_MAX];
        if (::realpath(path.c_str(), buffer) == nullptr)
            throw UsageError(fmt::format(
                "cannot write {} {}: a symbolic link whose target cannot be resolved ({})", what,
                path, std::strerror(errno)));
        resolved = buffer;
    }
    Identity id;
    if (::stat(resolved.c_str(), &st) == 0) {
        if (const char* kind = kindOf(st); *kind != '\0')
            throw UsageError(fmt::format("cannot write {} {}: {}", what, path, kind));
        id = {true, st.st_dev, st.st_ino, {}};
    } else {
        id.canonical = canonicalNew(resolved);
    }
    Claims& c = claims();
    std::lock_guard lock(c.mutex);
    if (c.scopes == 0) return resolved;
    for (const Claim& i : c.inputs)
        if (i.id == id)
            throw UsageError(fmt::format("{} {} is also the input {} {}; it would be overwritten",
                                         what, path, i.what, i.path));
    for (const Claim& o : c.outputs)
        if (o.id == id)
            throw UsageError(fmt::format("{} {} and {} {} name the same file; one would be lost",
                                         what, path, o.what, o.path));
    c.outputs.push_back({id, std::string(what), path, resolved});
    return resolved;
}

void releaseOutput(const std::string& resolved) {
    Claims& c = claims();
    std::lock_guard lock(c.mutex);
    for (auto it = c.outputs.begin(); it != c.outputs.end(); ++it)
        if (it->resolved == resolved) {
            c.outputs.erase(it);
            return;
        }
}

CommandScope::CommandScope() {
    Claims& c = claims();
    std::lock_guard lock(c.mutex);
    ++c.scopes;
}

CommandScope::~CommandScope() {
    Claims& c = claims();
    std::lock_guard lock(c.mutex);
    if (--c.scopes == 0) {
        c.inputs.clear();
        c.outputs.clear();
        c.read.clear();
        c.readIds.clear();
    }
}

bool registerTemporary(const char* path) {
    for (auto& slot : temporaries) {
        const char* expected = nullptr;
        if (slot.compare_exchange_strong(expected, path)) return true;
    }
    return false;
}

void unregisterTemporary(const char* path) {
    for (auto& slot : temporaries) {
        const char* expected = path;
        if (slot.compare_exchange_strong(expected, nullptr)) return;
    }
}

void installSignalHandlers() {
    struct sigaction action {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    for (const int signal : {SIGINT, SIGTERM}) {
        // A signal the caller ignores (a background job's SIGINT, nohup) stays ignored.
        struct sigaction old {};
        if (::sigaction(signal, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
        ::sigaction(signal, &action, nullptr);
    }
}

}  // namespace ccsim::files
