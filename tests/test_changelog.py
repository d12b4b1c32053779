"""The changelog and the version move together: one version, written once, named by the changelog."""

from __future__ import annotations

import re
import tomllib
from datetime import date
from importlib.metadata import version
from pathlib import Path

import facilitation

ROOT = Path(__file__).resolve().parents[1]
CHANGELOG = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
# "## 0.1.0 - 2026-11-26": Keep a Changelog's release heading (the "Unreleased" one has no number).
RELEASE = re.compile(r"^## \[?(\d+\.\d+\.\d+)\]? - (\d{4}-\d{2}-\d{2})$", re.M)


def releases() -> list[tuple[str, str]]:
    return RELEASE.findall(CHANGELOG)


def test_the_latest_release_heading_is_the_package_version():
    assert releases(), "CHANGELOG.md has no '## X.Y.Z - YYYY-MM-DD' heading"
    assert releases()[0][0] == facilitation.__version__


def test_pyproject_takes_the_version_from_the_package():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "facilitation.__version__"}


def test_the_installed_metadata_has_the_same_version():
    # An editable install records the version when it is installed: reinstall after a release.
    assert version("facilitation") == facilitation.__version__


def test_releases_are_newest_first_with_real_dates_and_unreleased_on_top():
    found = releases()
    numbers = [tuple(int(p) for p in v.split(".")) for v, _ in found]
    assert numbers == sorted(numbers, reverse=True) and len(set(numbers)) == len(numbers)
    dates = [date.fromisoformat(d) for _, d in found]
    assert dates == sorted(dates, reverse=True)
    headings = re.findall(r"^## (.+)$", CHANGELOG, re.M)
    assert headings[0].strip("[]") == "Unreleased"
    sections = re.findall(r"^### (.+)$", CHANGELOG, re.M)
    assert set(sections) <= {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}, sections
