"""The power/interest grid: a bqplot chart of the stakeholders on the four Mendelow quadrants.

bqplot and numpy are imported when a grid is built, never when this module is imported (the
participant's kernel stays light until the facilitator opens this step).
"""

from __future__ import annotations

from typing import Any, Callable

import ipywidgets as widgets

from facilitation.domain import mendelow
from facilitation.domain.errors import InvalidValue
from facilitation.domain.palette import CATEGORY_COLOURS
from facilitation.domain.records import Stakeholder
from facilitation.i18n import Translate
from facilitation.ui.kit import theme
from facilitation.ui.steps.stakeholders.labels import quadrant_label

QUADRANT_FILLS = {mendelow.MANAGE_CLOSELY: "#fdf1ec", mendelow.KEEP_SATISFIED: "#eef4ff",
                  mendelow.KEEP_INFORMED: "#eaf7f3", mendelow.MONITOR: "#f6f7f9"}
MISMATCH_COLOUR = "#b42318"
EDGE = 0.5 + mendelow.HIGH_FROM - 1  # the line between low and high on the 1–5 axes (3.5)


def short(name: str, n: int = 20) -> str:
    return name if len(name) <= n else name[: n - 1] + "…"


class StakeholderGrid:
    """The power/interest grid as a bqplot figure; ``on_move(id, power, interest)`` after a drag.

    Dots the viewer may move sit in a scatter with ``enable_move`` (float arrays, so the
    browser does not truncate positions); the others are fixed. Dots sharing a cell fan out.
    """

    def __init__(self, t: Translate, *, height: str, on_move: Callable[[int, int, int], None],
                 big: bool = False) -> None:
        import bqplot as bq
        import numpy as np

        self.np, self.on_move = np, on_move
        lo, hi = 0.2, 5.8
        sx, sy = bq.LinearScale(min=lo, max=hi), bq.LinearScale(min=lo, max=hi)
        scales = {"x": sx, "y": sy}
        ticks = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
        axis_style = {"font-size": "15px" if big else "13px"}
        ax_x = bq.Axis(scale=sx, label=t("Interest →"), tick_values=ticks, grid_lines="none", tick_format="d",
                       label_offset="36px", tick_style=axis_style)
        ax_y = bq.Axis(scale=sy, label=t("Power →"), orientation="vertical", tick_values=ticks, grid_lines="none",
                       tick_format="d", label_offset="38px", tick_style=axis_style)
        quads = [(mendelow.KEEP_SATISFIED, lo, EDGE, EDGE, hi), (mendelow.MANAGE_CLOSELY, EDGE, hi, EDGE, hi),
                 (mendelow.MONITOR, lo, EDGE, lo, EDGE), (mendelow.KEEP_INFORMED, EDGE, hi, lo, EDGE)]
        self.background = bq.Lines(
            x=[[x0, x1, x1, x0, x0] for _, x0, x1, _y0, _y1 in quads],
            y=[[y0, y0, y1, y1, y0] for _, _x0, _x1, y0, y1 in quads],
            fill="inside", fill_colors=[QUADRANT_FILLS[q] for q, *_ in quads], fill_opacities=[1.0] * 4,
            colors=["#ffffff"] * 4, stroke_width=2, scales=scales)
        self.divider = bq.Lines(x=[[EDGE, EDGE], [lo, hi]], y=[[lo, hi], [EDGE, EDGE]], colors=["#cbd3df"],
                                stroke_width=1.5, line_style="dashed", scales=scales)
        # Names sit in the outer corners (top for high power, bottom for low), clear of the dots: the
        # left ones start at the left edge, the right ones end at the right edge one line further in,
        # so on a 360 px phone two long names (Polish ones too) never print over each other.
        def names(side: str) -> bq.Label:
            mine = [(q, y1) for q, x0, _x1, _y0, y1 in quads if (x0 == lo) == (side == "start")]
            inset = 0.0 if side == "start" else 0.32
            return bq.Label(
                x=[lo + 0.06 if side == "start" else hi - 0.06] * len(mine),
                y=[hi - 0.2 - inset if y1 == hi else lo + 0.14 + inset for _q, y1 in mine],
                text=[quadrant_label(t, q).upper() for q, _y1 in mine], colors=["#5a6577"], align=side,
                default_size=16 if big else 11, font_weight="bold", scales=scales, apply_clip=False)

        self.quadrant_names = [names("start"), names("end")]
        dot = 260 if big else 170
        self.rings = bq.Scatter(x=np.array([], dtype=float), y=np.array([], dtype=float), scales=scales,
                                fill=False, colors=[MISMATCH_COLOUR], stroke=MISMATCH_COLOUR, stroke_width=3,
                                default_size=dot * 3, display_names=False)
        self.fixed = bq.Scatter(x=np.array([], dtype=float), y=np.array([], dtype=float), scales=scales,
                                colors=["#999999"], stroke="white", stroke_width=1.5, default_size=dot,
                                display_names=True, enable_move=False, names=[], apply_clip=False)
        self.movable = bq.Scatter(x=np.array([], dtype=float), y=np.array([], dtype=float), scales=scales,
                                  colors=["#999999"], stroke="white", stroke_width=1.5, default_size=dot,
                                  display_names=True, enable_move=True, names=[], apply_clip=False)
        self.movable.on_drag_end(self._dragged)
        self.figure = bq.Figure(marks=[self.background, self.divider, *self.quadrant_names, self.rings, self.fixed,
                                       self.movable], axes=[ax_x, ax_y], animation_duration=0,
                                fig_margin={"top": 12, "bottom": 52, "left": 58, "right": 72}, display_toolbar=False,
                                layout=widgets.Layout(width="100%", height=height), padding_x=0, padding_y=0,
                                background_style={"fill": "white"})
        self.figure.add_class("fk-stakeholder-figure")
        self._movable_ids: list[int] = []
        self._fixed_ids: list[int] = []

    def show(self, stakeholders: list[Stakeholder], can_move: Callable[[Stakeholder], bool]) -> None:
        """Draw these stakeholders; those ``can_move`` accepts can be dragged."""
        np = self.np
        places = mendelow.spread([(st.interest, st.power) for st in stakeholders])
        moving = [(st, p) for st, p in zip(stakeholders, places) if can_move(st)]
        fixed = [(st, p) for st, p in zip(stakeholders, places) if not can_move(st)]
        self._movable_ids = [int(st.id) for st, _ in moving]
        self._fixed_ids = [int(st.id) for st, _ in fixed]
        self._set(self.movable, moving)
        self._set(self.fixed, fixed)
        ringed = [p for st, p in zip(stakeholders, places) if mendelow.mismatch(st.power, st.interest, st.level)]
        self._set_xy(self.rings, np.array([p[0] for p in ringed], dtype=float),
                     np.array([p[1] for p in ringed], dtype=float))

    def _set(self, mark: Any, items: list[tuple[Stakeholder, tuple[float, float]]]) -> None:
        np = self.np
        x = np.array([p[0] for _, p in items], dtype=float)
        y = np.array([p[1] for _, p in items], dtype=float)
        names = [short(st.name) for st, _ in items]
        colours = [CATEGORY_COLOURS.get(st.category, "#999999") for st, _ in items] or ["#999999"]
        with mark.hold_sync():
            if list(mark.names if mark.names is not None else []) != names:
                mark.names = names
            if list(mark.colors) != colours:
                mark.colors = colours
            self._set_xy(mark, x, y)

    def _set_xy(self, mark: Any, x: Any, y: Any) -> None:
        np = self.np
        same = (len(mark.x) == len(x) and len(mark.y) == len(y) and np.allclose(mark.x, x) and np.allclose(mark.y, y))
        if not same:
            with mark.hold_sync():
                mark.x, mark.y = x, y

    def _dragged(self, _mark: Any, content: dict) -> None:
        """A dot was dropped: snap it to the nearest cell and report it (the store decides)."""
        index = content.get("index") if isinstance(content, dict) else None
        point = content.get("point") if isinstance(content, dict) else None
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(self._movable_ids):
            return
        if not isinstance(point, dict):
            return
        try:
            interest = mendelow.snap(point.get("x"), "interest")
            power = mendelow.snap(point.get("y"), "power")
        except InvalidValue:
            return
        self.on_move(self._movable_ids[index], power, interest)

    def close(self) -> None:
        theme.close_tree(self.figure)  # with its marks, axes and scales
