"""Serve the app from several processes behind nginx, each browser kept on one process.

    python -m briefing.app.serve [--processes 2] [--port 8501] [--address 127.0.0.1] [-- streamlit options]

One Streamlit process runs every session's script on one core (Python's lock), so on a machine
with several cores, many people at once are served faster by several processes. nginx (Debian
package `nginx`) listens on the port and sends each browser to one process for good: the first
answer sets a `briefing_route` cookie, and the process is chosen from it (consistent hashing), so a
session's WebSocket and its downloads reach the process that holds the session. The processes share
one cookie secret. Ctrl-C stops them all. Streamlit options after `--` go to every process (for
example `--server.baseUrlPath briefing`).
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from briefing.config import REPO_DIR, command_parser

NGINX_CONF = """
worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    # A browser's route: its cookie, or for its first request a new random one.
    map $cookie_briefing_route $briefing_route {{ "" $request_id; default $cookie_briefing_route; }}
    map $http_upgrade $connection_upgrade {{ default upgrade; "" close; }}
    upstream briefing {{
        hash $briefing_route consistent;
{servers}
    }}
    server {{
        listen {address}:{port};
        location / {{
            proxy_pass http://briefing;
            proxy_http_version 1.1;
            proxy_set_header Host $host;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_read_timeout 1d;
            proxy_buffering off;
            add_header Set-Cookie "briefing_route=$briefing_route; Path=/; HttpOnly; SameSite=Strict" always;
        }}
    }}
}}
"""


def free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def nginx_conf(folder: Path, address: str, port: int, backends: list[int]) -> str:
    servers = "\n".join(f"        server 127.0.0.1:{p};" for p in backends)
    return NGINX_CONF.format(folder=folder, address=address, port=port, servers=servers)


def start(
    processes: int, address: str, port: int, streamlit_options: list[str], folder: Path
) -> list[subprocess.Popen]:
    """Start the app's processes and nginx in front of them; returns them all (nginx last)."""
    nginx = shutil.which("nginx")
    if nginx is None:
        raise SystemExit(
            "nginx is not installed (Debian: apt-get install nginx); or run one process with streamlit run app.py"
        )
    backends = free_ports(processes)
    secret = os.environ.get("BRIEFING_COOKIE_SECRET") or secrets.token_hex(32)
    started = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.port",
                str(p),
                "--server.address",
                "127.0.0.1",
                *streamlit_options,
            ],
            cwd=REPO_DIR,
            stdout=subprocess.DEVNULL,
            stderr=None,
            env=os.environ | {"STREAMLIT_SERVER_COOKIE_SECRET": secret},
        )
        for p in backends
    ]
    conf = folder / "nginx.conf"
    conf.write_text(nginx_conf(folder, address, port, backends))
    started.append(subprocess.Popen([nginx, "-c", str(conf), "-p", str(folder)], stderr=None))
    return started


def stop(started: list[subprocess.Popen]) -> None:
    for process in reversed(started):
        if process.poll() is None:
            process.terminate()
    for process in started:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    ours, streamlit_options = (argv[: argv.index("--")], argv[argv.index("--") + 1 :]) if "--" in argv else (argv, [])
    parser = command_parser("briefing.app.serve", __doc__)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--address", default="127.0.0.1")
    args = parser.parse_args(ours)
    if args.processes < 1:
        parser.error("--processes must be at least 1")
    from briefing.app.gate import sign_in_configured

    if args.address not in ("127.0.0.1", "localhost") and not sign_in_configured():
        # Local mode answers this computer only; nginx must not open it to the network.
        parser.error(
            "without sign-in configured (see the README) the app answers this computer only: "
            "--address must be 127.0.0.1"
        )
    with tempfile.TemporaryDirectory(prefix="briefing-serve-") as folder:
        started = start(args.processes, args.address, args.port, streamlit_options, Path(folder))
        print(
            f"Briefing: {args.processes} processes behind http://{args.address}:{args.port} (Ctrl-C stops)", flush=True
        )
        signal.signal(signal.SIGTERM, _interrupt)
        code = 0
        try:
            while all(p.poll() is None for p in started):
                time.sleep(0.5)
            print("Briefing: a process stopped, so the others are stopped too", file=sys.stderr)
            code = 1
        except KeyboardInterrupt:
            pass
        finally:
            stop(started)
    return code


def _interrupt(*_) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
