"""Voila as ``facilitation serve`` runs it: compressed responses and cacheable static files.

A participant page pulls ~5.4 MB of JavaScript and CSS in ~105 requests. Voila 0.5 serves
them uncompressed (``compress_response`` in ``--Voila.tornado_settings`` is applied after the
tornado application is built, too late to switch compression on) and revalidates every
file on each rejoin (labextensions are sent with ``no-cache``; Voila's own chunks carry no
cache lifetime at all). This application is Voila with two changes:

* **gzip** for every compressible response (tornado's ``GZipContentEncoding``): HTML,
  JavaScript, CSS, JSON; static files are compressed once per server process and kept
  (:func:`compressed`), not once per request (~0.2 CPU-s of the event loop per first join);
* **cache lifetimes** for static files (:data:`CACHED_ROUTES`): a file asked for with a
  version (``?v=<content hash>``, as Voila's templates and labextension loaders do) is
  immutable for a year; Voila's own chunks (``/voila/static/NNNN.voila.js``: named by id, not
  by content) for :data:`UNVERSIONED_MAX_AGE` seconds, so a rejoin the same day sends no
  request for them and an upgraded Voila is picked up the next day.

* **a bound on page floods** (:class:`FloodGuard` on Voila's page handler): a client address
  may have ``RoomKernelManager.max_waiting_per_address`` pages loading at once (a kernel
  started, its websocket not yet open); beyond it the page is a polite 429 in the page's
  language that tries again by itself, and no kernel is started. The client address is the
  direct peer's, or, only when that peer is a trusted proxy (:data:`TRUSTED_PROXIES_ENV`;
  loopback by default, e.g. the kit's own HAProxy under ``serve --workers``), the last address in
  ``X-Forwarded-For`` that is not a trusted proxy. A trusted proxy that sends no such header is
  not bounded (a room behind it would share one bound) and the log says so once.

Run it as ``python -m facilitation.serve.voila_app`` with Voila's own options
(:func:`facilitation.serve.launcher.voila_command`). Imported by that server process only.
"""

from __future__ import annotations

import gzip
import hashlib
import ipaddress
import os
import re
from functools import lru_cache
from typing import Any

from tornado import web
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

from facilitation.domain.escaping import esc
from facilitation.i18n import LANGUAGES, translator

# Seconds a browser keeps a static file that has no version in its URL.
UNVERSIONED_MAX_AGE = 86400
VERSIONED_CACHE = "public, max-age=31536000, immutable"
# The static routes whose files get a cache lifetime (Voila's bundle, labextensions, templates).
CACHED_ROUTES = re.compile(r"/voila/(static|labextensions|templates)/")


# Voila's JavaScript is ~5 MB a page; gzip at level 6 costs ~0.2 CPU-s of the server's one
# event loop per first join when done per request, so static files are compressed once and kept
# in the application's settings under this name: {(path, mtime, size): gzip bytes}.
GZIP_CACHE = "facilitation_gzip_cache"
COMPRESSIBLE = (".js", ".css", ".json", ".svg", ".html", ".map")


def compressed(cache: dict[tuple[str, float, int], bytes], path: str) -> bytes:
    """The file at ``path`` gzipped (level 9: once per file and server), through ``cache``."""
    stat = os.stat(path)
    key = (path, stat.st_mtime, stat.st_size)
    if key not in cache:
        with open(path, "rb") as fh:
            cache[key] = gzip.compress(fh.read(), compresslevel=9, mtime=0)
    return cache[key]


