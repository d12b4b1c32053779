"""The organisers' review: every workshop's outputs, one workshop at a time and across cities.

``review.ipynb?key=KEY`` (several keys: ``key=K1,K2``). Access: a key equal to the
organiser key in the server's environment (``FACILITATION_REVIEW_KEY``, set by whoever
starts the server) opens every workshop in the database; otherwise each workshop whose
facilitator key is given is shown. Without a valid key the page shows nothing but how to
open it. The review shows pseudonyms only, never display names.

Charts are inline SVG (:mod:`facilitation.outputs.charts`), the same as in ``report.html``;
the sections of one workshop are the report's own (:mod:`facilitation.outputs.report`).

Its look is ``review.css`` with ``report.css`` (``facilitation/resources/css``), linked by the
page template like every stylesheet of the kit. One part per module: :mod:`.access` (keys and
the workshops they open), :mod:`.across` (the "Across workshops" tab) and :mod:`.app` (the
page, ``facilitation.ui.pages.review:ReviewApp``).
"""

from __future__ import annotations

from facilitation.ui.pages.review.access import (MIN_KEY_LENGTH, REVIEW_KEY_ENV, Entry, accessible_workshops,
                                                 is_organiser, load_entries, review_keys)
from facilitation.ui.pages.review.app import ALL, ReviewApp

__all__ = ["ALL", "MIN_KEY_LENGTH", "REVIEW_KEY_ENV", "Entry", "ReviewApp", "accessible_workshops", "is_organiser",
           "load_entries", "review_keys"]
