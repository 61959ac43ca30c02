"""What the browser tests share (not a test module): Debian's chromium through Playwright, a
`streamlit run` server on a free port, and waiting for a page. The `browser` fixture is in conftest.py."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from briefing.areas.site import PAGES
from briefing.config import REPO_DIR

ARTIFACTS = Path(__file__).parent / "artifacts"
PAGE_FILES = [(path, label) for path, label, _ in PAGES if (REPO_DIR / path).exists()]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
    "--disable-background-networking",
    "--disable-component-update",
]


def require_browser():
    why = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        why = "playwright is not installed (pip install -r requirements-dev.txt)"
    if why is None and shutil.which("chromium") is None:
        why = "Debian chromium is not installed (apt-get install -y chromium)"
    if why:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser test cannot run in CI: {why}")
        pytest.skip(f"browser test skipped: {why}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(*options: str, port: int | None = None, env: dict | None = None, health_path: str = ""):
    """`streamlit run app.py` with `options` on `port` (default: a free one); yields its loopback
    base URL once `/_stcore/health` (under `health_path`, a base URL path) answers."""
    port = port or free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            *options,
        ],
        cwd=REPO_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}{health_path}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail(f"server did not start: {process.stdout.read().decode()[-2000:]}")
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def url_path(path: str) -> str:
    return "/" if path == "app.py" else "/" + Path(path).stem


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    playwright_expect.set_options(timeout=30_000)
    return playwright_expect(locator)


def wait_for_page(page, title: str):
    page.get_by_role("heading", name=title, level=1).wait_for(timeout=45_000)
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid='stException']").count() == 0
