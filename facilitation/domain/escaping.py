"""The one escaping helper for user text rendered as HTML (widgets, presenter, report).

It lives below every layer that renders HTML (ui, report, svg charts) so the export layer
need not import the widget layer; ``facilitation.ui.kit.base.esc`` is this same function.
"""

from __future__ import annotations

import html


def esc(value: object) -> str:
    """Escape text for HTML and attributes; also neutralises ``$`` so Jupyter's math
    rendering cannot reinterpret participant text."""
    return html.escape("" if value is None else str(value), quote=True).replace("$", "&#36;")
