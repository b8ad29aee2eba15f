// `ccsim cc`'s sources and reports (include/ccsim/cc/report.hpp): every registered problem's
// textbook bounds against the exact values, and the CSV row against the JSON report.

#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <ccsim/cc/report.hpp>
#include <ccsim/error.hpp>
#include <ccsim/io/csv.hpp>
#include <ccsim/model/weights.hpp>

using namespace ccsim;
using namespace ccsim::cc;

namespace {

/// The name=value words of one size of a named function.
std::vector<std::vector<std::string>> sizesOf(const std::string& name) {
    if (name == "pc") return {{"n=1", "k=2"}, {"n=2", "k=2"}, {"n=2", "k=3"}, {"n=2", "k=4"}};
    std::vector<std::vector<std::string>> out;
    for (int n = name == "index" ? 2 : 1; n <= 3; ++n) out.push_back({"n=" + std::to_string(n)});
    return out;
}

/// A version 1.0 .npy file with the given header dict and data bytes, built by hand.
std::string npy(const std::string& dict, const std::string& data) {
    std::string header = dict;
    while ((10 + header.size() + 1) % 64 != 0) header += ' ';
    header += '\n';
    std::string out = "\x93NUMPY";
    out += '\x01';
    out += '\x00';
    out += static_cast<char>(header.size() & 0xff);
    out += static_cast<char>(header.size() >> 8);
    return out + header + data;
}

}  // namespace

