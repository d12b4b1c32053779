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

Run it as ``python -m facilitation.serve.voila_app`` with Voila's own options
(:func:`facilitation.serve.launcher.voila_command`). Imported by that server process only.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
from typing import Any

from tornado import web
from voila.app import Voila

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


class FacilitationVoila(Voila):
    """Voila with gzip and static cache lifetimes (see the module docstring)."""

    def init_settings(self) -> dict[str, Any]:
        # Read by tornado.web.Application at construction: it adds GZipContentEncoding.
        return {**super().init_settings(), "compress_response": True, GZIP_CACHE: {}}

    def init_handlers(self) -> list:
        return cached_handlers(super().init_handlers())


main = FacilitationVoila.launch_instance

if __name__ == "__main__":
    main()
