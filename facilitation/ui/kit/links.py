"""Links a page shows (join link, presenter link) and the QR code of the join link.

The base address comes from ``FACILITATION_BASE_URL`` when the server sets it, else from
the request Voila put in the kernel's environment (the address the facilitator opened),
so the link works for devices that reached the same address. ``segno`` is imported only
when a QR code is drawn (never on the participant's path).
"""

from __future__ import annotations

import io
import os
from urllib.parse import urlsplit

from facilitation.domain import links as pages

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "0.0.0.0", "")


def base_url(environ: dict[str, str] | None = None) -> str:
    """``http://HOST:PORT/`` of this Voila server as the page's browser reached it."""
    env = os.environ if environ is None else environ
    explicit = env.get("FACILITATION_BASE_URL", "").strip()
    if explicit:
        return explicit if explicit.endswith("/") else explicit + "/"
    request_url = env.get("VOILA_REQUEST_URL", "")
    prefix = env.get("VOILA_BASE_URL", "/") or "/"
    if request_url:
        parts = urlsplit(request_url)
        if parts.scheme and parts.netloc:
            return f"{parts.scheme}://{parts.netloc}{prefix}"
    host = env.get("SERVER_NAME", "")
    port = env.get("SERVER_PORT", "")
    if host:
        return f"http://{host}{':' + port if port else ''}{prefix}"
    return prefix


def is_local(url: str) -> bool:
    """True when other devices cannot open ``url`` (it points at this computer only)."""
    return (urlsplit(url).hostname or "") in LOCAL_HOSTS


def participant_url(code: str, environ: dict[str, str] | None = None) -> str:
    return pages.participant_link(base_url(environ), code)


def presenter_url(code: str, key: str, environ: dict[str, str] | None = None) -> str:
    return pages.page_link(base_url(environ), pages.PRESENTER_NOTEBOOK, code=code, key=key)


def qr_png(url: str, *, scale: int = 8) -> bytes:
    """The QR code of ``url`` as PNG bytes (dark on white, quiet zone kept)."""
    import segno  # lazily: only the console and the presenter draw QR codes

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=2, dark="#142033")
    return buffer.getvalue()
