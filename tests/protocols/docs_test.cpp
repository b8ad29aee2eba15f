// Keeps docs/adding-a-reduction.md honest: every registered reduction has the pieces the
// recipe asks for — its file in protocols/, its entry in meson_options.txt, its theory page.

#include <filesystem>
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>

#include <ccsim/reduction.hpp>

namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& path) {
    std::ifstream in(path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

TEST_SUITE("protocols/docs") {
    TEST_CASE("docs and build list every reduction") {
        const fs::path root = CCSIM_SOURCE_ROOT;
        // The choices of option('reductions'): what a fresh build directory builds.
        const std::string allOptions = slurp(root / "meson_options.txt");
        const auto option = allOptions.find("option('reductions'");
        REQUIRE(option != std::string::npos);
        // The names are spelled once, as the choices; the default is all of them.
        const auto choicesAt = allOptions.find("choices", option);
        REQUIRE(choicesAt != std::string::npos);
        const std::string options =
            allOptions.substr(choicesAt, allOptions.find(']', choicesAt) - choicesAt);
        CHECK(allOptions.find("value", choicesAt) > allOptions.find(')', choicesAt));
        const std::string recipe = slurp(root / "docs" / "adding-a-reduction.md");
        CHECK_FALSE(recipe.empty());
        for (const ccsim::ReductionInfo& info : ccsim::ReductionRegistry::instance().all()) {
            CAPTURE(info.name);
            CHECK(fs::exists(root / "protocols" / (info.name + ".cpp")));
            CHECK(options.find("'" + info.name + "'") != std::string::npos);
            const fs::path theory = root / "docs" / "theory" / (info.name + ".md");
            CHECK(fs::exists(theory));
            CHECK(slurp(theory).find(info.name) != std::string::npos);
        }
        // And nothing in protocols/ is left out of the build options.
        for (const auto& entry : fs::directory_iterator(root / "protocols")) {
            if (entry.path().extension() != ".cpp") continue;
            CAPTURE(entry.path().filename().string());
            CHECK(options.find("'" + entry.path().stem().string() + "'") != std::string::npos);
        }
    }
}
