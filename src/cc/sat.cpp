// D(f) by SAT (cc/exact.hpp): the encoding of "a standard protocol tree of depth k exists"
// for CaDiCaL, and the tree read back from a model.

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include <ccsim/cc/exact.hpp>
#include <ccsim/error.hpp>

#include "cnf.hpp"

namespace ccsim::cc {

namespace {

/// The distinct rows and columns: representatives, and every original's class.
struct Reduced {
    std::vector<std::size_t> rowRep, colRep, rowClass, colClass;
};

Reduced reduce(const CommMatrix& m) {
    Classes rows = classesOf(m, false), cols = classesOf(m, true);
    return {std::move(rows.first), std::move(cols.first), std::move(rows.classOf),
            std::move(cols.classOf)};
}

class Encoding {
public:
    Encoding(const CommMatrix& m, const Reduced& red, int depth)
        : m_(m), red_(red), depth_(depth), values_(m.distinctValues()) {
        const std::size_t inner = (std::size_t{1} << depth) - 1;
        const std::size_t r = red.rowRep.size(), c = red.colRep.size();
        const auto leaves = std::size_t{1} << depth;
        // Variables: speaker s_v, Alice's a_{v,x}, Bob's b_{v,y}, the sent bit t_{v,x,y},
        // and one colour per leaf and value.
        speaker_ = next(inner);
        alice_ = next(inner * r);
        bob_ = next(inner * c);
        sent_ = next(inner * r * c);
        colour_ = next(leaves * values_.size());
        for (std::size_t v = 0; v < inner; ++v)
            for (std::size_t x = 0; x < r; ++x)
                for (std::size_t y = 0; y < c; ++y) {
                    const int s = speak(v), a = alice(v, x), b = bob(v, y), t = sent(v, x, y);
                    clause({-s, -a, t});
                    clause({-s, a, -t});
                    clause({s, -b, t});
                    clause({s, b, -t});
                }
        for (std::size_t l = 0; l < leaves; ++l) {
            std::vector<int> some;
            for (std::size_t i = 0; i < values_.size(); ++i) {
                some.push_back(colour(l, i));
                for (std::size_t j = 0; j < i; ++j) clause({-colour(l, i), -colour(l, j)});
            }
            clause(some);
        }
        // A cell on the path to leaf l (bits d_1..d_k at nodes v_1..v_k) has l's colour.
        for (std::size_t x = 0; x < r; ++x)
            for (std::size_t y = 0; y < c; ++y) {
                const std::int64_t value = m.at(red.rowRep[x], red.colRep[y]);
                const auto vi = static_cast<std::size_t>(
                    std::lower_bound(values_.begin(), values_.end(), value) - values_.begin());
                for (std::size_t l = 0; l < leaves; ++l) {
                    std::vector<int> lits;
                    std::size_t node = 0;  // heap order: children of v are 2v+1, 2v+2
                    for (int level = depth - 1; level >= 0; --level) {
                        const bool bit = (l >> level & 1) != 0;
                        lits.push_back(bit ? -sent(node, x, y) : sent(node, x, y));
                        node = 2 * node + (bit ? 2 : 1);
                    }
                    lits.push_back(colour(l, vi));
                    clause(lits);
                }
            }
    }

    SatDepth solve() {
        SatDepth d;
        d.depth = depth_;
        d.variables = cnf_.variables();
        d.clauses = cnf_.clauses();
        d.satisfiable = cnf_.solve();
        return d;
    }

