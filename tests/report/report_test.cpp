#include <doctest/doctest.h>

#include <ccsim/reduction.hpp>
#include <ccsim/report/writers.hpp>
#include <ccsim/verify/check.hpp>

using namespace ccsim;

namespace {

Report reportOf(const std::string& name, const std::vector<std::string>& words) {
    const BuiltReduction built = buildReduction(name, words);
    VerifyOptions options;
    const CheckResult r = check(*built.reduction, options);
    return makeReport({built, options, r, "ccsim run " + name});
}

}  // namespace

TEST_SUITE("report") {
    TEST_CASE("csv fields are quoted only when they must be") {
        CHECK(csvField("plain") == "plain");
        CHECK(csvField("a,b") == "\"a,b\"");
        CHECK(csvField("say \"hi\"") == "\"say \"\"hi\"\"\"");
        CHECK(csvField("two\nlines") == "\"two\nlines\"");
        CHECK(csvField("") == "");
    }

    TEST_CASE("report formats are parsed by name and misspellings are suggested") {
        CHECK(parseReportFormat("json") == ReportFormat::Json);
        CHECK(parseReportFormat("csv") == ReportFormat::Csv);
        CHECK(parseReportFormat("html") == ReportFormat::Html);
        CHECK_THROWS_WITH_AS(parseReportFormat("jsn"),
                             "unknown report format 'jsn' (did you mean 'json'?); known: text, "
                             "json, csv, html",
                             UsageError);
    }

    TEST_CASE("the json report carries the run's facts") {
        const Report r = reportOf("disj_truncated", {"n=5", "k=3"});
        const nlohmann::ordered_json j = nlohmann::ordered_json::parse(writeJson(r));
        CHECK(j["schema"] == "ccsim.run/2");
        CHECK(j["run"]["reduction"] == "disj_truncated");
        CHECK(j["run"]["parameters"]["n"] == 5);
        CHECK(j["run"]["parameters"]["k"] == 3);
        CHECK(j["protocol"]["cost_model"] == "point-to-point");
        CHECK(j["protocol"]["rounds"].size() == 1);
        CHECK(j["protocol"]["rounds"][0]["payload_bits"] == 3);
        CHECK(j["communication"]["bits_max"] == 3);
        CHECK(j["communication"]["distinct_transcripts"] == 8);
        CHECK(j["communication"]["parties"][0]["sent_bits"] == 3);
        CHECK(j["verification"]["instances"] == 1024);
        // 3^3 * (4^2 - 3^2) instances are answered wrongly.
        CHECK(j["verification"]["incorrect"] == 27 * 7);
        CHECK(j["bound"]["bits"] == 5);
        CHECK(j["verdict"]["outcome"] == "fails-as-predicted");
        CHECK(j["witness"]["found"] == true);
        CHECK(j["witness"]["runs"].size() == 4);
        int wrong = 0;
        for (const auto& run : j["witness"]["runs"]) wrong += run["wrong"].get<bool>() ? 1 : 0;
        CHECK(wrong >= 1);
        CHECK_FALSE(j["witness"]["wrong_instance"].get<std::string>().empty());
    }

    TEST_CASE("text and csv state the same verdict and bits as the json") {
        const Report r = reportOf("disj_trivial", {"n=4"});
        const std::string text = writeText(r);
        CHECK(text.find("verdict       correct: 4 bits >= bound 4") != std::string::npos);
        CHECK(text.find("point-to-point") != std::string::npos);
        const std::string csv = writeCsv(r);
        const auto newline = csv.find('\n');
        REQUIRE(newline != std::string::npos);
        const std::string header = csv.substr(0, newline);
        const std::string row = csv.substr(newline + 1);
        CHECK(header.rfind("schema,reduction,problem,parameters,seed,mode", 0) == 0);
        CHECK(row.rfind("ccsim.run/2,disj_trivial,disj,n=4,1,exhaustive", 0) == 0);
        CHECK(row.find(",correct,") != std::string::npos);
        CHECK(std::count(header.begin(), header.end(), ',') ==
              std::count(row.begin(), row.end() - 1, ','));
    }

    TEST_CASE("party names") {
        CHECK(partyName(0, 2) == "Alice");
        CHECK(partyName(1, 2) == "Bob");
        CHECK(partyName(2, 3) == "P2");
        CHECK(partyName(kBoard, 3) == "board");
    }
}

TEST_SUITE("report") {
    TEST_CASE("the HTML page: a lane per party, an arrow group per round, text escaped") {
        VerifyOptions options;
        Report r = checkAndReport("hop_transformer", {"n=4", "k=2"}, options);
        r.parameters.push_back({"note", "<b>&\"x\"", ParamType::String});
        const std::string page = writeHtml(r);
        const auto count = [&](const std::string& what) {
            std::size_t n = 0;
            for (std::size_t at = page.find(what); at != std::string::npos;
                 at = page.find(what, at + 1))
                ++n;
            return n;
        };
        CHECK(count("<g class=\"lane\"") == r.partyTotals.size());
        CHECK(count("<g class=\"round\"") == r.rounds.size());
        CHECK(count("<script") == 0);
        CHECK(count("http://") == 1);  // the SVG namespace only
        CHECK(page.find("&lt;b&gt;&amp;&quot;x&quot;") != std::string::npos);
        CHECK(page.find("<b>&\"x\"") == std::string::npos);
        CHECK(page.find("class=\"outcome-correct\"") != std::string::npos);
    }
}
