"""The Python module against the command line and against PyTorch (docs/python.md)."""

import json
import os
import subprocess

import numpy as np
import pytest
import torch

import ccsim

ROOT = os.environ["CCSIM_SOURCE_ROOT"]
BINARY = os.environ["CCSIM_BINARY"]
FIXTURES = os.path.join(ROOT, "tests", "model", "fixtures")


def cli_json(*words):
    out = subprocess.run([BINARY, *words, "--report", "json"], check=False,
                         capture_output=True, text=True)
    return json.loads(out.stdout)


def test_run_returns_the_command_lines_report():
    report = ccsim.run("disj_qsa", q=3, precision="fp16", threads=1)
    assert report == cli_json("run", "disj_qsa", "q=3", "precision=fp16")
    assert report["schema"] == "ccsim.run/2"
    assert report["verdict"]["outcome"] == "correct"


def test_sweep_and_eval_return_their_reports():
    sweep = ccsim.sweep("disj_qsa", q="2..3", precision=["fp16", "fp32"])
    assert sweep == cli_json("sweep", "disj_qsa", "q=2..3", "precision=fp16,fp32")
    assert sweep["schema"] == "ccsim.sweep/2"
    ev = ccsim.eval("qsa", N=8, q=2, samples=5)
    assert ev == cli_json("eval", "qsa", "N=8", "q=2", "samples=5")


def test_the_same_report_for_any_thread_count():
    assert ccsim.run("disj_qsa", q=3, threads=1) == ccsim.run("disj_qsa", q=3, threads=2)


def test_usage_errors_raise_with_ccsims_message():
    with pytest.raises(ccsim.UsageError, match=r"parameter q=0 out of range \[1, 4096\]"):
        ccsim.run("disj_qsa", q=0)
    with pytest.raises(ValueError, match="unknown reduction 'disj_qs'"):
        ccsim.run("disj_qs")
    with pytest.raises(ccsim.UsageError, match="no tensor under prefix=nett"):
        ccsim.forward(weights=os.path.join(FIXTURES, "torch_attention.safetensors"),
                      prefix="nett", input=np.zeros((6, 4)))


def test_forward_takes_a_state_dict_and_an_array():
    torch.manual_seed(3)
    layer = torch.nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0,
                                             norm_first=True).double().eval()
    x = torch.randn(5, 8, dtype=torch.float64)
    out = ccsim.forward(model="transformer", weights=layer.state_dict(),
                        metadata={"num_heads": 2, "norm_first": "true"}, input=x.numpy(),
                        precision="fp64")
    with torch.no_grad():
        want = layer(x.unsqueeze(1)).squeeze(1).numpy()
    assert isinstance(out["reference"], np.ndarray)
    assert np.abs(out["reference"] - want).max() < 1e-9
    inputs = {i["path"]: i for i in out["provenance"]["inputs"]}
    assert set(inputs) == {"python:weights", "python:input.npy"}
    # The memory inputs are gone after the call.
    with pytest.raises(ccsim.UsageError, match="python:weights"):
        ccsim.forward(model="transformer", weights="python:weights", input=x.numpy())


def test_data_returns_arrays():
    batch = ccsim.data("match2", N=3, M=4, samples=0)
    assert batch["x"].shape == (64, 3) and batch["y"].shape == (64, 3)
    assert batch["x"].dtype == np.int64
    disj = ccsim.data("disj_qsa", q=2)
    assert disj["x"].shape[0] == 16 and set(disj["y"].tolist()) == {0, 1}


def test_export_round_trips_through_python():
    tensors, metadata = ccsim.export("qsa_random", q=3)
    assert metadata["phi.kind"] == "qsa-random-certificates"
    assert tensors["heads.0.q.weight"].dtype == np.float64
    from_file = ccsim.run("disj_qsa", q=3, weights=tensors, metadata=metadata)
    original = ccsim.run("disj_qsa", q=3)
    for key in ("communication", "verification", "verdict"):
        assert from_file[key] == original[key], key


def test_concurrent_calls_with_memory_weights_do_not_mix():
    import threading
    torch.manual_seed(5)
    layers = [torch.nn.TransformerEncoderLayer(4, 1, dim_feedforward=8, dropout=0.0)
              .double().eval() for _ in range(2)]
    x = torch.randn(4, 4, dtype=torch.float64)
    want = [ccsim.forward(model="transformer", weights=layer.state_dict(), input=x.numpy(),
                          metadata={"num_heads": 1}, precision="fp64") for layer in layers]
    got, errors = [None] * 8, []

    def call(i):
        try:
            got[i] = ccsim.forward(model="transformer", weights=layers[i % 2].state_dict(),
                                   input=x.numpy(), metadata={"num_heads": 1},
                                   precision="fp64", threads=1)
        except Exception as e:  # noqa: BLE001 (reported below)
            errors.append(e)

    threads = [threading.Thread(target=call, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for i, report in enumerate(got):
        assert np.array_equal(report["reference"], want[i % 2]["reference"])
        assert report["provenance"]["inputs"] == want[i % 2]["provenance"]["inputs"]


def test_failed_conversion_leaves_nothing_registered():
    with pytest.raises(Exception):
        ccsim.forward(model="transformer", weights={"w": np.zeros((2, 2))},
                      input=object())
    with pytest.raises(ccsim.UsageError, match="python:weights"):
        ccsim.forward(model="transformer", weights="python:weights", input=np.zeros((2, 2)))
    with pytest.raises(ccsim.UsageError, match="threads=5000"):
        ccsim.run("disj_qsa", q=2, threads=5000)


def test_cc_returns_the_command_lines_report_and_takes_arrays():
    report = ccsim.cc("disj", n=3)
    assert report == cli_json("cc", "disj", "n=3")
    assert report["exact"]["two_way_bits"] == 4
    # An array is the matrix: GT_2, x > y.
    gt = np.array([[1 if x > y else 0 for y in range(4)] for x in range(4)])
    from_array = ccsim.cc(matrix=gt)
    assert from_array["exact"]["two_way_bits"] == ccsim.cc("gt", n=2)["exact"]["two_way_bits"]
    assert from_array["bounds"]["rank_rational"] == 3
    run = ccsim.cc(from_run="disj_truncated", n=3, k=2)
    assert run["run"] == {"bits": 2, "wrong_cells": 9, "consistent": True}
    assert run["exact"]["answer_not_charged_bits"] == 2
    with pytest.raises(ccsim.UsageError, match="the largest is n=4"):
        ccsim.cc("disj", n=5)
    with pytest.raises(TypeError):
        ccsim.cc(matrix=np.zeros((2, 2)))
