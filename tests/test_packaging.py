"""The install surfaces agree: pyproject.toml and environment.yml list the same runtime deps."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _parse(spec: str) -> tuple[str, str]:
    name, rest = re.match(r"^([A-Za-z0-9_.-]+)(.*)$", spec.replace(" ", "")).groups()
    return name.lower().replace("_", "-"), rest


def test_environment_yml_matches_pyproject():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    runtime = dict(_parse(d) for d in pyproject["project"]["dependencies"])
    # The PostgreSQL extra is in environment.yml too (conda-forge's psycopg has the binary part).
    runtime.update(_parse(d.replace("[binary]", "")) for d in pyproject["project"]["optional-dependencies"]["postgres"])
    runtime.update(_parse(d) for d in pyproject["project"]["optional-dependencies"]["docs"])  # make docs
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = dict(_parse(d) for d in env["dependencies"] if isinstance(d, str))
    conda.pop("python"), conda.pop("pip")
    assert conda == runtime, (
        f"only in pyproject: {set(runtime.items()) - set(conda.items())}; "
        f"only in environment.yml: {set(conda.items()) - set(runtime.items())}")


def test_readme_shows_the_two_commands_first():
    readme = (ROOT / "README.md").read_text()
    first_code = re.search(r"```(?:sh|bash|console)?\n(.*?)```", readme, re.S).group(1)
    assert "make serve" in first_code and "make test" in first_code
    assert "conda env create -f environment.yml" in readme


def test_ci_runs_make_test_and_installs_chromium():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci and "chromium" in ci