class CacheLifetime:
    """Mixin for a ``StaticFileHandler``: a lifetime instead of ``no-cache`` (set last), and
    compressible files sent gzipped from :func:`compressed` (no Range requests: whole files)."""

    _gzipped: bytes | None = None

    def get_content_size(self) -> int:
        request = self.request  # type: ignore[attr-defined]
        path = self.absolute_path  # type: ignore[attr-defined]
        cache = self.settings.get(GZIP_CACHE)  # type: ignore[attr-defined]
        if (cache is not None and "gzip" in request.headers.get("Accept-Encoding", "")
                and "Range" not in request.headers and path.endswith(COMPRESSIBLE)):
            self._gzipped = compressed(cache, path)
            self._transforms = []  # already compressed: tornado's gzip transform stays out
            self.set_header("Content-Encoding", "gzip")  # type: ignore[attr-defined]
            self.set_header("Vary", "Accept-Encoding")  # type: ignore[attr-defined]
            return len(self._gzipped)
        return super().get_content_size()  # type: ignore[misc]

    @classmethod
    def get_content_version(cls, abspath: str) -> str:
        # Tornado hashes a file through ``cls.get_content`` (a classmethod there; an instance
        # method here): hash it through tornado's own reader, or the file gets no version/ETag.
        hasher = hashlib.sha512()
        data = web.StaticFileHandler.get_content(abspath)
        for chunk in [data] if isinstance(data, bytes) else data:
            hasher.update(chunk)
        return hasher.hexdigest()

    def get_content(self, abspath: str, start: int | None = None, end: int | None = None):
        if self._gzipped is not None:
            return [self._gzipped[start:end]]
        return super().get_content(abspath, start, end)  # type: ignore[misc]

    def set_headers(self) -> None:
        super().set_headers()  # type: ignore[misc]
        if "v" in self.request.arguments:  # type: ignore[attr-defined]
            self.set_header("Cache-Control", VERSIONED_CACHE)  # type: ignore[attr-defined]
        else:
            self.set_header("Cache-Control", f"public, max-age={UNVERSIONED_MAX_AGE}")  # type: ignore[attr-defined]


def with_cache_lifetime(handler: type) -> type:
    """``handler`` with :class:`CacheLifetime` first in its method order."""
    return type(f"Cached{handler.__name__}", (CacheLifetime, handler), {})


def cached_handlers(handlers: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Voila's route list with the static file handlers of :data:`CACHED_ROUTES` given lifetimes."""
    out = []
    for route in handlers:
        pattern, handler = route[0], route[1]
        if (isinstance(handler, type) and issubclass(handler, web.StaticFileHandler)
                and CACHED_ROUTES.search(str(pattern))):
            route = (pattern, with_cache_lifetime(handler), *route[2:])
        out.append(route)
    return out


# Proxies whose X-Forwarded-For is believed: addresses or networks, comma-separated.
TRUSTED_PROXIES_ENV = "FACILITATION_TRUSTED_PROXIES"
DEFAULT_TRUSTED_PROXIES = "127.0.0.1,::1"
# Seconds after which a refused page asks again (Retry-After and the page's own refresh).
RETRY_AFTER = 5
KERNEL_ID = re.compile(r'"kernelId"\s*:\s*"([0-9a-f-]{36})"')


@lru_cache(maxsize=4)
def trusted_networks(value: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """The trusted proxies of ``value`` (comma-separated addresses or networks; bad ones ignored)."""
    nets = []
    for item in value.split(","):
        try:
            nets.append(ipaddress.ip_network(item.strip(), strict=False))
        except ValueError:
            continue
    return tuple(nets)


def _is_trusted(address: str, nets: tuple) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in nets)


def client_address(peer: str, forwarded_for: str | None, trusted: str = DEFAULT_TRUSTED_PROXIES) -> str:
    """The address a page request comes from: ``peer`` unless ``peer`` is a trusted proxy, then
    the last ``X-Forwarded-For`` hop that is not one (a client can prepend anything; the proxies
    append what they saw)."""
    nets = trusted_networks(trusted)
    if not forwarded_for or not _is_trusted(peer, nets):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, nets):
            return hop
    return hops[0] if hops else peer


def page_language(lang: str | None, accept_language: str | None) -> str:
    """The language of a page the kit answers itself: ``?lang=``, else the browser's, else English."""
    if lang in LANGUAGES:
        return lang
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return "en"


