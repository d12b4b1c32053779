"""Inject axe-core (the npm package under tests/a11y/node_modules) into a Playwright page and run it.

``npm ci --prefix tests/a11y`` installs it (.ci/run does). Without it the accessibility tests skip
with a message; under CI (``CI`` set) a missing axe-core is an error, as a missing Chromium is.
"""

from __future__ import annotations

import os
from pathlib import Path

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING = ("serious", "critical")

RUN_JS = """async tags => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary || '',
                              html: n.html.slice(0, 200)}))}));
}"""


def axe_source() -> str | None:
    """axe.min.js's text, or None when the package is not installed."""
    return AXE.read_text(encoding="utf-8") if AXE.exists() else None


def missing_reason() -> str:
    return f"axe-core is missing at {AXE} (npm ci --prefix tests/a11y)"


def required_in_ci() -> bool:
    return bool(os.environ.get("CI"))


def run(page, source: str) -> list[dict]:
    """axe's violations on ``page`` now (WCAG 2.1 A/AA and best practices), injecting axe once per document."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=source)
    return page.evaluate(RUN_JS, TAGS)


def describe(view: str, violations: list[dict]) -> str:
    """Every violation with its nodes, one line each, so the fix is easy to find."""
    lines = []
    for v in violations:
        lines.append(f"[{view}] {v['impact']}: {v['id']} — {v['help']} ({len(v['nodes'])} nodes)")
        for node in v["nodes"][:8]:
            lines.append(f"    {node['target']}  {node['html']!r}")
            if node["summary"]:
                lines.append("      " + node["summary"].replace("\n", " | ")[:300])
    return "\n".join(lines)


def blocking(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in BLOCKING]
