"""Felt speed: what a presenter feels in chromium, beside a trivial Streamlit app timed in the same run.

    python bench/bench_felt.py [--pages overview,marac] [--sessions 20] [--soak 200] [--processes 1] [--national [DIR]]

This machine is shared and noisy, so every figure is printed beside the trivial one-widget app
(bench/trivial_app.py) measured in the same run, as a ratio. Asserts nothing; CI does not run it.

- Browser (chromium, 1400x1000): a fresh server's first page; a new session on a warm server; each
  filter kind (LPA added, LPA added, LPA removed, comparison, trend window, trend chooser). Each is split
  into input (the action to the browser's rerun request), server (that request to Streamlit's
  script_finished message) and draw (that message to the page going quiet: no DOM change for 300 ms).
  The browser reports WebSocket frames from its page's main thread, so while it is busy drawing
  earlier messages, that time shows as server time; the many-people figures below are the server's
  alone.
- Many people at once: N websocket sessions on loopback, each opening a page and changing the
  comparison and LPA through the URL five times (a rerun with a new query string, as a shared link
  or the back button does), on a cold server and again warm: p50 and p95 per change, errors.
  With --processes N (N > 1) they are served by `python -m briefing.app.serve` (N processes behind nginx,
  each session kept on one by its route cookie); each load session carries its own cookie, as a
  browser would.
- Memory: the server's peak resident memory, and its resident memory over a soak of page opens
  (per process, and the largest, when there are several).
- --national [DIR]: the same browser figures on demonstration data at national volume (the demo
  generator at --scale 32: about 30 million crime and outcome rows, written outside the repo, or
  read from DIR, a data folder made so earlier).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from briefing.app.serve import free_ports  # noqa: E402
from briefing.areas.site import PAGES  # noqa: E402
from briefing.config import load_force  # noqa: E402

QUIET_MS = 300
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
# Every DOM change stamps the page clock, so "quiet" is measured where it is felt.
QUIET_SCRIPT = """
window.__lastChange = performance.now();
new MutationObserver(() => { window.__lastChange = performance.now(); })
  .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
"""


def resident_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def wait_healthy(base: str, process: subprocess.Popen, what: str) -> None:
    """Until the server at `base` answers its health check; raises if `process` stops first."""
    while True:
        try:
            urllib.request.urlopen(f"{base}/_stcore/health", timeout=1)
            return
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"{what} did not start") from None
            time.sleep(0.05)


@contextmanager
def server(script: str, env: dict | None = None):
    """A fresh streamlit server on a free loopback port; yields (base URL, process, start time)."""
    port = free_ports(1)[0]
    started = time.perf_counter()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script,
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
        ],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=os.environ | (env or {}),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, process, script)
        yield base, process, started
    finally:
        process.terminate()
        process.wait(timeout=30)


class Felt:
    """One browser page with a clock for server and browser time of each action."""

    def __init__(self, browser):
        self.page = browser.new_page(viewport={"width": 1400, "height": 1000})
        self.page.add_init_script(QUIET_SCRIPT)
        self.finished = 0
        self.sent_at = None
        self.page.on("websocket", self._socket)

    def _socket(self, ws) -> None:
        ws.on("framereceived", self._frame)
        ws.on("framesent", self._sent)

    def _sent(self, payload) -> None:
        if self.sent_at is None:  # the first message after the action: the browser's rerun request
            self.sent_at = time.perf_counter()

    def _frame(self, payload) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        if isinstance(payload, bytes | bytearray):
            message = ForwardMsg()
            try:
                message.ParseFromString(bytes(payload))
            except Exception:  # noqa: BLE001 - not every frame is a ForwardMsg
                return
            if message.HasField("script_finished"):
                self.finished_at = time.perf_counter()
                self.finished += 1

    def timed(self, action, started: float | None = None) -> tuple[float, float, float]:
        """Run `action` (it triggers one script run); returns seconds of (input: the action to the
        browser's request, server: the request to Streamlit's script_finished, draw: that message to
        the page going quiet). A page load's input is its HTTP fetch and script loading."""
        before = self.finished
        self.sent_at = None
        clock_page = self.page.evaluate("performance.now()") / 1000
        clock_here = time.perf_counter()
        action()
        deadline = time.monotonic() + 120
        while self.finished == before and time.monotonic() < deadline:
            self.page.wait_for_timeout(10)
        self.page.wait_for_function(
            f"() => performance.now() - window.__lastChange > {QUIET_MS}", timeout=120_000, polling=50
        )
        quiet_here = self.page.evaluate("window.__lastChange") / 1000 - clock_page + clock_here
        origin = clock_here if started is None else started
        finished = getattr(self, "finished_at", quiet_here)
        sent = min(self.sent_at or origin, finished)
        return sent - origin, finished - sent, max(0.0, quiet_here - finished)


