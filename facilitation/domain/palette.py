"""The kit's colours, once: a map feature's kind and a stakeholder's category look the same on
the live pages, the presenter screen and the report (each passes WCAG AA on white).

``report.css`` repeats ``ACCENT``, ``INK``, ``MUTED`` and ``RULE`` as CSS variables (CSS cannot
import Python); keep the two in step."""

ACCENT = "#2a6f97"
DRAW_COLOUR = "#334155"  # a shape being drawn, before it has a kind
KIND_COLOURS = {"problem": "#c2410c", "asset": "#15803d", "opportunity": "#1d4ed8"}
CATEGORY_COLOURS = {"public": "#1d4ed8", "business": "#b45309", "knowledge": "#7c3aed", "civil": "#047857"}

# Charts (report and review page): text, lines, and the bars of each kind of figure.
INK = "#1f2933"
MUTED = "#52606d"
RULE = "#d9e2ec"
SERIES_COLOURS = (ACCENT, "#e07a5f", "#81b29a", "#f2cc8f", "#6d597a")  # one per compared series
RANKING_COLOUR = "#3d7a5c"  # group ranking bars
RATING_COLOUR = "#d4a017"  # session rating bars (the stars' gold)
# Power/interest grid backgrounds, by Mendelow quadrant.
QUADRANT_COLOURS = {"keep_satisfied": "#fff4e5", "manage_closely": "#e6f0fa", "monitor": "#f4f5f7",
                    "keep_informed": "#eaf7ef"}
# The tile-free map of the report and review page: land and its grid lines.
MAP_BACKGROUND = "#eef3f0"
MAP_GRID = "#dfe8e3"
