#pragma once
// A CNF being built for CaDiCaL, for the SAT encodings of src/cc (sat.cpp, partition.cpp):
// blocks of fresh variables, clauses, and the counts a report shows. Private to src/cc.

#include <cstdint>
#include <vector>

#include <cadical.hpp>

#include <ccsim/error.hpp>

namespace ccsim::cc {

class Cnf {
public:
    Cnf() { solver_.set("quiet", 1); }  // CaDiCaL writes nothing to stdout

    /// The first of `count` fresh variables (1-based, consecutive).
    int fresh(std::size_t count) {
        const int first = vars_ + 1;
        vars_ += static_cast<int>(count);
        return first;
    }
    void clause(const std::vector<int>& lits) {
        for (const int l : lits) solver_.add(l);
        solver_.add(0);
        ++clauses_;
    }
    /// True if satisfiable.
    bool solve() {
        const int result = solver_.solve();
        CCSIM_CHECK(result == 10 || result == 20);
        return result == 10;
    }
    /// The variable's value in the model of the last satisfiable solve().
    bool value(int var) { return solver_.val(var) > 0; }
    std::uint64_t variables() const { return static_cast<std::uint64_t>(vars_); }
    std::uint64_t clauses() const { return clauses_; }

private:
    CaDiCaL::Solver solver_;
    int vars_ = 0;
    std::uint64_t clauses_ = 0;
};

}  // namespace ccsim::cc
