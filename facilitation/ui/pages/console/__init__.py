"""The facilitator console: drives every page of the workshop.

Opened with the facilitator link (``?code=…&key=…``); the store says which role the key
carries, and the page shows that role's part (:mod:`.app`). Without a valid key it shows
only a polite refusal.

The full console: the open step with its countdown, pause/resume and a minute more or less,
next/previous and a jump to any step (:mod:`.control`); who has joined, the join link and
its QR code, private writing with its reveal and the agenda with planned and actual times
(:mod:`.panels`); the facilitator's version of the current step's view (hide/merge on idea
cards); and a "Prepare" tab with the agenda, settings and role-link editors (:mod:`.prepare`).
:mod:`.clock` formats time and sums the schedule.

Every control calls the store with the page's key, so the store decides, not the widget.
"""

from __future__ import annotations

from facilitation.ui.pages.console.app import ConsoleApp
from facilitation.ui.pages.console.clock import clock_text, elapsed, remaining, schedule_delta, utc_now

__all__ = ["ConsoleApp", "clock_text", "elapsed", "remaining", "schedule_delta", "utc_now"]
