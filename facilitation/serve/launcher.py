"""Starting Voila for a live workshop and building the links people open.

Voila serves ``notebooks/`` in directory mode. The participant link carries only the join
code; the facilitator link carries a facilitator key. The database URL reaches every kernel
through ``FACILITATION_DB``. Settings that matter in a room (all on the command line that
:func:`voila_command` returns, so a test can check them):

* **Preheated pool for the participant page only**, sized by :func:`pool_size` from the
  number of participants expected: when the QR code goes up, every join takes a kernel
  that has already run the page up to "which workshop?" (``facilitation.ui.kit.voila_request``), so a
  page answers in a fraction of a second instead of 1-3 s of kernel start per person.
  Refills wait ``POOL_FILL_DELAY`` and then start one at a time, so they do not compete
  with the room that is joining. Other pages (console, presenter) start cold: one or two
  people open them.
* **Kernels shut down on reload and close**: the page's shutdown beacon carries no
  ``_xsrf`` value and Voila refuses it (voila issue 1458), so every reload would leave a
  kernel behind; ``disable_check_xsrf`` lets it through. Voila serves no login, and its
  other kernel endpoints need the kernel's id, which only that page knows.
* **Culling by connection** (:class:`facilitation.serve.kernel_manager.RoomKernelManager`): a
  kernel with no page connected for ``cull_disconnected_after`` seconds is shut down even
  if its live-update task keeps it "active" (a crashed browser sends no beacon). Kernels
  with a page connected are never culled, however quiet the participant is.
* **A loaded room still gets its pages**: Voila waits up to ``IOPUB_TIMEOUT`` s (not 4 s)
  for a cell's output, which arrives late when twenty kernels share two cores.
* **Safe on the open internet** (README, "Serving on a public network"): every kernel
  websocket frame is checked before jupyter_server decodes it and each page's message rate
  is bounded (:mod:`facilitation.serve.wsguard`); frames over ``MAX_MESSAGE_BYTES`` are refused by
  tornado; a page whose connection stops answering pings (a phone that vanished) is
  disconnected after ``WS_PING_TIMEOUT`` s and its kernel culled like any closed page; and
  :mod:`facilitation.serve.supervise` stops Voila and every kernel on SIGTERM, SIGHUP or Ctrl+C.

The figures behind these choices are in README, "Capacity" (``make bench``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from facilitation.domain.links import (  # noqa: F401 (re-exported: the launcher prints these links)
    FACILITATOR_NOTEBOOK,
    PARTICIPANT_NOTEBOOK,
    facilitator_link,
    page_link,
    participant_link,
)
from facilitation.domain.resources import resource

NOTEBOOK_DIR = resource("notebooks")
# The kit's Voila page template ("facilitation", extending "lab"): it links the kit's stylesheets
# (resources/css) once per page as cached static files. Voila finds it through JUPYTER_PATH.
PAGE_TEMPLATE = "facilitation"
VOILA_APP = "facilitation.serve.voila_app"
TEMPLATE_ROOT = resource("jupyter")


# Sizing the pool (measured on a 2-core / 24 GB box, see README "Capacity"): a participant
# kernel is ~72 MB RSS and costs ~1 CPU-s to start. Idle pooled kernels cost no CPU, so
# memory bounds the pool: it may take a quarter of the machine's RAM at 80 MB a kernel,
# which leaves the rest for the joined participants' own kernels (as many again) and the
# server. MAX_POOL bounds the start-up fill (paced at one kernel a second: about a minute).
KERNEL_BYTES = 80 * 2**20
POOL_RAM_SHARE = 0.25
# All kernels together (pool, pages, console) may take 60 % of RAM; then new pages get "full".
KERNEL_RAM_SHARE = 0.6
MIN_KERNELS = 10
MAX_POOL = 60
DEFAULT_EXPECTED = 30
# A kernel whose page has had no connection this long is shut down (crashed browser, lost
# laptop). Long enough for a page to reconnect after a Wi-Fi hiccup; short enough that a
# closed room holds no participant kernels two minutes later (+ one cull interval).
CULL_DISCONNECTED_AFTER = 75.0
# A page that has not opened its websocket yet (a slow browser, or a script that never will) gets
# as long, counted from the page being served: culled within ~90 s with CULL_INTERVAL (issue 23: a
# page flood held its kernels 300 s). Pages loading per client address are bounded as well
# (RoomKernelManager.max_waiting_per_address, facilitation.serve.voila_app).
CULL_UNCONNECTED_AFTER = 75.0
CULL_INTERVAL = 15
# Enables Jupyter's culler (it only culls kernels without connections, cull_connected=False).
CULL_IDLE_TIMEOUT = 600
# Seconds Voila waits for a cell's output after its reply (nbclient's default is 4).
IOPUB_TIMEOUT = 30
# Seconds before a used pool slot is refilled (Voila's default is 1): a room joining "in the
# same ten seconds" is served before refills compete for the CPU; refills are then paced
# (RoomKernelManager.pool_start_spacing). More joiners than the pool wait for a refill.
POOL_FILL_DELAY = 5.0
POOL_START_SPACING = 1.0
# Dead connections (a phone whose lid closed or that left the Wi-Fi keeps a half-open TCP
# connection and says no goodbye): the server pings every page every WS_PING_INTERVAL s and
# closes a connection that has not answered for WS_PING_TIMEOUT s (jupyter_server's
# defaults, 30 s and 90 s, kept such a kernel 3-4 minutes). A vanished phone's kernel is then
# gone within ping timeout + interval + tornado's 5 s close wait + CULL_DISCONNECTED_AFTER +
# CULL_INTERVAL (~130 s); a phone locked for a minute reconnects to its kernel.
WS_PING_INTERVAL = 10.0
WS_PING_TIMEOUT = 20.0
# Frames over this are refused by tornado before they are buffered (a GeoJSON upload of a
# city district is a few MB; widget messages a few kB).
MAX_MESSAGE_BYTES = 16 * 2**20
# Seconds Voila gets to shut its kernels down after SIGTERM before they are killed.
STOP_GRACE = 6.0


def total_memory() -> int | None:
    """Physical memory in bytes, or None where the OS does not say (then only MAX_POOL bounds)."""
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


def kernel_limit(memory: int | None) -> int:
    """How many kernels may run at once: 60 % of ``memory`` at ``KERNEL_BYTES`` each (0: no
    limit where the OS does not say). Pages beyond it are refused, not the machine exhausted."""
    if not memory:
        return 0
    return max(int(memory * KERNEL_RAM_SHARE) // KERNEL_BYTES, MIN_KERNELS)


def pool_size(expected: int, memory: int | None = None) -> int:
    """How many participant kernels to keep preheated for a room of ``expected`` people.

    The whole room fits in the pool (everyone joins in the same ten seconds), bounded by
    ``MAX_POOL`` and by a quarter of ``memory``; at least 1 unless ``expected`` is 0 (no pool).
    """
    if expected <= 0:
        return 0
    size = min(expected, MAX_POOL)
    if memory:
        size = min(size, int(memory * POOL_RAM_SHARE) // KERNEL_BYTES)
    return max(size, 1)


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8866
    expected: int = DEFAULT_EXPECTED
    notebook_dir: Path = NOTEBOOK_DIR
    pool: int | None = None  # None: pool_size(expected, total_memory())
    cull_disconnected_after: float = CULL_DISCONNECTED_AFTER
    cull_interval: int = CULL_INTERVAL
    fill_delay: float = POOL_FILL_DELAY
    ws_ping_interval: float = WS_PING_INTERVAL
    ws_ping_timeout: float = WS_PING_TIMEOUT
    # Several servers behind one proxy (facilitation.serve.workers): this server's kernel ids
    # start with these hex digits, which the proxy routes by.
    kernel_id_prefix: str = ""
    # Voila servers sharing this host's memory (facilitation.serve.workers): each gets its share.
    servers_on_host: int = 1

    @property
    def memory(self) -> int | None:
        """This server's share of the host's memory (bounds its pool and its kernels)."""
        memory = total_memory()
        return memory // max(self.servers_on_host, 1) if memory else memory

    @property
    def pool_kernels(self) -> int:
        """The participant page's pool size these options give."""
        return pool_size(self.expected, self.memory) if self.pool is None else max(self.pool, 0)


