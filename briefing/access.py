"""Who may see what: sign-in, roles, and the gate every page passes through.

With an `[auth]` section in `.streamlit/secrets.toml` the app signs people in through the force's
identity provider (OpenID Connect, Streamlit's `st.login`) and gives each a role from
`data/roles.toml` (`BRIEFING_ROLES` points elsewhere). Without one it runs in local mode: everything
is shown, to this computer only; a connection from anywhere else, or through a proxy, is refused.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import streamlit as st

from briefing import audit
from briefing.config import REPO_DIR

ALL = "all"
_ROLE_KEYS = {"label", "areas", "pages", "download_csv", "download_pack", "lpa_sensitive", "reads_audit",
              "emails", "groups"}
_FLAGS = ("download_csv", "download_pack", "lpa_sensitive", "reads_audit")
# Headers a reverse proxy adds: in local mode a request carrying one came from elsewhere.
_PROXY_HEADERS = ("X-Forwarded-For", "X-Real-Ip", "Forwarded")


class RolesError(ValueError):
    """roles.toml is missing, unreadable or wrong; the message names the file and the problem."""


@dataclass(frozen=True)
class Role:
    key: str
    label: str
    areas: frozenset[str]  # concern area keys (briefing/areas.py)
    pages: frozenset[str]  # page paths (briefing.ui.PAGES); an area's page comes with its area
    download_csv: bool
    download_pack: bool
    lpa_sensitive: bool  # False: force-wide figures only, the LPA filter held at force-wide
    reads_audit: bool
    emails: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()

    def sees_area(self, key: str) -> bool:
        return key in self.areas

    def sees_page(self, path: str) -> bool:
        return path in self.pages or any(area.page == path for area in _areas() if area.key in self.areas)


@dataclass(frozen=True)
class Roles:
    email_claim: str
    group_claim: str
    roles: tuple[Role, ...]
    audit: audit.Settings

    def role_for(self, claims: dict) -> Role | None:
        """The first role listing the person's email, else the first listing one of their groups."""
        email = str(claims.get(self.email_claim) or "").strip().lower()
        groups = claims.get(self.group_claim) or []
        groups = {groups} if isinstance(groups, str) else {str(g) for g in groups}
        return (next((r for r in self.roles if email and email in r.emails), None)
                or next((r for r in self.roles if r.groups & groups), None))


def _areas():
    from briefing.areas import AREAS

    return AREAS


def _page_paths() -> list[str]:
    from briefing.ui import PAGES

    return [path for path, _, _ in PAGES]


def roles_path() -> Path:
    return Path(os.environ.get("BRIEFING_ROLES", REPO_DIR / "data" / "roles.toml"))


def load_roles(path: Path | None = None) -> Roles:
    """Read and check roles.toml. Raises RolesError naming the file and the problem."""
    path = path or roles_path()
    try:
        stat = path.stat()
    except OSError as exc:
        raise RolesError(f"{path} cannot be read: {exc.strerror}") from None
    return _load_roles(path, stat.st_mtime_ns, stat.st_size)


