#include <fmt/format.h>
#include <fmt/ranges.h>

#include <ccsim/error.hpp>
#include <ccsim/model/family.hpp>
#include <ccsim/model/model.hpp>
#include <ccsim/parallel.hpp>
#include <ccsim/suggest.hpp>

namespace ccsim {

std::string_view nameOf(PrecisionModel model) {
    return model == PrecisionModel::Embeddings ? "embeddings" : "partial-sums";
}

PrecisionModel parsePrecisionModel(std::string_view name) {
    if (name == "embeddings") return PrecisionModel::Embeddings;
    if (name == "partial-sums") return PrecisionModel::PartialSums;
    const std::vector<std::string> known = PrecisionModelRegistry::instance().names();
    throw UsageError(fmt::format("unknown precision model '{}'{}; known: {}", name,
                                 didYouMean(name, known), fmt::join(known, ", ")));
}

void Model::checkPosition(const Matrix& x, std::size_t t) const {
    CCSIM_CHECK_OP(static_cast<std::size_t>(x.cols()), ==, tokenDim());
    CCSIM_CHECK(x.rows() >= 1);
    CCSIM_CHECK_OP(t, <, static_cast<std::size_t>(x.rows()));
    if (!outputsEveryPosition()) CCSIM_CHECK_OP(t + 1, ==, static_cast<std::size_t>(x.rows()));
}

template <class At>
Matrix Model::everyPosition(const Matrix& x, unsigned threads, At at) const {
    checkPosition(x, static_cast<std::size_t>(x.rows()) - 1);
    const auto n = static_cast<std::size_t>(x.rows());
    if (!outputsEveryPosition()) return at(n - 1).transpose();
    Matrix out(x.rows(), static_cast<Eigen::Index>(outputDim()));
    parallelFor(threads, n, [&](std::uint64_t begin, std::uint64_t end) {
        for (std::uint64_t i = begin; i < end; ++i)
            out.row(static_cast<Eigen::Index>(i)) = at(static_cast<std::size_t>(i)).transpose();
    });
    return out;
}

Matrix Model::referenceAll(const Matrix& x, unsigned threads) const {
    return everyPosition(x, threads, [&](std::size_t i) { return referenceAt(x, i); });
}

Matrix Model::quantizedAll(const Matrix& x, const Quantization& q, unsigned threads) const {
    return everyPosition(x, threads, [&](std::size_t i) { return quantizedAt(x, i, q); });
}

}  // namespace ccsim