def choose(page, widget_label: str, option: str):
    def action():
        page.get_by_role("option", name=option, exact=True).click()

    page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").filter(has_text=widget_label).click()
    return action


def page_figures(base: str, browser, path: str, force) -> dict:
    """One page: a new session and each filter kind, (server s, browser s)."""
    felt = Felt(browser)
    page = felt.page
    url = base + ("/" if path == "app.py" else "/" + Path(path).stem)
    row = {"new session": felt.timed(lambda: page.goto(url))}
    lpa_buttons = page.locator("[data-testid='stSidebar'] [data-testid='stButtonGroup']").first
    codes = list(force.lpas)
    for name, code in (("LPA added", codes[1]), ("LPA added again", codes[2])):
        row[name] = felt.timed(lpa_buttons.get_by_role("button", name=force.lpa_name(code), exact=True).click)
    row["LPA removed"] = felt.timed(lpa_buttons.get_by_role("button", name=force.lpa_name(codes[2]), exact=True).click)
    row["comparison"] = felt.timed(choose(page, "Compare", force.presets[1].label))
    row["trend window"] = felt.timed(choose(page, "Trend charts show", "Latest 24 months"))
    chooser = page.locator("[data-testid='stMain'] [data-testid='stButtonGroup']")
    if chooser.count():
        row["trend chooser"] = felt.timed(chooser.first.locator("button").nth(1).click)
    page.close()
    return row


def trivial_figures(browser) -> dict:
    with server("bench/trivial_app.py") as (base, _, started):
        felt = Felt(browser)
        first = felt.timed(lambda: felt.page.goto(base), started=started)
        felt.page.close()
        felt = Felt(browser)
        session = felt.timed(lambda: felt.page.goto(base))
        changes = []
        for option in ("second", "third", "first", "second", "third"):
            felt.page.locator("[data-testid='stSelectbox']").click()
            changes.append(felt.timed(lambda option=option: felt.page.get_by_role("option", name=option).click()))
        felt.page.close()
    change = statistics.median(sum(c) for c in changes)
    return {"first page": sum(first), "new session": sum(session), "change": change}


def print_browser(title: str, trivial: dict, first: tuple[float, float, float], figures: dict) -> None:
    print(f"\n{title}")
    print(
        f"  trivial app: first page {trivial['first page']:.2f} s, new session {trivial['new session']:.2f} s, "
        f"select-box change {trivial['change']:.2f} s"
    )
    print(
        f"  fresh server's first page (Overview): {sum(first):.2f} s = start and fetch {first[0]:.2f} + server "
        f"{first[1]:.2f} + draw {first[2]:.2f}"
        f"  ({sum(first) / trivial['first page']:.1f}x; target 2.5x)"
    )
    kinds = [
        "new session",
        "LPA added",
        "LPA added again",
        "LPA removed",
        "comparison",
        "trend window",
        "trend chooser",
    ]
    print(f"  {'page':30s}" + "".join(f"{k:>24s}" for k in kinds))
    worst_change = 0.0
    for label, row in figures.items():
        cells = []
        for kind in kinds:
            if kind not in row:
                cells.append(f"{'-':>24s}")
                continue
            floor = trivial["new session"] if kind == "new session" else trivial["change"]
            ratio = sum(row[kind]) / floor
            if kind != "new session":
                worst_change = max(worst_change, ratio)
            cells.append(("{:.2f}+{:.2f}+{:.2f}".format(*row[kind]) + f" {ratio:4.1f}x").rjust(24))
        print(f"  {label[:30]:30s}" + "".join(cells))
    print(
        "  (input + server + draw seconds, then the ratio to the trivial app: new session target 1.6x, "
        f"a filter change 2x; worst filter change here {worst_change:.1f}x)"
    )


