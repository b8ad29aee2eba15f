#pragma once
/// \file
/// The layout of a NumPy .npy file (format versions 1 to 3): its dtype string, order, shape
/// and where the data begin. The readers of weights, tokens and matrices interpret the
/// data themselves.

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include <ccsim/error.hpp>

namespace ccsim {

struct NpyLayout {
    std::string descr;  ///< e.g. "<f8", "|b1"
    bool fortran = false;
    std::vector<std::size_t> shape;
    std::size_t dataAt = 0;  ///< the offset of the first data byte
};

/// Builds the error for a reason ("no NUMPY magic"), naming the file as the caller does.
using NpyBad = std::function<UsageError(const std::string&)>;

/// The magic, the version and the header, a Python dict literal such as
/// {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }, parsed strictly: exactly the
/// keys descr, fortran_order and shape, each once; non-negative integer dimensions.
NpyLayout parseNpyLayout(const std::string& bytes, const NpyBad& bad);

}  // namespace ccsim
