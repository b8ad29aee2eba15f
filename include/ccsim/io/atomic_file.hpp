#pragma once
/// \file
/// Output files that appear complete or not at all.
///
/// The constructor creates a temporary file beside the target at once, so an unwritable path
/// fails before any long computation; commit() writes, flushes and renames it over the
/// target. If commit() is never reached (an error, an exception) the destructor removes the
/// temporary file and the target is untouched; SIGINT and SIGTERM remove it too
/// (files::installSignalHandlers). The path is checked by files::claimOutput: a regular file
/// or a new one, a symbolic link written through, never an input or another output of the
/// same command.

#include <string>
#include <string_view>
#include <vector>

namespace ccsim {

class AtomicFile {
public:
    /// what names the file in messages, e.g. "-o" or "--transcript".
    AtomicFile(std::string path, std::string what);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    /// Writes data as the whole content and renames the file into place. May be called
    /// again: each call replaces the whole content, atomically.
    void commit(std::string_view data);

    /// For a file another program writes (gnuplot's image): the temporary file's path to hand
    /// it, and the commit of whatever it wrote there.
    std::string temporaryPath();
    void commitAsWritten();

    const std::string& path() const { return path_; }

private:
    std::string path_;
    std::string what_;
    std::string target_;          ///< path_ with a symbolic link resolved
    std::vector<char> tempPath_;  ///< NUL-terminated; registered for the signal handler
    int fd_ = -1;

    void openTemporary();
    void finish();  ///< permissions, fsync, rename into place
};

}  // namespace ccsim
