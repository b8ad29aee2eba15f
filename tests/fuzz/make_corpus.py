#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz harnesses: tests/fuzz/corpus/<harness>/.

Standard library only. Each harness gets a handful of small inputs: valid ones that reach deep
into its parser (and, for safetensors, into the model loaders), and near-valid ones that stop
at one check. The files are committed; rerun this after changing it:

    python3 tests/fuzz/make_corpus.py

It rewrites the seeds it knows and leaves any other file in corpus/ alone (regression inputs
of fixed findings are added by hand, as regression-*).
"""

import json
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")

PACK = {"F64": "<d", "F32": "<f", "F16": "<e"}
WIDTH = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2}


def pack(dtype, values):
    if dtype == "BF16":  # the high half of the float32
        return b"".join(struct.pack("<f", v)[2:] for v in values)
    return b"".join(struct.pack(PACK[dtype], v) for v in values)


def safetensors(tensors, metadata=None):
    """tensors: list of (name, dtype, shape, values). 8-byte header length, JSON, data."""
    header, data = {}, b""
    if metadata:
        header["__metadata__"] = metadata
    for name, dtype, shape, values in tensors:
        raw = pack(dtype, values)
        header[name] = {"dtype": dtype, "shape": shape,
                        "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + data


def ramp(n, scale=0.25):
    return [((i % 7) - 3) * scale for i in range(n)]


def npy(descr, fortran, shape, values, version=1):
    """A .npy file: magic, version, header length, the header dict, the data."""
    dims = ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "")
    header = "{'descr': '%s', 'fortran_order': %s, 'shape': (%s), }" % (
        descr, "True" if fortran else "False", dims)
    lead = 10 if version == 1 else 12
    header += " " * (-(lead + len(header) + 1) % 64) + "\n"
    length = struct.pack("<H" if version == 1 else "<I", len(header))
    fmt = {"8": "<d", "4": "<f", "2": "<e"}[descr[-1]]
    data = b"".join(struct.pack(fmt, v) for v in values)
    return b"\x93NUMPY" + bytes([version, 0]) + length + header.encode() + data


def seeds():
    d = 2  # token dimension
    native = [
        ("heads.0.q.weight", "F64", [2, d], ramp(4)),
        ("heads.0.q.bias", "F64", [2], ramp(2)),
        ("heads.0.k.weight", "F64", [2, d], ramp(4, 0.5)),
        ("heads.0.v.weight", "F32", [d, d], ramp(4)),
        ("heads.0.o.weight", "F16", [d, d], ramp(4)),
        ("o.bias", "BF16", [d], ramp(2)),
        ("temperature", "F64", [], [0.5]),
    ]
    e = 4  # nn.MultiheadAttention embedding dimension, two heads
    mha = [
        ("attn.in_proj_weight", "F32", [3 * e, e], ramp(3 * e * e, 0.125)),
        ("attn.in_proj_bias", "F16", [3 * e], ramp(3 * e)),
        ("attn.out_proj.weight", "F32", [e, e], ramp(e * e)),
        ("attn.out_proj.bias", "F16", [e], ramp(e)),
    ]
    layer = [
        ("layers.0.heads.0.q.weight", "F64", [2, d], ramp(4)),
        ("layers.0.heads.0.k.weight", "F64", [2, d], ramp(4)),
        ("layers.0.heads.0.v.weight", "F64", [d, d], ramp(4)),
        ("layers.0.heads.0.o.weight", "F64", [d, d], ramp(4)),
        ("layers.0.mlp.fc1.weight", "BF16", [3, d], ramp(6)),
        ("layers.0.mlp.fc1.bias", "BF16", [3], ramp(3)),
        ("layers.0.mlp.fc2.weight", "BF16", [d, 3], ramp(6)),
    ]
    fnn = [
        ("first.weight", "F32", [3, d], ramp(6)),
        ("first.bias", "F32", [3], ramp(3)),
        ("rest.0.weight", "F32", [1, 3], ramp(3)),
    ]
    bad_offsets = safetensors([("x", "F64", [2, 2], ramp(4))])
    bad_offsets = bad_offsets.replace(b'"data_offsets":[0,32]', b'"data_offsets":[0,24]')
    yield "safetensors", "native.safetensors", safetensors(native, {"residual": "true"})
    yield "safetensors", "mha.safetensors", safetensors(mha, {"num_heads": "2"})
    yield "safetensors", "transformer.safetensors", safetensors(layer, {"causal": "true"})
    yield "safetensors", "fnn.safetensors", safetensors(fnn)
    yield "safetensors", "empty.safetensors", safetensors([])
    yield "safetensors", "bad-offsets.safetensors", bad_offsets
    yield "safetensors", "long-header.safetensors", struct.pack("<Q", 1 << 40) + b"{}      "

    yield "npy", "c-f8.npy", npy("<f8", False, [2, 3], ramp(6))
    yield "npy", "fortran-f4.npy", npy("<f4", True, [3, 2], ramp(6))
    yield "npy", "v2.npy", npy("<f8", False, [1, 2], ramp(2), version=2)
    yield "npy", "f2.npy", npy("<f2", False, [2, 2], ramp(4))
    yield "npy", "empty.npy", npy("<f8", False, [0, 4], [])
    yield "npy", "one-dim.npy", npy("<f8", False, [3], ramp(3))
    yield "npy", "short-data.npy", npy("<f4", False, [2, 2], ramp(3))

    for name, spelling in [("fp32", "fp32"), ("bf16", "bf16"), ("e4m3", "e4m3"),
                           ("fixed", "fixed:8:4"), ("fixed64", "fixed:64:63"),
                           ("float", "float:11:52"), ("float-small", "float:2:1"),
                           ("bad-width", "fixed:0:0"), ("bad-field", "float:5:x"),
                           ("three-fields", "fixed:8:4:2")]:
        yield "format", name, spelling.encode()

    for name, words in [
            ("ints", ["n=8", "k=-3", "m=010"]),
            ("real", ["temperature=0.25", "precision=fixed:8:4", "construction=cyclic"]),
            ("big", ["m=99999999999999999999"]),
            ("unknown", ["tempreature=1"]),
            ("twice", ["n=1", "n=2"]),
            ("empty-value", ["k="]),
            ("not-finite", ["temperature=inf", "precision=fp16"])]:
        yield "params", name, "\n".join(words).encode()

    for name, words in [
            ("range-step", ["q=2..12:2"]),
            ("lists", ["q=2,4,8", "precision=fp16,fp32"]),
            ("auto", ["m=auto", "q=1..3"]),
            ("zero-step", ["p=4..16:0"]),
            ("reversed", ["q=16..2"]),
            ("too-many", ["q=1..100000"]),
            ("two-autos", ["a=auto", "b=auto"])]:
        yield "sweep_grid", name, "\n".join(words).encode()

    # What `ccsim sweep disj_qsa q=2..3 m=auto --report csv|json -o FILE` wrote (the
    # command the harness resumes), and near misses.
    command = "ccsim sweep disj_qsa q=2..3 m=auto --seed 1 --auto-max 1024"
    columns = ["point", "auto_value", "auto_evaluations", "bits", "construction_bits",
               "effective_bits", "bound_bits", "bound_class", "instances", "correct_fraction",
               "outcome"]
    rows = [
        ({"q": "2", "m": "11"}, ["q=2", "11", "8", "736", "1568", "2.000000", "2",
                                 "one-way deterministic (Alice -> Bob)", "16", "1.000000",
                                 "correct"]),
        ({"q": "3", "m": "18"}, ["q=3", "18", "10", "1184", "2336", "3.000000", "3",
                                 "one-way deterministic (Alice -> Bob)", "64", "1.000000",
                                 "correct"]),
    ]

    def csv_field(f):
        return '"' + f.replace('"', '""') + '"' if any(c in f for c in ',"\n\r') else f

    header = ",".join(["sweep", "q", "m"] + columns) + "\n"
    lines = [",".join(csv_field(f) for f in [command, v["q"], v["m"]] + r) + "\n"
             for v, r in rows]
    yield "sweep_resume", "rows.csv", (header + "".join(lines)).encode()
    yield "sweep_resume", "header-only.csv", header.encode()
    yield "sweep_resume", "short-row.csv", (header + lines[0].rsplit(",", 1)[0] + "\n").encode()
    quoted = lines[1].replace(",correct\n", ',"wrong, on ""most"" instances"\n')
    yield "sweep_resume", "quoted.csv", (header + quoted).encode()

    def sweep_json(cmd, parameters):
        doc = {"schema": "ccsim.sweep/1",
               "provenance": {"version": "0.1.0", "revision": "unknown"},
               "command": cmd, "reduction": "disj_qsa",
               "rows": [dict({"parameters": p}, **dict(zip(columns, r)))
                        for p, (_, r) in zip(parameters, rows)],
               "fit": {"size": "q", "bits": None, "bound": None, "construction_bits": None}}
        return (json.dumps(doc, indent=2) + "\n").encode()

    yield "sweep_resume", "rows.json", sweep_json(command, [v for v, _ in rows])
    yield "sweep_resume", "number-parameter.json", sweep_json(command, [{"q": 2, "m": "11"}, {}])
    yield "sweep_resume", "other-command.json", sweep_json(command + " --sample 4",
                                                           [v for v, _ in rows])


def main():
    for harness, name, data in seeds():
        folder = os.path.join(CORPUS, harness)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
