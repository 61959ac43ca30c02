"""Small-number protection: the one rule for every sensitive count shown for an LPA. Pure: frames in,
frames out (the data layer, `db.protected`, applies it to every frame it hands out).

A count is sensitive where its SQL file says so (`-- returns: referrals BIGINT sensitive`). For one
LPA (a row per LPA, or a view of one LPA), protection is at one grain, the month (or the finest
grain a table shows, such as a risk grade's month):
- a sensitive count of a month is rounded to the nearest 5 (the force's `suppression_threshold`), the
  same figure always the same way; anything below 5, zero included, is shown as "<5";
- a stock shown beside the flows that change it (`sensitive stock`: cases awaiting at month end, with
  that month's referrals and enforcements) is rounded the same way but shown as "<10" below 10
  (`STOCK_FLOOR` times the threshold): stock this month = last month's + in - out holds exactly, and
  with four figures each rounded on its own a stock of "<5" next to flows of a few is pinned at its top;
- a window's count is the sum of its months as shown (`from_months`, for a query whose header names
  its months: `-- months: marac/by_lpa_months`), never the exact total rounded afresh; a month shown
  as "<5" is not counted, and the table says how many were not;
- a figure derived from sensitive counts is worked out from the protected counts, never the exact ones
  (`from referrals`: a rate or per-month mean proportional to a count; `from repeats/referrals`: a
  share of two counts), and blanked with a count shown as "<5";
- a median or mean of cases (`with enforced`, or `with cases` on a `hidden` count of the cases behind
  it) is shown only on 5 cases or more; fewer, or none, reads "[c]".
A view of several, but not all, LPAs shows no sensitive figure: subtracting one LPA's rounded figure
from a rounded pair would narrow it again. Force-wide figures are exact.

Why this survives differencing: everything an LPA-level view shows is a function of the protected
months alone, so adding or subtracting figures (windows of n and n+1 months, any set of windows, a
month's total against its risk grades, share times count, force-wide against the other LPAs) only ever
recovers protected months, each uncertain by up to 2 either way, and "<5" never comes out as one
number. Stock against flow is the exception the stock's wider "<10" is for: the stock and its flows are
protected months each, but an exact sum ties them, so their rounding could meet at the edges. Zero
is inside "<5" so that the force-wide figure minus six exact zeros cannot single out the seventh LPA.
tests/test_protection_attacks.py is the analyst who tries.
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
    stock: bool = False  # a stock shown beside its flows: its floor is STOCK_FLOOR times the threshold


STOCK_FLOOR = 2


def floor_of(rule: Rule, threshold: int) -> int:
    """Below what a count reads "<N": the threshold, or for a stock beside its flows a wider band."""
    return STOCK_FLOOR * threshold if rule.stock else threshold


PUBLIC = "public"  # a count said to be safe to show exactly (a caseload, a number of managers)
HIDDEN = "hidden"  # a count only for deciding whether a median may be shown; never leaves the data layer
CENSORED_MARK = "[c]"  # a median or mean of fewer than 5 cases (none included), and a figure resting on a "<5"


def parse_rule(text: str) -> Rule | None:
    """A column's protection from the words after its type in a SQL header, or None if it has none:
    'sensitive', 'hidden' (a count of cases behind a median, dropped from every frame), 'from referrals',
    'from repeats/referrals', 'with enforced' (a median or mean of those cases), 'public' (shown exactly) or
    'sensitive stock' (a stock at month end shown beside the flows that change it)."""
    words = text.split()
    if not words or words == [PUBLIC]:
        return None
    if words in (["sensitive"], [HIDDEN]):
        return Rule(words[0])
    if words == ["sensitive", "stock"]:
        return Rule("sensitive", stock=True)
    if len(words) == 2 and words[0] in ("from", "with"):
        on = tuple(words[1].split("/"))
        if len(on) in (1, 2) and (words[0] == "from" or len(on) == 1):
            return Rule(words[0], on)
    raise ValueError(
        f"unknown protection {text!r}: say 'sensitive', 'sensitive stock', 'hidden', 'from COUNT', "
        "'from COUNT/COUNT', 'with COUNT' or 'public'"
    )


def primary_mark(threshold: int) -> str:
    return f"<{threshold}"


def explanation(threshold: int) -> str:
    """The plain sentence shown on every page with sensitive figures, and carried in CSV downloads."""
    return (
        f"To protect the people behind small numbers, counts of people for an LPA are rounded to the nearest "
        f"{threshold} each month and anything below {threshold} (zero included) is shown as "
        f'"{primary_mark(threshold)}"; a window\'s total is the sum of its months as shown, months below '
        f"{threshold} not counted (the table says how many); cases awaiting at a month's end, which can be "
        f"worked out from the month before and the month's flows, are shown as "
        f'"{primary_mark(STOCK_FLOOR * threshold)}" below {STOCK_FLOOR * threshold}; rates, shares and averages '
        f"for an LPA are worked out from those figures, and a median of fewer than {threshold} cases (or none) "
        f"is shown as "
        f'"{CENSORED_MARK}"; sensitive figures for several LPAs together are shown only force-wide.'
    )


def rounded(values: pd.Series, threshold: int, floor: int | None = None) -> pd.Series:
    """Counts rounded to the nearest multiple of `threshold` (halves up); below `floor` (the threshold
    unless given), NaN ("<5")."""
    values = values.astype(float)
    out = threshold * np.floor(values / threshold + 0.5)
    return out.where(values >= (floor or threshold))


def protect(frame: pd.DataFrame, rules: Mapping[str, Rule], *, threshold: int, level: str) -> pd.DataFrame:
    """A copy of `frame` with every column in `rules` protected for `level` (FORCE, LPA or SELECTION).

    A frame with an `lpa` column holds one LPA a row, so it is protected as LPA level whatever the
    view. Hidden counts are dropped at every level. The protected columns are listed in
    `attrs["protected"]` (for `for_people`), with the level, and the medians blanked for too few cases
    in `attrs["censored"]`.
    """
    if "lpa" in frame.columns and level == FORCE:
        level = LPA
    hidden = [c for c, r in rules.items() if r.kind == HIDDEN and c in frame]
    if level == FORCE or not rules:
        return frame.drop(columns=hidden) if hidden else frame
    out = frame.copy()
    counts = {c: frame[c].astype(float) for c, r in rules.items() if r.kind == "sensitive" and c in frame}
    floors = {c: floor_of(rules[c], threshold) for c in counts}
    shown = {c: rounded(v, threshold, floors[c]) if level == LPA else v * np.nan for c, v in counts.items()}
    censored = {}
    for column, rule in rules.items():
        if column not in frame or rule.kind == HIDDEN:
            continue
        if rule.kind == "sensitive":
            out[column] = shown[column]
            continue
        value = frame[column].astype(float)
        if rule.kind == "with":
            # A median or mean of cases: only of 5 or more (at LPA level); a median of none is marked
            # the same, so that a zero cannot be told from a few.
            if rule.on[0] in counts:
                enough = shown[rule.on[0]].notna()
            else:
                enough = frame[rule.on[0]].astype(float).ge(threshold) & (level == LPA)
            out[column] = value.where(enough)
            censored[column] = ~enough.to_numpy()
            continue
        # Derived from counts: scale by rounded over exact, so it is the figure the rounded counts give.
        factor = pd.Series(1.0, index=frame.index)
        for i, count in enumerate(rule.on):
            ratio = shown[count] / counts[count].where(counts[count] != 0)
            factor = factor * (ratio if i == 0 else 1 / ratio)
        out[column] = value * factor
    # Counts missing in the data itself (repeats before 12 months of look-back) are not small numbers.
    missing = {c: frozenset(frame.index[v.isna()]) for c, v in counts.items()}
    out = out.drop(columns=hidden)
    out.attrs = {
        "protected": tuple(counts),
        "level": level,
        "threshold": threshold,
        "missing": missing,
        "censored": censored,
        "floors": floors,
    }
    return out


def from_months(
    shown: pd.DataFrame, exact: pd.DataFrame, months: pd.DataFrame, rules: Mapping[str, Rule]
) -> pd.DataFrame:
    """One LPA's window figures built from its protected months, never rounded afresh (issue 26).

    `exact` is a frame of window figures and `shown` the same protected (`protect`, LPA level);
    `months` has, for every row of `exact` (matched on the key columns both share), a row a month with
    what that month adds to each sensitive count: a flow every month of the window, a stock (a backlog)
    only in its last month, a count missing (NULL) where the data have none. Each month is protected as
    the monthly tables show it, and a window's count is the sum of its months as shown: a month shown as
    "<5" is not counted, and `attrs["uncounted"]` says how many were not. A rate or mean is worked out from
    the sum, a share from the sums of its numerator and of its denominator over the months its numerator
    is known; either is withheld where a month it rests on is "<5". A median is shown where the count it
    rests on is. Differencing any set of windows then gives back protected months at best.
    """
    threshold = shown.attrs["threshold"]
    counts = [c for c in shown.attrs["protected"] if c in months]
    keys = [c for c in exact.columns if c in months.columns and c not in rules and c != "month"]

    # Each month's row: the window row it adds to (arrays throughout: a view draws several such tables).
    def index(frame):
        return pd.MultiIndex.from_frame(frame[keys].astype(str)) if len(keys) > 1 else pd.Index(frame[keys[0]])

    row = index(exact).get_indexer(index(months))
    if (row < 0).any():
        raise ValueError("months that belong to no window row: the months query does not match its windows query")

    def total(values: np.ndarray) -> np.ndarray:
        return np.bincount(row, values, minlength=len(exact))

    atom, known = {}, {}
    for c in counts:
        value = months[c].to_numpy(float, na_value=np.nan)
        known[c] = ~np.isnan(value)
        atom[c] = rounded(pd.Series(value), threshold, floor_of(rules[c], threshold)).to_numpy()
    out = shown.copy()
    uncounted, missing, sums = {}, {}, {}
    for c in counts:
        sums[c] = total(np.nan_to_num(atom[c]))
        out[c] = np.where(sums[c] > 0, sums[c], np.nan)
        uncounted[c] = total(np.isnan(atom[c]) & known[c]).astype(int)
        missing[c] = frozenset(exact.index[total(known[c]) == 0])
    censored = dict(shown.attrs.get("censored", {}))
    for column, rule in rules.items():
        if column not in out or rule.kind in ("sensitive", HIDDEN) or not set(rule.on) <= set(counts):
            continue
        value = exact[column].to_numpy(float, na_value=np.nan)
        if rule.kind == "with":
            enough = sums[rule.on[0]] > 0
            out[column] = np.where(enough, value, np.nan)
            censored[column] = ~enough
        elif len(rule.on) == 2:
            # A share: the numerator's months over the denominator's, in the months the numerator is known.
            numerator, denominator = rule.on
            below = total(known[numerator] & np.isnan(atom[denominator]) & known[denominator])
            under = total(np.where(known[numerator], np.nan_to_num(atom[denominator]), 0))
            whole = (uncounted[numerator] == 0) & (below == 0) & (under > 0) & (sums[numerator] > 0)
            out[column] = np.where(whole, sums[numerator] / np.where(under > 0, under, 1), np.nan)
        else:
            base = rule.on[0]
            exact_base = exact[base].to_numpy(float, na_value=np.nan)
            ok = (uncounted[base] == 0) & (sums[base] > 0) & (exact_base > 0)
            out[column] = np.where(ok, value * sums[base] / np.where(exact_base > 0, exact_base, 1), np.nan)
    out.attrs = shown.attrs | {
        "missing": missing,
        "uncounted": uncounted,
        "censored": censored,
        "from_months": tuple(counts),
    }
    return out


def blanked(frame: pd.DataFrame, column: str) -> pd.Series:
    """For a protected frame: where `column` is blank because it is protected, not missing in the data."""
    missing = frame.attrs.get("missing", {}).get(column, frozenset())
    return frame[column].isna() & ~frame.index.isin(list(missing))


def withheld_rows(frame: pd.DataFrame) -> np.ndarray:
    """For a protected frame: which rows hold a sensitive count that is blank (shown as "<5" or withheld)
    or leaves months shown as "<5" out of its total, or a median of too few cases."""
    protected = [c for c in frame.attrs.get("protected", ()) if c in frame]
    marks = [blanked(frame, c).to_numpy() for c in protected]
    marks += [np.asarray(u) > 0 for u in frame.attrs.get("uncounted", {}).values()]
    marks += [np.asarray(c) for c in frame.attrs.get("censored", {}).values()]
    if not marks:
        return np.zeros(len(frame), dtype=bool)
    return np.logical_or.reduce(marks)


def _months(n: int) -> str:
    return f"{n} month{'' if n == 1 else 's'}"


def marked(frame: pd.DataFrame) -> pd.DataFrame:
    """A protected frame for a table or a CSV: a blank sensitive count becomes "<5" (or "withheld" for
    several LPAs together), a window's total says how many months of "<5" it leaves out ("115 (3 months
    <5 not counted)"), a median of too few cases reads "[c]", and rows with a mark carry the
    explanation. Other frames are unchanged."""
    protected = frame.attrs.get("protected", ())
    if "threshold" not in frame.attrs:
        return frame
    threshold = frame.attrs["threshold"]
    at_lpa = frame.attrs["level"] == LPA
    out = frame.copy()
    marked = withheld_rows(frame)
    uncounted = frame.attrs.get("uncounted", {})
    floors = frame.attrs.get("floors", {})
    for column in protected:
        mark = primary_mark(floors.get(column, threshold)) if at_lpa else WITHHELD_MARK
        blank = blanked(frame, column).to_numpy()
        left_out = np.asarray(uncounted.get(column, np.zeros(len(frame), int)))
        texts = []
        for value, is_blank, n in zip(out[column].to_numpy(float), blank, left_out):
            if is_blank:
                texts.append(mark if n <= 1 else f"{mark} in each of {_months(n)}")
            elif np.isnan(value):
                texts.append("")
            else:
                texts.append(f"{value:,.0f}" + (f" ({_months(n)} {mark} not counted)" if n else ""))
        out[column] = texts
    for column, censored in frame.attrs.get("censored", {}).items():
        if column in out:
            marked_as = CENSORED_MARK if at_lpa else WITHHELD_MARK
            out[column] = out[column].astype(object).mask(np.asarray(censored), marked_as)
    if marked.any():
        out["suppression_note"] = np.where(marked, explanation(threshold), "")
    out.attrs = {}
    return out


def withheld_windows(frame: pd.DataFrame, measures: Sequence, windows: Mapping[str, tuple]) -> dict[str, frozenset]:
    """For tiles: measure key -> the windows whose figure rests on a count shown as "<5" in `frame`
    (a `Withheld`, with the floor of its count: "<10" for a stock shown beside its flows).

    `windows` maps a window's label ('What was', 'What is') to its (start, end) months, half-open. A
    backlog is read at the window's last month; any other count or share needs every month of the window.
    Durations (medians) leave out the months they are blanked in, so they are withheld only where every
    month of the window is blanked (too few cases, or none).
    """
    protected = set(frame.attrs.get("protected", ()))
    censored = frame.attrs.get("censored", {})
    floors = frame.attrs.get("floors", {})
    if "month" not in frame:
        return {}
    blank = {c: blanked(frame, c).to_numpy() for c in protected if c in frame}
    months = pd.to_datetime(frame["month"]).to_numpy()
    rows = {
        label: np.flatnonzero((months >= np.datetime64(start)) & (months < np.datetime64(end)))
        for label, (start, end) in windows.items()
    }
    # A backlog's row: the window's last month (the last such row, as a stable sort would leave it).
    last = {label: inside[np.argsort(months[inside], kind="stable")[-1:]] for label, inside in rows.items()}
    result: dict[str, frozenset] = {}
    for measure in measures:
        if measure.unit == "days":
            if measure.value in censored:
                result[measure.key] = frozenset(
                    label for label in windows if np.asarray(censored[measure.value])[rows[label]].all()
                )
            continue
        columns = [c for c in (measure.value, measure.denominator) if c and c in protected]
        if not columns:
            continue
        hidden = set()
        for label in windows:
            inside = last[label] if measure.unit == "backlog" else rows[label]
            if inside.size == 0 or any(blank[c][inside].any() for c in columns):
                hidden.add(label)
        withheld = Withheld(hidden)
        withheld.floor = max(floors.get(c, 0) for c in columns)
        result[measure.key] = withheld
    return result


class Withheld(frozenset):
    """Tile windows withheld, with the floor of the count they rest on (0: the threshold's "<5")."""

    floor = 0
