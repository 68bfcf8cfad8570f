"""Every gallery example runs to the end (matplotlib's Agg backend), so none rots."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("plot_*.py"))


@pytest.mark.skipif(
    importlib.util.find_spec("matplotlib") is None,
    reason='the examples need matplotlib: pip install ".[examples]"',
)
@pytest.mark.parametrize("script", EXAMPLES, ids=lambda p: p.name)
def test_example_runs(script, tmp_path):
    if "import torch" in script.read_text():
        # The network example needs the optional torch extra.
        for module in ("torch", "skorch"):
            pytest.importorskip(
                module, reason=f'{script.name} needs torch: pip install ".[torch]"'
            )
    # One OpenMP / BLAS thread: the other xdist worker keeps the other core
    # busy, and an OpenMP learner spinning two threads here would crawl.
    env = {**os.environ, "MPLBACKEND": "Agg", "OMP_NUM_THREADS": "1"}
    env.setdefault("OPENBLAS_NUM_THREADS", "1")
    # Run from a scratch directory: whatever an example writes stays out of
    # the tree. A generous timeout: each takes well under 20 s on 2 cores.
    proc = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]


def test_examples_are_found():
    assert len(EXAMPLES) >= 7, [p.name for p in EXAMPLES]
