"""Small-number protection: the one rule for every sensitive count shown for an LPA. Pure: frames in,
frames out (the data layer, `db.query`, applies it to every frame it hands out).

A count is sensitive where its SQL file says so (`-- returns: referrals BIGINT sensitive`). For one
LPA (a row per LPA, or a view of one LPA):
- a sensitive count is rounded to the nearest 5 (the force's `suppression_threshold`), the same
  figure always the same way; anything below 5, zero included, is shown as "<5";
- a figure derived from sensitive counts is worked out from the rounded counts, never the exact ones
  (`from referrals`: a rate or per-month mean proportional to a count; `from repeats/referrals`: a
  share of two counts), and blanked with a count shown as "<5" (`with enforced`: a median of cases).
A view of several, but not all, LPAs shows no sensitive figure: subtracting one LPA's rounded figure
from a rounded pair would narrow it again. Force-wide figures are exact.

Why this survives differencing: everything an LPA-level view shows is a function of the rounded counts
alone, so adding or subtracting figures (window means against months, stock against flow, share times
count, force-wide against the other LPAs) only ever recovers rounded counts, each uncertain by up to 2
either way, and "<5" never comes out as one number. Zero is inside "<5" so that the force-wide figure
minus six exact zeros cannot single out the seventh LPA.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

# What a view of figures is for, as protection sees it.
FORCE = "force"  # force-wide: exact
LPA = "lpa"  # one LPA (or a row per LPA): rounded
SELECTION = "selection"  # several but not all LPAs: sensitive figures withheld

WITHHELD_MARK = "withheld"


@dataclass(frozen=True)
class Rule:
    """How one column is protected: `sensitive` (a count), `from` (derived from the counts in `on`:
    one count for a proportional figure, numerator and denominator for a share) or `with` (blanked
    with the count in `on`)."""

    kind: str
    on: tuple[str, ...] = ()


PUBLIC = "public"  # a count said to be safe to show exactly (a caseload, a number of managers)


def parse_rule(text: str) -> Rule | None:
    """A column's protection from the words after its type in a SQL header, or None if it has none:
    'sensitive', 'from referrals', 'from repeats/referrals', 'with enforced', or 'public' (shown exactly)."""
    words = text.split()
    if not words or words == [PUBLIC]:
        return None
    if words == ["sensitive"]:
        return Rule("sensitive")
    if len(words) == 2 and words[0] in ("from", "with"):
        on = tuple(words[1].split("/"))
        if len(on) in (1, 2) and (words[0] == "from" or len(on) == 1):
            return Rule(words[0], on)
    raise ValueError(f"unknown protection {text!r}: say 'sensitive', 'from COUNT', 'from COUNT/COUNT', 'with COUNT' "
                     "or 'public'")


def primary_mark(threshold: int) -> str:
    return f"<{threshold}"


def explanation(threshold: int) -> str:
    """The plain sentence shown on every page with sensitive figures, and carried in CSV downloads."""
    return (
        f"To protect the people behind small numbers, counts of people for an LPA are rounded to the nearest "
        f"{threshold} and anything below {threshold} (zero included) is shown as \"{primary_mark(threshold)}\"; "
        "rates, shares and averages for an LPA are worked out from the rounded counts, and sensitive figures for "
        "several LPAs together are shown only force-wide."
    )


def rounded(values: pd.Series, threshold: int) -> pd.Series:
    """Counts rounded to the nearest multiple of `threshold` (halves up); below it, NaN ("<5")."""
    values = values.astype(float)
    out = threshold * np.floor(values / threshold + 0.5)
    return out.where(values >= threshold)


def protect(frame: pd.DataFrame, rules: Mapping[str, Rule], *, threshold: int, level: str) -> pd.DataFrame:
    """A copy of `frame` with every column in `rules` protected for `level` (FORCE, LPA or SELECTION).

    A frame with an `lpa` column holds one LPA a row, so it is protected as LPA level whatever the
    view. The protected columns are listed in `attrs["protected"]` (for `for_people`), with the level.
    """
    if "lpa" in frame.columns and level == FORCE:
        level = LPA
    if level == FORCE or not rules:
        return frame
    out = frame.copy()
    counts = {c: frame[c].astype(float) for c, r in rules.items() if r.kind == "sensitive" and c in frame}
    shown = {c: rounded(v, threshold) if level == LPA else v * np.nan for c, v in counts.items()}
    for column, rule in rules.items():
        if column not in frame:
            continue
        if rule.kind == "sensitive":
            out[column] = shown[column]
            continue
        value = frame[column].astype(float)
        if rule.kind == "with":
            out[column] = value.where(shown[rule.on[0]].notna())
            continue
        # Derived from counts: scale by rounded over exact, so it is the figure the rounded counts give.
        factor = pd.Series(1.0, index=frame.index)
        for i, count in enumerate(rule.on):
            ratio = shown[count] / counts[count].where(counts[count] != 0)
            factor = factor * (ratio if i == 0 else 1 / ratio)
        out[column] = value * factor
    # Counts missing in the data itself (repeats before 12 months of look-back) are not small numbers.
    missing = {c: frozenset(frame.index[v.isna()]) for c, v in counts.items()}
    out.attrs = {"protected": tuple(counts), "level": level, "threshold": threshold, "missing": missing}
    return out


def blanked(frame: pd.DataFrame, column: str) -> pd.Series:
    """For a protected frame: where `column` is blank because it is protected, not missing in the data."""
    missing = frame.attrs.get("missing", {}).get(column, frozenset())
    return frame[column].isna() & ~frame.index.isin(list(missing))


def withheld_rows(frame: pd.DataFrame) -> np.ndarray:
    """For a protected frame: which rows hold a sensitive count that is blank (shown as "<5" or withheld)."""
    protected = [c for c in frame.attrs.get("protected", ()) if c in frame]
    if not protected:
        return np.zeros(len(frame), dtype=bool)
    return np.logical_or.reduce([blanked(frame, c).to_numpy() for c in protected])


def for_people(frame: pd.DataFrame) -> pd.DataFrame:
    """A protected frame for a table or a CSV: a blank sensitive count becomes "<5" (or "withheld" for
    several LPAs together), and rows with a mark carry the explanation. Other frames are unchanged."""
    protected = frame.attrs.get("protected", ())
    if not protected:
        return frame
    threshold = frame.attrs["threshold"]
    mark = primary_mark(threshold) if frame.attrs["level"] == LPA else WITHHELD_MARK
    out = frame.copy()
    marked = withheld_rows(frame)
    for column in protected:
        blank = blanked(frame, column).to_numpy()
        out[column] = np.where(blank, mark, out[column].map(lambda v: "" if pd.isna(v) else f"{v:,.0f}"))
    if marked.any():
        out["suppression_note"] = np.where(marked, explanation(threshold), "")
    out.attrs = {}
    return out


def withheld_windows(frame: pd.DataFrame, measures: Sequence, windows: Mapping[str, tuple]) -> dict[str, frozenset]:
    """For tiles: measure key -> the windows whose figure rests on a count shown as "<5" in `frame`.

    `windows` maps a window's label ('What was', 'What is') to its (start, end) months, half-open. A
    backlog is read at the window's last month; any other count or share needs every month of the window.
    Durations (medians) leave out the months they are blanked in, so they are never withheld here.
    """
    protected = set(frame.attrs.get("protected", ()))
    if "month" not in frame:
        return {}
    blank = {c: blanked(frame, c).to_numpy() for c in protected if c in frame}
    months = pd.to_datetime(frame["month"]).to_numpy()
    rows = {label: np.flatnonzero((months >= np.datetime64(start)) & (months < np.datetime64(end)))
            for label, (start, end) in windows.items()}
    # A backlog's row: the window's last month (the last such row, as a stable sort would leave it).
    last = {label: inside[np.argsort(months[inside], kind="stable")[-1:]] for label, inside in rows.items()}
    result: dict[str, frozenset] = {}
    for measure in measures:
        columns = [c for c in (measure.value, measure.denominator) if c and c in protected]
        if not columns or measure.unit == "days":
            continue
        hidden = set()
        for label in windows:
            inside = last[label] if measure.unit == "backlog" else rows[label]
            if inside.size == 0 or any(blank[c][inside].any() for c in columns):
                hidden.add(label)
        result[measure.key] = frozenset(hidden)
    return result


@dataclass(frozen=True)
class TileValues:
    """What a headline tile shows, already protected: every text a tile or a slide needs."""

    value: str  # what is
    was: str
    change: str | None
    change_verdict: str  # Q1, compared with before
    model_verdict: str  # Q2, against the earlier trend
    sentence: str
    suppressed: bool
    model_line: str = ""  # Q2 in words with its figures and where the earlier path leads (wording.model_line)
    model_figures: str = ""  # Q2 in words with its figures only (wording.model_figures)
    notes: tuple[str, ...] = ()  # the placebo (wording.notes)
    definition: str = ""
    tone: str = "off"  # "good", "bad" or "off": colours the change by Q1


WITHHELD_VERDICT = "withheld (small numbers)"


def tile_values(comparison, withheld: frozenset[str], threshold: int, was_label: str = "what was",
                is_label: str = "what is", mark: str | None = None) -> TileValues:
    """The texts of one tile. A window in `withheld` (from `withheld_windows`) is shown as `mark`
    ("<5" by default); then the change and both verdicts are withheld too, since they would give it
    away."""
    from briefing import wording

    c, m = comparison, comparison.measure
    if not withheld:
        return TileValues(
            wording.format_value(c.is_, m), wording.format_value(c.was, m), wording.format_change(c),
            c.change_verdict, c.model_verdict, wording.describe(c, was_label, is_label), False,
            wording.model_line(c), wording.model_figures(c), tuple(wording.notes(c)), wording.definition(m),
            c.tone,
        )
    mark = mark or primary_mark(threshold)
    value = mark if "What is" in withheld else wording.format_value(c.is_, m)
    was = mark if "What was" in withheld else wording.format_value(c.was, m)
    return TileValues(
        value, was, None, WITHHELD_VERDICT, WITHHELD_VERDICT,
        f"{m.label}: {was} ({was_label}), {value} ({is_label}). {explanation(threshold)}", True,
        definition=wording.definition(m),
    )


def shown_tiles(comparisons: Sequence, withheld: Mapping[str, frozenset], view) -> list[TileValues]:
    """What the tiles of one view show, in the app and in the briefing pack alike."""
    threshold = view.force.suppression_threshold

    def mark(c) -> str:
        # "<5" only where the figure is itself a count; a share or rate resting on one reads "withheld".
        counted = c.measure.unit in ("count", "backlog") and view.level != SELECTION
        return primary_mark(threshold) if counted else WITHHELD_MARK

    return [
        tile_values(c, withheld.get(c.measure.key, frozenset()), threshold, view.was.label(), view.is_.label(),
                    mark(c))
        for c in comparisons
    ]