@cache
def _load_roles(path: Path, _mtime: int, _size: int) -> Roles:
    # Cached per file version: an edit applies at the next page load.
    def fail(problem: str):
        raise RolesError(f"{path}: {problem}")

    try:
        with open(path, "rb") as fh:
            raw = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        fail(f"cannot be read: {exc}")
    unknown = set(raw) - {"email_claim", "group_claim", "audit", "roles"}
    if unknown:
        fail(f"unknown setting(s) {', '.join(sorted(unknown))}")
    claims = {}
    for key in ("email_claim", "group_claim"):
        claims[key] = raw.get(key, {"email_claim": "email", "group_claim": "groups"}[key])
        if not isinstance(claims[key], str) or not claims[key]:
            fail(f"{key} must be a claim name (text)")
    area_keys = [area.key for area in _areas()]
    area_pages = {area.page for area in _areas()}
    other_pages = [p for p in _page_paths() if p not in area_pages]
    roles, seen_emails = [], {}
    if not isinstance(raw.get("roles"), dict) or not raw["roles"]:
        fail("needs at least one [roles.<name>] table")
    for key, spec in raw["roles"].items():
        where = f"[roles.{key}]"
        if not isinstance(spec, dict):
            fail(f"{where} must be a table")
        missing, extra = _ROLE_KEYS - set(spec) - {"emails", "groups"}, set(spec) - _ROLE_KEYS
        if missing or extra:
            fail(f"{where} " + "; ".join(filter(None, [
                missing and f"is missing {', '.join(sorted(missing))}",
                extra and f"has unknown setting(s) {', '.join(sorted(extra))}"])))
        for flag in _FLAGS:
            if not isinstance(spec[flag], bool):
                fail(f"{where} {flag} must be true or false")
        if not isinstance(spec["label"], str) or not spec["label"].strip():
            fail(f"{where} label must be text")
        areas = _choices(spec["areas"], area_keys, f"{where} areas", fail, "concern area keys")
        pages = _choices(spec["pages"], other_pages, f"{where} pages", fail,
                         "page paths (an area's page comes with its area)")
        if spec["download_pack"] and set(areas) != set(area_keys):
            fail(f"{where} download_pack needs areas = \"all\": the pack holds every concern area")
        members = {}
        for name in ("emails", "groups"):
            values = spec.get(name, [])
            if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
                fail(f"{where} {name} must be a list of text")
            members[name] = frozenset(v.strip().lower() if name == "emails" else v.strip() for v in values)
        for email in members["emails"]:
            if email in seen_emails:
                fail(f"{email} is listed in both [roles.{seen_emails[email]}] and {where}; give a person one role")
            seen_emails[email] = key
        flags = {flag: spec[flag] for flag in _FLAGS}
        roles.append(Role(key, spec["label"].strip(), frozenset(areas), frozenset(pages), **flags, **members))
    return Roles(claims["email_claim"], claims["group_claim"], tuple(roles), _audit_settings(raw.get("audit"), fail))


def _choices(value, known: list[str], where: str, fail, what: str) -> list[str]:
    if value == ALL:
        return known
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        fail(f"{where} must be \"all\" or a list of {what}")
    unknown = [v for v in value if v not in known]
    if unknown:
        fail(f"{where}: unknown {', '.join(map(repr, unknown))}; known {what}: {', '.join(known)}")
    return value


def _audit_settings(spec, fail) -> audit.Settings:
    if not isinstance(spec, dict) or set(spec) != {"folder", "max_megabytes", "keep"}:
        fail("needs an [audit] table with exactly folder, max_megabytes and keep")
    if not isinstance(spec["folder"], str) or not spec["folder"]:
        fail("[audit] folder must be a folder path")
    for key in ("max_megabytes", "keep"):
        if isinstance(spec[key], bool) or not isinstance(spec[key], int | float) or spec[key] <= 0:
            fail(f"[audit] {key} must be a positive number")
    folder = (REPO_DIR / spec["folder"]).resolve()
    if folder.is_relative_to((REPO_DIR / "data").resolve()):
        fail("[audit] folder must be outside data/ (the extracts)")
    return audit.Settings(folder, int(spec["max_megabytes"] * 1_000_000), int(spec["keep"]))


_NOBODY = Role("none", "No role", frozenset(), frozenset(), False, False, False, False)


def sign_in_configured() -> bool:
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # no secrets.toml at all (Streamlit's own error subclasses it)
        return False


def current() -> Role:
    """The role of the person viewing this session (set by `gate`); no role before it has run."""
    return st.session_state.get("access_role", _NOBODY)


def gate(title: str) -> None:
    """Let the person see page `title`, or show why not and stop. Call before anything is drawn."""
    state = st.session_state
    if not sign_in_configured():
        _local_only()
        state["access_role"], state["access_person"] = _local_role(), "local"
        st.sidebar.caption(":material/lock_open: Local mode: not signed in")
        return
    if not st.user.is_logged_in:
        state.pop("access_role", None)
        st.title("Briefing")
        st.write("Sign in with your force account to see the briefing.")
        st.button("Sign in", on_click=st.login, icon=":material/login:", type="primary")
        st.stop()
    try:
        roles = load_roles()
    except RolesError as exc:
        st.error(f"The access configuration is wrong, so no page is shown until it is fixed: {exc}",
                 icon=":material/error:")
        st.stop()
    claims = st.user.to_dict()
    person = str(claims.get(roles.email_claim) or claims.get("sub") or "unknown")
    shown = _literal(person)
    role = roles.role_for(claims)
    state["access_person"], state["access_settings"] = person, roles.audit
    state["access_role"] = role or _NOBODY
    if role is None:
        _record("no_access", title, {})
        st.title("No access")
        st.write(f"You are signed in as **{shown}**, but no role in this app includes you. "
                 "Ask the app's administrator for access.")
        st.button("Sign out", on_click=st.logout, icon=":material/logout:")
        st.stop()
    _sidebar(shown, role)
    path = page_path(title)
    if path is None or not role.sees_page(path):
        _record("refused", title, {})
        st.title(title)
        st.error(f"Your role ({role.label}) does not include the page **{title}**, so it is not shown. "
                 "Ask the app's administrator if you need it.", icon=":material/block:")
        for allowed, label, icon in _allowed_pages(role):
            st.page_link(allowed, label=label, icon=icon)
        st.stop()
    if not role.lpa_sensitive:
        _hold_force_wide()


