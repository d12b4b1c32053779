"""The reverse proxy in front of several Voila servers: an HAProxy configuration, rendered.

Each page's kernel lives in one Voila process, so its websocket
(``/api/kernels/<id>/channels``), its kernel info (``/api/kernels/<id>``) and its shutdown
beacon (``/voila/api/shutdown/<id>``) must reach that process. Every server therefore starts
its kernel ids with its own hex prefix (``RoomKernelManager.kernel_id_prefix``, from
:func:`worker_prefix`) and the proxy routes those paths by prefix: the affinity is per page,
written in the URL, and needs no cookie (two tabs of one phone may sit on different servers).
Everything else (a page's HTML, which starts its kernel, and the static files, identical on
every server) goes to the server with the fewest open connections (``balance leastconn``:
an open page holds one websocket, so this balances pages). HAProxy answers :data:`READY_PATH`
itself, 200 only once every server is marked up: the room is announced after that answer.

``python -m facilitation.serve.proxy --listen 0.0.0.0:8080 1=10.0.0.5:8866 2=10.0.0.6:8866``
prints the configuration for servers on several hosts (docs/deploy.md); ``facilitation serve
--workers N`` writes and runs one for N servers on this host (:mod:`facilitation.serve.workers`).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from facilitation.domain.errors import FacilitationError

# The kernel-bound paths (jupyter_server's and Voila's routes that carry a kernel id).
KERNEL_PATHS = r"^/(api/kernels|voila/api/shutdown)/"
# A page may take this long to render while a room joins at once (launcher.IOPUB_TIMEOUT is 30 s).
SERVER_TIMEOUT = "120s"
# An open page's websocket, idle between pings (launcher.WS_PING_INTERVAL is 10 s).
TUNNEL_TIMEOUT = "1h"
# A small static file every Voila serves: the health check asks for it.
HEALTH_PATH = "/voila/static/voila.js"
# HAProxy answers this itself: 200 once it has marked every server up, 503 before. HAProxy
# starts with every server down (its first check runs before Voila listens) and sends a page
# that arrives then a 503 for its HTML or scripts: a page without its join form. The kit's
# readiness check (facilitation.serve.workers.Room.wait_until_ready) waits for this answer.
READY_PATH = "/-/proxy-ready"
# While a server is down it is checked this often, so it is back within half a second.
DOWN_INTERVAL = "500ms"
MAX_WORKERS = 0xFFFF
# Per-address limits (issue 23), per 10 s of one client address, answered with a 429. A page is one
# load of a notebook (it starts a kernel), ~105 requests and ~6 connections on a first visit; a
# school's Wi-Fi puts a whole room behind one address, so the bounds leave room for 60 first joins
# in the same 10 s and stop only a script. The Voila servers bound pages still loading per address
# themselves (RoomKernelManager.max_waiting_per_address: they see the address in X-Forwarded-For).
RATE_WINDOW = "10s"
MAX_PAGE_LOADS = 60
MAX_REQUESTS = 6000
MAX_CONNECTIONS = 1000
PAGE_PATH = "/voila/render/"


@dataclass(frozen=True)
class Backend:
    """One Voila server behind the proxy: its number (1, 2, …) and its address."""

    number: int
    host: str
    port: int

    @property
    def name(self) -> str:
        return f"voila{self.number}"

    @property
    def prefix(self) -> str:
        return worker_prefix(self.number)


def worker_prefix(number: int) -> str:
    """The hex digits server ``number`` starts its kernel ids with (four: the id stays a UUID)."""
    if not 1 <= number <= MAX_WORKERS:
        raise FacilitationError("A server number is between 1 and {max_workers}; got {number}.", max_workers=MAX_WORKERS, number=number)
    return f"{number:04x}"


def haproxy_binary() -> str | None:
    """HAProxy's executable (Debian puts it in /usr/sbin), or None when it is not installed."""
    return shutil.which("haproxy") or shutil.which("haproxy", path="/usr/sbin:/usr/local/sbin")


