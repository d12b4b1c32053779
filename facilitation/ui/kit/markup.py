"""Small HTML strings the step views share; every piece of text is escaped here.

Translated text goes in as an argument, never inside an f-string (the catalogue extractor
does not look inside f-strings). CSS classes and inline styles are the kit's own.
"""

from __future__ import annotations

from facilitation.ui.kit.base import esc


def el(tag: str, css: str, text: str, *, style: str = "") -> str:
    """One HTML element around plain ``text`` (escaped here; ``css``/``style`` are the kit's own)."""
    attrs = (f' class="{css}"' if css else "") + (f' style="{style}"' if style else "")
    return f"<{tag}{attrs}>{esc(text)}</{tag}>"


def title_html(text: str) -> str:
    """A panel's small uppercase title."""
    return f'<div class="fk-panel-title">{esc(text)}</div>'


def help_html(text: str) -> str:
    """A line of muted help text."""
    return f'<p class="fk-help">{esc(text)}</p>'
