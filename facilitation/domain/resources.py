"""Where the kit's own files are, in the checkout and in an installed package alike.

Agendas, the demo workshop, the stylesheets and the notebooks ship inside the package under
``facilitation/resources/`` and are found with :mod:`importlib.resources`, never through the
repository's folders, so ``pip install`` of the kit serves from any folder.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def resource(*parts: str) -> Path:
    """The path of ``facilitation/resources/<parts>`` (a real file: the package is not zipped)."""
    return Path(str(files("facilitation").joinpath("resources", *parts)))
