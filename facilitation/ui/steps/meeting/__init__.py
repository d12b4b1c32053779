"""The meeting record of partner meetings and sessions, and the panels that mount it on a page.

Decisions and action items are recorded in a "decisions" step of the agenda
(:mod:`facilitation.ui.steps.decisions`), which reuses these parts: :mod:`.record` is the
read-only, live record (participants); :mod:`.editor` the editor of an older record's agenda
topics; :mod:`.actions` the action items' rows; :mod:`.panels` the two mounts (the console's
materials panel on the Prepare tab, the participant's "Materials" panel).
"""

from __future__ import annotations

from facilitation.ui.steps.meeting.editor import MeetingEditor
from facilitation.ui.steps.meeting.panels import ConsoleMeetingPanel, ParticipantMaterialsPanel
from facilitation.ui.steps.meeting.record import TOPICS, MeetingRecord, record_html

__all__ = ["TOPICS", "ConsoleMeetingPanel", "MeetingEditor", "MeetingRecord", "ParticipantMaterialsPanel",
           "record_html"]
