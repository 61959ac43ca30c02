"""Who may see what: the roles in `data/roles.toml`, read and checked (the gate that applies them is
`briefing.app.gate`).

With an `[auth]` section in `.streamlit/secrets.toml` the app signs people in through the force's
identity provider (OpenID Connect, Streamlit's `st.login`) and gives each a role from
`data/roles.toml` (`BRIEFING_ROLES` points elsewhere). Without one it runs in local mode: everything
is shown, to this computer only; a connection from anywhere else, or through a proxy, is refused.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NoReturn

from briefing.access import audit
from briefing.areas.declarations import AREAS
from briefing.areas.site import PAGES
from briefing.config import REPO_DIR

ALL = "all"
_ROLE_KEYS = {
    "label",
    "areas",
    "pages",
    "download_csv",
    "download_pack",
    "lpa_sensitive",
    "reads_audit",
    "emails",
    "groups",
}
_FLAGS = ("download_csv", "download_pack", "lpa_sensitive", "reads_audit")


class RolesError(ValueError):
    """roles.toml is missing, unreadable or wrong; the message names the file and the problem."""


@dataclass(frozen=True)
class Role:
    key: str
    label: str
    areas: frozenset[str]  # concern area keys (briefing/areas/declarations.py)
    pages: frozenset[str]  # page paths (briefing.app.ui.PAGES); an area's page comes with its area
    download_csv: bool
    download_pack: bool
    lpa_sensitive: bool  # False: force-wide figures only, the LPA filter held at force-wide
    reads_audit: bool
    emails: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()

    def sees_area(self, key: str) -> bool:
        return key in self.areas

    def sees_page(self, path: str) -> bool:
        return path in self.pages or any(area.page == path for area in AREAS if area.key in self.areas)


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
        return next((r for r in self.roles if email and email in r.emails), None) or next(
            (r for r in self.roles if r.groups & groups), None
        )


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
    def fail(problem: str) -> NoReturn:
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
    area_keys = [area.key for area in AREAS]
    area_pages = {area.page for area in AREAS}
    other_pages = [p for p in [path for path, _, _ in PAGES] if p not in area_pages]
    roles: list[Role] = []
    seen_emails: dict[str, str] = {}
    if not isinstance(raw.get("roles"), dict) or not raw["roles"]:
        fail("needs at least one [roles.<name>] table")
    for key, spec in raw["roles"].items():
        where = f"[roles.{key}]"
        if not isinstance(spec, dict):
            fail(f"{where} must be a table")
        missing, extra = _ROLE_KEYS - set(spec) - {"emails", "groups"}, set(spec) - _ROLE_KEYS
        if missing or extra:
            fail(
                f"{where} "
                + "; ".join(
                    filter(
                        None,
                        [
                            f"is missing {', '.join(sorted(missing))}" if missing else None,
                            f"has unknown setting(s) {', '.join(sorted(extra))}" if extra else None,
                        ],
                    )
                )
            )
        for flag in _FLAGS:
            if not isinstance(spec[flag], bool):
                fail(f"{where} {flag} must be true or false")
        if not isinstance(spec["label"], str) or not spec["label"].strip():
            fail(f"{where} label must be text")
        areas = _choices(spec["areas"], area_keys, f"{where} areas", fail, "concern area keys")
        pages = _choices(
            spec["pages"], other_pages, f"{where} pages", fail, "page paths (an area's page comes with its area)"
        )
        if spec["download_pack"] and set(areas) != set(area_keys):
            fail(f'{where} download_pack needs areas = "all": the pack holds every concern area')
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
        roles.append(
            Role(
                key,
                spec["label"].strip(),
                frozenset(areas),
                frozenset(pages),
                **flags,
                emails=members["emails"],
                groups=members["groups"],
            )
        )
    return Roles(claims["email_claim"], claims["group_claim"], tuple(roles), _audit_settings(raw.get("audit"), fail))


def _choices(value, known: list[str], where: str, fail, what: str) -> list[str]:
    if value == ALL:
        return known
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        fail(f'{where} must be "all" or a list of {what}')
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


NOBODY = Role("none", "No role", frozenset(), frozenset(), False, False, False, False)


def local_role() -> Role:
    """Local mode: one person on their own computer sees everything, as before sign-in existed."""
    return Role(
        "local",
        "Local mode",
        frozenset(a.key for a in AREAS),
        frozenset(path for path, _, _ in PAGES),
        True,
        True,
        True,
        False,
    )
