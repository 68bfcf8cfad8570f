"""The README's quick start must run as printed."""

import re
import warnings
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_quick_start_runs(capsys):
    text = README.read_text()
    section = text.split("## Quick start", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    # A user's first run: no warning (a pace stopping short by choice is not
    # a convergence failure).
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        exec(compile(code, "README quick start", "exec"), {})
    assert not caught, [f"{w.category.__name__}: {w.message}" for w in caught]
    assert "spl__lambda_init" in capsys.readouterr().out
