"""ccsim from Python: run, sweep, eval and forward return the reports as dicts.

Every function takes the command's parameters as keyword arguments (``q=4``,
``precision="fp16"``), exactly as ``name=value`` words on the command line, and returns
the JSON report (docs/report-format.md) parsed into Python values; ``forward`` also
turns its matrices into NumPy arrays. Weights can be a file name or a dict of arrays (a
PyTorch ``state_dict()`` goes straight in); tokens for ``forward`` can be an array.
ccsim's usage errors raise ``ccsim.UsageError`` (a ``ValueError``) with the message the
command line would print; failed runs raise ``RuntimeError``. See docs/python.md.
"""

import json
import struct
import threading

import numpy as np

import _ccsim
from _ccsim import UsageError

__all__ = ["run", "sweep", "eval", "forward", "data", "export", "cc", "UsageError",
           "safetensors_bytes", "read_safetensors"]

_WEIGHTS = "python:weights"
_INPUT = "python:input.npy"
_MATRIX = "python:matrix.csv"

# One command at a time: a command's in-memory inputs and its provenance record are
# process-wide, and the C++ side releases the GIL while it runs. Other threads wait here.
_LOCK = threading.Lock()


def _array(value):
    """A float64 NumPy array from an array, a list or a torch tensor."""
    if hasattr(value, "detach"):  # torch.Tensor, without importing torch
        value = value.detach().cpu().double().numpy()
    return np.ascontiguousarray(np.asarray(value, dtype="<f8"))


def safetensors_bytes(tensors, metadata=None):
    """The bytes of a safetensors file holding `tensors` ({name: array}) as F64."""
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    for name, value in tensors.items():
        raw = _array(value).tobytes()
        header[name] = {"dtype": "F64", "shape": list(_array(value).shape),
                        "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(blobs)


def _npy_bytes(array):
    import io
    buffer = io.BytesIO()
    np.save(buffer, _array(array))
    return buffer.getvalue()


def _words(params):
    words = []
    for key, value in params.items():
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, (list, tuple)):
            value = ",".join(str(v) for v in value)
        words.append(f"{key}={value}")
    return words


class _Inputs:
    """Hands dict weights and array tokens to ccsim in memory for one call, holding the
    command lock from entry to exit (nothing stays registered if a conversion fails)."""

    def __init__(self, params, metadata):
        self.params, self.metadata, self.names = params, metadata, []

    def __enter__(self):
        _LOCK.acquire()
        try:
            self._provide(self.params, self.metadata)
        except BaseException:
            self.__exit__()
            raise
        return self

    def _provide(self, params, metadata):
        weights = params.get("weights")
        if weights is not None and not isinstance(weights, str):
            if not hasattr(weights, "items"):
                raise TypeError("weights must be a file name or a dict of arrays")
            _ccsim.provide_input(_WEIGHTS, safetensors_bytes(weights, metadata))
            params["weights"] = _WEIGHTS
            self.names.append(_WEIGHTS)
        elif metadata:
            raise TypeError("metadata applies to weights given as a dict")
        tokens = params.get("input")
        if tokens is not None and not isinstance(tokens, str):
            _ccsim.provide_input(_INPUT, _npy_bytes(tokens))
            params["input"] = _INPUT
            self.names.append(_INPUT)

    def __exit__(self, *exc):
        try:
            for name in self.names:
                _ccsim.withdraw_input(name)
        finally:
            self.names = []
            _LOCK.release()
        return False


def run(name, *, seed=1, sample=0, threads=0, metadata=None, **params):
    """ccsim run NAME: the report (schema ccsim.run/2) as a dict.

    sample: check that many seeded instances instead of all; threads: 0 = all cores.
    weights may be a dict of arrays, with `metadata` its safetensors metadata.
    """
    with _Inputs(params, metadata):
        return json.loads(_ccsim.run_json(name, _words(params), seed, sample, threads))


