"""Real Chromium pages (Playwright, Debian's Chromium): time to interactive and idea propagation.

Each participant is its own browser context (its own localStorage, so its own device
token). Chromium runs on the same two cores as the server, so with many pages these
figures measure the browser too (~2.5 CPU-s per Voila page load); the protocol client
measures the server alone for the crowd.

Idea propagation is timed inside the browsers: every page records ``Date.now()`` when
the idea's title appears in an ``.fk-idea-card-title`` (a MutationObserver), the author's
page records it just before the click; all pages share the machine's clock.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field
from typing import Callable

from benchmarks.harness import CHROMIUM, CHROMIUM_ARGS, chromium_available


_OBSERVER = """() => {
  if (window.__fkSeen) return;
  window.__fkSeen = {}; window.__fkWatch = [];
  const check = () => {
    for (const el of document.querySelectorAll('.fk-idea-card-title')) {
      const text = el.textContent || '';
      for (const m of window.__fkWatch) if (!(m in window.__fkSeen) && text.includes(m)) window.__fkSeen[m] = Date.now();
    }
  };
  new MutationObserver(check).observe(document.body, {subtree: true, childList: true, characterData: true});
  window.__fkCheck = check;
}"""


def available() -> bool:
    return chromium_available()


@dataclass
class BrowserResult:
    tti: list[float] = field(default_factory=list)
    html: list[float] = field(default_factory=list)          # the page's HTML fully received
    joined: int = 0
    propagation: list[float] = field(default_factory=list)   # per receiving page, seconds
    to_all: list[float] = field(default_factory=list)        # per idea: the slowest page
    missing: int = 0
    errors: list[str] = field(default_factory=list)
    kernel_ids: list[str] = field(default_factory=list)


async def _open(browser, url: str, name: str, timeout_ms: int, result: BrowserResult, think: float = 0.0):
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    started = time.monotonic()
    try:
        await page.goto(url, wait_until="commit", timeout=timeout_ms)
        await page.wait_for_selector(".fk-join-submit", state="visible", timeout=timeout_ms)
        result.tti.append(time.monotonic() - started)
        response_end = await page.evaluate("() => performance.getEntriesByType('navigation')[0]?.responseEnd || null")
        if response_end:
            result.html.append(response_end / 1000.0)
        await asyncio.sleep(think)  # a person reads the page and types a name
        await page.fill(".fk-join-name input", name)
        await page.click(".fk-join-submit")
        await page.wait_for_selector(".fk-view-brainstorm .fk-idea-title input", state="visible", timeout=timeout_ms)
        result.joined += 1
        kid = await page.evaluate("() => { const m = document.documentElement.innerHTML.match(/\"kernelId\": *\"([0-9a-f-]{36})\"/);"
                                  " return m ? m[1] : null; }")
        if kid:
            result.kernel_ids.append(kid)
        await page.evaluate(_OBSERVER)
        return context, page
    except Exception as exc:  # a page that does not come up is a result, not a crash of the run
        result.errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}")
        await context.close()
        return None


async def _post_idea(page, marker: str) -> float:
    await page.fill(".fk-idea-title input", marker)
    await page.select_option(".fk-idea-scale select", index=1)
    await page.select_option(".fk-idea-driver select", index=1)
    clicked = await page.evaluate("() => Date.now()")
    await page.click(".fk-idea-submit")
    return clicked / 1000.0


async def run(url: str, n: int, ideas: int, *, timeout_s: float = 90.0, settle_s: float = 10.0,
              think: Callable[[int], float] = lambda i: 0.0) -> BrowserResult:
    """``n`` pages open ``url`` at the same moment, join, then ``ideas`` ideas go round."""
    from playwright.async_api import async_playwright

    result = BrowserResult()
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            opened = await asyncio.gather(*[_open(browser, url, f"Browser {i + 1}", int(timeout_s * 1000), result,
                                                  think(i)) for i in range(n)])
            pages = [p for p in opened if p is not None]
            for i in range(min(ideas, len(pages))):
                marker = f"idea-{uuid.uuid4().hex[:10]}"
                author = pages[i % len(pages)][1]
                others = [pg for _, pg in pages if pg is not author]
                await asyncio.gather(*[pg.evaluate("m => { window.__fkWatch.push(m); window.__fkCheck(); }", marker)
                                       for pg in others])
                clicked = await _post_idea(author, marker)
                deadline = time.monotonic() + settle_s
                seen: dict[int, float] = {}
                while time.monotonic() < deadline and len(seen) < len(others):
                    await asyncio.sleep(0.25)
                    stamps = await asyncio.gather(*[pg.evaluate("m => window.__fkSeen[m] || null", marker)
                                                    for pg in others])
                    seen = {j: s / 1000.0 for j, s in enumerate(stamps) if s}
                delays = [max(s - clicked, 0.0) for s in seen.values()]
                result.propagation.extend(delays)
                result.missing += len(others) - len(seen)
                if delays and len(seen) == len(others):
                    result.to_all.append(max(delays))
            for context, page in pages:  # leave as a person does: navigate away (beforeunload beacon)
                try:
                    await page.goto("about:blank", timeout=10_000)
                except Exception:
                    pass
                await context.close()
        finally:
            await browser.close()
    return result


def run_sync(url: str, n: int, ideas: int, **kwargs) -> BrowserResult:
    return asyncio.run(run(url, n, ideas, **kwargs))
