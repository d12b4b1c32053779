"""Every notebook runs under nbval against a temporary database with the demo workshop.

``notebooks/`` holds the served pages (links into the package) and the analysts' ``analysis.ipynb``,
which picks the first workshop of ``FACILITATION_DB`` when no workshop is named.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from facilitation import store
from facilitation.demo import load_demo

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


@pytest.mark.slow
def test_notebooks_execute_under_nbval(tmp_path):
    notebooks = sorted(NOTEBOOKS.glob("*.ipynb"))
    assert notebooks, "no notebooks"
    assert "analysis.ipynb" in {p.name for p in notebooks}
    db_path = tmp_path / "nbval.sqlite"
    with store.Database(db_path) as db:
        code, key = load_demo(db)
    env = dict(os.environ, FACILITATION_DB=str(db_path), QUERY_STRING=f"code={code}&key={key}")
    env.pop("VOILA_PREHEAT", None)
    env.pop("FACILITATION_ANALYSIS_SOURCE", None)
    env.pop("FACILITATION_ANALYSIS_WORKSHOPS", None)
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "-q", "-p", "no:cacheprovider", "--rootdir", str(tmp_path),
         *map(str, notebooks)],
        capture_output=True, text=True, env=env, cwd=str(tmp_path), timeout=600)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]
    assert f"{len(notebooks)} passed" in out.stdout or "passed" in out.stdout
