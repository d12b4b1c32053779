"""The look of the scoring and feedback views: scoped ``fk-sc-`` classes on top of the kit theme.

The kit's :mod:`facilitation.ui.kit.theme` gives the page, panels, buttons and fields; this adds
what only these views have (score charts, ranking tables, the agreement gauge, the
robustness panel). Charts are HTML/CSS bars, so the participant's kernel loads no plotting
library.
"""

from __future__ import annotations

import ipywidgets as widgets

from facilitation.ui.kit import theme
from facilitation.ui.kit.base import esc

CSS = """
.fk-sc { --fk-ink:var(--fk-text,#142033); --fk-line:var(--fk-border,#e2e7ef); --fk-soft:var(--fk-surface-2,#f8fafc);
  --fk-blue:var(--fk-primary,#1f5fbf); --fk-blue-soft:var(--fk-primary-soft,#e8f0fc);
  --fk-good:#1e7d4f; --fk-mid:#a86a12; --fk-bad:#b8432b; --fk-none:#8a94a3;
  color:var(--fk-ink); font-size:15px; line-height:1.45; }
.fk-sc .widget-html > .widget-html-content, .fk-sc .widget-htmlmath > .widget-htmlmath-content { line-height:1.45; }
.fk-sc h2.fk-sc-title { font-size:22px; font-weight:650; margin:4px 0 2px; letter-spacing:-0.01em; }
.fk-sc h3 { font-size:16px; font-weight:650; margin:0 0 8px; }
.fk-sc .fk-sc-lead { color:var(--fk-muted); margin:0 0 4px; max-width:60em; }
.fk-sc .fk-sc-kicker { text-transform:uppercase; letter-spacing:.06em; font-size:11.5px; font-weight:650;
  color:var(--fk-muted); margin-bottom:6px; }
.fk-sc-card { margin:0; }
.fk-sc.fk-group-view, .fk-sc.fk-scoring-console, .fk-sc.fk-view-scoring { gap:14px; }
.fk-sc-muted { color:var(--fk-muted); font-size:13.5px; }
.fk-sc-note { color:var(--fk-muted); font-size:12.5px; margin-top:8px; }
.fk-sc table.fk-sc-table { border-collapse:collapse; width:100%; font-size:14.5px; }
.fk-sc .fk-sc-table th { text-align:left; font-weight:600; color:var(--fk-muted); font-size:12px;
  text-transform:uppercase; letter-spacing:.04em; border-bottom:1px solid var(--fk-line); padding:6px 8px; }
.fk-sc .fk-sc-table td { border-bottom:1px solid var(--fk-line); padding:8px; vertical-align:middle; }
.fk-sc .fk-sc-table tr:last-child td { border-bottom:none; }
.fk-sc .fk-sc-table td.fk-sc-num, .fk-sc .fk-sc-table th.fk-sc-num { text-align:right; font-variant-numeric:tabular-nums; }
.fk-sc .fk-sc-rank { font-weight:700; font-size:18px; width:34px; color:var(--fk-muted); }
.fk-sc tr.fk-sc-top .fk-sc-rank { color:var(--fk-blue); }
.fk-sc tr.fk-sc-top td.fk-sc-item { font-weight:650; }
.fk-sc .fk-sc-scorecell { display:flex; align-items:center; gap:10px; min-width:170px; }
.fk-sc .fk-sc-scorebar { flex:1; height:10px; background:var(--fk-soft); border-radius:5px; overflow:hidden;
  border:1px solid var(--fk-line); }
.fk-sc .fk-sc-scorebar > div { height:100%; background:var(--fk-blue); border-radius:5px 0 0 5px; }
.fk-sc .fk-sc-scoreval { font-weight:650; font-variant-numeric:tabular-nums; width:2.6em; text-align:right; }
.fk-sc .fk-sc-pill { display:inline-block; border-radius:999px; padding:1px 9px; font-size:12.5px; font-weight:600;
  background:var(--fk-soft); color:var(--fk-muted); white-space:nowrap; }
.fk-sc .fk-sc-pill.fk-sc-close { background:#e6f4ec; color:var(--fk-good); }
.fk-sc .fk-sc-pill.fk-sc-mixed { background:#fbf1de; color:var(--fk-mid); }
.fk-sc .fk-sc-pill.fk-sc-split { background:#fbe7e3; color:var(--fk-bad); }
.fk-sc .fk-sc-pill.fk-sc-changed { background:#fbe7e3; color:var(--fk-bad); }
.fk-sc .fk-sc-pill.fk-sc-same { background:#e6f4ec; color:var(--fk-good); }
.fk-sc .fk-sc-big { font-size:24px; font-weight:700; margin:2px 0 8px; letter-spacing:-0.01em; }
.fk-sc .fk-sc-agree-strong .fk-sc-big { color:var(--fk-good); }
.fk-sc .fk-sc-agree-moderate .fk-sc-big { color:var(--fk-mid); }
.fk-sc .fk-sc-agree-weak .fk-sc-big, .fk-sc .fk-sc-agree-none .fk-sc-big { color:var(--fk-bad); }
.fk-sc .fk-sc-agree-unknown .fk-sc-big { color:var(--fk-none); font-size:20px; }
.fk-sc .fk-sc-gauge { position:relative; height:12px; border-radius:6px; margin:6px 0 4px;
  background:linear-gradient(90deg,#f6d7d0 0%,#f6d7d0 30%,#f7e7c6 30%,#f7e7c6 50%,#f2ecc9 50%,#f2ecc9 70%,#d4ecdd 70%,#d4ecdd 100%); }
.fk-sc .fk-sc-gauge .fk-sc-needle { position:absolute; top:-4px; width:4px; height:20px; margin-left:-2px;
  background:var(--fk-ink); border-radius:2px; }
.fk-sc .fk-sc-gauge-scale { position:relative; height:16px; font-size:11px; color:var(--fk-muted); }
.fk-sc .fk-sc-gauge-scale span { position:absolute; transform:translateX(-50%); white-space:nowrap; }
.fk-sc .fk-sc-gauge-scale span:first-child { transform:none; }
.fk-sc .fk-sc-gauge-scale span:last-child { transform:translateX(-100%); }
.fk-sc .fk-sc-dirbadge { display:inline-block; font-size:11.5px; font-weight:600; border-radius:4px; padding:0 6px;
  background:var(--fk-soft); color:var(--fk-muted); margin-right:4px; }
.fk-sc .fk-sc-dirbadge.fk-sc-lower { background:#f3ecfb; color:#6b3fa0; }
.fk-sc .fk-sc-dirbadge.fk-sc-higher { background:#e8f0fc; color:#1f5fbf; }
.fk-sc .fk-sc-contested { margin-top:12px; padding:10px 12px; background:#fff8ec; border:1px solid #f1dfb8;
  border-radius:8px; font-size:14px; }
.fk-sc .fk-sc-contested b { color:#8a5a00; }
.fk-sc .fk-sc-grid { border-collapse:separate; border-spacing:6px; width:100%; table-layout:fixed; }
.fk-sc .fk-sc-grid th { font-size:13px; font-weight:600; text-align:left; vertical-align:bottom; padding:0 4px 2px; }
.fk-sc .fk-sc-grid th .fk-sc-muted { font-weight:500; font-size:11.5px; display:block; }
.fk-sc .fk-sc-grid th.fk-sc-rowhead { width:17%; vertical-align:middle; font-size:14px; }
.fk-sc .fk-sc-grid td { background:var(--fk-soft); border-radius:8px; padding:8px 8px 6px; vertical-align:bottom;
  border:1px solid transparent; }
.fk-sc .fk-sc-grid td.fk-sc-hot { border-color:#e0a93b; background:#fff8ec; }
.fk-sc .fk-sc-bars { display:flex; align-items:flex-end; gap:3px; height:54px; }
.fk-sc .fk-sc-bar { flex:1; background:#9db8e3; border-radius:3px 3px 0 0; min-height:2px; position:relative; }
.fk-sc .fk-sc-bar.fk-sc-zero { background:#dfe4ea; }
.fk-sc .fk-sc-bar span { position:absolute; top:-15px; left:0; right:0; text-align:center; font-size:10.5px;
  color:var(--fk-muted); }
.fk-sc .fk-sc-axis { display:flex; gap:3px; font-size:10.5px; color:var(--fk-muted); margin-top:2px; }
.fk-sc .fk-sc-axis span { flex:1; text-align:center; }
.fk-sc .fk-sc-cellfoot { display:flex; justify-content:space-between; font-size:12px; margin-top:4px; }
.fk-sc .fk-sc-cellfoot b { font-variant-numeric:tabular-nums; }
.fk-sc .fk-sc-dk { color:var(--fk-muted); }
.fk-sc .fk-sc-dir { font-size:11.5px; color:var(--fk-muted); font-weight:500; }
.fk-sc .fk-sc-verdict { font-size:17px; font-weight:650; margin:0 0 4px; }
.fk-sc .fk-sc-verdict.fk-sc-robust { color:var(--fk-good); }
.fk-sc .fk-sc-verdict.fk-sc-fragile { color:var(--fk-bad); }
.fk-sc .fk-sc-stab { display:grid; grid-template-columns:minmax(150px,260px) minmax(120px,1fr) 3.4em; gap:6px 10px; align-items:center;
  font-size:14px; }
.fk-sc .fk-sc-stab .fk-sc-scorebar > div { background:#3b7d6e; }
.fk-sc ul.fk-sc-list { margin:0; padding-left:18px; font-size:14px; }
.fk-sc ul.fk-sc-list li { margin:3px 0; }
.fk-sc .fk-sc-share { font-variant-numeric:tabular-nums; color:var(--fk-muted); }
.fk-sc .fk-sc-flag { display:inline-block; font-size:11px; font-weight:650; text-transform:uppercase;
  letter-spacing:.04em; color:var(--fk-blue); background:var(--fk-blue-soft); border-radius:4px; padding:0 5px;
  margin-left:6px; vertical-align:1px; }
.fk-sc .fk-sc-itemtitle { font-size:17px; font-weight:650; margin:0 0 2px; }
.fk-sc .fk-sc-itemtext { color:var(--fk-muted); font-size:14px; margin:0 0 8px; white-space:pre-line; }
.fk-sc .fk-sc-crit { font-weight:600; font-size:14.5px; }
.fk-sc .fk-sc-critdesc { color:var(--fk-muted); font-size:12.5px; }
.fk-sc .fk-score-row { border-top:1px solid var(--fk-line); padding:8px 0 6px; align-items:center; flex-wrap:wrap; gap:4px 12px; }
.fk-sc .fk-score-input select { font-size:15px; min-height:36px; border-radius:6px; }
.fk-sc .fk-score-input.fk-sc-unset select { border-color:#9db8e3; background:#f4f8fe; }
.fk-sc .fk-score-input.fk-sc-dontknow select { color:var(--fk-muted); font-style:italic; }
.fk-sc .fk-sc-submitbar { position:sticky; bottom:0; background:rgba(255,255,255,.96); border-top:1px solid var(--fk-line);
  padding:10px 4px; z-index:5; align-items:center; gap:12px; flex-wrap:wrap; }
.fk-sc .fk-sc-lock { background:var(--fk-soft); border-radius:8px; padding:8px 12px; font-size:13.5px; color:var(--fk-muted); }
.fk-sc .fk-sc-editorhead { font-size:11.5px; text-transform:uppercase; letter-spacing:.05em; color:var(--fk-muted);
  font-weight:600; }
.fk-sc .fk-sc-kpis { display:flex; gap:26px; flex-wrap:wrap; margin:2px 0 6px; }
.fk-sc .fk-sc-kpi b { display:block; font-size:26px; font-weight:700; letter-spacing:-0.01em; }
.fk-sc .fk-sc-kpi span { color:var(--fk-muted); font-size:13px; }
.fk-sc .fk-sc-comments { margin:0; padding:0; list-style:none; }
.fk-sc .fk-sc-comments li { background:var(--fk-soft); border-radius:8px; padding:8px 10px; margin:0 0 6px;
  white-space:pre-line; font-size:14px; }
.fk-sc .fk-feedback-rating button, .fk-sc .fk-feedback-step-rating button { min-width:44px; font-weight:600; }
.fk-sc .fk-sc-row { gap:14px; }
.fk-sc .fk-criterion-row { border-top:1px solid var(--fk-line); padding:8px 0; flex-wrap:nowrap; gap:12px; }
.fk-sc .fk-criterion-row > .widget-html { flex:1 1 auto; min-width:0; }
.fk-sc .fk-criterion-row > button { flex:0 0 auto; }
.fk-sc .fk-criteria-list { margin-bottom:8px; }
.fk-sc .fk-sc-compact .fk-sc-scorecell { min-width:110px; }
.fk-sc .fk-sc-compact .fk-sc-scorebar { min-width:60px; }
.fk-sc .fk-sc-scroll { overflow-x:auto; width:100%; }
.fk-sc .fk-sc-weightrow { margin:0 0 4px; }
.fk-sc .fk-sc-weightrow .widget-slider { margin:0; }
.fk-sc .fk-sc-share { font-size:12.5px; text-align:right; white-space:nowrap; }
@media (max-width: 600px) {
  .fk-sc .fk-sc-wide { display:none; }
  .fk-sc .fk-sc-scorecell { min-width:100px; }
  .fk-sc .fk-sc-grid { min-width:620px; }
  .fk-sc .fk-sc-table { font-size:14px; }
}
.fk-sc.fk-sc-presenter { font-size:17px; }
.fk-sc.fk-sc-presenter .fk-sc-table { font-size:17px; }
.fk-sc.fk-sc-presenter h2.fk-sc-title { font-size:28px; }
"""


def el(tag: str, css: str, text: str, *, style: str = "") -> str:
    """One HTML element around plain ``text`` (escaped here; ``css``/``style`` are the kit's own)."""
    attrs = (f' class="{css}"' if css else "") + (f' style="{style}"' if style else "")
    return f"<{tag}{attrs}>{esc(text)}</{tag}>"


def style() -> widgets.HTML:
    """The extra stylesheet as an invisible widget; put it first in a view's root."""
    sheet = widgets.HTML(f"<style>{CSS}</style>")
    sheet.add_class("fk-style")
    return sheet


def card(children: list[widgets.Widget], *classes: str, **layout: str) -> widgets.VBox:
    """A kit panel (``fk-panel``) around ``children``; ``layout`` sets flex sizes and margins."""
    box = theme.panel(children, classes=["fk-sc-card", *classes])
    for name, value in layout.items():
        setattr(box.layout, name, value)
    return box
