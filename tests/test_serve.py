"""Several processes behind nginx (briefing.app.serve): each browser stays on one process, WebSockets pass."""

import http.server
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from briefing.app import serve
from briefing.config import REPO_DIR

pytestmark = pytest.mark.skipif(
    shutil.which("nginx") is None and not os.environ.get("CI"), reason="nginx is not installed (apt-get install nginx)"
)


class Answer(http.server.BaseHTTPRequestHandler):
    """A backend that answers with its own port, so a test sees which process a request reached."""

    def do_GET(self):  # noqa: N802 - the standard library's name
        body = str(self.server.server_address[1]).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def wait_for(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            assert process.poll() is None, "it stopped"
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer")


def get(url: str, cookie: str | None = None) -> tuple[str, str]:
    request = urllib.request.Request(url, headers={"Cookie": f"briefing_route={cookie}"} if cookie else {})
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.read().decode(), response.headers.get("Set-Cookie", "")


def test_each_browser_stays_on_one_process_and_browsers_spread(tmp_path):
    backends = [http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answer) for _ in range(2)]
    for backend in backends:
        threading.Thread(target=backend.serve_forever, daemon=True).start()
    port = serve.free_ports(1)[0]
    conf = tmp_path / "nginx.conf"
    conf.write_text(serve.nginx_conf(tmp_path, "127.0.0.1", port, [b.server_address[1] for b in backends]))
    nginx = subprocess.Popen([shutil.which("nginx"), "-c", str(conf), "-p", str(tmp_path)])
    try:
        base = f"http://127.0.0.1:{port}/"
        wait_for(base, nginx)
        # A first request (no cookie) is given a route, and keeps to its process with it.
        first, set_cookie = get(base)
        route = set_cookie.split("briefing_route=")[1].split(";")[0]
        assert "HttpOnly" in set_cookie and len(route) == 32
        assert {get(base, route)[0] for _ in range(20)} == {first}
        # Different browsers reach both processes.
        reached = {get(base, f"{i:032x}")[0] for i in range(40)}
        assert reached == {str(b.server_address[1]) for b in backends}
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        for backend in backends:
            backend.shutdown()


@pytest.mark.browser
def test_the_app_runs_through_it_websocket_and_all():
    import asyncio

    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    port = serve.free_ports(1)[0]
    process = subprocess.Popen(
        [sys.executable, "-m", "briefing.app.serve", "--processes", "2", "--port", str(port)], cwd=REPO_DIR
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/_stcore/health", process)

        async def page(name: str) -> list[str]:
            async with websockets.connect(
                f"ws://127.0.0.1:{port}/_stcore/stream",
                subprotocols=["streamlit"],
                max_size=None,
                additional_headers={"Cookie": "briefing_route=a1"},
            ) as ws:
                message = BackMsg()
                message.rerun_script.page_name = name
                await ws.send(message.SerializeToString())
                titles = []
                while True:
                    reply = ForwardMsg()
                    reply.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=60))
                    assert not reply.delta.new_element.HasField("exception")
                    if reply.delta.new_element.HasField("heading"):
                        titles.append(reply.delta.new_element.heading.body)
                    if reply.HasField("script_finished"):
                        return titles

        assert "MARAC" in asyncio.run(page("marac"))
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
        assert len(children) == 3  # two Streamlit processes and nginx
    finally:
        process.terminate()
        process.wait(timeout=30)
    # Stopping it stops them all.
    assert process.returncode == 0 and not [c for c in children if Path(f"/proc/{c}").exists()]


def test_without_sign_in_it_refuses_to_open_to_the_network():
    result = subprocess.run(
        [sys.executable, "-m", "briefing.app.serve", "--address", "0.0.0.0"],
        cwd=REPO_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "--address must be 127.0.0.1" in result.stderr
