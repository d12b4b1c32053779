"""The console's "Prepare" tab: the agenda, the settings and the role links, editable during the session.

The three editors come from :mod:`facilitation.ui.setup` (the organiser page uses the same
ones); they are built the first time the tab opens, so running a session never pays for them.
Each carries the console's key: the store decides what it may change.
"""

from __future__ import annotations

from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context


class PrepareArea:
    """The editors of ``ctx``'s workshop (``fk-console-prepare``), built on first :meth:`open`."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.editors: list = []
        self.root = theme.box(classes=["fk-col", "fk-console-prepare"])

    @property
    def built(self) -> bool:
        return bool(self.editors)

    def open(self) -> None:
        """Build the editors (once) and show them as the store has them now."""
        if not self.editors:
            from facilitation.ui.setup import AgendaEditor, RolesPanel, SettingsEditor
            from facilitation.ui.steps.meeting import ConsoleMeetingPanel

            key = self.ctx.key or ""
            self.editors = [AgendaEditor(self.ctx, key), SettingsEditor(self.ctx, key), RolesPanel(self.ctx, key),
                            ConsoleMeetingPanel(self.ctx)]  # the materials; decisions live in a Decisions step (issue 24)
            self.root.children = tuple(editor.root for editor in self.editors)
        else:
            self.refresh(None)

    def refresh(self, topics: set[str] | None) -> None:
        """Pass what changed in the store to each editor (each re-renders only for its own topics)."""
        for editor in self.editors:
            editor.refresh(topics)

    def close(self) -> None:
        theme.close_tree(self.root)
        self.editors = []
