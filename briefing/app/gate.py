"""The gate every page passes through: sign-in, the person's role, what the role lets them see, and the
audit trail of views and downloads.

With an `[auth]` section in `.streamlit/secrets.toml` the app signs people in through the force's
identity provider (OpenID Connect, Streamlit's `st.login`) and gives each a role from
`data/roles.toml` (`BRIEFING_ROLES` points elsewhere; `briefing.access.roles` reads it). Without one it
runs in local mode: everything is shown, to this computer only; a connection from anywhere else, or
through a proxy, is refused.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import streamlit as st

from briefing.access import audit
from briefing.access.roles import NOBODY, Role, RolesError, load_roles, local_role
from briefing.areas.site import PAGES
from briefing.config import REPO_DIR
from briefing.present import markdown

# Headers a reverse proxy adds: in local mode a request carrying one came from elsewhere.
_PROXY_HEADERS = ("X-Forwarded-For", "X-Real-Ip", "Forwarded")


def sign_in_configured() -> bool:
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # no secrets.toml at all (Streamlit's own error subclasses it)
        return False


def current() -> Role:
    """The role of the person viewing this session (set by `gate`); no role before it has run."""
    return st.session_state.get("access_role", NOBODY)


def gate(title: str) -> None:
    """Let the person see page `title`, or show why not and stop. Call before anything is drawn."""
    state = st.session_state
    if not sign_in_configured():
        _local_only()
        state["access_role"], state["access_person"] = local_role(), "local"
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
        st.error(
            f"The access configuration is wrong, so no page is shown until it is fixed: {exc}", icon=":material/error:"
        )
        st.stop()
    claims = st.user.to_dict()
    person = str(claims.get(roles.email_claim) or claims.get("sub") or "unknown")
    shown = markdown.escaped(person)
    role = roles.role_for(claims)
    state["access_person"], state["access_settings"] = person, roles.audit
    state["access_role"] = role or NOBODY
    if role is None:
        _record("no_access", title, {})
        st.title("No access")
        st.write(
            f"You are signed in as **{shown}**, but no role in this app includes you. "
            "Ask the app's administrator for access."
        )
        st.button("Sign out", on_click=st.logout, icon=":material/logout:")
        st.stop()
    _sidebar(shown, role)
    path = page_path(title)
    if path is None or not role.sees_page(path):
        _record("refused", title, {})
        st.title(title)
        st.error(
            f"Your role ({role.label}) does not include the page **{title}**, so it is not shown. "
            "Ask the app's administrator if you need it.",
            icon=":material/block:",
        )
        for allowed, label, icon in _allowed_pages(role):
            st.page_link(allowed, label=label, icon=icon)
        st.stop()
    if not role.lpa_sensitive:
        _hold_force_wide()


def _local_only() -> None:
    """Local mode answers this computer only: refuse any other address, and anything through a proxy."""
    # ip_address is None for a loopback client (AppTest's simulated client has no address at all).
    ip, headers = st.context.ip_address, st.context.headers
    if isinstance(ip, str) or any(h in headers for h in _PROXY_HEADERS):
        st.title("Briefing")
        st.error(
            "This app is running in local mode (no sign-in configured), so it answers only on the "
            "computer it runs on. To serve it to others, configure sign-in: see the README.",
            icon=":material/block:",
        )
        st.stop()


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
    st.sidebar.info(
        "Your role sees force-wide figures only: the LPA filter stays at force-wide.", icon=":material/lock:"
    )


def _pages():
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
        st.error(
            f"The audit trail cannot be written ({exc.strerror}), so nothing is shown until it can. "
            "Tell the app's administrator.",
            icon=":material/error:",
        )
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
    fields = {
        "person": state.get("access_person"),
        "role": current().key,
        "event": "download",
        "page": page,
        "filters": json.loads(filters),
        "download": file_name,
    }

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
