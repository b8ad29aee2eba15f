"""The notebook script of docs/python.md runs as written."""

import os
import re

ROOT = os.environ["CCSIM_SOURCE_ROOT"]


def test_the_training_script_in_docs_runs(capsys):
    with open(os.path.join(ROOT, "docs", "python.md"), encoding="utf-8") as f:
        text = f.read()
    scripts = re.findall(r"```python\n(import numpy.*?)```", text, flags=re.S)
    assert len(scripts) == 1, "docs/python.md has one training script"
    exec(compile(scripts[0], "docs/python.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "largest difference to PyTorch" in printed
    outcome = printed.strip().splitlines()[-1].split(" - ")[0]
    assert outcome in {"correct", "fails-as-predicted", "fails-above-bound", "undecided"}
