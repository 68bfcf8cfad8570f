import re
import subprocess
import sys

import numpy as np
import pytest

from skcurric.__main__ import main
from tests.conftest import WEAK_PROBES_WARN


# The demo at these reduced sizes (200 rows, one repeat) has weak probes; the
# demo itself should not print skcurric's warnings (skcurric/__main__.py).
@WEAK_PROBES_WARN
def test_demo_prints_measured_tables(capsys):
    assert (
        main(["demo", "--n-samples", "200", "--n-repeats", "1", "--n-epochs", "4"]) == 0
    )
    out = capsys.readouterr().out
    # It leads with SelfPacedClassifierCV against the tuned learner on digits.
    headline = out[out.index("## Label noise against the tuned baseline") :]
    assert out.index("## Label noise") < out.index("## Easy / hard split")
    rows = {
        line.split("|")[1].strip(): [c.strip() for c in line.strip("|").split("|")]
        for line in headline.splitlines()[:8]
        if line.startswith("| ") and "model" not in line
    }
    tuned = float(rows["tuned SGD (alpha by 3-fold CV; the baseline)"][1])
    oracle = float(
        rows["clean-rows oracle (tuned SGD on the unflipped rows; the ceiling)"][1]
    )
    spl = float(rows["SelfPacedClassifierCV(SGD(alpha*))"][1])
    assert tuned < spl < oracle  # measured, not printed from a table
    assert "Chosen pace_" in headline
    assert "40 of 200 labels flipped" in out
    for method in ("loss", "el2n", "forgetting", "aum", "variability"):
        assert f"| {method}" in out
    assert "Spearman" in out
    assert "Training on the noisy labels" in out and "control: random pruning" in out
    # Differences in points with two decimals, min/max and mean: one decimal
    # rounded methods whose medians differ to the same "+0.0".
    training = out[out.index("## Training on the noisy labels") :]
    rows = [
        line
        for line in training.splitlines()
        if line.startswith("| ") and "estimator" not in line
    ]
    assert len(rows) == 6
    number = r"[+-]\d+\.\d\d"
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert re.fullmatch(r"\d+\.\d\d", cells[1]), cells  # accuracy, %
        assert re.fullmatch(rf"{number} \({number}, {number}\)", cells[2]), cells
        assert re.fullmatch(number, cells[3]), cells  # mean paired difference


def test_module_entry_point():
    proc = subprocess.run(
        [sys.executable, "-m", "skcurric", "--help"], capture_output=True, text=True
    )
    assert proc.returncode == 0 and "demo" in proc.stdout


def test_unknown_command():
    with pytest.raises(SystemExit):
        main(["nope"])


@pytest.mark.parametrize(
    "args, message",
    [
        (["--seed", "-1"], "--seed: -1 is outside [0,"),
        (["--n-samples", "10"], "--n-samples: 10 is outside [60, inf)"),
        (["--cluster-std", "0"], "--cluster-std: 0 is outside (0.0, inf)"),
        (["--label-noise", "0.5"], "--label-noise: 0.5 is outside [0.0, 0.5)"),
        (["--n-epochs", "0"], "--n-epochs: 0 is outside [1, inf)"),
        (["--n-repeats", "x"], "--n-repeats: invalid int value: 'x'"),
    ],
)
def test_bad_demo_options_are_usage_errors(args, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["demo", *args])
    assert exit_info.value.code == 2  # argparse's usage error, before any work
    assert message in capsys.readouterr().err


def test_out_must_not_be_a_file(tmp_path, capsys):
    existing = tmp_path / "report.txt"
    existing.write_text("mine")
    with pytest.raises(SystemExit) as exit_info:
        main(["demo", "--out", str(existing)])
    assert exit_info.value.code == 2
    assert "exists and is not a directory" in capsys.readouterr().err
    assert existing.read_text() == "mine"


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("skcurric ")


def test_no_label_noise_has_no_auc_against_flipped_labels(capsys):
    args = ["demo", "--label-noise", "0", "--no-train", "--n-repeats", "1"]
    assert main([*args, "--n-samples", "200", "--n-epochs", "3"]) == 0
    out = capsys.readouterr().out
    assert "0 of 200 labels flipped" in out
    assert "| n/a" in out and "nan" not in out


@WEAK_PROBES_WARN  # as above
def test_demo_out_writes_figures_and_a_markdown_report(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    from PIL import Image

    out = tmp_path / "demo"
    args = ["demo", "--n-samples", "200", "--n-repeats", "1", "--n-epochs", "4"]
    assert main([*args, "--no-headline", "--out", str(out), "--dpi", "40"]) == 0
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


def test_help_is_plain_text():
    # The module docstring is reStructuredText for the docs; --help is read
    # in a terminal, where double backticks are noise.
    for argv in (["--help"], ["demo", "--help"]):
        proc = subprocess.run(
            [sys.executable, "-m", "skcurric", *argv], capture_output=True, text=True
        )
        assert proc.returncode == 0
        assert "``" not in proc.stdout and ":func:" not in proc.stdout
        if argv == ["--help"]:  # the description is still there, as plain text
            assert "python -m skcurric demo: difficulty scoring" in proc.stdout


def test_out_help_gives_the_checkout_install_command(capsys):
    with pytest.raises(SystemExit):
        main(["demo", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())  # undo the wrapping
    assert 'pip install ".[examples]"' in help_text
    assert "skcurric[examples]" not in help_text


def test_paired_differences_separate_methods_whose_medians_differ():
    from skcurric.__main__ import _vs_plain

    # Per-seed accuracies measured by the demo (300 test rows): the median of
    # the paired differences is 0 for both, yet random pruning's accuracies
    # are higher; the summary must tell them apart.
    plain = np.array([0.9733, 0.98, 0.9733, 0.98, 0.9767])
    aum = np.array([0.9733, 0.9833, 0.97, 0.97, 0.9833])
    random = np.array([0.98, 0.98, 0.97, 0.98, 0.98])
    assert _vs_plain(aum, plain) != _vs_plain(random, plain)
    assert _vs_plain(plain, plain) == _vs_plain(plain.copy(), plain)
