"""A real `streamlit run` of the app, and Debian's headless Chromium driven by Playwright.

No browser is downloaded: Playwright is pointed at /usr/bin/chromium. The server is waited
for the way Streamlit's own end-to-end tests do: its health endpoint first, then the page's
script state.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_health(url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not answer at {url} within {timeout} s")


@contextlib.contextmanager
def running_app() -> Iterator[str]:
    """A fresh `streamlit run app.py` on a free port; yields its address."""
    with running_server() as (url, _process):
        yield url


@contextlib.contextmanager
def running_server(
    *,
    store: str | None = None,
    environment: dict[str, str] | None = None,
    arguments: tuple[str, ...] = (),
    port: int | None = None,
    public: bool = False,
    script: str | None = None,
) -> Iterator[tuple[str, subprocess.Popen]]:
    """A fresh `streamlit run app.py` on a free port; yields its address and its process.
    ``store`` is its snapshot store (default: a new empty folder, so nothing a test publishes
    lands in the project's data/store); ``environment`` and ``arguments`` are added to its own.
    ``public`` starts it as deploy/public/run.sh does: from that folder (so with its
    .streamlit/config.toml) and with SEND_APP_MODE=public. ``script`` runs another Streamlit
    script instead of the app (a benchmark's baseline page)."""
    port = port or free_port()
    environment = {
        **os.environ,
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        "SEND_APP_STORE": store or tempfile.mkdtemp(prefix="send-store-"),
        **({"SEND_APP_MODE": "public"} if public else {}),
        **(environment or {}),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script or ("../../app.py" if public else "app.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            *arguments,
        ],
        cwd=ROOT / "deploy" / "public" if public else ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,  # a pipe nobody reads could fill and stall the server
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(url, process)
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    with running_app() as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not at /usr/bin/chromium: run the README's test command, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


# True in the page once the app's script has finished and its heading is drawn.
SCRIPT_FINISHED = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app && app.getAttribute('data-test-script-state') === 'notRunning'
        && document.querySelector('[data-testid="stMain"] h1');
}"""


def wait_for_app(page, timeout: float = 60_000) -> None:
    """Wait until the app has connected and finished running its script."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_function(SCRIPT_FINISHED, timeout=timeout)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *arguments) -> None:  # a line per request would time the terminal
        pass


class _FileServer(http.server.ThreadingHTTPServer):
    # Python's default listen backlog is 5: the 6th of 100 simultaneous connections waits a
    # second for the kernel to retry it. Any real static host queues more.
    request_queue_size = 128


@contextlib.contextmanager
def static_file_server(folder: Path):
    """Python's own static file server (``http.server``), threaded, on loopback."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _FileServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
