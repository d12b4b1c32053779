"""What a join costs the network: requests and bytes of a first join and of a rejoin, in Chromium.

A first join is a page opened in a fresh browser profile (empty cache); a rejoin is the same
page opened again in that profile (what a phone does after a reload or a lost connection).
Bytes are what crossed the wire (Chromium's ``encodedDataLength``: headers and compressed
bodies); a file served from the browser's cache counts as no request. Shared by
``tests/test_light_join.py`` and ``make bench``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

KB = 1000


@dataclass
class Transfer:
    """One response as the page received it."""

    url: str
    status: int
    bytes: int = 0
    encoding: str = ""
    cache_control: str = ""
    content_type: str = ""


@dataclass
class JoinWeight:
    """Requests that reached the network while a page loaded, and their bytes."""

    transfers: list[Transfer] = field(default_factory=list)
    # Every http(s) URL the page asked for, answered or not (a CDN is unreachable offline).
    requested: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return len(self.transfers)

    @property
    def bytes(self) -> int:
        return sum(t.bytes for t in self.transfers)

    def static(self) -> list[Transfer]:
        """Responses with a body worth caching: scripts and stylesheets."""
        return [t for t in self.transfers
                if t.status == 200 and ("javascript" in t.content_type or "css" in t.content_type)]

    def elsewhere(self, page_url: str) -> list[str]:
        """URLs asked of another host than the page's own."""
        origin = urlsplit(page_url).netloc
        return [u for u in self.requested if urlsplit(u).netloc != origin]

    def summary(self) -> dict[str, Any]:
        return {"requests": self.requests, "kB": round(self.bytes / KB, 1)}


def measure(context: Any, url: str, ready_selector: str, *, settle_ms: int = 1500,
            timeout_ms: int = 90_000) -> JoinWeight:
    """Open ``url`` in a new page of ``context`` (a Playwright browser context) and record its
    network use until ``ready_selector`` shows and the network has been quiet ``settle_ms``."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    seen: dict[str, Transfer] = {}

    def received(event: dict) -> None:
        response = event["response"]
        # Only what crossed the network: not the browser's cache, not data: or blob: URLs.
        if response.get("fromDiskCache") or response.get("fromMemoryCache") or not response["url"].startswith("http"):
            return
        headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
        seen[event["requestId"]] = Transfer(
            url=response["url"], status=response["status"], encoding=headers.get("content-encoding", ""),
            cache_control=headers.get("cache-control", ""), content_type=headers.get("content-type", ""))

    def finished(event: dict) -> None:
        if event["requestId"] in seen:
            seen[event["requestId"]].bytes = int(event.get("encodedDataLength", 0))

    requested: list[str] = []
    cdp.on("Network.requestWillBeSent",
           lambda event: requested.append(event["request"]["url"]) if event["request"]["url"].startswith("http") else None)
    cdp.on("Network.responseReceived", received)
    cdp.on("Network.loadingFinished", finished)
    try:
        page.goto(url, wait_until="domcontentloaded", timeout=timeout_ms)
        page.wait_for_selector(ready_selector, timeout=timeout_ms)
        page.wait_for_load_state("networkidle", timeout=timeout_ms)
        page.wait_for_timeout(settle_ms)
        return JoinWeight(transfers=list(seen.values()), requested=requested)
    finally:
        cdp.detach()
        page.close()


def first_and_rejoin(browser: Any, url: str, ready_selector: str) -> tuple[JoinWeight, JoinWeight]:
    """A first join in a fresh profile, then a rejoin of the same page in that profile."""
    context = browser.new_context()
    try:
        first = measure(context, url, ready_selector)
        again = measure(context, url, ready_selector)
        return first, again
    finally:
        context.close()
