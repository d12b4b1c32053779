"""The words of the stakeholder step: categories, IAP2 levels, Mendelow quadrants and their advice."""

from __future__ import annotations

from facilitation.domain import mendelow
from facilitation.i18n import Translate


def category_label(t: Translate, category: str) -> str:
    return {"public": t("Public authority"), "business": t("Business"), "knowledge": t("Knowledge institution"),
            "civil": t("Civil society & citizens")}.get(category, category)


def level_label(t: Translate, level: str) -> str:
    return {"inform": t("Inform"), "consult": t("Consult"), "involve": t("Involve"), "collaborate": t("Collaborate"),
            "empower": t("Empower")}.get(level, level)


def quadrant_label(t: Translate, quadrant: str) -> str:
    return {mendelow.MANAGE_CLOSELY: t("Manage closely"), mendelow.KEEP_SATISFIED: t("Keep satisfied"),
            mendelow.KEEP_INFORMED: t("Keep informed"), mendelow.MONITOR: t("Monitor")}.get(quadrant, quadrant)


def quadrant_advice(t: Translate, quadrant: str) -> str:
    return {
        mendelow.MANAGE_CLOSELY: t("Key players: involve them early and shape the decisions with them."),
        mendelow.KEEP_SATISFIED: t("Meet their needs and consult them on what affects them; do not overload them."),
        mendelow.KEEP_INFORMED: t("Keep them informed and listen to them; they can become strong allies."),
        mendelow.MONITOR: t("Watch for changes; light-touch information is enough."),
    }.get(quadrant, "")


def levels_text(t: Translate, levels: tuple[str, ...]) -> str:
    return ", ".join(level_label(t, lv).lower() for lv in levels)


def mismatch_text(t: Translate, m: mendelow.Mismatch) -> str:
    """One sentence: why the IAP2 level does not fit the quadrant, and what would."""
    values = dict(level=level_label(t, m.level), quadrant=quadrant_label(t, m.quadrant).lower(),
                  levels=levels_text(t, m.suggested))
    if m.direction == mendelow.UNDER:
        return t("“{level}” is less engagement than “{quadrant}” calls for: consider {levels}.").format(**values)
    return t("“{level}” is more engagement than “{quadrant}” needs: {levels} would do.").format(**values)