def link_host(host: str) -> str:
    """The host to put in links: a wildcard bind address is not something a browser can open."""
    if host in ("0.0.0.0", "", "::"):
        import socket

        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
                sock.connect(("192.0.2.1", 9))  # TEST-NET address: no packet is sent by connect on UDP
                return sock.getsockname()[0]
        except OSError:
            return "127.0.0.1"
    return host


def listen_url(host: str, port: int) -> str:
    """The address the printed links start with: where this server listens, as a browser opens it."""
    return f"http://{link_host(host)}:{port}/"


def voila_command(options: ServeOptions) -> list[str]:
    """The Voila command line the kit runs (tests check the room settings are on it)."""
    pools = {"default": {"pool_size": 0}}
    if options.pool_kernels > 0:
        pools[PARTICIPANT_NOTEBOOK] = {"pool_size": options.pool_kernels}
    tornado_settings = {
        # The shutdown beacon on reload/close needs this, or every reload leaks a kernel.
        "disable_check_xsrf": True,
        # jupyter_server reads these two in milliseconds.
        "ws_ping_interval": int(options.ws_ping_interval * 1000),
        "ws_ping_timeout": int(options.ws_ping_timeout * 1000),
        "websocket_max_message_size": MAX_MESSAGE_BYTES,
    }
    prefix = [f"--RoomKernelManager.kernel_id_prefix={options.kernel_id_prefix}"] if options.kernel_id_prefix else []
    return [
        # Voila with gzip and cache lifetimes for its static files (facilitation.serve.voila_app).
        sys.executable, "-m", VOILA_APP, str(options.notebook_dir),
        "--no-browser",
        f"--port={options.port}",
        # A taken port is an error, not a silent move to another port the links do not name.
        "--Voila.port_retries=0",
        f"--Voila.ip={options.host}",
        "--Voila.root_dir=" + str(options.notebook_dir),
        f"--Voila.tornado_settings={tornado_settings!r}",
        # Every frame a page sends is checked before jupyter_server decodes it; rates bounded.
        "--Voila.kernel_websocket_connection_class=facilitation.serve.wsguard.GuardedConnection",
        # Preheated kernels for the participant page only (pool size 0 for every other page).
        "--VoilaConfiguration.preheat_kernel=True",
        f"--VoilaKernelManager.kernel_pools_config={pools!r}",
        f"--VoilaKernelManager.fill_delay={options.fill_delay}",
        # Culling by connection: live-update tasks keep a closed page's kernel "active".
        "--VoilaConfiguration.multi_kernel_manager_class=facilitation.serve.kernel_manager.RoomKernelManager",
        f"--RoomKernelManager.cull_disconnected_after={options.cull_disconnected_after}",
        f"--RoomKernelManager.cull_unconnected_after={CULL_UNCONNECTED_AFTER}",
        f"--RoomKernelManager.pool_start_spacing={POOL_START_SPACING}",
        f"--RoomKernelManager.max_kernels={kernel_limit(options.memory)}",
        *prefix,
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_TIMEOUT}",
        f"--MappingKernelManager.cull_interval={options.cull_interval}",
        "--MappingKernelManager.cull_connected=False",
        # When a room joins at once, a kernel's output can reach Voila seconds after its
        # execute reply (measured: 20 joins on 2 loaded cores); the default 4 s wait then
        # drops the page's widget and the participant gets an empty page.
        f"--VoilaExecutor.iopub_timeout={IOPUB_TIMEOUT}",
        "--VoilaConfiguration.show_tracebacks=False",
        # The page template that links the kit's stylesheets (found through server_environment).
        f"--VoilaConfiguration.template={PAGE_TEMPLATE}",
        "--VoilaConfiguration.file_allowlist=['.*\\.(png|jpg|gif|svg|css|js)']",
        # Code-cell highlighting: the pages show no code (3 requests less per first join).
        "--VoilaConfiguration.extension_denylist=['jupyterlab_pygments']",
    ]


