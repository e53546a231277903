"""Load on the public instance: many families opening it at once, over the same WebSocket
protocol a browser speaks, on loopback, beside a plain one-chart Streamlit page measured in the
same run; and the static site served by a plain file server.

    python3 benchmarks/run.py load

For each server (the plain page, then the public instance started as deploy/public/run.sh
does, on a published public version: its Home page, which every family opens first, then its
Overview; the plain page runs with the same server settings): warm it with one session; then three rounds of
SESSIONS sessions that connect at once, each asking for its first page (a ``rerun_script``
BackMsg, as the browser sends on load) and timing until ``script_finished``; the sessions then
stay connected, idle, while the server's resident memory is read, and are closed before the
next round. Reported: first-run p50 and p95 per round, the public/plain ratio of p95s, memory
per idle session (server RSS with the sessions open, less before them, over SESSIONS), and
the server's memory after each round (flat means no leak).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import statistics
import tempfile
import time
import urllib.request
from pathlib import Path

SESSIONS = int(os.environ.get("LOAD_SESSIONS", "100"))
ROUNDS = int(os.environ.get("LOAD_ROUNDS", "3"))
PLAIN_PAGE = """
import altair as alt
import pandas as pd
import streamlit as st

st.title("A plain page")
frame = pd.DataFrame({"month": pd.date_range("2024-01-01", periods=12, freq="MS"), "value": range(12)})
st.altair_chart(alt.Chart(frame).mark_line().encode(x="month:T", y="value:Q"), width="stretch")
"""


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile of ``values`` (nearest rank), in the values' units."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


async def first_run(url: str, path: str, opened: list) -> float:
    """Connect as a browser does, ask for ``path``'s first run; seconds until it finished.
    The connection is appended to ``opened`` and left open (an idle session)."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    address = url.replace("http://", "ws://") + "/_stcore/stream"
    started = time.perf_counter()
    connection = await websockets.connect(
        address, subprotocols=["streamlit"], origin=url, max_size=None, open_timeout=600, ping_interval=None
    )
    opened.append(connection)
    message = BackMsg()
    message.rerun_script.query_string = ""
    message.rerun_script.page_name = path
    message.rerun_script.context_info.timezone = "Europe/London"
    message.rerun_script.context_info.url = f"{url}/{path}"
    await connection.send(message.SerializeToString())
    while True:
        forward = ForwardMsg()
        forward.ParseFromString(await connection.recv())
        if forward.WhichOneof("type") == "script_finished":
            return time.perf_counter() - started


def cpu_seconds(pid: int) -> float:
    """A process's CPU time so far (user and system), in seconds."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def round_of_sessions(url: str, path: str, count: int, server_pid: int) -> tuple[list[float], float, float]:
    """``count`` sessions at once: their first-run seconds, and the server's RSS (MB) with
    them all connected and idle, and again once they are closed."""
    from benchmarks.run import resident_megabytes

    opened: list = []
    cpu_before = cpu_seconds(server_pid)
    seconds = await asyncio.gather(*(first_run(url, path, opened) for _ in range(count)))
    round_of_sessions.server_cpu = cpu_seconds(server_pid) - cpu_before
    await asyncio.sleep(2)
    idle = resident_megabytes(server_pid)
    await asyncio.gather(*(connection.close() for connection in opened))
    return list(seconds), idle, resident_megabytes(server_pid)


def measure(name: str, url: str, path: str, server_pid: int) -> float:
    """Print each round's figures for one server; return the median of the rounds' p95s."""
    from benchmarks.run import resident_megabytes

    asyncio.run(round_of_sessions(url, path, 1, server_pid))  # warm: imports, caches, first compile
    time.sleep(2)
    p95s = []
    for round_number in range(1, ROUNDS + 1):
        before = resident_megabytes(server_pid)
        seconds, idle, after = asyncio.run(round_of_sessions(url, path, SESSIONS, server_pid))
        p95 = percentile(seconds, 0.95)
        p95s.append(p95)
        print(
            f"{name}, round {round_number}: first run p50 {statistics.median(seconds):.2f} s, p95 {p95:.2f} s; "
            f"server {before:.0f} MB before, {idle:.0f} MB with {SESSIONS} idle sessions "
            f"({(idle - before) / SESSIONS * 1024:.0f} KB each), {after:.0f} MB once closed; "
            f"server CPU {round_of_sessions.server_cpu / SESSIONS * 1000:.0f} ms per session"
        )
        time.sleep(3)
    return statistics.median(p95s)


def static_site(folder: Path) -> None:
    """100 concurrent requests for the front page, the largest page of measures and "About
    this data", three rounds each: p50 and p95."""

    def fetch(address: str) -> float:
        started = time.perf_counter()
        with urllib.request.urlopen(address, timeout=60) as response:
            response.read()
        return time.perf_counter() - started

    from tests.browser.conftest import static_file_server

    with static_file_server(folder) as url, concurrent.futures.ThreadPoolExecutor(SESSIONS) as pool:
        largest = max(folder.glob("measures-*.html"), key=lambda path: path.stat().st_size)
        for name in ("index.html", largest.name, "about.html"):
            size = (folder / name).stat().st_size
            fetch(f"{url}/{name}")
            p95s, p50s = [], []
            for _ in range(ROUNDS):
                seconds = list(pool.map(fetch, [f"{url}/{name}"] * SESSIONS))
                p95s.append(percentile(seconds, 0.95))
                p50s.append(statistics.median(seconds))
            print(
                f"Static site {name} ({size / 1024:.0f} KB), {SESSIONS} concurrent requests: "
                f"p50 {statistics.median(p50s) * 1000:.0f} ms, p95 {statistics.median(p95s) * 1000:.0f} ms "
                f"(median of {ROUNDS} rounds)"
            )


def load() -> None:
    from send_core.config import load_settings
    from send_core.reports.site import write_site
    from send_core.store import snapshot_dataset
    from tests.browser.conftest import running_server
    from tests.unit.store_helpers import open_store, publish_sample_for_the_public

    print(f"== Load: {SESSIONS} sessions at once, {ROUNDS} rounds, on loopback")
    work = Path(tempfile.mkdtemp(prefix="send-load-"))
    store = work / "store"
    publish_sample_for_the_public(store)
    plain = work / "plain_page.py"
    plain.write_text(PLAIN_PAGE, encoding="utf-8")
    # The plain page runs with the public instance's server settings (deploy/public), so the
    # ratio measures the app, not a configuration.
    with running_server(public=True, script=str(plain)) as (url, process):
        plain_p95 = measure("Plain one-chart page", url, "", process.pid)
    with running_server(store=str(store), public=True) as (url, process):
        home_p95 = measure("Public instance, Home (the first page)", url, "", process.pid)
        overview_p95 = measure("Public instance, Overview", url, "overview", process.pid)
    print(f"Public Home first-run p95 / plain page p95: {home_p95 / plain_p95:.2f}x (medians of the rounds' p95s)")
    print(f"Public Overview first-run p95 / plain page p95: {overview_p95 / plain_p95:.2f}x")
    settings = load_settings()
    site = work / "site"
    write_site(snapshot_dataset(open_store(store).live("public").snapshot, settings), settings, site)
    static_site(site)