def render_haproxy(listen_host: str, listen_port: int, backends: Sequence[Backend], *,
                   daemon_user: bool = False, tls_cert: str = "") -> str:
    """An HAProxy (2.x) configuration: one frontend on ``listen_host:listen_port``, the servers
    behind it with per-page affinity by kernel id. ``daemon_user`` adds the Debian package's
    user/chroot lines for a system service (the kit's own run stays in the foreground);
    ``tls_cert`` (a PEM with key and chain) serves HTTPS on that port and redirects port 80."""
    if not backends:
        raise ValueError("The proxy needs at least one server.")
    bind_host = "" if listen_host in ("0.0.0.0", "") else listen_host
    lines = [
        "# HAProxy in front of the workshop's Voila servers (rendered by facilitation.serve.proxy).",
        "global",
        # No maxconn: HAProxy derives it from the open-file limit (two descriptors a connection).
    ]
    if daemon_user:
        lines += ["    chroot /var/lib/haproxy", "    user haproxy", "    group haproxy",
                  "    log /dev/log local0"]
    else:  # the kit's own run: HAProxy in the foreground logs each request with the servers' output
        lines += ["    log stdout format raw local0"]
    lines += [
        "",
        "defaults",
        "    mode http",
        "    log global",
        "    option httplog",
        "    option forwardfor",
        "    timeout connect 5s",
        "    timeout client 60s",
        f"    timeout server {SERVER_TIMEOUT}",
        f"    timeout tunnel {TUNNEL_TIMEOUT}",
        "    timeout http-request 15s",
        "",
        "frontend workshop",
        f"    bind {bind_host}:{listen_port}" + (f" ssl crt {tls_cert} alpn http/1.1" if tls_cert else ""),
    ]
    if tls_cert:
        lines += [f"    bind {bind_host}:80", "    http-request redirect scheme https code 301 unless { ssl_fc }",
                  '    http-response set-header Strict-Transport-Security "max-age=31536000"']
    lines += [
        "    # Per-address limits: a client address's connections, requests and page loads per "
        f"{RATE_WINDOW} (429 beyond).",
        f"    stick-table type ipv6 size 100k expire 60s store conn_rate({RATE_WINDOW}),"
        f"http_req_rate({RATE_WINDOW}),gpc0_rate({RATE_WINDOW})",
        "    tcp-request connection track-sc0 src",
        f"    monitor-uri {READY_PATH}",
        f"    monitor fail if {{ nbsrv(voila) lt {len(backends)} }}",
        f"    http-request sc-inc-gpc0(0) if {{ path_beg {PAGE_PATH} }}",
        f"    http-request deny deny_status 429 if {{ sc_conn_rate(0) gt {MAX_CONNECTIONS} }}",
        f"    http-request deny deny_status 429 if {{ sc_http_req_rate(0) gt {MAX_REQUESTS} }}",
        f"    http-request deny deny_status 429 if {{ path_beg {PAGE_PATH} }} {{ sc_gpc0_rate(0) gt {MAX_PAGE_LOADS} }}",
        "    default_backend voila",
        "",
        "backend voila",
        "    balance leastconn",
        f"    option httpchk GET {HEALTH_PATH}",
        "    http-check expect status 200",
        # A server busy with a crowd may miss health checks: it is marked down only after ~30 s.
        "    timeout check 10s",
        "    # Per-page affinity: a kernel id starts with its server's prefix. Kernel paths go to that",
        "    # server even when its health check says down (anywhere else they certainly fail).",
        f"    force-persist if {{ path_reg {KERNEL_PATHS} }}",
    ]
    for b in backends:
        lines.append(f"    use-server {b.name} if {{ path_reg {KERNEL_PATHS}{b.prefix} }}")
    for b in backends:
        lines.append(f"    server {b.name} {b.host}:{b.port} check inter 3s downinter {DOWN_INTERVAL} fall 10 rise 1")
    return "\n".join(lines) + "\n"


def _backend(text: str) -> Backend:
    number, _, address = text.partition("=")
    host, _, port = address.rpartition(":")
    try:
        return Backend(int(number), host, int(port))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected NUMBER=HOST:PORT, e.g. 1=10.0.0.5:8866; got {text!r}") from None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m facilitation.serve.proxy",
        description="Print an HAProxy configuration for Voila servers started with "
                    "'facilitation serve --worker-number NUMBER'.")
    parser.add_argument("--listen", default="0.0.0.0:8080", help="HOST:PORT the proxy listens on")
    parser.add_argument("--system", action="store_true", help="add the chroot/user lines of Debian's service")
    parser.add_argument("--tls-cert", default="", metavar="PEM",
                        help="serve HTTPS with this certificate (key included)")
    parser.add_argument("servers", nargs="+", type=_backend, metavar="NUMBER=HOST:PORT")
    args = parser.parse_args(argv)
    host, _, port = args.listen.rpartition(":")
    sys.stdout.write(render_haproxy(host, int(port), args.servers, daemon_user=args.system,
                                    tls_cert=args.tls_cert))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
