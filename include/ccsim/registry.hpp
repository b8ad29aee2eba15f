#pragma once
/// \file
/// A name → entry table for self-registering plugins.
///
/// Each plugin file defines one static Registrar with a literal name and a factory lambda;
/// the table is a function-local static, so registration order between translation units
/// does not matter. Plugins are linked with link_whole (see meson.build).
/// Entry types need a `std::string name` member.

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include <ccsim/error.hpp>
#include <ccsim/suggest.hpp>

namespace ccsim {

template <class Entry>
class Registry {
public:
    static Registry& instance() {
        static Registry registry;
        return registry;
    }

    void add(Entry entry) {
        CCSIM_CHECK(find(entry.name) == nullptr);
        entries_.push_back(std::move(entry));
        std::sort(entries_.begin(), entries_.end(),
                  [](const Entry& a, const Entry& b) { return a.name < b.name; });
    }

    const Entry* find(std::string_view name) const {
        for (const Entry& e : entries_)
            if (e.name == name) return &e;
        return nullptr;
    }

    /// The entry called name, or a UsageError: `unknown reduction 'x' (did you mean 'y'?)`.
    const Entry& get(std::string_view name, std::string_view kind) const {
        if (const Entry* e = find(name)) return *e;
        throw UsageError(fmt::format("unknown {} '{}'{}; see 'ccsim list'", kind, name,
                                     didYouMean(name, names())));
    }

    /// Entries sorted by name.
    const std::vector<Entry>& all() const { return entries_; }

    std::vector<std::string> names() const {
        std::vector<std::string> out;
        for (const Entry& e : entries_) out.push_back(e.name);
        return out;
    }

    struct Registrar {
        explicit Registrar(Entry entry) { Registry::instance().add(std::move(entry)); }
    };

private:
    Registry() = default;
    std::vector<Entry> entries_;
};

}  // namespace ccsim
