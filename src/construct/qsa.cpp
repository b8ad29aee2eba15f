#include <atomic>
#include <cmath>
#include <complex>
#include <cstdio>
#include <limits>
#include <map>
#include <numbers>
#include <optional>

#include <fmt/format.h>

#include <ccsim/budget.hpp>
#include <ccsim/construct/construction.hpp>
#include <ccsim/construct/qsa.hpp>
#include <ccsim/error.hpp>
#include <ccsim/numeric/search.hpp>
#include <ccsim/suggest.hpp>

namespace ccsim {

namespace {

/// φ(x) = (w_{y(x)}, u_{position(x)}, z(x)) for keys given as the columns of `keys`.
class CertificateFeatures : public FeatureMap {
public:
    CertificateFeatures(QsaShape shape, Matrix keys, std::string name)
        : shape_(shape), keys_(std::move(keys)), name_(std::move(name)) {}

    std::size_t inputDim() const override { return shape_.tokenDim(); }
    std::size_t outputDim() const override {
        return 2 * static_cast<std::size_t>(keys_.rows()) + shape_.dprime;
    }
    Vector apply(const Vector& x) const override {
        const QsaTokenParts parts = qsaParts(shape_, x);
        const Eigen::Index m = keys_.rows();
        Vector f(static_cast<Eigen::Index>(outputDim()));
        f.head(m) = cachedCertificate(parts.y);
        f.segment(m, m) = keys_.col(static_cast<Eigen::Index>(parts.position));
        f.tail(static_cast<Eigen::Index>(shape_.dprime)) = parts.z;
        return f;
    }
    std::string describe() const override { return name_; }
    /// metadata phi.kind, phi.shape = "N,q,dprime" and the keys as phi.keys [m, N]; read
    /// back by the feature kinds registered below.
    std::optional<TensorFile> exportTensors(const std::string& role) const override {
        if (role != "phi") return std::nullopt;
        TensorFile f;
        f.tensors["phi.keys"] = Tensor::of(keys_);
        f.metadata["phi.kind"] = kind();
        f.metadata["phi.shape"] = fmt::format("{},{},{}", shape_.n, shape_.q, shape_.dprime);
        return f;
    }

    virtual Vector certificate(const std::vector<std::size_t>& set) const = 0;
    virtual const char* kind() const = 0;

protected:
    /// certificate(set), remembering the last set per thread: the tokens of one input
    /// mostly share their y, and a certificate is a q × q solve.
    Vector cachedCertificate(const std::vector<std::size_t>& set) const {
        struct Memo {
            std::uint64_t owner = 0;
            std::vector<std::size_t> set;
            Vector w;
        };
        thread_local Memo memo;
        if (memo.owner != id_ || memo.set != set) {
            memo.w = certificate(set);
            memo.owner = id_;
            memo.set = set;
        }
        return memo.w;
    }

