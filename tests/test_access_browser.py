"""Sign-in against a real OpenID Connect provider, and what a stranger on the network gets.

The test starts its own provider (tests/oidc/provider.js, the npm package oauth2-mock-server, on
127.0.0.1; `.ci/run` installs it) and a server with sign-in configured in a temporary secrets file,
under a base URL path as behind the reverse proxy. It signs in as two people with different roles
in a real browser, and tampers with the sign-in cookie. Local mode is tested from a non-loopback
address of this machine. The servers run on the tiny fixture data. Skipped without node or
chromium, except in CI.
"""

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from briefing.config import REPO_DIR
from tests.browsing import ARTIFACTS, CHROMIUM_ARGS, expect, free_port, require_browser, streamlit_server
from tests.conftest import make_data_dir

pytestmark = pytest.mark.browser
WAIT = 45_000  # ms: the machine may be busy

OIDC_DIR = REPO_DIR / "tests" / "oidc"
COOKIE_SECRET = "test-only-cookie-secret-7f3a9c1e5b"
BASE_PATH = "briefing"
ALICE = {"sub": "alice", "email": "alice@example.org", "name": "Alice Analyst", "groups": ["analysts"]}
BOB = {"sub": "bob", "email": "bob@example.org", "name": "Bob Reader", "groups": ["pcc-readers"]}
COVENTRY = "E08000026"

ROLES = """
[audit]
folder = "{audit}"
max_megabytes = 5
keep = 2

[roles.analyst]
label = "Analyst"
areas = "all"
pages = "all"
download_csv = true
download_pack = true
lpa_sensitive = true
reads_audit = true
emails = ["alice@example.org"]

[roles.reader]
label = "PCC reader"
areas = ["investigations", "calls_and_response"]
pages = ["app.py"]
download_csv = false
download_pack = false
lpa_sensitive = false
reads_audit = false
groups = ["pcc-readers"]
"""


