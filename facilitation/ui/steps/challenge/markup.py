"""The challenge step's HTML: the challenge as text, the map's key, a feature card's inside
(every text escaped here)."""

from __future__ import annotations

from facilitation.domain.records import FEATURE_KINDS, Challenge, MapFeature
from facilitation.i18n import Translate
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import esc
from facilitation.ui.kit.markup import title_html
from facilitation.ui.steps.challenge.labels import kind_label


def challenge_html(t: Translate, ch: Challenge | None) -> str:
    """The city's challenge as everyone reads it: title, description, theme tags."""
    heading = t("The city's key local challenge")
    if ch is None:
        return theme.empty_html(t("The challenge has not been written yet"), t(
            "The city's representative describes it before the workshop."), icon="leaf")
    chips = "".join(theme.chip(tag, "accent") for tag in ch.themes)
    description = "".join(f"<p>{esc(p)}</p>" for p in ch.description.split("\n") if p.strip())
    return (title_html(heading) +
            f'<h2 class="fk-challenge-heading">{esc(ch.title)}</h2>'
            f'<div class="fk-challenge-description-text">{description}</div>'
            + (f'<div class="fk-chips">{chips}</div>' if chips else ""))


def legend_html(t: Translate, *, pins: bool = False) -> str:
    """The map's key: one swatch per kind (and the pinned ideas)."""
    items = [f'<span class="fk-legend-item"><span class="fk-swatch fk-swatch-{k}"></span>{esc(kind_label(t, k))}</span>'
             for k in FEATURE_KINDS]
    if pins:
        items.append('<span class="fk-legend-item"><span class="fk-swatch fk-swatch-pin"></span>'
                     + esc(t("Idea pinned by a participant")) + '</span>')
    return f'<div class="fk-map-legend">{"".join(items)}</div>'


def feature_card_html(t: Translate, feature: MapFeature, *, selected: bool = False) -> str:
    shape = {"Point": t("Point"), "MultiPoint": t("Points"), "LineString": t("Line"),
             "MultiLineString": t("Lines"), "Polygon": t("Area"), "MultiPolygon": t("Areas")}.get(
        feature.geometry.get("type", ""), "")
    chips = (f'<span class="fk-chip fk-kind-chip fk-kind-{esc(feature.kind)}">{esc(kind_label(t, feature.kind))}</span>'
             + (theme.chip(shape) if shape else "") + (theme.chip(t("Selected"), "primary") if selected else ""))
    note = f'<p class="fk-card-text fk-feature-note-text">{esc(feature.note)}</p>' if feature.note else ""
    return (f'<div class="fk-card-title fk-feature-card-title">{esc(feature.label)}</div>{note}'
            f'<div class="fk-chips">{chips}</div>')
