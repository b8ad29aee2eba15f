// Keeps docs/adding-a-reduction.md honest: every registered reduction has the pieces the
// recipe asks for — its file in protocols/, its entry in meson_options.txt, its theory page;
// every piece of code the recipes quote is in the file they say, as written; and every list
// of fields they give (the order designated initialisers must follow) is the order the header
// declares. Keeps docs/theory/ connected: the overview README.md links every page in its
// tables, and every page links back to it before its first section.

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <vector>

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

/// The names of the data members of `struct NAME` in the header, in declaration order.
std::vector<std::string> fieldsOf(const std::string& header, const std::string& name) {
    const auto at = header.find("struct " + name + " {");
    REQUIRE(at != std::string::npos);
    std::vector<std::string> fields;
    std::istringstream lines(header.substr(at));
    std::string line;
    std::getline(lines, line);  // "struct NAME {"
    int depth = 0;
    // A member: a type, a name, an optional "= default", ";", and an optional comment.
    const std::regex member(
        R"(^    [A-Za-z_:][^;={}]*?[\s&*>]([A-Za-z_]\w*)( = [^;]*)?;(\s*//.*)?$)");
    // A member function: a parameter list closed just before ";" (or "const;").
    const std::regex function(R"(\)\s*(const\s*)?(override\s*)?;(\s*//.*)?$)");
    while (std::getline(lines, line) && !(depth == 0 && line.rfind("};", 0) == 0)) {
        std::smatch m;
        if (depth == 0 && !std::regex_search(line, function) && std::regex_match(line, m, member))
            fields.push_back(m[1]);
        for (char c : line) depth += c == '{' ? 1 : c == '}' ? -1 : 0;
    }
    return fields;
}

}  // namespace

TEST_SUITE("protocols/docs") {
    TEST_CASE("the recipes quote real code and give the real field order") {
        const fs::path root = CCSIM_SOURCE_ROOT;
        const std::string recipe = slurp(root / "docs" / "adding-a-reduction.md");
        // Every block marked "quoted from FILE" is in FILE, character for character.
        const std::regex quoted(R"(<!-- quoted from (\S+) -->\n```cpp\n([\s\S]*?)```)");
        int blocks = 0;
        for (std::sregex_iterator it(recipe.begin(), recipe.end(), quoted), end; it != end; ++it) {
            const std::string file = (*it)[1];
            CAPTURE(file);
            REQUIRE(fs::exists(root / file));
            CHECK(slurp(root / file).find((*it)[2].str()) != std::string::npos);
            ++blocks;
        }
        CHECK(blocks >= 4);  // a construction, a strategy, a task and its evaluator
        // Every "`NAME` fields, in order: `a`, `b`." matches the struct in its header.
        const std::map<std::string, std::string> headers = {
            {"Round", "include/ccsim/comm/protocol.hpp"},
            {"ReductionInfo", "include/ccsim/reduction.hpp"},
            {"ParamSpec", "include/ccsim/params.hpp"},
            {"ConstructionInfo", "include/ccsim/construct/construction.hpp"},
            {"StrategyInfo", "include/ccsim/compile/strategy.hpp"},
            {"TaskInfo", "include/ccsim/task/task.hpp"},
            {"Evaluator", "include/ccsim/eval/evaluator.hpp"},
        };
        const std::regex list(R"(`(\w+)` fields, in order: ((?:`\w+`(?:, )?)+)\.)");
        std::set<std::string> seen;
        for (std::sregex_iterator it(recipe.begin(), recipe.end(), list), end; it != end; ++it) {
            const std::string name = (*it)[1];
            CAPTURE(name);
            REQUIRE(headers.count(name) == 1);
            std::vector<std::string> documented;
            const std::string names = (*it)[2];
            const std::regex word("`(\\w+)`");
            for (std::sregex_iterator w(names.begin(), names.end(), word), e; w != e; ++w)
                documented.push_back((*w)[1]);
            // As text, so that a failure shows both lists.
            auto joined = [](const std::vector<std::string>& v) {
                std::string out;
                for (const std::string& x : v) out += (out.empty() ? "" : ", ") + x;
                return out;
            };
            CHECK(joined(documented) == joined(fieldsOf(slurp(root / headers.at(name)), name)));
            seen.insert(name);
        }
        CHECK(seen.size() == headers.size());
    }

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

    TEST_CASE("the theory overview links every theory page, and every page links back") {
        const fs::path theory = fs::path(CCSIM_SOURCE_ROOT) / "docs" / "theory";
        const fs::path overview = theory / "README.md";
        REQUIRE(fs::exists(overview));
        // The pages the overview's tables link to (rows start with "|").
        std::set<std::string> linked;
        std::istringstream lines(slurp(overview));
        std::string line;
        const std::regex link(R"(\]\(([\w.-]+\.md)\))");
        while (std::getline(lines, line)) {
            if (line.rfind("|", 0) != 0) continue;
            for (std::sregex_iterator it(line.begin(), line.end(), link), end; it != end; ++it)
                linked.insert((*it)[1]);
        }
        std::set<std::string> pages;
        for (const auto& entry : fs::directory_iterator(theory)) {
            const std::string name = entry.path().filename().string();
            if (entry.path().extension() != ".md" || name == "README.md") continue;
            CAPTURE(name);
            pages.insert(name);
            CHECK(linked.count(name) == 1);
            // The link back comes after the title, before the first section.
            const std::string text = slurp(entry.path());
            const auto back = text.find("](README.md)");
            CHECK(back != std::string::npos);
            CHECK(back < text.find("\n## "));
        }
        CHECK(pages.size() >= 13);
        // And the tables link no theory page that does not exist.
        for (const std::string& name : linked) {
            CAPTURE(name);
            CHECK(pages.count(name) == 1);
        }
    }
}
