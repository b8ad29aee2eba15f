#include <cmath>
#include <vector>

#include <ccsim/numeric/linalg.hpp>

namespace ccsim {

Vector quantize(const Vector& v, const Format& format) {
    Vector out(v.size());
    for (Eigen::Index i = 0; i < v.size(); ++i) out[i] = format.quantize(v[i]);
    return out;
}

double orderedDot(const double* a, const double* b, std::size_t n) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    std::size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        s0 += a[i] * b[i];
        s1 += a[i + 1] * b[i + 1];
        s2 += a[i + 2] * b[i + 2];
        s3 += a[i + 3] * b[i + 3];
    }
    double sum = (s0 + s1) + (s2 + s3);
    for (; i < n; ++i) sum += a[i] * b[i];
    return sum;
}

double orderedWeightedSums(const double* weights, const double* const* values, std::size_t count,
                           std::size_t dv, double* numerator) {
    if (dv == 1) {
        // The same additions in the same order, held in registers (numerator may alias
        // nothing the compiler can prove, so the general loop stores it every step).
        double n0 = 0;
        double denominator = 0;
        for (std::size_t j = 0; j < count; ++j) {
            n0 += weights[j] * values[j][0];
            denominator += weights[j];
        }
        numerator[0] = n0;
        return denominator;
    }
    for (std::size_t c = 0; c < dv; ++c) numerator[c] = 0;
    double denominator = 0;
    for (std::size_t j = 0; j < count; ++j) {
        const double w = weights[j];
        const double* v = values[j];
        for (std::size_t c = 0; c < dv; ++c) numerator[c] += w * v[c];
        denominator += w;
    }
    return denominator;
}

double orderedSoftmaxSums(const double* scores, const double* const* values, std::size_t count,
                          std::size_t dv, double* scoreMax, double* numerator) {
    double top = scores[0];
    for (std::size_t j = 1; j < count; ++j)
        if (scores[j] > top) top = scores[j];
    thread_local std::vector<double> weights;  // reused: no allocation per call
    weights.resize(count);
    for (std::size_t j = 0; j < count; ++j) weights[j] = std::exp(scores[j] - top);
    *scoreMax = top;
    return orderedWeightedSums(weights.data(), values, count, dv, numerator);
}

}  // namespace ccsim
