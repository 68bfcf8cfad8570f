import subprocess
import sys

import pytest

from skcurric.__main__ import main


def test_demo_prints_measured_tables(capsys):
    assert (
        main(["demo", "--n-samples", "200", "--n-repeats", "1", "--n-epochs", "4"]) == 0
    )
    out = capsys.readouterr().out
    assert "40 of 200 labels flipped" in out
    for method in ("loss", "el2n", "forgetting", "aum", "variability"):
        assert f"| {method}" in out
    assert "Spearman" in out
    assert "Training on the noisy labels" in out and "control: random pruning" in out


def test_module_entry_point():
    proc = subprocess.run(
        [sys.executable, "-m", "skcurric", "--help"], capture_output=True, text=True
    )
    assert proc.returncode == 0 and "demo" in proc.stdout


def test_unknown_command():
    with pytest.raises(SystemExit):
        main(["nope"])
