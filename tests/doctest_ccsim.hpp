#pragma once
// Lets doctest print ccsim's enums by name in failed assertions (it would print "{?}").

#include <string>

#include <doctest/doctest.h>

#include <ccsim/problem/problem.hpp>
#include <ccsim/verify/verdict.hpp>

namespace doctest {

template <>
struct StringMaker<ccsim::Outcome> {
    static String convert(ccsim::Outcome v) { return std::string(ccsim::nameOf(v)).c_str(); }
};

template <>
struct StringMaker<ccsim::BoundClass> {
    static String convert(ccsim::BoundClass v) { return std::string(ccsim::nameOf(v)).c_str(); }
};

}  // namespace doctest