async def load_sessions(base: str, pages: list[str], sessions: int, changes: int, force) -> dict:
    """`sessions` websocket sessions at once, each opening a page then changing filters `changes` times."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    url = base.replace("http", "ws") + "/_stcore/stream"
    presets = [p.key for p in force.presets]
    lpas = list(force.lpas)
    opens, runs, errors = [], [], []

    async def run(ws, page_name: str, query: str) -> float:
        message = BackMsg()
        message.rerun_script.query_string = query
        message.rerun_script.page_name = page_name
        started = time.perf_counter()
        await ws.send(message.SerializeToString())
        while True:
            reply = ForwardMsg()
            reply.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=120))
            if reply.HasField("delta") and reply.delta.new_element.HasField("exception"):
                errors.append(reply.delta.new_element.exception.message)
            if reply.HasField("script_finished"):
                return time.perf_counter() - started

    async def one(index: int) -> None:
        page_name = pages[index % len(pages)]
        try:
            async with websockets.connect(
                url, subprotocols=["streamlit"], max_size=None, additional_headers=route_cookie()
            ) as ws:
                opens.append(await run(ws, page_name, ""))
                for step in range(changes):
                    query = f"cmp={presets[step % len(presets)]}&lpa={lpas[(index + step) % len(lpas)]}"
                    runs.append(await run(ws, page_name, query))
        except Exception as exc:  # noqa: BLE001 - counted and reported, never raised
            errors.append(f"{type(exc).__name__}: {exc}")

    await asyncio.gather(*(one(i) for i in range(sessions)))
    return {"opens": opens, "changes": runs, "errors": errors}


def percentiles(values: list[float]) -> str:
    if not values:
        return "none"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"p50 {statistics.median(ordered):.2f} s, p95 {p95:.2f} s (n={len(ordered)})"


def route_cookie() -> dict[str, str]:
    """A new browser's cookie for briefing.app.serve's nginx, which keeps a session on one process."""
    return {"Cookie": f"briefing_route={secrets.token_hex(16)}"}


@contextmanager
def served(processes: int):
    """The app on a fresh server: one Streamlit process, or `processes` behind briefing.app.serve's nginx.
    Yields (base URL, the Streamlit processes' ids)."""
    if processes == 1:
        with server("app.py") as (base, process, _):
            yield base, [process.pid]
        return
    port = free_ports(1)[0]
    process = subprocess.Popen(
        [sys.executable, "-m", "briefing.app.serve", "--processes", str(processes), "--port", str(port)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, process, "briefing.app.serve")
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
        pids = [int(c) for c in children if "streamlit" in Path(f"/proc/{c}/cmdline").read_text()]
        yield base, pids
    finally:
        process.terminate()
        process.wait(timeout=30)


def memory(pids: list[int], field: str) -> str:
    values = [resident_mb(pid, field) for pid in pids]
    return f"{max(values):.0f} MB" + (
        f" (largest of {len(values)}; {sum(values):.0f} MB in all)" if len(values) > 1 else ""
    )


async def soak(base: str, pages: list[str], opens: int, pids: list[int]) -> list[tuple[int, str]]:
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    url = base.replace("http", "ws") + "/_stcore/stream"
    samples = [(0, memory(pids, "VmRSS"))]
    for i in range(opens):
        async with websockets.connect(
            url, subprotocols=["streamlit"], max_size=None, additional_headers=route_cookie()
        ) as ws:
            message = BackMsg()
            message.rerun_script.page_name = pages[i % len(pages)]
            await ws.send(message.SerializeToString())
            while True:
                reply = ForwardMsg()
                reply.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=120))
                if reply.HasField("script_finished"):
                    break
        if (i + 1) % 50 == 0:
            samples.append((i + 1, memory(pids, "VmRSS")))
    return samples


