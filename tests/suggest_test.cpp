#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <ccsim/suggest.hpp>

using namespace ccsim;

TEST_SUITE("suggest") {
    TEST_CASE("editDistance gives the textbook values") {
        CHECK(editDistance("kitten", "sitting") == 3);
        CHECK(editDistance("sitting", "kitten") == 3);
        CHECK(editDistance("flaw", "lawn") == 2);
        CHECK(editDistance("abc", "abc") == 0);
        CHECK(editDistance("a", "b") == 1);
    }

    TEST_CASE("editDistance counts an adjacent transposition as one edit") {
        CHECK(editDistance("ab", "ba") == 1);
        CHECK(editDistance("disj_trivial", "disj_trivail") == 1);
        // Optimal string alignment: no substring is edited twice, so "ca" -> "abc" takes 3
        // (unrestricted Damerau-Levenshtein would give 2).
        CHECK(editDistance("ca", "abc") == 3);
    }

    TEST_CASE("editDistance to an empty string is the other string's length") {
        CHECK(editDistance("", "") == 0);
        CHECK(editDistance("", "abc") == 3);
        CHECK(editDistance("run", "") == 3);
    }

    TEST_CASE("closestMatch finds a typo's intended name") {
        const std::vector<std::string> reductions = {"disj_trivial", "disj_truncated", "eq_trivial",
                                                     "index_trivial"};
        CHECK(closestMatch("disj_trival", reductions) == "disj_trivial");
        CHECK(closestMatch("eq_trivail", reductions) == "eq_trivial");
        const std::vector<std::string> commands = {"list", "run", "demo", "help"};
        CHECK(closestMatch("rn", commands) == "run");
        CHECK(closestMatch("lsit", commands) == "list");
        CHECK(closestMatch("run", commands) == "run");
    }

    TEST_CASE("closestMatch returns nothing for unrelated words or no candidates") {
        CHECK(closestMatch("xyz", {"run", "list"}).empty());
        CHECK(closestMatch("explain", {"run", "list"}).empty());
        CHECK(closestMatch("run", {}).empty());
    }

    TEST_CASE("closestMatch accepts at most a third of the longer word changed") {
        // 6 letters: 2 edits are a typo, 3 are not.
        CHECK(closestMatch("abcdzz", {"abcdef"}) == "abcdef");
        CHECK(closestMatch("abczzz", {"abcdef"}).empty());
        // Short words may always have one wrong letter.
        CHECK(closestMatch("x", {"n"}) == "n");
        CHECK(closestMatch("nn", {"n", "k"}) == "n");
        CHECK(closestMatch("xy", {"n"}).empty());
    }

    TEST_CASE("didYouMean formats the suggestion for appending to a message") {
        CHECK(didYouMean("rn", {"run", "list"}) == " (did you mean 'run'?)");
        CHECK(didYouMean("xyz", {"run", "list"}).empty());
        CHECK(didYouMean("rn", {}).empty());
    }
}
