#pragma once
/// \file
/// Named tensors as weight files hold them (model/weights.hpp reads and writes them as
/// safetensors), and the feature-map kinds a file may name.

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <ccsim/numeric/linalg.hpp>
#include <ccsim/registry.hpp>

namespace ccsim {

struct Tensor {
    std::vector<std::size_t> shape;
    std::vector<double> data;  ///< row-major

    std::size_t elements() const;
    /// A 2-D tensor as a matrix (UsageError naming `what` otherwise).
    Matrix matrix(const std::string& what) const;
    /// A 1-D tensor as a vector.
    Vector vector(const std::string& what) const;

    static Tensor of(const Matrix& m);
    static Tensor of(const Vector& v);
    /// A tensor of shape [1].
    static Tensor scalar(double value);
};

struct TensorFile {
    std::map<std::string, Tensor> tensors;
    std::map<std::string, std::string> metadata;
};

class FeatureMap;

/// A feature map that is neither linear layers nor a positional table, written to a file as
/// metadata `phi.kind` = name and tensors and metadata under `phi.` (docs/weights.md): a
/// construction registers the kinds its maps export (FeatureMap::exportTensors), so that
/// the file it writes reads back into the same model.
struct FeatureKind {
    std::string name;
    std::string summary;
    /// The map from its tensors and metadata, named without "phi."; UsageError naming `path`
    /// for anything that does not fit tokens of dimension tokenDim.
    std::function<std::shared_ptr<const FeatureMap>(const TensorFile& map, std::size_t tokenDim,
                                                    const std::string& path)>
        read;
};
using FeatureKindRegistry = Registry<FeatureKind>;

}  // namespace ccsim
