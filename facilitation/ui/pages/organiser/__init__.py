"""The organiser's page: every workshop on this server, and creating one without the command line.

``organiser.ipynb?key=ORGANISER_KEY`` (the link ``facilitation serve`` prints as ``Organiser link``;
the key is checked with ``store.is_organiser``; without it the page only says how to open it).
One part per module: :mod:`.workshop_list` (the workshops with their links), :mod:`.create_form`
(title, city with suggestions from the offline gazetteer, country, language, date, venue,
template), :mod:`.links_panel` (after creating: participant link, QR code, facilitator link),
:mod:`.keys_panel` (the server's organiser keys, listed and revoked) and
:mod:`.app` (the page, ``facilitation.ui.pages.organiser:OrganiserApp``), which shows the
workshop editor of :mod:`facilitation.ui.setup` for the workshop just created or picked.
"""

from __future__ import annotations

from facilitation.ui.pages.organiser.app import OrganiserApp

__all__ = ["OrganiserApp"]