def _literal(text: str) -> str:
    """Text from the identity provider, shown as written (no Markdown, links or icons)."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~:$])", r"\\\1", text)


def _local_only() -> None:
    """Local mode answers this computer only: refuse any other address, and anything through a proxy."""
    # ip_address is None for a loopback client (AppTest's simulated client has no address at all).
    ip, headers = st.context.ip_address, st.context.headers
    if isinstance(ip, str) or any(h in headers for h in _PROXY_HEADERS):
        st.title("Briefing")
        st.error("This app is running in local mode (no sign-in configured), so it answers only on the "
                 "computer it runs on. To serve it to others, configure sign-in: see the README.",
                 icon=":material/block:")
        st.stop()


def _local_role() -> Role:
    # Local mode: one person on their own computer sees everything, as before sign-in existed.
    return Role("local", "Local mode", frozenset(a.key for a in _areas()), frozenset(_page_paths()),
                True, True, True, False)


def _sidebar(person: str, role: Role) -> None:
    st.sidebar.caption(f":material/account_circle: Signed in as **{person}** · {role.label}")
    refused = [label for path, label, _ in _pages() if not role.sees_page(path)]
    if refused:
        st.sidebar.caption(f"Not in your role: {', '.join(refused)}.")
    st.sidebar.button("Sign out", on_click=_sign_out, icon=":material/logout:")


def _sign_out() -> None:
    """Audit the sign-out, then sign out (if the trail cannot be written, the person stays signed in and
    the page says why, as for a view)."""
    _write(event="sign_out", page="", filters={})
    st.logout()


def _hold_force_wide() -> None:
    # Before the filters are drawn: drop any LPA from the link and from the widget's state.
    if "lpa" in st.query_params:
        del st.query_params["lpa"]
    if st.session_state.get("f_lpas"):
        st.session_state["f_lpas"] = []
    st.sidebar.info("Your role sees force-wide figures only: the LPA filter stays at force-wide.",
                    icon=":material/lock:")


def _pages():
    from briefing.ui import PAGES

    return [p for p in PAGES if (REPO_DIR / p[0]).exists()]


def _allowed_pages(role: Role):
    return [p for p in _pages() if role.sees_page(p[0])]


def page_path(title: str) -> str | None:
    return next((path for path, label, _ in _pages() if label == title), None)


def record_view(title: str, filters: dict) -> None:
    """Audit a page view, or a change of filters on the same page (not every rerun)."""
    _record("view", title, filters)


def _record(event: str, title: str, filters: dict) -> None:
    state = st.session_state
    view = (title, json.dumps(filters, sort_keys=True))
    last = state.get("access_last_view")
    if last == view:
        return
    if event == "view" and last is not None and last[0] == title:
        event = "filters"
    try:
        _write(event=event, page=title, filters=filters)
    except OSError as exc:
        st.error(f"The audit trail cannot be written ({exc.strerror}), so nothing is shown until it can. "
                 "Tell the app's administrator.", icon=":material/error:")
        st.stop()
    state["access_last_view"] = view


def _write(**fields) -> None:
    state = st.session_state
    settings = state.get("access_settings")
    if settings is None:  # local mode keeps no trail
        return
    audit.record(settings, person=state["access_person"], role=current().key, **fields)


def audited_download(file_name: str, make: Callable[[], bytes]) -> Callable[[], bytes]:
    """Wrap a download's builder so that building it (on click) writes an audit line first."""
    state = st.session_state
    settings = state.get("access_settings")
    page, filters = state.get("access_last_view") or ("", "{}")
    fields = {"person": state.get("access_person"), "role": current().key, "event": "download",
              "page": page, "filters": json.loads(filters), "download": file_name}

    def build() -> bytes:
        # Runs outside the script (Streamlit calls it when the button is clicked): all it needs is
        # captured above.
        if settings is not None:
            audit.record(settings, **fields)
        return make()

    return build


def audit_settings() -> audit.Settings | None:
    """Where this session's audit trail is written (None in local mode)."""
    return st.session_state.get("access_settings")