def run_browser(browser, pages, force, env=None, title="Browser, shipped volume") -> None:
    trivial = trivial_figures(browser)
    with server("app.py", env) as (base, process, started):
        felt = Felt(browser)
        first = felt.timed(lambda: felt.page.goto(base), started=started)
        felt.page.close()
        figures = {label: page_figures(base, browser, path, force) for path, label in pages}
        peak = resident_mb(process.pid, "VmHWM")
    print_browser(title, trivial, first, figures)
    print(f"  server peak resident memory: {peak:.0f} MB (target under 400 MB)")


def many_people(args, page_names: list[str], force) -> None:
    """Many sessions at once on a fresh server, cold then warm, and the memory soak."""
    print(
        f"\nMany people at once: {args.sessions} websocket sessions, each a page open then 5 filter changes, "
        f"{args.processes} process{'es' if args.processes > 1 else ''}"
    )
    with served(args.processes) as (base, pids):
        for state in ("cold", "warm"):
            result = asyncio.run(load_sessions(base, page_names, args.sessions, 5, force))
            print(
                f"  {state} server: page open {percentiles(result['opens'])}; filter change "
                f"{percentiles(result['changes'])}; errors {len(result['errors'])}"
                + (f" (first: {result['errors'][0][:120]})" if result["errors"] else "")
            )
        print(f"  server peak resident memory: {memory(pids, 'VmHWM')}")
        samples = asyncio.run(soak(base, page_names, args.soak, pids))
        print(
            "  soak, resident memory after N page opens: "
            + ", ".join(f"{n}: {mb}" for n, mb in samples)
            + f"; peak {memory(pids, 'VmHWM')}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", help="comma-separated page stems (overview for app.py); default every page")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--soak", type=int, default=200)
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="many people at once: served by this many processes behind nginx (python -m briefing.app.serve)",
    )
    parser.add_argument("--national", nargs="?", const="", default=None, metavar="DIR")
    parser.add_argument("--no-browser", action="store_true", help="only the many-people figures")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    force = load_force()
    pages = [(path, label) for path, label, *_ in PAGES if (REPO / path).exists()]
    if args.pages:
        wanted = set(args.pages.split(","))
        pages = [(p, label) for p, label in pages if ("overview" if p == "app.py" else Path(p).stem) in wanted]
    page_names = ["" if p == "app.py" else Path(p).stem for p, _ in pages]

    if not args.no_browser:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
            run_browser(browser, pages, force)
            browser.close()

    # Outside Playwright's event loop: the load client has its own.
    if args.sessions or args.soak:
        many_people(args, page_names, force)

    if args.national is not None:
        directory = Path(args.national or tempfile.mkdtemp(prefix="briefing-national-"))
        # A fresh cache folder: the first page pays for checking the extracts and building the
        # derived tables, as a server's first page does after a refresh.
        cache = tempfile.mkdtemp(prefix="briefing-national-cache-")
        env = {"BRIEFING_DATA_DIR": str(directory), "BRIEFING_CACHE_DIR": cache}
        if not args.national:
            for item in (REPO / "data").iterdir():
                if item.is_file():
                    shutil.copy(item, directory / item.name)
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "briefing.refresh.demo", "--scale", "32", "--only", "crimes", "outcomes"],
                cwd=REPO,
                check=True,
                env=os.environ | env,
                stdout=subprocess.DEVNULL,
            )
            print(f"\nnational volume generated in {time.perf_counter() - started:.0f} s")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
            run_browser(browser, pages, force, env, title="Browser, national volume (target: changes within 3x)")
            browser.close()
        shutil.rmtree(cache)
        if not args.national:
            shutil.rmtree(directory)


if __name__ == "__main__":
    main()