    /// The tree in the model, pruned: a node whose bit is the same on every cell that
    /// reaches it is replaced by the child those cells go to.
    std::unique_ptr<ProtocolNode> tree(std::size_t node, int level, std::vector<std::size_t> rows,
                                       std::vector<std::size_t> cols, std::size_t leaf) {
        if (level == depth_) {
            auto n = std::make_unique<ProtocolNode>();
            n->value = m_.at(red_.rowRep[rows.front()], red_.colRep[cols.front()]);
            for (std::size_t i = 0; i < values_.size(); ++i)
                if (cnf_.value(colour(leaf, i))) n->value = values_[i];
            return n;
        }
        const bool aliceSpeaks = cnf_.value(speak(node));
        std::vector<std::size_t> zero, one;
        for (const std::size_t i : aliceSpeaks ? rows : cols)
            (cnf_.value(aliceSpeaks ? alice(node, i) : bob(node, i)) ? one : zero).push_back(i);
        if (zero.empty() || one.empty()) {
            const bool bit = zero.empty();
            return tree(2 * node + (bit ? 2 : 1), level + 1, rows, cols, 2 * leaf + (bit ? 1 : 0));
        }
        auto n = std::make_unique<ProtocolNode>();
        n->kind = aliceSpeaks ? ProtocolNode::Kind::Alice : ProtocolNode::Kind::Bob;
        const std::vector<std::size_t>& cls = aliceSpeaks ? red_.rowClass : red_.colClass;
        for (std::size_t i = 0; i < cls.size(); ++i)
            if (std::find(zero.begin(), zero.end(), cls[i]) != zero.end()) n->zero.push_back(i);
        for (const int side : {0, 1}) {
            const std::vector<std::size_t>& part = side == 0 ? zero : one;
            n->child[side] = tree(2 * node + 1 + static_cast<std::size_t>(side), level + 1,
                                  aliceSpeaks ? part : rows, aliceSpeaks ? cols : part,
                                  2 * leaf + static_cast<std::size_t>(side));
        }
        return n;
    }

private:
    int next(std::size_t count) { return cnf_.fresh(count); }
    void clause(const std::vector<int>& lits) { cnf_.clause(lits); }
    int speak(std::size_t v) const { return speaker_ + static_cast<int>(v); }
    int alice(std::size_t v, std::size_t x) const {
        return alice_ + static_cast<int>(v * red_.rowRep.size() + x);
    }
    int bob(std::size_t v, std::size_t y) const {
        return bob_ + static_cast<int>(v * red_.colRep.size() + y);
    }
    int sent(std::size_t v, std::size_t x, std::size_t y) const {
        return sent_ + static_cast<int>((v * red_.rowRep.size() + x) * red_.colRep.size() + y);
    }
    int colour(std::size_t l, std::size_t i) const {
        return colour_ + static_cast<int>(l * values_.size() + i);
    }

    const CommMatrix& m_;
    const Reduced& red_;
    int depth_;
    std::vector<std::int64_t> values_;
    Cnf cnf_;
    int speaker_ = 0, alice_ = 0, bob_ = 0, sent_ = 0, colour_ = 0;
};

}  // namespace

SatResult satTwoWay(const CommMatrix& m) {
    if (m.rows == 0 || m.cols == 0) throw UsageError("the matrix has no cells");
    const Reduced red = reduce(m);
    if (red.rowRep.size() > kMaxDistinct || red.colRep.size() > kMaxDistinct)
        throw UsageError(fmt::format(
            "the matrix has {} distinct rows and {} distinct columns; the SAT method takes at "
            "most {} of each",
            red.rowRep.size(), red.colRep.size(), kMaxDistinct));
    SatResult result;
    for (int k = 0; k <= kMaxSatDepth; ++k) {
        Encoding e(m, red, k);
        const SatDepth d = e.solve();
        result.depths.push_back(d);
        if (d.satisfiable) {
            result.bits = k;
            std::vector<std::size_t> rows(red.rowRep.size()), cols(red.colRep.size());
            for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = i;
            for (std::size_t i = 0; i < cols.size(); ++i) cols[i] = i;
            result.tree = e.tree(0, 0, rows, cols, 0);
            CCSIM_CHECK(replaysCorrectly(*result.tree, m) && result.tree->depth() <= k);
            return result;
        }
    }
    throw UsageError(
        fmt::format("the SAT method asks depths up to {}, and none has a tree", kMaxSatDepth));
}

}  // namespace ccsim::cc
