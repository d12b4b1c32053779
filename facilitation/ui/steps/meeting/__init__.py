"""The meeting record of partner meetings and sessions, and the panels that mount it on a page.

Not a workshop step of the method (the step registry does not list it): pages mount it beside
their step view. :mod:`.record` is the read-only, live record (participants);
:mod:`.editor` the facilitator's editor; :mod:`.panels` the two mounts (the console's
"Meeting and materials" panel, the participant's "Materials" panel).
"""

from __future__ import annotations

from facilitation.ui.steps.meeting.editor import MeetingEditor
from facilitation.ui.steps.meeting.panels import ConsoleMeetingPanel, ParticipantMaterialsPanel
from facilitation.ui.steps.meeting.record import TOPICS, MeetingRecord, record_html

__all__ = ["TOPICS", "ConsoleMeetingPanel", "MeetingEditor", "MeetingRecord", "ParticipantMaterialsPanel",
           "record_html"]
