"""The challenge step: the city's key local challenge, illustrated on a map.

Roles:

* ``facilitator`` (the console, and the city's homework page ``challenge.ipynb`` with the
  key): title, description and theme tags (``fk-challenge-title``, ``-description``,
  ``-theme``, ``-save``); a map (``fk-map``) where areas, lines and points are drawn, each
  given a label, a kind (problem / asset / opportunity) and a note in the feature editor;
  features can be reshaped on the map, edited and removed; a GeoJSON file from the city's
  GIS can be imported (all of it or nothing, with the broken feature named).
* ``participant``: the challenge and the map read-only; a click on the map pins an idea to
  that place (it joins the brainstorm wall with its location).
* ``presenter``: the challenge and a large map.

ipyleaflet is imported by :mod:`facilitation.ui.kit.featuremap` only when this view is built.
Every write goes through the store with the page's key or token.

One part per module: :mod:`.labels` and :mod:`.markup` (words and HTML),
:mod:`.challenge_form` (the challenge in words), :mod:`.feature_editor`, :mod:`.importer`
(GeoJSON), :mod:`.feature_card`, :mod:`.pin_form` (a participant's idea for a place) and
:mod:`.view` (the step's view, ``facilitation.ui.steps.challenge:ChallengeView``).
"""

from __future__ import annotations

from facilitation.domain.links import HOMEWORK_NOTEBOOK
from facilitation.ui.steps.challenge.challenge_form import homework_link
from facilitation.ui.steps.challenge.view import TOPICS, ChallengeView

__all__ = ["HOMEWORK_NOTEBOOK", "TOPICS", "ChallengeView", "homework_link"]
