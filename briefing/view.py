"""The shared filters: LPA, comparison windows and trend window, kept in the URL, as one View.

A View is what a person is looking at: the force, the LPAs chosen, the two comparison windows and the
trend window, with the query parameters they give. `parse` turns URL query parameters into a View,
validating every value against known ones and falling back to defaults with a note. The sidebar
(`briefing.app.sidebar`) draws the widgets, seeded from the URL, and writes the canonical parameters
back, so every view is a shareable link. Widgets produce URL parameters too, so there is one path from
input to View.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd

from briefing import protect
from briefing.config import Force, Preset

CUSTOM = "custom"
TREND_CHOICES = {"all": "All months", "36": "Latest 36 months", "24": "Latest 24 months", "12": "Latest 12 months"}
DEFAULT_TREND = "all"
KNOWN_KEYS = {"lpa", "cmp", "is_from", "is_to", "was_from", "was_to", "trend", "embed", "embed_options"}
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
# URL text quoted back in a note is cut to this many characters; at most this many unknown keys are named.
SHOWN_CHARACTERS = 40
SHOWN_KEYS = 5


@dataclass(frozen=True)
class Window:
    """Whole months, half-open: start is the first month, end the month after the last."""

    start: date
    end: date

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month

    @property
    def last(self) -> date:
        """The window's last month."""
        return (pd.Timestamp(self.end) - pd.offsets.MonthBegin(1)).date()

    def label(self) -> str:
        return f"{self.start:%b %Y} to {self.last:%b %Y}"


def add_months(month: date, n: int) -> date:
    return (pd.Timestamp(month) + pd.DateOffset(months=n)).date()


def month_text(month: date) -> str:
    return f"{month:%Y-%m}"


@dataclass(frozen=True)
class View:
    force: Force = field(compare=False)
    lpas: tuple[str, ...]  # empty means force-wide
    preset: str
    was: Window
    is_: Window
    trend: str
    earliest: date
    latest: date
    notes: tuple[str, ...] = field(default=(), compare=False)

    @property
    def force_wide(self) -> bool:
        return not self.lpas

    @property
    def level(self) -> str:
        """For small-number protection: force-wide (every LPA counts), one LPA, or a selection of several."""
        if not self.lpas or set(self.lpas) >= set(self.force.lpas):
            return protect.FORCE
        return protect.LPA if len(self.lpas) == 1 else protect.SELECTION

    @property
    def compared(self) -> View:
        """This view with the default trend window: all that tiles, tables and breakdowns depend on.
        They are kept per compared view, so choosing another trend window redraws only the trend charts."""
        return replace(self, trend=DEFAULT_TREND)

    @property
    def trend_window(self) -> Window:
        end = add_months(self.latest, 1)
        start = self.earliest if self.trend == "all" else max(self.earliest, add_months(end, -int(self.trend)))
        return Window(start, end)

    @property
    def params(self) -> dict:
        """Query parameters: the LPAs chosen and every LPA of the force, the half-open span from the first
        month of data (verdicts project the whole earlier trend) to the end of both windows and the trend,
        each window's bounds, and the force's public protection settings (a query binds only those it
        declares)."""
        settings = self.force.protection
        return {
            "lpas": list(self.lpas or self.force.lpas),
            "force_lpas": list(self.force.lpas),
            "start": self.earliest,
            "end": max(self.is_.end, self.trend_window.end),
            "was_start": self.was.start,
            "was_end": self.was.end,
            "is_start": self.is_.start,
            "is_end": self.is_.end,
            "grades": [grade for grade, _ in settings.enforcement_guide_days],
            "guide_days": [days for _, days in settings.enforcement_guide_days],
            "target_days": settings.disclosure_target_days,
            "deadline": settings.disclosure_deadline,
        }

    @property
    def windows(self) -> dict[str, tuple[date, date]]:
        """Each comparison window's label and (start, end) months, half-open."""
        return {"What was": (self.was.start, self.was.end), "What is": (self.is_.start, self.is_.end)}

    @property
    def lpa_label(self) -> str:
        if self.force_wide:
            return f"{self.force.short_name} force-wide"
        return ", ".join(self.force.lpa_name(code) for code in self.lpas)

    def to_query(self) -> dict[str, str | list[str]]:
        query: dict[str, str | list[str]] = {}
        if self.lpas:
            query["lpa"] = list(self.lpas)
        query["cmp"] = self.preset
        if self.preset == CUSTOM:
            query["is_from"] = month_text(self.is_.start)
            query["is_to"] = month_text(self.is_.last)
            query["was_from"] = month_text(self.was.start)
            query["was_to"] = month_text(self.was.last)
        query["trend"] = self.trend
        return query


