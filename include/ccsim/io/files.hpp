#pragma once
/// \file
/// The files a command reads and writes, checked before they are touched.
///
/// - Inputs must be regular files (a FIFO would block, /dev/zero never ends) of bounded size;
///   they are read whole.
/// - Outputs must be regular files or not exist yet. A symbolic link is written through (the
///   link stays, its target is replaced). Directories, devices, FIFOs and sockets are refused.
/// - Within a CommandScope (one per ccsim command), no output may name an input, and no two
///   outputs may name the same file: both would silently lose data.
/// - Temporary files of outputs not yet committed are registered, so that SIGINT and SIGTERM
///   remove them before the process exits (installSignalHandlers).
///
/// Every refusal is a UsageError naming the option (`what`) and the path.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ccsim::files {

/// The largest input file read whole (weights, tokens, sweep files): 4 GiB.
inline constexpr std::uint64_t kMaxInputBytes = std::uint64_t{1} << 32;

/// Bytes readInput returns for `name` instead of reading a file, until withdrawn: how the
/// Python module hands in a state dict or an array without writing one. Names start with
/// "python:" so that no path is shadowed; provenance records them like files.
void provideMemoryInput(const std::string& name, std::string bytes);
void withdrawMemoryInput(const std::string& name);

/// Reads the whole regular file at path (at most maxBytes), after noteInput.
std::string readInput(const std::string& path, std::string_view what,
                      std::uint64_t maxBytes = kMaxInputBytes, bool record = true);

/// Checks that path is a readable regular file and, within a scope and if record is set,
/// records it as an input (refused if an output of this command names it). A file that is
/// read back and then rewritten on purpose (sweep --resume) is not recorded.
void noteInput(const std::string& path, std::string_view what, bool record = true);

/// An input file a command read whole, as report provenance records it.
struct InputRecord {
    std::string what;  ///< the option or parameter that named it ("weights")
    std::string path;  ///< as given
    std::uint64_t bytes = 0;
    std::string sha256;  ///< lowercase hex of the bytes read
};

/// The files readInput recorded in the current scope, in the order first read (a file read
/// twice counts once); empty outside a CommandScope.
std::vector<InputRecord> recordedInputs();

/// Checks an output path and returns the path to write to (a symbolic link resolved). Within
/// a scope the output is recorded until releaseOutput, and refused if it names an input or
/// another recorded output.
std::string claimOutput(const std::string& path, std::string_view what);
void releaseOutput(const std::string& resolved);

/// While one exists, noteInput and claimOutput also check names against each other.
class CommandScope {
public:
    CommandScope();
    ~CommandScope();
    CommandScope(const CommandScope&) = delete;
    CommandScope& operator=(const CommandScope&) = delete;
};

/// Temporary files that SIGINT/SIGTERM must remove (at most 64 at a time: false when full;
/// the path must stay valid until unregistered). Async-signal-safe.
bool registerTemporary(const char* path);
void unregisterTemporary(const char* path);

/// SIGINT and SIGTERM remove the registered temporary files, print one line to stderr and
/// exit with 128 + the signal number (130, 143).
void installSignalHandlers();

}  // namespace ccsim::files
