#pragma once
/// \file
/// Output files that appear complete or not at all.
///
/// The constructor creates a temporary file beside the target at once, so an unwritable path
/// fails before any long computation; commit() writes, flushes and renames it over the
/// target. If commit() is never reached (an error, an exception) the destructor removes the
/// temporary file and the target is untouched.

#include <string>
#include <string_view>

namespace ccsim {

class AtomicFile {
public:
    /// what names the file in messages, e.g. "-o" or "--transcript".
    AtomicFile(std::string path, std::string what);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    /// Writes data as the whole content and renames the file into place.
    void commit(std::string_view data);

    const std::string& path() const { return path_; }

private:
    std::string path_;
    std::string what_;
    std::string tempPath_;
    int fd_ = -1;
    bool committed_ = false;
};

}  // namespace ccsim