def server_environment(options: ServeOptions, db_url: str, base: dict[str, str] | None = None) -> dict[str, str]:
    """The Voila process's environment (kernels inherit it).

    A pooled kernel fetches its request from the server at ``VOILA_APP_IP`` (default
    127.0.0.1): set it when Voila listens on one specific address only.
    """
    env = dict(os.environ if base is None else base, FACILITATION_DB=db_url)
    # The page template (PAGE_TEMPLATE) is found through JUPYTER_PATH, before any other entry.
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(TEMPLATE_ROOT), env.get("JUPYTER_PATH", "")) if p)
    if options.host not in ("0.0.0.0", "", "::", "127.0.0.1", "localhost"):
        env["VOILA_APP_IP"] = options.host
    return env


def start(options: ServeOptions, db_url: str, *, quiet: bool = False) -> subprocess.Popen:
    """Start Voila as a child process with the database URL in its environment (in its own
    session: stop it with :class:`facilitation.serve.supervise.Family`, as :func:`run` does)."""
    from facilitation.serve.dbwatch import watch
    from facilitation.serve.supervise import launch

    watch(db_url)  # one line when the database server stops answering, one when it is back (issue 23)
    return launch(voila_command(options), env=server_environment(options, db_url), cwd=str(options.notebook_dir),
                  quiet=quiet)


def wait_until_ready(url: str, proc: subprocess.Popen | None = None, timeout: float = 60.0) -> bool:
    """Poll ``url`` until the server answers (any HTTP status), the process dies, or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2):
                return True
        except urllib.error.HTTPError:
            return True
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            time.sleep(0.25)
    return False
