"""Feedback quotes by city: what participants said, grouped under their workshop's city."""

from __future__ import annotations

from typing import Sequence

from facilitation.domain.programmes import Quote
from facilitation.i18n import Translate
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import esc

MAX_PER_CITY = 6  # a page, not a dump: the exports carry every comment


def quotes_html(t: Translate, quotes: Sequence[Quote]) -> str:
    """``Quote(city, text, workshop_code)`` rows as blockquotes under each city (cities by name)."""
    if not quotes:
        return theme.empty_html(t("No feedback quotes yet."), t("Comments from the feedback step appear here."))
    by_city: dict[str, list[Quote]] = {}
    for q in quotes:
        by_city.setdefault(q.city or t("City not given"), []).append(q)
    parts = []
    for city in sorted(by_city, key=str.casefold):
        shown = by_city[city][:MAX_PER_CITY]
        more = len(by_city[city]) - len(shown)
        rest = t("and {n} more in the exports").format(n=more) if more > 0 else ""
        rest = f'<p class="fk-muted">{esc(rest)}</p>' if rest else ""
        parts.append(f'<section class="fk-quote-city"><h3>{esc(city)}</h3>'
                     + "".join(f'<blockquote class="fk-quote">{esc(q.text)}<cite class="fk-muted">{esc(q.workshop_code)}'
                               f"</cite></blockquote>" for q in shown) + rest + "</section>")
    return '<div class="fk-quotes">' + "".join(parts) + "</div>"
