"""Roles (data/roles.toml) checked strictly, and the gate every page passes through, via AppTest.

The sign-in itself is tested against a real OpenID Connect provider in test_access_browser.py;
here AppTest plays the signed-in person (`at.user`), which is fast enough to try every rule.
"""

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from briefing.access import audit, roles
from briefing.areas.declarations import AREAS
from briefing.areas.site import PAGES
from briefing.config import REPO_DIR
from tests.conftest import BIRMINGHAM, make_data_dir
from tests.pages import each_part, lpa_chooser, open_part, tiles

# Two people: an analyst who may do everything, and a reader held to two areas, force-wide,
# without downloads or Data and methods.
ROLES = """
email_claim = "email"
group_claim = "groups"

[audit]
folder = "{folder}"
max_megabytes = 1
keep = 3

[roles.analyst]
label = "Analyst"
areas = "all"
pages = "all"
download_csv = true
download_pack = true
lpa_sensitive = true
reads_audit = true
emails = ["Alice@Example.org"]

[roles.reader]
label = "Reader"
areas = ["investigations", "calls_and_response"]
pages = ["app.py"]
download_csv = false
download_pack = false
lpa_sensitive = false
reads_audit = false
emails = []
groups = ["readers"]
"""


def write_roles(directory: Path, text: str = ROLES) -> Path:
    path = directory / "roles.toml"
    path.write_text(text.format(folder=directory / "audit"), encoding="utf-8")
    return path


def test_the_shipped_roles_file_loads():
    loaded = roles.load_roles(REPO_DIR / "data" / "roles.toml")
    assert [r.key for r in loaded.roles] == ["admin", "chief_officers", "pcc_office"]
    assert loaded.audit.folder == REPO_DIR / "audit"
    pcc = loaded.roles[2]
    assert not pcc.lpa_sensitive and not pcc.reads_audit and pcc.sees_page("pages/marac.py")


def test_a_person_gets_a_role_by_email_first_then_by_group(tmp_path):
    loaded = roles.load_roles(write_roles(tmp_path))
    assert loaded.role_for({"email": "alice@example.ORG", "groups": ["readers"]}).key == "analyst"
    assert loaded.role_for({"email": "bob@example.org", "groups": ["x", "readers"]}).key == "reader"
    assert loaded.role_for({"email": "bob@example.org", "groups": "readers"}).key == "reader"
    assert loaded.role_for({"email": "bob@example.org", "groups": ["writers"]}) is None
    assert loaded.role_for({}) is None
    reader = loaded.roles[1]
    assert reader.sees_page("app.py") and reader.sees_page("pages/investigations.py")
    assert not reader.sees_page("pages/marac.py") and not reader.sees_page("pages/data_and_methods.py")
    assert not reader.sees_area("marac")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("lpa_sensitive = false", "lpa_sensitive = 'no'"), "lpa_sensitive must be true or false"),
        (('areas = ["investigations",', 'areas = ["investigatons",'), "unknown 'investigatons'"),
        (('pages = ["app.py"]', 'pages = ["pages/marac.py"]'), "an area's page comes with its area"),
        (('pages = ["app.py"]', 'pages = ["../etc/passwd"]'), "unknown '../etc/passwd'"),
        (
            ("download_pack = false\nlpa_sensitive = false", "download_pack = true\nlpa_sensitive = false"),
            'download_pack needs areas = "all"',
        ),
        (("reads_audit = false\n", "reads_audit = false\nsuperuser = true\n"), "unknown setting(s) superuser"),
        (("reads_audit = false\n", ""), "is missing reads_audit"),
        (("emails = []\ngroups", 'emails = ["ALICE@example.org"]\ngroups'), "listed in both"),
        (("keep = 3", "keep = 0"), "keep must be a positive number"),
        (('folder = "{folder}"', f'folder = "{REPO_DIR}/data/audit"'), "outside data/"),
        (("[roles.reader]", "[roles.reader"), "cannot be read"),
        (('email_claim = "email"', 'email_claim = "email"\nadmins = ["x"]'), "unknown setting(s) admins"),
    ],
)
def test_a_wrong_roles_file_is_refused_with_a_clear_message(tmp_path, change, message):
    old, new = change
    assert old in ROLES
    with pytest.raises(roles.RolesError, match="roles.toml") as error:
        roles.load_roles(write_roles(tmp_path, ROLES.replace(old, new, 1)))
    assert message in str(error.value)