TEST_SUITE("cc/report") {
    TEST_CASE("no problem's textbook bound exceeds the exact value of its class") {
        // A textbook bound above the exact optimum would be a wrong bound (or a wrong
        // search): this holds every registered problem to what ccsim computes at small sizes.
        for (const std::string& name : functionNames())
            for (const std::vector<std::string>& words : sizesOf(name)) {
                const std::string where = name + " " + words.front();
                CAPTURE(where);
                const Report r = analyse(sourceOf(name, words), 2, SatWhen::Off);
                const std::vector<TextbookCheck> checks = textbookChecks(r);
                // disj, eq, gt, index, ip and pc each state a two-way and a one-way bound.
                CHECK(checks.size() >= 2);
                for (const TextbookCheck& c : checks) {
                    REQUIRE(c.exact.has_value());  // every size here is within 8x8 distinct
                    CHECK(static_cast<double>(*c.exact) + 1e-9 >= c.bound->bits);
                }
            }
    }

    TEST_CASE("the textbook bounds are tight for DISJ, EQ, GT, IP: D_nc = n, one-way n") {
        for (const std::string name : {"disj", "eq", "gt", "ip"})
            for (int n = 1; n <= 3; ++n) {
                const std::string where = name + " n=" + std::to_string(n);
                CAPTURE(where);
                const Report r =
                    analyse(sourceOf(name, {"n=" + std::to_string(n)}), 2, SatWhen::Off);
                REQUIRE(r.answerNotCharged.has_value());
                CHECK(*r.answerNotCharged == n);
                CHECK(r.exact.bits == n + 1);
                for (const TextbookCheck& c : textbookChecks(r)) CHECK(*c.exact == n);
            }
    }

    TEST_CASE("matrix files and from-run sources carry no textbook bounds") {
        const Report r =
            analyse(Source{"matrix", "m", {}, parseMatrix("0 1\n1 0\n", "m.csv"), std::nullopt, {}},
                    2, SatWhen::Off);
        CHECK(textbookChecks(r).empty());
        const nlohmann::json j = nlohmann::json::parse(jsonReport(r));
        CHECK(j["textbook"].empty());
    }

    TEST_CASE("the CSV row holds the JSON report's values") {
        const Report r = analyse(sourceOf("pc", {"n=2", "k=3"}), 2, SatWhen::Auto);
        const std::string csv = csvReport(r);
        const std::size_t eol = csv.find('\n');
        REQUIRE(eol != std::string::npos);
        const std::vector<std::string> header = csvSplit(csv.substr(0, eol));
        const std::vector<std::string> row = csvSplit(csv.substr(eol + 1, csv.size() - eol - 2));
        REQUIRE(header.size() == row.size());
        const auto field = [&](const std::string& column) {
            for (std::size_t i = 0; i < header.size(); ++i)
                if (header[i] == column) return row[i];
            FAIL("no column " << column);
            return std::string();
        };
        const nlohmann::json j = nlohmann::json::parse(jsonReport(r));
        CHECK(field("schema") == j["schema"]);
        CHECK(field("parameters") == "n=2;k=3");
        CHECK(field("two_way_bits") == std::to_string(j["exact"]["two_way_bits"].get<int>()));
        CHECK(field("answer_not_charged_bits") ==
              std::to_string(j["exact"]["answer_not_charged_bits"].get<int>()));
        CHECK(field("rounds_2_bob_first") ==
              std::to_string(j["exact"]["round_limited"][1]["bob_first_bits"].get<int>()));
        CHECK(field("rank_rational") == std::to_string(j["bounds"]["rank_rational"].get<int>()));
        CHECK(field("fooling_set_size") ==
              std::to_string(j["bounds"]["fooling_set_size"].get<int>()));
        CHECK(field("sat_two_way_bits") == std::to_string(j["sat"]["two_way_bits"].get<int>()));
        CHECK(field("run_bits").empty());
        CHECK(field("replay_correct") == "true");
    }

    TEST_CASE("sizes beyond the search name the largest that fits") {
        CHECK_THROWS_WITH_AS(sourceOf("pc", {"n=3", "k=2"}),
                             doctest::Contains("the largest is n=2"), UsageError);
        CHECK_THROWS_WITH_AS(sourceOf("gt", {"n=9"}), doctest::Contains("the largest is n=4"),
                             UsageError);
        CHECK_THROWS_WITH_AS(sourceOf("index", {"n=1"}),
                             doctest::Contains("n=1 out of range [2, 16]"), UsageError);
    }

    TEST_CASE(".npy matrices: integers, booleans and Fortran order read as the CSV does") {
        const CommMatrix csv = parseMatrix("0 1 1\n0 0 1\n", "m.csv");
        NamedArray ints{"m", {2, 3}, {0, 1, 1, 0, 0, 1}, true};
        const CommMatrix fromInts = parseNpyMatrix(npyBytes(ints), "m.npy");
        CHECK(fromInts.rows == 2);
        CHECK(fromInts.cols == 3);
        CHECK(fromInts.values == csv.values);
        // Booleans in Fortran (column-major) order: columns 0, 0 | 1, 0 | 1, 1.
        const std::string bools = npy("{'descr': '|b1', 'fortran_order': True, 'shape': (2, 3), }",
                                      std::string("\x00\x00\x01\x00\x01\x01", 6));
        CHECK(parseNpyMatrix(bools, "b.npy").values == csv.values);
        NamedArray halves{"m", {1, 2}, {0.5, 1}, false};
        CHECK_THROWS_WITH_AS(parseNpyMatrix(npyBytes(halves), "h.npy"),
                             doctest::Contains("row 0 column 0 is 0.5"), UsageError);
        CHECK_THROWS_WITH_AS(
            parseNpyMatrix(npy("{'descr': '<c16', 'fortran_order': False, 'shape': (1, 1), }",
                               std::string(16, '\0')),
                           "c.npy"),
            doctest::Contains("dtype <c16"), UsageError);
        CHECK_THROWS_WITH_AS(
            parseNpyMatrix(npy("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 2), }",
                               std::string(12, '\0')),
                           "short.npy"),
            doctest::Contains("12 data bytes"), UsageError);
        CHECK_THROWS_WITH_AS(
            parseNpyMatrix(npy("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 2, 1), }",
                               std::string(16, '\0')),
                           "d3.npy"),
            doctest::Contains("3 dimensions"), UsageError);
    }
}
