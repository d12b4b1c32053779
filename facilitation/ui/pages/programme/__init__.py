"""The organisers' programme view: ``programme.ipynb?key=ORGANISER_KEY[&programme=NAME]``.

A programme's calendar by phase, its venues on a map (and as a list, usable without tiles),
each workshop's status, outputs, materials and meeting record, participation across the
workshops, feedback quotes by city and the practice library. Only an organiser key opens it
(``store.is_organiser``); the page speaks the programme's language. One part per module:
:mod:`.calendar`, :mod:`.venue_map`, :mod:`.workshops`, :mod:`.participation`, :mod:`.quotes`,
:mod:`.practices` and :mod:`.app` (``facilitation.ui.pages.programme:ProgrammeApp``). Its look is
``programme.css``, linked by the page template.
"""

from __future__ import annotations

from facilitation.ui.pages.programme.app import ProgrammeApp

__all__ = ["ProgrammeApp"]
