"""The README's quick start must run as printed, and without a warning."""

import re
import warnings
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def _quick_start():
    text = README.read_text()
    section = text.split("## Quick start", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_quick_start_runs_without_a_warning(capsys):
    # Every warning recorded, none raised: an error inside the grid search
    # would otherwise become a failed fit and a NaN score.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        exec(compile(_quick_start(), "README quick start", "exec"), {})
    assert "spl__lambda_init" in capsys.readouterr().out
    # A user's first run: no warning (a pace stopping short by choice is not
    # a convergence failure).
    messages = [f"{w.category.__name__}: {w.message}" for w in caught]
    assert messages == []
