"""Small-number suppression: the one place that decides which sensitive counts are shown.

Public protection counts below the force's threshold (force.toml `suppression_threshold`, default
5) could identify a victim or an offender, so at LPA level:
- primary suppression: a count from 1 up to below the threshold is shown as "<5" (zero is shown);
- complementary suppression: where a group of cells adds up to a total that is shown (seven LPAs to
  the force-wide figure, risk grades to a caseload), a single suppressed cell could be worked out by
  subtraction, so the next-smallest cell in that group is withheld too, shown as "[c]";
- an aggregate over some but not all LPAs is withheld if any LPA in it is withheld, because the
  LPAs outside the selection are shown on their own.
Force-wide totals are always shown.

Every surface uses these functions: tiles (`tile_values`), tables and CSV downloads (`table`),
charts (`mask`, `withheld`); a briefing-pack export calls the same ones on a Comparison or a frame.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from briefing import db, wording
from briefing.areas import AREAS
from briefing.compare import Comparison, Window

PRIMARY = "primary"
COMPLEMENTARY = "complementary"
COMPLEMENTARY_MARK = "[c]"
SUPPRESSED_UNITS = ("count", "backlog")


def primary_mark(threshold: int) -> str:
    return f"<{threshold}"


def explanation(threshold: int) -> str:
    """The sentence shown beside anything suppressed (and carried in CSV downloads)."""
    return (
        f"To protect the people behind small numbers, counts from 1 to {threshold - 1} for an LPA are shown "
        f"as \"{primary_mark(threshold)}\"; \"{COMPLEMENTARY_MARK}\" marks a figure withheld so that a "
        "\"<\" figure cannot be worked out by subtracting the others from the total."
    )


def is_primary(value: float | None, threshold: int) -> bool:
    """A count from 1 up to below the threshold (a monthly mean such as 3.4 counts too)."""
    return value is not None and not pd.isna(value) and 0 < value < threshold


def _flag_group(values: pd.Series, threshold: int) -> pd.Series:
    flags = pd.Series("", index=values.index, dtype=object)
    small = values.apply(is_primary, threshold=threshold)
    flags[small] = PRIMARY
    # One suppressed cell alone is revealed by total minus the rest: withhold the next-smallest.
    if small.sum() == 1 and len(values) > 1:
        others = values[~small].fillna(np.inf)
        flags[others.idxmin()] = COMPLEMENTARY
    return flags


def flags(frame: pd.DataFrame, columns: Sequence[str], *, threshold: int, group: Sequence[str] = ()) -> pd.DataFrame:
    """For each cell of `columns`: '' (shown), 'primary' or 'complementary'.

    `frame` holds one row per member of an additive group (an LPA, a risk grade) within each
    combination of the `group` columns (e.g. window_label or month), so the members of one group add
    up to a total shown elsewhere. Returns a frame with the same index and the given columns.
    """
    result = pd.DataFrame(index=frame.index)
    for column in columns:
        values = frame[column].astype(float)
        if group:
            result[column] = values.groupby([frame[g] for g in group], group_keys=False).apply(
                _flag_group, threshold=threshold
            )
        else:
            result[column] = _flag_group(values, threshold)
    return result.reindex(frame.index)


def _two_way(frame: pd.DataFrame, column: str, threshold: int, group: Sequence[str],
             dims: Sequence[str]) -> pd.Series:
    """Flags for a table with two additive dimensions (e.g. LPA x risk level): every line along either
    dimension adds up to a shown total, so no line may hold a single suppressed cell. Complements the
    next-smallest cell of any such line, repeating until no line has one."""
    values = frame[column].astype(float)
    flag = pd.Series(np.where(values.apply(is_primary, threshold=threshold), PRIMARY, ""), index=frame.index,
                     dtype=object)
    changed = True
    while changed:
        changed = False
        for dim in dims:
            keys = list(group) + [d for d in dims if d != dim]
            for _, part in frame.groupby(keys, sort=False):
                line = part.index
                marked = flag[line].ne("")
                if marked.sum() == 1 and len(line) > 1:
                    flag[values[line][~marked].idxmin()] = COMPLEMENTARY
                    changed = True
    return flag


def selection_table(frame: pd.DataFrame, columns: Sequence[str], selected: Iterable[str], *, threshold: int,
                    group: Sequence[str], over: str, lpa_column: str = "lpa", detail: pd.DataFrame | None = None,
                    dependent: Sequence[str] = ()) -> pd.DataFrame:
    """A breakdown (rows `over`, e.g. risk level, within each `group`) summed over the selected LPAs,
    with small counts marked for screen and CSV.

    `frame` has every LPA x `over` x `group`. Cells are protected both ways (`_two_way`): across LPAs,
    because force-wide rows are shown, and across `over`, because each LPA's total is shown. A cell of
    some but not all LPAs is "<5" if small, else "[c]" if any LPA in it is withheld. Force-wide rows are
    never marked. `detail` (the selection's own frame, keyed by `group` and `over`) adds derived columns
    such as medians; those named in `dependent` are blanked on rows with a mark, since they rest on it.
    """
    selected = set(selected)
    everyone = not selected or selected >= set(frame[lpa_column])
    chosen = frame if everyone else frame[frame[lpa_column].isin(selected)]
    keys = list(group) + [over]
    out = chosen.groupby(keys, sort=False, as_index=False)[list(columns)].sum()
    if detail is not None:
        out = out.merge(detail.drop(columns=[c for c in columns if c in detail.columns]), on=keys, how="left")
    if everyone:
        return out
    marked = np.zeros(len(out), dtype=bool)
    for column in columns:
        hidden = _two_way(frame, column, threshold, group, (lpa_column, over)).ne("")[chosen.index]
        withheld_cells = hidden.groupby([chosen[k] for k in keys], sort=False).any()
        rows = pd.MultiIndex.from_frame(out[keys]) if len(keys) > 1 else pd.Index(out[keys[0]])
        hide = withheld_cells.reindex(rows).to_numpy(dtype=bool)
        small = out[column].apply(is_primary, threshold=threshold).to_numpy()
        out[column] = np.where(small, primary_mark(threshold),
                               np.where(hide, COMPLEMENTARY_MARK, out[column].map(_number)))
        marked |= small | hide
    for column in dependent:
        out[column] = out[column].astype(float).mask(marked)
    if marked.any():
        out["suppression_note"] = np.where(marked, explanation(threshold), "")
    return out


def withheld(frame: pd.DataFrame, columns: Sequence[str], selected: Iterable[str], *, threshold: int,
             group: Sequence[str], lpa_column: str = "lpa") -> pd.DataFrame:
    """Whether the figure for a selection of LPAs must be withheld, per group and column.

    `frame` has one row per LPA (every LPA of the force) per group. An empty selection is force-wide
    and never withheld; a selection of some LPAs is withheld where any of them is flagged.
    Returns the group columns plus one boolean column per column.
    """
    selected = set(selected)
    cell_flags = flags(frame, columns, threshold=threshold, group=group)
    if not selected or selected >= set(frame[lpa_column]):
        hidden = pd.DataFrame(False, index=frame.index, columns=list(columns))
    else:
        hidden = cell_flags.ne("") & frame[lpa_column].isin(selected).to_numpy()[:, None]
    return pd.concat([frame[list(group)], hidden], axis=1).groupby(list(group), as_index=False).any()


def window_withheld(by_lpa: pd.DataFrame, columns: dict[str, str], selected: Iterable[str], *,
                    threshold: int, lpa_column: str = "lpa") -> dict[str, frozenset[str]]:
    """For tiles: measure key -> the windows ('What was', 'What is') withheld for this selection.

    `by_lpa` has lpa, window_label and, for each measure key in `columns`, the column holding that
    measure's window value per LPA (monthly mean for a count, value at the window's end for a backlog).
    """
    hidden = withheld(by_lpa, list(columns.values()), selected, threshold=threshold, group=["window_label"],
                      lpa_column=lpa_column)
    return {
        key: frozenset(hidden.loc[hidden[column], "window_label"])
        for key, column in columns.items()
    }


def tile_withheld(comparisons: Sequence[Comparison], selected: Iterable[str], was: Window, is_: Window,
                  lpas: Sequence[str], threshold: int) -> dict[str, frozenset[str]]:
    """For tiles anywhere (a page, the Overview, a slide): measure key -> windows withheld to protect
    another LPA, for the sensitive measures an Area registers with an `lpa_query`. `lpas` is every
    LPA of the force. Empty for a force-wide selection."""
    selected = tuple(selected)
    keys = {c.measure.key for c in comparisons if c.measure.sensitive}
    if not selected or not keys:
        return {}
    windows = {"was_start": was.start, "was_end": was.end, "is_start": is_.start, "is_end": is_.end}
    result: dict[str, frozenset[str]] = {}
    for area in AREAS:
        columns = {key: column for key, column in area.lpa_columns.items() if key in keys}
        if area.lpa_query and columns:
            by_lpa = db.run(area.lpa_query, lpas=list(lpas), **windows)
            result |= window_withheld(by_lpa, columns, selected, threshold=threshold)
    return result


def mask(frame: pd.DataFrame, hidden: pd.DataFrame, on: Sequence[str], threshold: int,
         dependent: dict[str, str] | None = None) -> pd.DataFrame:
    """Blank (NaN) every value `hidden` marks, so charts do not plot it and tables do not show it.

    `hidden` is from `withheld`: the `on` columns plus a boolean per value column. `dependent` maps a
    derived column (a rate, a numerator) to the count it would give away; it is blanked with it.
    Rows with a blank get a `suppression_note`, so a download says why.
    """
    columns = [c for c in hidden.columns if c not in on]
    merged = frame[list(on)].merge(hidden, on=list(on), how="left")
    out = frame.copy()
    blanked = np.zeros(len(frame), dtype=bool)
    pairs = [(c, c) for c in columns] + [(d, c) for d, c in (dependent or {}).items()]
    for column, count in pairs:
        flag = merged[count].fillna(False).astype(bool).to_numpy()
        out[column] = out[column].astype(float).mask(flag)
        blanked |= flag
    if blanked.any():
        out["suppression_note"] = np.where(blanked, explanation(threshold), "")
    return out


def monthly(frame: pd.DataFrame, by_lpa_month: pd.DataFrame, columns: Sequence[str], selected: Iterable[str], *,
            threshold: int, dependent: dict[str, str] | None = None) -> pd.DataFrame:
    """A selection's monthly frame for charts and downloads, with `columns` (and their `dependent`
    columns) blanked in the months where the selection's figure must be withheld. `by_lpa_month`
    has month, lpa and `columns` for every LPA of the force."""
    hidden = withheld(by_lpa_month, columns, selected, threshold=threshold, group=["month"])
    return mask(frame, hidden, ["month"], threshold, dependent)


def blank(frame: pd.DataFrame, columns: Sequence[str], *, threshold: int, group: Sequence[str] = (),
          dependent: dict[str, str] | None = None) -> pd.DataFrame:
    """A copy of a per-LPA (or per-grade) frame with suppressed cells blanked (NaN), for charts.

    Same cells as `table` marks; `dependent` columns are blanked with the count they rest on.
    """
    cell_flags = flags(frame, columns, threshold=threshold, group=group)
    out = frame.copy()
    for column, count in [(c, c) for c in columns] + list((dependent or {}).items()):
        out[column] = out[column].astype(float).mask(cell_flags[count].ne(""))
    return out


@dataclass(frozen=True)
class TileValues:
    """What a headline tile shows, already suppressed: every text a tile or a slide needs."""

    value: str  # what is
    was: str
    change: str | None
    interval: str  # of the beyond-trend effect
    verdict: str  # on the beyond-trend effect only
    sentence: str
    suppressed: bool
    beyond: str = ""  # the change and the beyond-trend effect in plain words (wording.beyond_trend)
    notes: tuple[str, ...] = ()  # no trend check, page adjustment, placebo (wording.notes)
    definition: str = ""
    tone: str = "off"  # "good", "bad" or "off": colours the change by the verdict


def tile_values(comparison: Comparison, lpa_level: bool, threshold: int,
                withheld_windows: frozenset[str] = frozenset(), was_label: str = "what was",
                is_label: str = "what is") -> TileValues:
    """The texts of one tile, with small numbers suppressed.

    Applies to sensitive count and backlog measures at LPA level: a value from 1 up to below the
    threshold becomes "<5"; a window in `withheld_windows` (from `window_withheld`) becomes "[c]".
    If either window is withheld, the change, its interval and the verdict are withheld too, since
    they would give it away. The labels name the windows in the sentence.
    """
    c, m = comparison, comparison.measure

    def shown(value: float | None, window: str) -> str | None:
        if value is None or not (lpa_level and m.sensitive and m.unit in SUPPRESSED_UNITS):
            return None
        if is_primary(value, threshold):
            return primary_mark(threshold)
        if window in withheld_windows:
            return COMPLEMENTARY_MARK
        return None

    was_mark, is_mark = shown(c.was, "What was"), shown(c.is_, "What is")
    if was_mark is None and is_mark is None:
        tone = {"improved": "good", "worsened": "bad"}.get(c.verdict, "off")
        return TileValues(
            wording.format_value(c.is_, m), wording.format_value(c.was, m), wording.format_change(c),
            wording.format_interval(c), c.verdict, wording.describe(c, was_label, is_label), False,
            wording.beyond_trend(c), tuple(wording.notes(c)), wording.definition(m), tone,
        )
    value = is_mark or wording.format_value(c.is_, m)
    was = was_mark or wording.format_value(c.was, m)
    return TileValues(
        value, was, None, "withheld", "withheld (small numbers)",
        f"{m.label}: {was} ({was_label}), {value} ({is_label}). {explanation(threshold)}", True,
        definition=wording.definition(m),
    )



def shown_tiles(comparisons: Sequence[Comparison], chosen, force) -> list[TileValues]:
    """What the tiles of one view show, in the app and in the briefing pack alike: each comparison
    through `tile_values`, with the windows `tile_withheld` finds for the LPAs chosen."""
    threshold = force.suppression_threshold
    try:
        withheld = tile_withheld(comparisons, chosen.lpas, chosen.was, chosen.is_, list(force.lpas), threshold)
    except db.ExtractUnavailable:
        # Cannot tell which LPA figures protect others: withhold every sensitive figure at LPA level.
        withheld = {c.measure.key: frozenset({"What was", "What is"}) for c in comparisons if c.measure.sensitive}
    return [
        tile_values(c, not chosen.force_wide, threshold, withheld.get(c.measure.key, frozenset()),
                    chosen.was.label(), chosen.is_.label())
        for c in comparisons
    ]

def _number(value: float) -> str:
    if pd.isna(value):
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def table(frame: pd.DataFrame, columns: Sequence[str], *, threshold: int, group: Sequence[str] = (),
          dependent: dict[str, str] | None = None, lpa_level: bool = True) -> pd.DataFrame:
    """A copy of a breakdown table with small counts replaced by "<5" or "[c]", for screen and CSV.

    `columns` are the sensitive counts; rows within each `group` add up to a shown total (see
    `flags`). `dependent` maps a derived column (a median, a share) to the count it rests on: it is
    blanked wherever that count is suppressed. Adds a `suppression_note` column on rows with a mark.
    With `lpa_level` False (a force-wide table) the frame is returned unchanged.
    """
    if not lpa_level:
        return frame
    cell_flags = flags(frame, columns, threshold=threshold, group=group)
    out = frame.copy()
    for column in columns:
        text = out[column].map(_number)
        text = text.where(cell_flags[column].eq(""), cell_flags[column].map(
            {PRIMARY: primary_mark(threshold), COMPLEMENTARY: COMPLEMENTARY_MARK}))
        out[column] = text
    for derived, count in (dependent or {}).items():
        out[derived] = out[derived].astype(float).mask(cell_flags[count].ne(""))
    marked = cell_flags.ne("").any(axis=1)
    if marked.any():
        out["suppression_note"] = np.where(marked, explanation(threshold), "")
    return out