def preset_windows(preset: Preset, force: Force, latest: date) -> tuple[Window, Window]:
    """(what was, what is) for a preset, anchored to the latest month of data."""
    end = add_months(latest, 1)
    if preset.kind == "since_model":
        model_month = force.model_change.replace(day=1)
        is_ = Window(model_month, end)
        return Window(add_months(model_month, -is_.months), model_month), is_
    months = int(preset.months or 12)
    is_ = Window(add_months(end, -months), end)
    if preset.kind == "latest_vs_previous":
        return Window(add_months(is_.start, -months), is_.start), is_
    if preset.kind == "latest_vs_year_earlier":
        return Window(add_months(is_.start, -12), add_months(is_.end, -12)), is_
    raise ValueError(f"unknown preset kind {preset.kind!r}")


def _quoted(value: str) -> str:
    """A value from the URL, cut to a sensible length, for a note."""
    cut = value if len(value) <= SHOWN_CHARACTERS else value[:SHOWN_CHARACTERS] + "..."
    return repr(cut)


def _one(query: dict[str, list[str]], key: str) -> str | None:
    values = query.get(key) or []
    return values[-1] if values else None


def _month(value: str | None) -> date | None:
    if value is None or not _MONTH.match(value):
        return None
    return date(int(value[:4]), int(value[5:]), 1)


def parse(query: dict[str, list[str]], force: Force, earliest: date, latest: date) -> View:
    """The View from URL parameters ({key: [values]}). Never raises: bad values become notes."""
    notes = []
    unknown = sorted(set(query) - KNOWN_KEYS)
    if unknown:
        named = ", ".join(_quoted(key) for key in unknown[:SHOWN_KEYS])
        more = f" and {len(unknown) - SHOWN_KEYS} more" if len(unknown) > SHOWN_KEYS else ""
        notes.append(f"Ignored unknown URL parameter(s) {named}{more}.")
    lpas = []
    for code in query.get("lpa", []):
        if code in force.lpas and code not in lpas:
            lpas.append(code)
        elif code not in force.lpas:
            notes.append(f"Ignored unknown LPA code {_quoted(code)}; showing known LPAs only.")
    presets = {p.key: p for p in force.presets}
    default = force.presets[0]
    preset_key = _one(query, "cmp") or default.key
    if preset_key not in presets and preset_key != CUSTOM:
        notes.append(f"Unknown comparison {_quoted(preset_key)}; using '{default.label}'.")
        preset_key = default.key
    if preset_key == CUSTOM:
        given = [_month(_one(query, k)) for k in ("was_from", "was_to", "is_from", "is_to")]
        bounds = [b for b in given if b is not None]
        problem = None
        if len(bounds) < len(given):
            problem = "custom windows need was_from, was_to, is_from and is_to as YYYY-MM"
        elif bounds[1] < bounds[0] or bounds[3] < bounds[2]:
            problem = "a window ends before it starts"
        elif min(bounds) < earliest or max(bounds) > latest:
            problem = f"windows must lie between {earliest:%b %Y} and {latest:%b %Y}"
        if problem:
            notes.append(f"Custom comparison ignored: {problem}; using '{default.label}'.")
            preset_key = default.key
        else:
            was = Window(bounds[0], add_months(bounds[1], 1))
            is_ = Window(bounds[2], add_months(bounds[3], 1))
    if preset_key != CUSTOM:
        was, is_ = preset_windows(presets[preset_key], force, latest)
    trend = _one(query, "trend") or DEFAULT_TREND
    if trend not in TREND_CHOICES:
        notes.append(f"Unknown trend window {_quoted(trend)}; showing all months.")
        trend = DEFAULT_TREND
    return View(force, tuple(lpas), preset_key, was, is_, trend, earliest, latest, tuple(notes))