def test_a_missing_roles_file_is_refused(tmp_path):
    with pytest.raises(roles.RolesError, match="cannot be read"):
        roles.load_roles(tmp_path / "nowhere.toml")


# AppTest from the entry file, as a signed-in person (or in local mode).

AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "s" * 32,
    "client_id": "c",
    "client_secret": "x",
    "server_metadata_url": "http://127.0.0.1:1/.well-known/openid-configuration",
}


@pytest.fixture(scope="module")
def data_folder(tmp_path_factory) -> Path:
    return make_data_dir(tmp_path_factory.mktemp("access") / "data")  # read only: built once


@pytest.fixture
def roles_file(tmp_path, monkeypatch, data_folder) -> Path:
    path = write_roles(tmp_path)
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(data_folder))
    monkeypatch.setenv("BRIEFING_ROLES", str(path))
    return path


def signed_in(email: str | None, page: str = "app.py", groups=(), **query) -> AppTest:
    at = AppTest.from_file(str(REPO_DIR / "app.py"), default_timeout=60)
    at.secrets["auth"] = AUTH
    if email is not None:
        at.user = {"is_logged_in": True, "email": email, "sub": email, "groups": list(groups)}
    else:
        at.user = {"is_logged_in": False}
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page != "app.py":
        at.switch_page(page)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
    assert not at.exception
    return at


def trail(roles_file: Path) -> list[dict]:
    return list(reversed(audit.latest(roles.load_roles(roles_file).audit)))


def texts(elements) -> str:
    return " ".join(e.value for e in elements)


