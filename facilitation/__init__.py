"""Workshop facilitation kit for city peer-learning workshops, built on Jupyter and Voila."""

# The one place the version is written: pyproject.toml reads it ([tool.setuptools.dynamic]) and
# CHANGELOG.md's latest version heading names it (tests/test_changelog.py).
__version__ = "0.1.0"
