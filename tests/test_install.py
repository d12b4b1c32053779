"""The kit installed with ``pip install .`` (not editable) works from an empty folder.

The package must find its agendas, demo workshop, stylesheets and notebooks with
``importlib.resources``, never through the repository's folders. The test copies the
tracked files to a temporary folder, installs them into a fresh venv (its dependencies come
from the test environment through a ``.pth`` file, so nothing but the build backend is
downloaded), and runs ``facilitation demo`` and ``facilitation export`` in an empty folder.
"""

from __future__ import annotations

import ast
import csv
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def tracked_copy(dest: Path) -> Path:
    """The tracked (and new, not ignored) files of the checkout, as a build would see a clone."""
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=ROOT,
                           capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        src, dst = ROOT / name, dest / name
        if not src.exists() and not src.is_symlink():
            continue  # deleted in the work tree
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_symlink():
            dst.symlink_to(src.readlink())
        elif src.is_file():
            shutil.copy2(src, dst)
    return dest


def run(args: list[str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(map(str, args))} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv with the kit installed from a copy of the checkout; its bin folder."""
    base = tmp_path_factory.mktemp("install")
    source = tracked_copy(base / "src")
    venv = base / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=base)
    python = venv / "bin" / "python"
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--quiet",
         "--disable-pip-version-check", str(source)], cwd=base, timeout=600)
    # The kit's dependencies, from the test environment (not the kit itself: that is editable there,
    # and an editable finder is only installed by .pth files in a site folder, not by this path).
    site = Path(run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                    cwd=base).stdout.strip())
    (site / "kit-test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    shutil.rmtree(source)  # nothing of the checkout is left to lean on
    return venv / "bin"


def test_the_installed_kit_runs_demo_and_export_from_an_empty_folder(installed, tmp_path):
    where = tmp_path / "empty"
    where.mkdir()
    located = run([str(installed / "python"), "-c", "import facilitation; print(facilitation.__file__)"], cwd=where)
    assert str(installed.parent) in located.stdout, "the installed copy is imported, not the checkout"

    demo = run([str(installed / "facilitation"), "demo"], cwd=where)
    code = next(line.split(": ", 1)[1] for line in demo.stdout.splitlines() if line.startswith("Join code: "))
    assert (where / "data" / "facilitation.sqlite").is_file(), "the default database is data/ under the current folder"

    run([str(installed / "facilitation"), "export", code, "--to", "exports"], cwd=where)
    out = where / "exports"
    for name in ("ideas.csv", "votes.csv", "challenge.geojson", "scenarios.csv", "stakeholders.csv", "scores.csv",
                 "feedback.csv", "participants.csv", "workshop.xlsx", "report.html"):
        assert (out / name).is_file(), f"{name} missing from the export"
    with (out / "ideas.csv").open(encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) >= 5, "the demo's ideas were exported"


def test_the_installed_kit_ships_what_serve_and_the_pages_need(installed, tmp_path):
    script = ("from facilitation.serve.launcher import NOTEBOOK_DIR;"
              "from facilitation.domain.resources import resource;"
              "print(sorted(p.name for p in NOTEBOOK_DIR.glob('*.ipynb')));"
              "print(sorted(p.name for p in resource('agendas').glob('*.yaml')));"
              "print(sorted(p.name for p in resource('css').glob('*.css')));"
              "print(sorted(p.name for p in resource('jupyter', 'nbconvert', 'templates', 'facilitation').rglob('*')"
              " if p.is_file()))")
    shown = run([str(installed / "python"), "-c", script], cwd=tmp_path).stdout.splitlines()
    served = ROOT / "facilitation" / "resources" / "notebooks"  # notebooks/ adds analysis.ipynb, never served
    assert shown[0] == str(sorted(p.name for p in served.glob("*.ipynb")))
    assert "analysis.ipynb" not in shown[0]
    assert "city-two-rounds.yaml" in shown[1]
    assert "theme.css" in shown[2]
    # the page template that links the stylesheets, with the stylesheets it serves
    assert {"conf.json", "index.html.j2", "theme.css", "report.css"} <= set(ast.literal_eval(shown[3]))
    listed = run([str(installed / "facilitation"), "list"], cwd=tmp_path)
    assert listed.stdout == ""  # a fresh folder: a new, empty database, no error
