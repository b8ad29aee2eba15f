#pragma once
/// \file
/// Model weights from files: safetensors (what PyTorch users already save) and NumPy .npy
/// token matrices. Every malformed or mismatched file is a UsageError naming the file and
/// what is wrong with it; nothing here can crash on bad bytes.
///
/// safetensors: an 8-byte little-endian header length, a JSON header
/// {name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {...}}, then the
/// raw little-endian data. Supported dtypes: F64, F32, F16, BF16 (read as doubles).
///
/// Attention tensor names (docs/weights.md):
///  - ccsim's own: heads.{h}.q.weight [m, d], heads.{h}.q.bias [m] (optional), likewise k,
///    heads.{h}.v.weight [d_v, d], heads.{h}.v.bias, heads.{h}.o.weight [d_out, d_v],
///    o.bias [d_out] (optional), temperature [] or [1] (optional, default 1); metadata
///    "residual": "true" makes the output map add x_i.
///  - PyTorch nn.MultiheadAttention: in_proj_weight [3E, E], in_proj_bias [3E],
///    out_proj.weight [E, E], out_proj.bias [E], optionally under a common prefix such as
///    "attn."; the head count comes from metadata "num_heads" or the H parameter. Heads are
///    the E/H-row blocks; the 1/√(E/H) scaling becomes the temperature.

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <ccsim/model/attention.hpp>
#include <ccsim/model/tensor.hpp>
#include <ccsim/model/transformer.hpp>

namespace ccsim {

/// Reads a safetensors file. UsageError on anything malformed.
TensorFile readSafetensors(const std::string& path);
/// The same from the file's bytes in memory; path only names the file in messages.
TensorFile parseSafetensors(const std::string& bytes, const std::string& path);
/// The bytes of a safetensors file holding the tensors as F64 (or F32 when `f32`).
std::string safetensorsBytes(const TensorFile& file, bool f32 = false);
/// Writes tensors as F64 (or F32 when `f32`), through a temporary file and a rename.
void writeSafetensors(const std::string& path, const TensorFile& file, bool f32 = false);

/// An attention model from a safetensors file, checked against the token dimension the
/// caller feeds it. heads: the H parameter; headsGiven: whether the user set it (PyTorch
/// files need the head count from metadata or from H). prefix: a sub-module of a larger
/// state dict ("" for the whole file; "attn" reads attn.*, and the file's other tensors are
/// not looked at, while every tensor under attn. must be one ccsim reads). The file may add
/// token-wise maps (docs/weights.md): phi.* (φ, before the heads), pos / pos.weight or
/// metadata positional=sinusoidal (added to φ's output), psi.* (ψ, after the output map).
std::shared_ptr<const AttentionModel> loadAttention(const std::string& path, std::size_t tokenDim,
                                                    std::size_t heads, bool headsGiven,
                                                    const std::string& prefix = "");
/// The same from tensors already read; path only names their file in messages.
std::shared_ptr<const AttentionModel> loadAttention(const TensorFile& file, const std::string& path,
                                                    std::size_t tokenDim, std::size_t heads,
                                                    bool headsGiven,
                                                    const std::string& prefix = "");
/// The tensors under a sub-module ("attn" or "attn.": those named attn.*), named without
/// it; metadata kept. UsageError naming the file's top-level names if there are none.
TensorFile subModule(const TensorFile& file, const std::string& prefix, const std::string& path);
/// UsageError if the model's learned positional embedding has fewer rows than `tokens`.
void checkPositions(const AttentionModel& model, std::size_t tokens, const std::string& path);

/// A multi-layer transformer, from ccsim's own tensor names (docs/weights.md): per layer l,
/// layers.{l}.heads.{h}.{q,k,v,o}.weight (+ optional q/k/v biases), layers.{l}.o.bias and
/// layers.{l}.temperature (optional), layers.{l}.mlp.fc1.weight [w, d], mlp.fc2.weight [d, w]
/// (+ optional biases; no MLP if absent); metadata "causal": "true" for a decoder. Every
/// layer's attention is residual. Or from PyTorch: one nn.TransformerEncoderLayer
/// (self_attn.*, linear1/2, norm1/2) or an nn.TransformerEncoder (layers.{l}.…, optional
/// norm.*), with metadata num_heads (or H), norm_first, activation (relu, gelu),
/// layer_norm_eps and causal. The LayerNorms are token-wise maps inside each layer.
std::shared_ptr<const TransformerModel> loadTransformer(const std::string& path,
                                                        std::size_t tokenDim, std::size_t heads = 1,
                                                        bool headsGiven = false,
                                                        const std::string& prefix = "");
/// The same from tensors already read; path only names their file in messages.
std::shared_ptr<const TransformerModel> loadTransformer(const TensorFile& file,
                                                        const std::string& path,
                                                        std::size_t tokenDim, std::size_t heads = 1,
                                                        bool headsGiven = false,
                                                        const std::string& prefix = "");
/// The tensors loadTransformer reads back into the same model (for exporting and tests).
/// UsageError for layers with token-wise maps (layer norms), which ccsim's own layout does
/// not name.
TensorFile transformerTensors(const TransformerModel& model);
/// The tensors loadAttention reads back into the same model, in ccsim's own names: the
/// heads, φ and ψ (FeatureMap::exportTensors) and metadata residual. UsageError naming the
/// map if φ or ψ cannot be written.
TensorFile attentionTensors(const AttentionModel& model);

/// Reads a 2-D NumPy array (float32 or float64, C or Fortran order) as a matrix.
Matrix readNpy(const std::string& path);
/// The same from the file's bytes in memory; path only names the file in messages.
Matrix parseNpy(const std::string& bytes, const std::string& path);
/// Writes a matrix as a float64 C-order .npy file.
void writeNpy(const std::string& path, const Matrix& m);

/// An n-dimensional array for .npy and .npz files: float64 values, or int64 when `integer`
/// (every value then a whole number), row-major.
struct NamedArray {
    std::string name;  ///< the key in an .npz archive
    std::vector<std::size_t> shape;
    std::vector<double> data;
    bool integer = false;
};
/// The bytes of a version 1.0 .npy file of the array.
std::string npyBytes(const NamedArray& array);
/// The bytes of an uncompressed .npz archive (numpy.load reads it: one NAME.npy entry per
/// array).
std::string npzBytes(const std::vector<NamedArray>& arrays);
/// Writes an uncompressed .npz archive (numpy.load reads it: one NAME.npy entry per
/// array), atomically (io/atomic_file.hpp).
void writeNpz(const std::string& path, const std::vector<NamedArray>& arrays);
/// Writes one array as a .npy file, atomically.
void writeNpy(const std::string& path, const NamedArray& array);

}  // namespace ccsim
