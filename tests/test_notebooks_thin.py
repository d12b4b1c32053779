"""Every served notebook is thin: a Markdown title and one short code cell calling ``facilitation.ui``.

All logic lives in the package; a notebook that grows logic, or is committed with outputs or
without a kernelspec (Voila refuses it), fails here. Covers every served notebook, present and
future. The analysts' notebook (``notebooks/analysis.ipynb``) is exempt, and must never be served.
"""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
SERVED = ROOT / "facilitation" / "resources" / "notebooks"  # what Voila serves in directory mode
NOTEBOOKS = sorted(SERVED.glob("*.ipynb"))
ANALYSIS = ROOT / "notebooks" / "analysis.ipynb"
MAX_LINES = 8


def _ui_names(tree: ast.Module) -> set[str]:
    """Names the cell imports from facilitation.ui (the only thing it may call)."""
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("facilitation.ui"):
            names.update(alias.asname or alias.name for alias in node.names)
    return names


def check_cell(source: str) -> list[str]:
    """Problems with a notebook's code cell (empty list when it only calls facilitation.ui)."""
    problems = []
    lines = [line for line in source.splitlines() if line.strip()]
    if len(lines) > MAX_LINES:
        problems.append(f"{len(lines)} lines (at most {MAX_LINES})")
    tree = ast.parse(source)
    allowed = _ui_names(tree)
    calls = 0
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("facilitation.ui"):
            continue
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            call = node.value
            if isinstance(call.func, ast.Name) and call.func.id in allowed and all(
                isinstance(arg, ast.Constant) for arg in [*call.args, *(k.value for k in call.keywords)]
            ):
                calls += 1
                continue
        problems.append(f"line {node.lineno}: only imports from facilitation.ui and one call to them are allowed")
    if calls != 1:
        problems.append(f"{calls} calls into facilitation.ui (exactly one expected)")
    return problems


def test_there_are_notebooks():
    names = {p.name for p in NOTEBOOKS}
    assert {"participant.ipynb", "facilitator.ipynb", "presenter.ipynb"} <= names


def test_the_analysis_notebook_is_not_served():
    assert ANALYSIS.is_file() and not ANALYSIS.is_symlink()
    assert not (SERVED / ANALYSIS.name).exists(), "analysis.ipynb reads the whole database: never serve it"
    assert not (ROOT / "notebooks").is_symlink(), "notebooks/ is a real folder, not a link to the served one"
    nb = nbformat.read(ANALYSIS, as_version=4)
    assert all(c.outputs == [] for c in nb.cells if c.cell_type == "code"), "committed with outputs"


def test_notebooks_links_every_served_notebook():
    for path in NOTEBOOKS:
        link = ROOT / "notebooks" / path.name
        assert link.is_symlink() and not link.readlink().is_absolute(), f"notebooks/{path.name}: a relative link"
        assert link.resolve() == path.resolve()
    assert {p.name for p in (ROOT / "notebooks").glob("*.ipynb")} == {p.name for p in NOTEBOOKS} | {ANALYSIS.name}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_thin(path: Path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    kernelspec = nb.metadata.get("kernelspec") or {}
    assert kernelspec.get("name") and kernelspec.get("language") == "python", "kernelspec metadata missing"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert len(code) == 1, f"{len(code)} code cells (exactly one expected)"
    assert code[0].outputs == [] and code[0].execution_count is None, "committed with outputs"
    markdown = [c for c in nb.cells if c.cell_type == "markdown"]
    assert markdown and markdown[0].source.lstrip().startswith("#"), "a Markdown title comes first"
    assert check_cell(code[0].source) == []


@pytest.mark.parametrize("source, ok", [
    ("from facilitation.ui import participant_app\n\nparticipant_app()", True),
    ("from facilitation.ui import participant_app\nparticipant_app()\nparticipant_app()", False),
    ("from facilitation.ui import participant_app\nx = 1\nparticipant_app()", False),
    ("import os\nfrom facilitation.ui import participant_app\nparticipant_app()", False),
    ("from facilitation.ui import participant_app\nparticipant_app(open('x').read())", False),
    ("print('hello')", False),
    ("from facilitation.ui import participant_app\n" + "\n".join(["# pad"] * 9) + "\nparticipant_app()", False),
])
def test_the_checker_itself(source: str, ok: bool):
    assert (check_cell(source) == []) is ok
