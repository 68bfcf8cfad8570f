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


def test_demo_out_writes_figures_and_a_markdown_report(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    from PIL import Image

    out = tmp_path / "demo"
    args = ["demo", "--n-samples", "200", "--n-repeats", "1", "--n-epochs", "4"]
    assert main([*args, "--out", str(out), "--dpi", "40"]) == 0
    printed = capsys.readouterr().out
    report = (out / "report.md").read_text(encoding="utf-8")
    # The report is what was printed: the measured tables and the figures.
    assert "## Difficulty methods" in report and "## Training on the noisy" in report
    for name in ("selection.png", "curriculum_vs_random.png", "data_map.png"):
        assert f"]({name})" in report
        with Image.open(out / name) as image:
            width, height = image.size
            colours = image.convert("L").getextrema()
        assert width > 100 and height > 100
        assert colours[0] < colours[1]  # not a blank image
    assert report.strip() in printed
