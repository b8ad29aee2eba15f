#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include <ccsim/error.hpp>
#include <ccsim/params.hpp>

using namespace ccsim;

namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

/// n in [1, 100] (default 8) and an unbounded k (default 3), as a reduction would declare.
std::vector<ParamSpec> nk() {
    return {
        {"n", ParamType::Int, "8", "problem size", 1, 100},
        {"k", ParamType::Int, "3", "message bits", std::nullopt, std::nullopt},
    };
}

/// One parameter of each type.
std::vector<ParamSpec> mixed() {
    return {
        {"n", ParamType::Int, "8", "problem size", 1, 100},
        {"r", ParamType::Real, "0.5", "a ratio", std::nullopt, std::nullopt},
        {"s", ParamType::String, "fp32", "a format", std::nullopt, std::nullopt},
    };
}

}  // namespace

TEST_SUITE("params") {
    TEST_CASE("defaults are used when a parameter is not given") {
        Params p(mixed(), {}, "test");
        CHECK(p.getInt("n") == 8);
        CHECK(p.getReal("r") == 0.5);
        CHECK(p.getString("s") == "fp32");
        CHECK(p.given().empty());
        CHECK_NOTHROW(p.checkAllUsed());
    }

    TEST_CASE("given values parse to their types") {
        Params p(mixed(), {"n=42", "r=-1.25e-3", "s=a=b"}, "test");
        CHECK(p.getInt("n") == 42);
        CHECK(p.getReal("r") == -1.25e-3);
        CHECK(p.getString("s") == "a=b");  // the value is everything after the first '='
        CHECK_NOTHROW(p.checkAllUsed());
    }

    TEST_CASE("integer bounds are inclusive") {
        Params low(nk(), {"n=1"}, "test");
        CHECK(low.getInt("n") == 1);
        Params high(nk(), {"n=100"}, "test");
        CHECK(high.getInt("n") == 100);
        Params extreme(nk(), {"k=-9223372036854775808"}, "test");
        CHECK(extreme.getInt("k") == INT64_MIN);
        Params top(nk(), {"k=9223372036854775807"}, "test");
        CHECK(top.getInt("k") == INT64_MAX);
    }

    TEST_CASE("resolved lists every declared parameter in declaration order") {
        Params p(mixed(), {"s=bf16", "n=010"}, "test");
        CHECK(p.resolved() == Pairs{{"n", "010"}, {"r", "0.5"}, {"s", "bf16"}});
        CHECK(p.getInt("n") == 10);
        // Reading an Int records its canonical spelling.
        CHECK(p.resolved() == Pairs{{"n", "10"}, {"r", "0.5"}, {"s", "bf16"}});
    }

    TEST_CASE("given lists only the given parameters in declaration order") {
        Params p(mixed(), {"s=bf16", "n=010"}, "test");
        CHECK(p.given() == Pairs{{"n", "010"}, {"s", "bf16"}});
        p.getInt("n");
        CHECK(p.given() == Pairs{{"n", "10"}, {"s", "bf16"}});
        Params none(mixed(), {}, "test");
        CHECK(none.given().empty());
        CHECK(none.resolved().size() == 3);
    }

    TEST_CASE("an unknown parameter names the owner, suggests a close name and lists all") {
        CHECK_THROWS_WITH_AS(Params(nk(), {"nn=3"}, "test"),
                             "unknown parameter 'nn' for test (did you mean 'n'?); known: n, k",
                             UsageError);
        CHECK_THROWS_WITH_AS(Params(nk(), {"zzz=3"}, "test"),
                             "unknown parameter 'zzz' for test; known: n, k", UsageError);
        CHECK_THROWS_WITH_AS(Params({}, {"n=3"}, "disj_trivial"),
                             "unknown parameter 'n' for disj_trivial; known: none", UsageError);
    }

    TEST_CASE("a word without a name and '=' is rejected") {
        CHECK_THROWS_WITH_AS(Params(nk(), {"n"}, "test"),
                             "expected a parameter name=value, got 'n'", UsageError);
        CHECK_THROWS_WITH_AS(Params(nk(), {"=3"}, "test"),
                             "expected a parameter name=value, got '=3'", UsageError);
        CHECK_THROWS_WITH_AS(Params(nk(), {""}, "test"), "expected a parameter name=value, got ''",
                             UsageError);
    }

    TEST_CASE("an empty value is rejected") {
        CHECK_THROWS_WITH_AS(Params(nk(), {"n="}, "test"), "parameter n has an empty value",
                             UsageError);
    }

    TEST_CASE("a parameter given twice is rejected, even with the same value") {
        CHECK_THROWS_WITH_AS(Params(nk(), {"n=3", "n=4"}, "test"), "parameter n is given twice",
                             UsageError);
        CHECK_THROWS_WITH_AS(Params(nk(), {"k=1", "n=3", "k=1"}, "test"),
                             "parameter k is given twice", UsageError);
    }

    TEST_CASE("an int parameter that is not an integer is rejected when read") {
        Params p(nk(), {"n=abc"}, "test");
        CHECK_THROWS_WITH_AS(p.getInt("n"), "parameter n=abc is not an integer", UsageError);
        Params trailing(nk(), {"n=3x"}, "test");
        CHECK_THROWS_WITH_AS(trailing.getInt("n"), "parameter n=3x is not an integer", UsageError);
        Params real(nk(), {"n=2.5"}, "test");
        CHECK_THROWS_WITH_AS(real.getInt("n"), "parameter n=2.5 is not an integer", UsageError);
    }

    TEST_CASE("an int outside its declared range is rejected with the range") {
        Params negative(nk(), {"n=-3"}, "test");
        CHECK_THROWS_WITH_AS(negative.getInt("n"), "parameter n=-3 out of range [1, 100]",
                             UsageError);
        Params zero(nk(), {"n=0"}, "test");
        CHECK_THROWS_WITH_AS(zero.getInt("n"), "parameter n=0 out of range [1, 100]", UsageError);
        Params above(nk(), {"n=101"}, "test");
        CHECK_THROWS_WITH_AS(above.getInt("n"), "parameter n=101 out of range [1, 100]",
                             UsageError);
    }

    TEST_CASE("an int outside the 64-bit range is rejected") {
        Params p(nk(), {"k=9223372036854775808"}, "test");
        CHECK_THROWS_WITH_AS(p.getInt("k"),
                             "parameter k=9223372036854775808 is out of the 64-bit integer range",
                             UsageError);
        Params low(nk(), {"k=-99999999999999999999"}, "test");
        CHECK_THROWS_WITH_AS(low.getInt("k"),
                             "parameter k=-99999999999999999999 is out of the 64-bit integer range",
                             UsageError);
    }

    TEST_CASE("getInt with a narrower range explains the reason") {
        Params p(nk(), {"k=10"}, "test");
        CHECK_THROWS_WITH_AS(p.getInt("k", 0, 9, "k < n"),
                             "parameter k=10 out of range [0, 9] (k < n)", UsageError);
        Params edge(nk(), {"k=09"}, "test");
        CHECK(edge.getInt("k", 0, 9, "k < n") == 9);
        Params below(nk(), {"k=-1"}, "test");
        CHECK_THROWS_WITH_AS(below.getInt("k", 0, 9, "k < n"),
                             "parameter k=-1 out of range [0, 9] (k < n)", UsageError);
        // The declared range is checked first.
        Params declared(nk(), {"n=200"}, "test");
        CHECK_THROWS_WITH_AS(declared.getInt("n", 1, 50, "why"),
                             "parameter n=200 out of range [1, 100]", UsageError);
    }

    TEST_CASE("getReal rejects nan, infinities, overflow and non-numbers") {
        for (const std::string bad : {"nan", "inf", "-inf", "1e999", "abc", "1.5x"}) {
            CAPTURE(bad);
            Params p(mixed(), {"r=" + bad}, "test");
            CHECK_THROWS_WITH_AS(p.getReal("r"),
                                 ("parameter r=" + bad + " is not a finite number").c_str(),
                                 UsageError);
        }
        Params ok(mixed(), {"r=3"}, "test");
        CHECK(ok.getReal("r") == 3.0);
    }

    TEST_CASE("checkAllUsed rejects a given parameter that was never read") {
        Params p(nk(), {"k=2"}, "test");
        p.getInt("n");
        CHECK_THROWS_WITH_AS(p.checkAllUsed(),
                             "parameter k is not used by test with these settings", UsageError);
        p.getInt("k");
        CHECK_NOTHROW(p.checkAllUsed());
    }

    TEST_CASE("checkAllUsed ignores an unread default") {
        Params p(nk(), {"n=5"}, "test");
        p.getInt("n");
        CHECK_NOTHROW(p.checkAllUsed());
        Params nothing(nk(), {}, "test");
        CHECK_NOTHROW(nothing.checkAllUsed());
    }

    TEST_CASE("a read counts as use even when the value is rejected") {
        Params p(nk(), {"n=abc"}, "test");
        CHECK_THROWS_AS(p.getInt("n"), UsageError);
        CHECK_NOTHROW(p.checkAllUsed());
    }

    TEST_CASE("reading an undeclared parameter or the wrong type is an internal error") {
        Params p(mixed(), {}, "test");
        CHECK_THROWS_AS(p.getInt("m"), InternalError);
        CHECK_THROWS_AS(p.getReal("n"), InternalError);
        CHECK_THROWS_AS(p.getString("n"), InternalError);
        CHECK_THROWS_AS(p.getInt("s"), InternalError);
    }

    TEST_CASE("parameter types have their names") {
        CHECK(nameOf(ParamType::Int) == "int");
        CHECK(nameOf(ParamType::Real) == "real");
        CHECK(nameOf(ParamType::String) == "string");
    }
}