    QsaShape shape_;
    Matrix keys_;  ///< m × N
    std::string name_;
    /// Unique per feature map ever built (an address could be reused after destruction).
    std::uint64_t id_ = nextId();

private:
    static std::uint64_t nextId() {
        static std::atomic<std::uint64_t> counter{0};
        return ++counter;
    }
};

class RandomCertificates final : public CertificateFeatures {
public:
    using CertificateFeatures::CertificateFeatures;
    Vector certificate(const std::vector<std::size_t>& set) const override {
        Matrix us(keys_.rows(), static_cast<Eigen::Index>(set.size()));
        for (std::size_t k = 0; k < set.size(); ++k)
            us.col(static_cast<Eigen::Index>(k)) = keys_.col(static_cast<Eigen::Index>(set[k]));
        const Matrix gram = us.transpose() * us;
        const Eigen::FullPivLU<Matrix> lu(gram);
        if (lu.rank() < gram.rows())
            throw RunError(fmt::format(
                "qsa_random: the keys of a {}-set are linearly dependent; no certificate exists",
                set.size()));
        return us * lu.solve(Vector::Ones(static_cast<Eigen::Index>(set.size())));
    }
    const char* kind() const override { return "qsa-random-certificates"; }
};

class CyclicCertificates final : public CertificateFeatures {
public:
    using CertificateFeatures::CertificateFeatures;
    Vector certificate(const std::vector<std::size_t>& set) const override {
        return cyclicCertificate(shape_.n, set);
    }
    const char* kind() const override { return "qsa-cyclic-certificates"; }
};

/// A certificate feature map from a weights file: metadata shape "N,q,dprime" and keys
/// [m, N] (m >= q for random certificates, m = 2q for cyclic ones).
template <class Map>
std::shared_ptr<const FeatureMap> readCertificates(const TensorFile& map, std::size_t tokenDim,
                                                   const std::string& path, const char* kind) {
    const auto bad = [&](const std::string& why) {
        return UsageError(fmt::format("weights file {}: phi.kind={}: {}", path, kind, why));
    };
    for (const auto& [name, t] : map.tensors)
        if (name != "keys") throw bad(fmt::format("tensor phi.{} is not one ccsim reads", name));
    for (const auto& [key, value] : map.metadata)
        if (key != "shape") throw bad(fmt::format("metadata phi.{} is not one ccsim reads", key));
    const auto shapeIt = map.metadata.find("shape");
    const auto keysIt = map.tensors.find("keys");
    if (shapeIt == map.metadata.end() || keysIt == map.tensors.end())
        throw bad("needs metadata phi.shape (\"N,q,dprime\") and the tensor phi.keys [m, N]");
    QsaShape shape;
    if (std::sscanf(shapeIt->second.c_str(), "%zu,%zu,%zu", &shape.n, &shape.q, &shape.dprime) !=
            3 ||
        fmt::format("{},{},{}", shape.n, shape.q, shape.dprime) != shapeIt->second)
        throw bad(fmt::format("metadata phi.shape={} is not N,q,dprime", shapeIt->second));
    try {
        shape.validate();
    } catch (const UsageError& e) {
        throw bad(e.what());
    }
    if (shape.tokenDim() != tokenDim)
        throw bad(
            fmt::format("shape N={}, q={}, dprime={} has tokens of dimension {}, but the "
                        "tokens have d = {}",
                        shape.n, shape.q, shape.dprime, shape.tokenDim(), tokenDim));
    const Matrix keys = keysIt->second.matrix("phi.keys");
    if (keys.cols() != static_cast<Eigen::Index>(shape.n) || keys.rows() < 1)
        throw bad(fmt::format("phi.keys has shape [{}, {}], expected [m, N = {}]", keys.rows(),
                              keys.cols(), shape.n));
    const bool cyclic = std::string_view(kind) == "qsa-cyclic-certificates";
    const auto m = static_cast<std::size_t>(keys.rows());
    if (cyclic ? m != 2 * shape.q : m < shape.q)
        throw bad(fmt::format("phi.keys has m = {} rows; {} needs m {} {}", m, kind,
                              cyclic ? "= 2q =" : ">= q =", cyclic ? 2 * shape.q : shape.q));
    for (double v : keysIt->second.data)
        if (!std::isfinite(v)) throw bad("phi.keys holds a value that is not finite");
    return std::make_shared<const Map>(shape, keys,
                                       fmt::format("{} from {} (m={})", kind, path, keys.rows()));
}

const FeatureKindRegistry::Registrar randomKind({
    "qsa-random-certificates",
    "qsa_random's features: least-squares certificates of random keys",
    [](const TensorFile& map, std::size_t tokenDim, const std::string& path) {
        return readCertificates<RandomCertificates>(map, tokenDim, path, "qsa-random-certificates");
    },
});

const FeatureKindRegistry::Registrar cyclicKind({
    "qsa-cyclic-certificates",
    "qsa_cyclic's features: trigonometric certificates",
    [](const TensorFile& map, std::size_t tokenDim, const std::string& path) {
        return readCertificates<CyclicCertificates>(map, tokenDim, path, "qsa-cyclic-certificates");
    },
});

std::shared_ptr<const AttentionModel> certificateModel(const QsaShape& shape,
                                                       std::shared_ptr<const FeatureMap> phi,
                                                       std::size_t m, double temperature,
                                                       std::size_t heads,
                                                       const std::string& description) {
    const auto mm = static_cast<Eigen::Index>(m);
    const auto dz = static_cast<Eigen::Index>(shape.dprime);
    const auto f = static_cast<Eigen::Index>(phi->outputDim());
    AttentionHead head;
    head.wq = Matrix::Zero(mm, f);
    head.wq.leftCols(mm) = Matrix::Identity(mm, mm);
    head.wk = Matrix::Zero(mm, f);
    head.wk.middleCols(mm, mm) = Matrix::Identity(mm, mm);
    head.wv = Matrix::Zero(dz, f);
    head.wv.rightCols(dz) = Matrix::Identity(dz, dz);
    head.wo = Matrix::Identity(dz, dz) / static_cast<double>(heads);
    std::vector<AttentionHead> all(heads - 1, head);  // the last is the original, moved
    all.push_back(std::move(head));
    return std::make_shared<const AttentionModel>(std::move(phi), std::move(all), Vector::Zero(dz),
                                                  temperature, false, description);
}

void checkCommon(const QsaShape& shape, double eps, std::size_t heads) {
    shape.validate();
    if (!(eps > 0 && eps < 1)) throw UsageError(fmt::format("eps={} out of range (0, 1)", eps));
    if (heads < 1) throw UsageError("heads must be at least 1");
}

/// Calls visit(set) for every q-subset of [N] if there are at most `limit`, else for
/// `samples` seeded random ones. Returns (sets visited, all sets?).
template <class Visit>
std::pair<std::size_t, bool> forEachSet(std::size_t n, std::size_t q, std::uint64_t seed,
                                        Visit visit) {
    constexpr double kLimit = 200000;
    constexpr std::size_t kSamples = 20000;
    double count = 1;
    for (std::size_t k = 0; k < q; ++k)
        count = count * static_cast<double>(n - k) / static_cast<double>(k + 1);
    std::vector<std::size_t> set(q);
    if (count <= kLimit) {
        for (std::size_t k = 0; k < q; ++k) set[k] = k;
        std::size_t visited = 0;
        for (;;) {
            visit(set);
            ++visited;
            std::size_t k = q;
            while (k > 0 && set[k - 1] == n - q + k - 1) --k;
            if (k == 0) break;
            ++set[k - 1];
            for (std::size_t j = k; j < q; ++j) set[j] = set[j - 1] + 1;
        }
        return {visited, true};
    }
    SplitMix64 rng(seed ^ 0x5e75ULL);
    std::vector<std::size_t> all(n);
    for (std::size_t s = 0; s < kSamples; ++s) {
        for (std::size_t k = 0; k < n; ++k) all[k] = k;
        for (std::size_t k = 0; k < q; ++k) std::swap(all[k], all[k + rng.below(n - k)]);
        set.assign(all.begin(), all.begin() + static_cast<long>(q));
        std::sort(set.begin(), set.end());
        visit(set);
    }
    return {kSamples, false};
}

}  // namespace

namespace {

/// qsa_random at key dimension m, or null with `failure` set when no certificate has a
/// positive margin. `note` is appended to the model's description.
std::shared_ptr<const AttentionModel> tryQsaRandom(const QsaShape& shape, std::size_t m, double eps,
                                                   std::uint64_t seed, std::size_t heads,
                                                   QsaConstructionInfo* info, std::string& failure,
                                                   const std::string& note = {}) {
    checkCommon(shape, eps, heads);
    if (m < shape.q)
        throw UsageError(fmt::format(
            "qsa_random needs m >= q for a certificate to exist (m={}, q={}): q keys in fewer "
            "than q dimensions cannot all score 1 while the rest score less",
            m, shape.q));
    {
        // The keys (m × N) and H heads of Q, K (m × f) and V (d' × f) over f = 2m + d'.
        const double f = 2.0 * static_cast<double>(m) + static_cast<double>(shape.dprime);
        const double mq = static_cast<double>(m);
        requireMemory(matrixBytes(mq, static_cast<double>(shape.n)) +
                          matrixBytes(2 * mq + static_cast<double>(shape.dprime), f,
                                      static_cast<double>(heads)),
                      fmt::format("qsa_random at m={} (N={}, H={})", m, shape.n, heads),
                      "keys m×N and Q, K, V over 2m + d' features, as doubles",
                      "choose a smaller q, N, m or H");
    }
    SplitMix64 rng(seed);
    const auto mm = static_cast<Eigen::Index>(m);
    Matrix keys(mm, static_cast<Eigen::Index>(shape.n));
    const double entry = 1.0 / std::sqrt(static_cast<double>(m));
    for (Eigen::Index j = 0; j < keys.cols(); ++j)
        for (Eigen::Index r = 0; r < mm; ++r) keys(r, j) = (rng.next() & 1U) ? entry : -entry;
    auto phi = std::make_shared<RandomCertificates>(shape, keys,
                                                    fmt::format("qsa_random features (m={})", m));

    double margin = std::numeric_limits<double>::infinity();
    std::vector<std::size_t> worst;
    const auto [visited, all] = forEachSet(shape.n, shape.q, seed, [&](const auto& set) {
        Vector w;
        try {
            w = phi->certificate(set);
        } catch (const RunError&) {
            margin = -std::numeric_limits<double>::infinity();
            worst = set;
            return;
        }
        const Vector scores = keys.transpose() * w;
        double best = -std::numeric_limits<double>::infinity();
        std::size_t k = 0;
        for (std::size_t j = 0; j < shape.n; ++j) {
            if (k < set.size() && set[k] == j) {
                ++k;
                continue;
            }
            best = std::max(best, scores[static_cast<Eigen::Index>(j)]);
        }
        if (1.0 - best < margin) {
            margin = 1.0 - best;
            worst = set;
        }
    });
    if (!(margin > 1e-9)) {
        std::string s;
        for (std::size_t j : worst) s += (s.empty() ? "" : ",") + std::to_string(j);
        failure = fmt::format(
            "qsa_random with m={} has no certificate with a positive margin for y={{{}}} (N={}, "
            "q={}, seed {}): a key off the set scores as high as the keys on it; increase m",
            m, s, shape.n, shape.q, seed);
        return nullptr;
    }
    const double temperature = std::log(2.0 * static_cast<double>(shape.n) / eps) / margin;
    if (info) *info = {margin, temperature, visited, all};
    return certificateModel(
        shape, phi, m, temperature, heads,
        fmt::format("qsa_random (N={}, q={}, d'={}, m={}, seed {}, margin "
                    "{:.4g}, temperature {:.4g}{})",
                    shape.n, shape.q, shape.dprime, m, seed, margin, temperature, note));
}

/// qsa_random at its default key dimension. The formula's value 4q⌈log₂ N⌉ works for most
/// seeds; when this seed's draw has no positive margin there, the smallest m above it that
/// works is searched (and the description says so): a default must not fail.
std::shared_ptr<const AttentionModel> defaultQsaRandom(const QsaShape& shape, double eps,
                                                       std::uint64_t seed, std::size_t heads) {
    const std::size_t base = defaultQsaRandomKeyDim(shape);
    std::string failure;
    if (auto model = tryQsaRandom(shape, base, eps, seed, heads, nullptr, failure)) return model;
    const std::string baseFailure = failure;
    std::map<std::int64_t, std::shared_ptr<const AttentionModel>> built;
    const auto found =
        minimalValue(static_cast<std::int64_t>(base) + 1, kMaxKeyDim, [&](std::int64_t m) {
            const std::string note = fmt::format(
                "; m searched: the default 4q*ceil(log2 N) = {} has no positive margin for this "
                "seed",
                base);
            auto model = tryQsaRandom(shape, static_cast<std::size_t>(m), eps, seed, heads, nullptr,
                                      failure, note);
            if (model) built[m] = model;
            return model != nullptr;
        });
    if (!found)
        throw UsageError(fmt::format("{}; no m up to {} works either", baseFailure, kMaxKeyDim));
    return built.at(*found);
}

}  // namespace

std::shared_ptr<const AttentionModel> makeQsaRandom(const QsaShape& shape, std::size_t m,
                                                    double eps, std::uint64_t seed,
                                                    std::size_t heads, QsaConstructionInfo* info) {
    if (m == 0) return defaultQsaRandom(shape, eps, seed, heads);
    std::string failure;
    auto model = tryQsaRandom(shape, m, eps, seed, heads, info, failure);
    if (!model) throw UsageError(failure);
    return model;
}

Vector cyclicKey(std::size_t n, std::size_t q, std::size_t j) {
    const double theta = 2.0 * std::numbers::pi * static_cast<double>(j) / static_cast<double>(n);
    Vector u(static_cast<Eigen::Index>(2 * q));
    for (std::size_t k = 1; k <= q; ++k) {
        u[static_cast<Eigen::Index>(2 * k - 2)] = std::cos(static_cast<double>(k) * theta);
        u[static_cast<Eigen::Index>(2 * k - 1)] = std::sin(static_cast<double>(k) * theta);
    }
    return u;
}

Vector cyclicCertificate(std::size_t n, const std::vector<std::size_t>& set) {
    // Multiply the Laurent polynomials 1 − (z e^{−iθ_s} + z^{−1} e^{iθ_s})/2 in z = e^{iθ};
    // coefficient c_k of z^k is stored at index k + q.
    const std::size_t q = set.size();
    using C = std::complex<double>;
    std::vector<C> poly(2 * q + 1, C(0));
    poly[q] = C(1);
    for (std::size_t s : set) {
        const double theta =
            2.0 * std::numbers::pi * static_cast<double>(s) / static_cast<double>(n);
        const C up = -0.5 * std::polar(1.0, -theta);   // coefficient of z
        const C down = -0.5 * std::polar(1.0, theta);  // coefficient of z^{-1}
        std::vector<C> next(2 * q + 1, C(0));
        for (std::size_t k = 0; k < poly.size(); ++k) {
            if (poly[k] == C(0)) continue;
            next[k] += poly[k];
            if (k + 1 < poly.size()) next[k + 1] += poly[k] * up;
            if (k >= 1) next[k - 1] += poly[k] * down;
        }
        poly = std::move(next);
    }
    // P_S = −Π(...); c_k e^{ikθ} + c_{−k} e^{−ikθ} = 2 Re(c_k) cos kθ − 2 Im(c_k) sin kθ.
    Vector w(static_cast<Eigen::Index>(2 * q));
    for (std::size_t k = 1; k <= q; ++k) {
        const C c = -poly[q + k];
        w[static_cast<Eigen::Index>(2 * k - 2)] = 2.0 * c.real();
        w[static_cast<Eigen::Index>(2 * k - 1)] = -2.0 * c.imag();
    }
    return w;
}

std::shared_ptr<const AttentionModel> makeQsaCyclic(const QsaShape& shape, double eps,
                                                    std::size_t heads, QsaConstructionInfo* info) {
    checkCommon(shape, eps, heads);
    {
        const double m = 2.0 * static_cast<double>(shape.q);
        const double dz = static_cast<double>(shape.dprime);
        requireMemory(matrixBytes(m, static_cast<double>(shape.n)) +
                          matrixBytes(2 * m + dz, 2 * m + dz, static_cast<double>(heads)),
                      fmt::format("qsa_cyclic at q={} (N={}, H={})", shape.q, shape.n, heads),
                      "keys 2q×N and Q, K, V over 4q + d' features, as doubles",
                      "choose a smaller q, N or H");
    }
    Matrix keys(static_cast<Eigen::Index>(2 * shape.q), static_cast<Eigen::Index>(shape.n));
    for (std::size_t j = 0; j < shape.n; ++j)
        keys.col(static_cast<Eigen::Index>(j)) = cyclicKey(shape.n, shape.q, j);
    auto phi = std::make_shared<CyclicCertificates>(
        shape, keys, fmt::format("qsa_cyclic features (m=2q={})", 2 * shape.q));
    const double margin =
        std::pow(1.0 - std::cos(2.0 * std::numbers::pi / static_cast<double>(shape.n)),
                 static_cast<double>(shape.q));
    const double temperature = std::log(2.0 * static_cast<double>(shape.n) / eps) / margin;
    if (info) *info = {margin, temperature, 0, true};
    return certificateModel(
        shape, phi, 2 * shape.q, temperature, heads,
        fmt::format("qsa_cyclic (N={}, q={}, d'={}, m=2q={}, margin (1-cos(2pi/N))^q = {:.4g}, "
                    "temperature {:.4g})",
                    shape.n, shape.q, shape.dprime, 2 * shape.q, margin, temperature));
}

std::size_t defaultQsaRandomKeyDim(const QsaShape& shape) {
    const double logn = std::max(1.0, std::ceil(std::log2(static_cast<double>(shape.n))));
    return std::max(shape.q + 1,
                    static_cast<std::size_t>(std::ceil(4.0 * static_cast<double>(shape.q) * logn)));
}

namespace {

/// eps = 0 means 1/(2q), the accuracy the DISJ reduction needs.
double readEps(Params& params, const QsaShape& shape) {
    const double eps = params.getReal("eps");
    return eps != 0 ? eps : 1.0 / (2.0 * static_cast<double>(shape.q));
}

const RegisterConstruction<std::shared_ptr<const AttentionModel>, QsaShape> qsaRandom{
    {"qsa_random",
     "qsa",
     "attention",
     "random +-1/sqrt(m) keys, least-squares certificates (large m, small p)",
     "Keys u_j with random +-1/sqrt(m) entries; the query of token i is the least-squares "
     "certificate w_S = U_S (U_S^T U_S)^-1 1, so <w_S, u_j> = 1 exactly for j in S; the "
     "temperature log(2N/eps)/margin puts all but eps/2 of the weight on S. Needs m >= q; the "
     "default m = 4q*ceil(log2 N) (searched upwards if this seed's draw has no positive "
     "margin there). Large m, small p. See docs/theory/disj_qsa.md.",
     {"m", "H", "eps", "model_seed"},
     {"disj_qsa", "eval qsa"}},
    [](const QsaShape& shape, Params& params) {
        const auto heads = static_cast<std::size_t>(params.getInt("H"));
        const double eps = readEps(params, shape);
        const auto seed = static_cast<std::uint64_t>(params.getInt("model_seed"));
        return makeQsaRandom(shape, static_cast<std::size_t>(params.getInt("m")), eps, seed, heads);
    }};

const RegisterConstruction<std::shared_ptr<const AttentionModel>, QsaShape> qsaCyclic{
    {"qsa_cyclic",
     "qsa",
     "attention",
     "keys on the trigonometric moment curve, m = 2q (small m, large p)",
     "Keys u_j = (cos k*theta_j, sin k*theta_j), k = 1..q, theta_j = 2 pi j/N; the query of "
     "token i holds the coefficients of P_S = -prod_{s in S}(1 - cos(theta - theta_s)), zero "
     "on S and at most -(1 - cos(2 pi/N))^q elsewhere. m = 2q is fixed. Small m, large p. See "
     "docs/theory/disj_qsa.md.",
     {"m", "H", "eps"},
     {"disj_qsa", "eval qsa"}},
    [](const QsaShape& shape, Params& params) {
        const auto heads = static_cast<std::size_t>(params.getInt("H"));
        const double eps = readEps(params, shape);
        const auto m = static_cast<std::size_t>(params.getInt("m"));
        if (m != 0 && m != 2 * shape.q)
            throw UsageError(
                fmt::format("qsa_cyclic has m = 2q = {}; m={} cannot be chosen", 2 * shape.q, m));
        return makeQsaCyclic(shape, eps, heads);
    }};

}  // namespace

}  // namespace ccsim
