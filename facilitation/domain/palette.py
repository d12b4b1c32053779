"""The kit's colours, once: a map feature's kind and a stakeholder's category look the same on
the live pages, the presenter screen and the report (each passes WCAG AA on white)."""

ACCENT = "#2a6f97"
NEUTRAL = "#64748b"
DRAW_COLOUR = "#334155"  # a shape being drawn, before it has a kind
KIND_COLOURS = {"problem": "#c2410c", "asset": "#15803d", "opportunity": "#1d4ed8"}
CATEGORY_COLOURS = {"public": "#1d4ed8", "business": "#b45309", "knowledge": "#7c3aed", "civil": "#047857"}
