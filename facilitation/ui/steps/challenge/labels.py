"""The words of the challenge step: the kinds of places marked on the map."""

from __future__ import annotations

from facilitation.domain.records import FEATURE_KINDS
from facilitation.i18n import Translate


def kind_label(t: Translate, kind: str) -> str:
    return {"problem": t("Problem"), "asset": t("Asset"), "opportunity": t("Opportunity")}.get(kind, kind)


def kind_options(t: Translate) -> list[tuple[str, str]]:
    return [(kind_label(t, k), k) for k in FEATURE_KINDS]