def _require_node():
    why = None
    if shutil.which("node") is None:
        why = "node is not installed (apt-get install -y nodejs npm)"
    elif not (OIDC_DIR / "node_modules" / "oauth2-mock-server").exists():
        why = "the test provider is not installed (npm ci --prefix tests/oidc)"
    if why:
        if os.environ.get("CI") == "true":
            pytest.fail(f"sign-in test cannot run in CI: {why}")
        pytest.skip(f"sign-in test skipped: {why}")


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    """The provider, a signed-in server under /briefing, and the files that steer them."""
    require_browser()
    _require_node()
    folder = tmp_path_factory.mktemp("access")
    person = folder / "person.json"
    person.write_text(json.dumps(ALICE))
    port = free_port()
    provider = subprocess.Popen(
        ["node", str(OIDC_DIR / "provider.js"), str(port), str(person)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    ready = provider.stdout.readline()
    assert ready.startswith("ready"), ready + provider.stdout.read()
    app_port = free_port()
    secrets = folder / "secrets.toml"
    secrets.write_text(f"""[auth]
redirect_uri = "http://127.0.0.1:{app_port}/{BASE_PATH}/oauth2callback"
cookie_secret = "{COOKIE_SECRET}"
client_id = "briefing"
client_secret = "not-a-secret"
server_metadata_url = "http://127.0.0.1:{port}/.well-known/openid-configuration"
""")
    roles = folder / "roles.toml"
    roles.write_text(ROLES.format(audit=folder / "audit"))
    env = os.environ | {"BRIEFING_ROLES": str(roles), "BRIEFING_DATA_DIR": str(make_data_dir(folder / "data"))}
    # Listening on every address under its name on the network, so a stranger's view can be tried.
    address = _this_machines_address()
    with streamlit_server(
        "--server.address",
        "0.0.0.0",
        "--server.baseUrlPath",
        BASE_PATH,
        "--server.allowedHosts",
        "127.0.0.1",
        "--server.allowedHosts",
        address or "127.0.0.1",
        "--secrets.files",
        str(secrets),
        port=app_port,
        env=env,
        health_path=f"/{BASE_PATH}",
    ) as base:
        yield {
            "base": base,
            "person": person,
            "audit": folder / "audit" / "audit.jsonl",
            "port": app_port,
            "address": address,
        }
    provider.terminate()
    provider.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def sign_in(setup, browser, who: dict):
    """A fresh browser (no cookies) signed in as `who` through the provider."""
    setup["person"].write_text(json.dumps(who))
    context = browser.new_context(viewport={"width": 1400, "height": 1200}, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{setup['base']}/")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"Signed in as {who['email']}")).to_be_visible(timeout=WAIT)
    return context, page


def settle(page, heading: str):
    page.get_by_role("heading", name=heading, level=1).wait_for(timeout=WAIT)
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid='stException']").count() == 0
    assert "Traceback" not in page.content()


def audit_lines(setup) -> list[dict]:
    return [json.loads(line) for line in setup["audit"].read_text().splitlines()]


def test_two_people_see_what_their_roles_allow_and_every_action_is_audited(setup, browser):
    base = setup["base"]
    # Alice, an analyst by email: every page, any LPA, downloads, and the audit trail.
    context, page = sign_in(setup, browser, ALICE)
    settle(page, "Overview")
    page.goto(f"{base}/marac?lpa={COVENTRY}")
    settle(page, "MARAC")
    sidebar = page.locator("[data-testid='stSidebar']")
    expect(sidebar.get_by_text("Coventry").first).to_be_visible(timeout=WAIT)
    page.get_by_role("tab", name="Monthly figures").click()
    csv_button = page.get_by_role("button", name="(CSV)").first
    with page.expect_download(timeout=60_000) as csv:
        csv_button.click()
    assert csv.value.suggested_filename.endswith(".csv")
    with page.expect_download(timeout=90_000) as pack:
        sidebar.get_by_role("button", name="Briefing pack (PDF)").click()
    saved = ARTIFACTS / f"signed-in-{pack.value.suggested_filename}"
    ARTIFACTS.mkdir(exist_ok=True)
    pack.value.save_as(saved)
    assert "Coventry" in saved.name and saved.read_bytes().startswith(b"%PDF")
    page.goto(f"{base}/data_and_methods")
    settle(page, "Data and methods")
    page.get_by_role("tab", name="Audit trail").click()
    expect(page.locator("[data-testid='stDataFrame']").last).to_be_visible(timeout=WAIT)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=ARTIFACTS / "signed_in_analyst.png", full_page=True)
    context.close()

    # Bob, a reader by group: two areas, force-wide only, no downloads, no Data and methods.
    context, page = sign_in(setup, browser, BOB)
    settle(page, "Overview")
    sidebar = page.locator("[data-testid='stSidebar']")
    expect(sidebar.get_by_text("PCC reader")).to_be_visible(timeout=WAIT)
    expect(page.get_by_text("Not in your role: ask").first).to_be_visible(timeout=WAIT)
    expect(sidebar.get_by_text("force-wide figures only")).to_be_visible(timeout=WAIT)
    expect(sidebar.get_by_text("Your role does not include downloading the pack.")).to_be_visible(timeout=WAIT)
    assert page.get_by_role("button", name="Briefing pack (PDF)").count() == 0
    page.screenshot(path=ARTIFACTS / "signed_in_reader.png", full_page=True)
    for path, title in (("marac", "MARAC"), ("data_and_methods", "Data and methods")):
        page.goto(f"{base}/{path}?lpa={COVENTRY}")
        settle(page, title)
        expect(page.get_by_text(f"does not include the page {title}")).to_be_visible(timeout=WAIT)
        assert page.locator(".briefing-tile").count() == 0
    page.screenshot(path=ARTIFACTS / "signed_in_reader_refused.png", full_page=True)
    page.goto(f"{base}/calls_and_response?lpa={COVENTRY}")
    settle(page, "Calls and response")
    expect(page.get_by_text("WMP force-wide").first).to_be_visible(timeout=WAIT)
    assert "lpa=" not in page.url
    expect(page.locator(".briefing-tile").first).to_be_visible(timeout=WAIT)
    page.get_by_role("tab", name="Monthly figures").click()
    expect(page.get_by_text("Your role does not include downloads.").first).to_be_attached(timeout=WAIT)
    assert page.get_by_role("button", name="(CSV)").count() == 0
    context.close()

    trail = audit_lines(setup)
    alice = [e for e in trail if e["person"] == ALICE["email"]]
    bob = [e for e in trail if e["person"] == BOB["email"]]
    assert {e["role"] for e in alice} == {"analyst"} and {e["role"] for e in bob} == {"reader"}
    assert ("view", "MARAC", [COVENTRY]) in [(e["event"], e["page"], e["filters"].get("lpa")) for e in alice]
    downloads = [e["download"] for e in alice if e["event"] == "download"]
    assert downloads == [csv.value.suggested_filename, pack.value.suggested_filename]
    assert all(e["page"] == "MARAC" and e["filters"]["lpa"] == [COVENTRY] for e in alice if e["event"] == "download")
    assert ("view", "Data and methods") in [(e["event"], e["page"]) for e in alice]
    assert [(e["event"], e["page"]) for e in bob] == [
        ("view", "Overview"),
        ("refused", "MARAC"),
        ("refused", "Data and methods"),
        ("view", "Calls and response"),
    ]
    assert not any(e["filters"].get("lpa") for e in bob)


def _forge(payload: dict, secret: str, age_days: float = 0) -> str:
    from itsdangerous import TimestampSigner, URLSafeTimedSerializer

    class Signer(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time() - age_days * 86400)

    return URLSafeTimedSerializer(secret, salt="_streamlit_user", signer=Signer).dumps(json.dumps(payload))


def test_a_forged_tampered_or_expired_sign_in_cookie_is_refused(setup, browser):
    base = setup["base"]
    context, page = sign_in(setup, browser, ALICE)
    cookie = next(c for c in context.cookies() if c["name"] == "_streamlit_user")
    claims = ALICE | {"origin": f"http://127.0.0.1:{setup['port']}", "is_logged_in": True, "provider": "default"}

    def signed_in_with(value: str) -> bool:
        context.add_cookies([cookie | {"value": value}])
        page.goto(f"{base}/")
        shown, sign_in_button = (
            page.get_by_text(f"Signed in as {ALICE['email']}"),
            page.get_by_role("button", name="Sign in"),
        )
        shown.or_(sign_in_button).first.wait_for(timeout=WAIT)
        signed_in = shown.count() > 0
        assert signed_in != (sign_in_button.count() > 0)
        return signed_in

    # The forging is right: the cookie secret's own signature, made now, is accepted...
    assert signed_in_with(_forge(claims, COOKIE_SECRET))
    # ...but a wrong secret, a changed signed cookie, or one older than its 30 days are not.
    assert not signed_in_with(_forge(claims, "an-attacker-guessed-secret"))
    value = cookie["value"]
    middle = len(value) // 2
    assert not signed_in_with(value[:middle] + ("A" if value[middle] != "A" else "B") + value[middle + 1 :])
    assert not signed_in_with(_forge(claims, COOKIE_SECRET, age_days=32))
    page.screenshot(path=ARTIFACTS / "forged_cookie_refused.png")
    context.close()


def _status(request: urllib.request.Request) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def _websocket_status(port: int, path: str, origin: str, host: str = "127.0.0.1") -> int:
    """The HTTP status of a WebSocket handshake from a page at `origin` to the app by the name
    `host` (101 = accepted)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(
            (
                f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: streamlit\r\n"
                f"Origin: {origin}\r\n\r\n"
            ).encode()
        )
        return int(s.recv(200).split()[1])


def test_the_server_refuses_forged_requests_and_other_sites(setup, browser):
    base, port = setup["base"], setup["port"]
    # An upload (a state-changing request) without the page's XSRF token is refused.
    status, _ = _status(urllib.request.Request(f"{base}/_stcore/upload_file/x/y", data=b"x", method="PUT"))
    assert status == 403
    # Another site's page gets no cross-origin read of the app, and no WebSocket to it.
    status, headers = _status(
        urllib.request.Request(f"{base}/_stcore/health", headers={"Origin": "http://evil.example"})
    )
    assert status == 200 and headers.get("Access-Control-Allow-Origin") in (None, f"http://127.0.0.1:{port}")
    assert _websocket_status(port, f"/{BASE_PATH}/_stcore/stream", "http://evil.example") == 403
    assert _websocket_status(port, f"/{BASE_PATH}/_stcore/stream", f"http://127.0.0.1:{port}") == 101
    # A stranger on the network reaching the server gets the sign-in page and nothing else.
    address = setup["address"]
    if address is None:
        pytest.skip("this machine has no address but loopback")
    page = browser.new_page()
    page.goto(f"http://{address}:{port}/{BASE_PATH}/marac?lpa={COVENTRY}")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=WAIT)
    assert page.locator(".briefing-tile").count() == 0 and "MARAC" not in page.inner_text("body")
    page.close()


def _this_machines_address() -> str | None:
    """An address of this machine other than loopback, as a neighbour on the network would use."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the outgoing interface
            address = s.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def test_local_mode_answers_this_computer_only(tmp_path, browser):
    address = _this_machines_address()
    if address is None:
        pytest.skip("this machine has no address but loopback")
    no_secrets = ("--secrets.files", str(tmp_path / "none.toml"))
    env = os.environ | {"BRIEFING_DATA_DIR": str(make_data_dir(tmp_path / "data"))}
    # The README's command: the server listens on loopback only, so a neighbour cannot connect,
    # and answers to its own names only, so another site renamed to 127.0.0.1 gets no WebSocket.
    with streamlit_server(*no_secrets, env=env) as base:
        port = int(base.rsplit(":", 1)[1])
        with pytest.raises(OSError):
            socket.create_connection((address, port), timeout=5).close()
        assert _websocket_status(port, "/_stcore/stream", "http://evil.example", host="evil.example") == 403
        assert _websocket_status(port, "/_stcore/stream", f"http://localhost:{port}", host="localhost") == 101
    # Told to listen everywhere under any name, it still refuses any client but this computer,
    # and anything through a proxy.
    with streamlit_server("--server.address", "0.0.0.0", "--server.allowedHosts", "*", *no_secrets, env=env) as base:
        port = base.rsplit(":", 1)[1]
        page = browser.new_page()
        page.goto(f"{base}/")
        expect(page.get_by_text("Local mode: not signed in")).to_be_visible(timeout=WAIT)
        expect(page.locator(".briefing-tile").first).to_be_visible(timeout=WAIT)
        for url, headers in (
            (f"http://{address}:{port}/marac", {}),
            (f"{base}/marac", {"X-Forwarded-For": "198.51.100.7"}),
        ):
            stranger = browser.new_context(extra_http_headers=headers).new_page()
            stranger.goto(url)
            expect(stranger.get_by_text("answers only on the computer it runs on")).to_be_visible(timeout=WAIT)
            assert stranger.locator(".briefing-tile").count() == 0
            assert "Traceback" not in stranger.content()
        stranger.screenshot(path=ARTIFACTS / "local_mode_refused.png")