def sweep(name, *, seed=1, sample=0, threads=0, auto_max=1024, metadata=None, **params):
    """ccsim sweep NAME: the report (schema ccsim.sweep/2) as a dict.

    Ranges are strings as on the command line (q="2..6", m="auto") or lists (q=[2, 4]).
    """
    with _Inputs(params, metadata):
        return json.loads(_ccsim.sweep_json(name, _words(params), seed, sample, threads,
                                            auto_max))


def eval(task, *, seed=1, threads=0, metadata=None, **params):  # noqa: A001 (ccsim eval)
    """ccsim eval TASK: the report (schema ccsim.eval/2) as a dict."""
    with _Inputs(params, metadata):
        return json.loads(_ccsim.eval_json(task, _words(params), seed, threads))


def forward(*, threads=0, metadata=None, **params):
    """ccsim forward: the report (schema ccsim.forward/1) as a dict; "reference" and
    "quantized" become NumPy arrays [N, d_out]. input may be an array [N, d]."""
    with _Inputs(params, metadata):
        report = json.loads(_ccsim.forward_json(_words(params), threads))
    for key in ("reference", "quantized"):
        if key in report:
            report[key] = np.array(report[key], dtype=np.float64)
    return report


def data(name, *, seed=1, sample=0, metadata=None, **params):
    """ccsim data NAME: the arrays (x, y, ...) as a dict of NumPy arrays."""
    import io
    with _Inputs(params, metadata):
        raw = _ccsim.data_npz(name, _words(params), seed, sample)
    with np.load(io.BytesIO(raw)) as archive:
        return {key: archive[key] for key in archive.files}


def read_safetensors(raw):
    """(tensors, metadata) of safetensors bytes: {name: float64 array}, {key: value}."""
    (length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + length])
    metadata = header.pop("__metadata__", {})
    dtypes = {"F64": "<f8", "F32": "<f4", "F16": "<f2"}
    data, tensors = raw[8 + length:], {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        values = np.frombuffer(data[begin:end], dtype=dtypes[entry["dtype"]])
        tensors[name] = values.astype(np.float64).reshape(entry["shape"])
    return tensors, metadata


def export(name, *, metadata=None, **params):
    """ccsim export NAME: the model a reduction builds, as ({name: array}, metadata), the
    tensors in the names ccsim reads back (docs/weights.md); pass both to run(weights=...,
    metadata=...) or copy them into a PyTorch module."""
    with _Inputs(params, metadata):
        raw = _ccsim.export_safetensors(name, _words(params))
    return read_safetensors(raw)


def cc(name=None, *, matrix=None, from_run=None, prime=2, sat="auto", **params):
    """ccsim cc: the exact communication complexity report (schema ccsim.cc/1) as a dict.

    cc("disj", n=3); cc(matrix=array) with a 2-D integer array (rows: Alice's inputs) or a
    CSV file name; cc(from_run="disj_truncated", n=3, k=2) for what a protocol computes.
    """
    with _LOCK:
        provided = False
        try:
            if from_run is not None:
                if name is not None or matrix is not None:
                    raise TypeError("from_run takes the reduction's parameters only")
                text = _ccsim.cc_json("", _words(params), prime, sat, from_run)
            else:
                if matrix is not None:
                    if name is not None:
                        raise TypeError("give a function name or matrix=, not both")
                    if not isinstance(matrix, str):
                        rows = np.asarray(matrix)
                        if rows.ndim != 2 or not np.issubdtype(rows.dtype, np.integer):
                            raise TypeError("matrix must be a 2-D integer array or a file name")
                        csv = "\n".join(",".join(str(int(v)) for v in row) for row in rows)
                        _ccsim.provide_input(_MATRIX, (csv + "\n").encode())
                        provided = True
                        matrix = _MATRIX
                    name, params = "matrix", dict(params, file=matrix)
                elif name is None:
                    raise TypeError("cc needs a function name, matrix= or from_run=")
                text = _ccsim.cc_json(name, _words(params), prime, sat, "")
        finally:
            if provided:
                _ccsim.withdraw_input(_MATRIX)
    return json.loads(text)