def busy_page(language: str, retry_url: str) -> str:
    """The polite 429 page: what happened, and that it tries again by itself."""
    t = translator(language)
    title = esc(t("Please wait a moment"))
    why = esc(t("Many pages are loading from your network at the same moment. "
                "This page tries again by itself in a few seconds."))
    again = esc(t("Try again now"))
    return ('<!DOCTYPE html><html lang="' + esc(language) + '"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta http-equiv="refresh" content="{RETRY_AFTER}"><title>' + title + '</title></head>'
            '<body style="font-family: sans-serif; max-width: 32em; margin: 3em auto; padding: 0 1em">'
            '<h1>' + title + '</h1><p>' + why + '</p><p><a href="' + esc(retry_url) + '">' + again + '</a></p>'
            '</body></html>')


_warned_unforwarded = False


class FloodGuard:
    """Mixin for Voila's page handler: a bounded number of pages loading per client address
    (see the module docstring); tells the kernel manager which address each page's kernel serves."""

    _flood_address: str | None = None
    _flood_kernel: str | None = None

    async def prepare(self, *args: Any, **kwargs: Any) -> None:
        await super().prepare(*args, **kwargs)  # type: ignore[misc]
        if self._finished:  # type: ignore[attr-defined]
            return
        manager = self.kernel_manager  # type: ignore[attr-defined]
        if not hasattr(manager, "admit"):
            return
        request = self.request  # type: ignore[attr-defined]
        trusted = os.environ.get(TRUSTED_PROXIES_ENV, DEFAULT_TRUSTED_PROXIES)
        address = client_address(request.remote_ip or "", request.headers.get("X-Forwarded-For"), trusted)
        if _is_trusted(address, trusted_networks(trusted)):
            # A proxy that does not say who its client is: every page would share one bound, so a
            # whole room would queue behind it. Say so once; the proxy must send X-Forwarded-For.
            global _warned_unforwarded
            if not _warned_unforwarded:
                _warned_unforwarded = True
                manager.log.warning("Pages arrive from %s without X-Forwarded-For: page loads cannot be "
                                    "bounded per client address (set the header at the proxy).", address)
            return
        if not manager.admit(address):
            manager.log.warning("Refused a page to %s: %d pages of that address are loading.", address,
                                manager.waiting(address))
            language = page_language(self.get_query_argument("lang", None),  # type: ignore[attr-defined]
                                     request.headers.get("Accept-Language"))
            self.set_status(429)  # type: ignore[attr-defined]
            self.set_header("Retry-After", str(RETRY_AFTER))  # type: ignore[attr-defined]
            self.set_header("Content-Type", "text/html; charset=utf-8")  # type: ignore[attr-defined]
            self.set_header("Cache-Control", "no-store")  # type: ignore[attr-defined]
            self.finish(busy_page(language, request.uri))  # type: ignore[attr-defined]
            return
        self._flood_address = address

    async def get_generator(self, path: str | None = None):
        async for html in super().get_generator(path=path):  # type: ignore[misc]
            if self._flood_kernel is None and isinstance(html, str):
                found = KERNEL_ID.search(html)
                if found:
                    self._flood_kernel = found.group(1)
            yield html

    def on_finish(self) -> None:
        if self._flood_address is not None:
            self.kernel_manager.served(self._flood_address, self._flood_kernel)  # type: ignore[attr-defined]
            self._flood_address = None
        super().on_finish()  # type: ignore[misc]


GuardedPageHandler = type("GuardedPageHandler", (FloodGuard, TornadoVoilaHandler), {})


def guarded_handlers(handlers: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Voila's route list with its page handler bounded per client address (:class:`FloodGuard`)."""
    return [(route[0], GuardedPageHandler, *route[2:]) if route[1] is TornadoVoilaHandler else route
            for route in handlers]


class FacilitationVoila(Voila):
    """Voila with gzip, static cache lifetimes and a bound on page floods (see the module docstring)."""

    def init_settings(self) -> dict[str, Any]:
        # Read by tornado.web.Application at construction: it adds GZipContentEncoding.
        return {**super().init_settings(), "compress_response": True, GZIP_CACHE: {}}

    def init_handlers(self) -> list:
        return guarded_handlers(cached_handlers(super().init_handlers()))


main = FacilitationVoila.launch_instance

if __name__ == "__main__":
    main()