def test_local_mode_says_so_and_keeps_no_trail(roles_file, tmp_path):
    at = AppTest.from_file(str(REPO_DIR / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    assert "Local mode: not signed in" in texts(at.sidebar.caption)
    assert len(at.get("download_button")) > 0 and tiles(at)
    assert not (tmp_path / "audit").exists()


def test_signed_out_sees_only_sign_in(roles_file):
    at = signed_in(None)
    assert [b.label for b in at.button] == ["Sign in"]
    assert not tiles(at) and not at.sidebar.button_group


def test_a_person_with_no_role_sees_no_access(roles_file):
    at = signed_in("mallory@example.org", groups=["writers"])
    assert at.title[0].value == "No access"
    assert "mallory@example\\.org" in texts(at.markdown)
    assert not tiles(at) and not at.sidebar.button_group
    assert [(e["person"], e["event"]) for e in trail(roles_file)] == [("mallory@example.org", "no_access")]
    # A name from the identity provider is shown as written, never as a link or formatting.
    hostile = signed_in("[Open](https://evil.example)", groups=["writers"])
    assert "\\[Open\\]\\(https\\://evil\\.example\\)" in texts(hostile.markdown)


def test_the_analyst_sees_everything_and_each_view_is_audited(roles_file):
    at = signed_in("alice@example.org", "pages/marac.py", lpa=BIRMINGHAM)
    assert at.title[0].value == "MARAC"
    assert "Signed in as **alice@example\\.org** · Analyst" in texts(at.sidebar.caption)
    assert lpa_chooser(at).value == [BIRMINGHAM]
    assert len(at.get("download_button")) >= 3  # the pack (two) and the tables
    at.sidebar.selectbox[1].set_value("12").run()  # trend window: a filter change
    at.switch_page("pages/data_and_methods.py").run()
    open_part(at, "Audit trail")
    shown = at.dataframe[-1].value  # the trail, newest first, as the administrator sees it
    assert list(shown["event"]) == ["view", "filters", "view", "view"] and set(shown["person"]) == {"alice@example.org"}
    events = [(e["event"], e["page"], e["filters"].get("trend")) for e in trail(roles_file)]
    assert events == [
        ("view", "Overview", "all"),
        ("view", "MARAC", "all"),
        ("filters", "MARAC", "12"),
        ("view", "Data and methods", "12"),
    ]
    assert trail(roles_file)[1]["filters"]["lpa"] == [BIRMINGHAM]
    assert {e["role"] for e in trail(roles_file)} == {"analyst"}


def test_signing_out_is_audited(roles_file):
    at = signed_in("alice@example.org")
    next(b for b in at.sidebar.button if b.label == "Sign out").click().run()
    assert [(e["person"], e["event"]) for e in trail(roles_file)][-1] == ("alice@example.org", "sign_out")


def test_the_reader_is_refused_other_pages_and_held_force_wide(roles_file):
    overview = signed_in("bob@example.org", groups=["readers"], lpa=BIRMINGHAM)
    # Areas outside the role are refused on the Overview, not left out.
    refused = [area.title for area in AREAS if area.key not in ("investigations", "calls_and_response")]
    assert texts(overview.main.caption).count("Not in your role") == len(refused)
    allowed = {"app.py", "pages/investigations.py", "pages/calls_and_response.py"}
    assert "Not in your role: " + ", ".join(label for path, label, _ in PAGES if path not in allowed) in texts(
        overview.sidebar.caption
    )
    assert lpa_chooser(overview).value == []
    assert "force-wide figures only" in texts(overview.sidebar.info)
    assert "force-wide" in texts(overview.caption)
    assert not overview.get("download_button")
    assert "Your role does not include downloading the pack." in texts(overview.sidebar.caption)
    # Choosing an LPA anyway leaves the figures force-wide.
    before = [value for _, value in tiles(overview)]
    lpa_chooser(overview).select(BIRMINGHAM).run()
    assert lpa_chooser(overview).value == [] and [value for _, value in tiles(overview)] == before
    for page, title in (("pages/marac.py", "MARAC"), ("pages/data_and_methods.py", "Data and methods")):
        at = signed_in("bob@example.org", page, groups=["readers"])
        assert at.title[0].value == title
        assert "does not include the page" in at.error[0].value
        assert not tiles(at) and not at.dataframe and not at.header
    calls = signed_in("bob@example.org", "pages/calls_and_response.py", groups=["readers"], lpa=BIRMINGHAM)
    assert tiles(calls) and not calls.get("download_button")
    assert any(
        "Your role does not include downloads." in texts(part.caption) and not part.get("download_button")
        for part in each_part(calls)
    )
    events = [(e["event"], e["page"]) for e in trail(roles_file)]
    assert ("refused", "MARAC") in events and ("refused", "Data and methods") in events
    assert all(e["filters"].get("lpa") is None for e in trail(roles_file))


def test_a_broken_roles_file_stops_every_page(roles_file):
    roles_file.write_text(roles_file.read_text().replace("lpa_sensitive = false", "lpa_sensitive = 1"))
    at = signed_in("alice@example.org")
    assert "access configuration is wrong" in at.error[0].value and "lpa_sensitive" in at.error[0].value
    assert not tiles(at)


@pytest.mark.parametrize("path", [path for path, _, _ in PAGES if (REPO_DIR / path).exists()])
def test_a_role_with_every_page_sees_every_page(roles_file, path):
    # The gate finds a page by the title it passes to ui.page: each must match its label in PAGES.
    at = signed_in("alice@example.org", path)
    label = next(label for p, label, _ in PAGES if p == path)
    assert at.title[0].value == label and not at.error


def test_audit_lines_are_json_with_who_what_and_when(tmp_path):
    settings = audit.Settings(tmp_path / "audit")
    audit.record(
        settings, person="a@b", role="r", event="download", page="MARAC", filters={"lpa": ["x"]}, download="marac.csv"
    )
    line = json.loads((tmp_path / "audit" / "audit.jsonl").read_text())
    assert set(line) == {"time", "person", "role", "event", "page", "filters", "download"}
    assert line["time"].endswith("+00:00")
