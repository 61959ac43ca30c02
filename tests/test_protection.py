"""Small-number protection on the shipped data, for every area, view and output, and against the
differencing attacks that broke the first version (issue 9):
1. across windows: a window's per-month mean times its months, less the months the monthly table shows;
2. stock and flow: awaiting this month = awaiting last month + referrals - enforced;
3. share times count (and rate times population, mean times months);
4. force-wide minus the other six LPAs.
Each attack is interval arithmetic on what the views show: a figure shown as "<5" may be 0 to 4, a
rounded figure r may be r-2 to r+2, a force-wide figure is exact. An attack recovers a number if the
interval it leaves for a true count from 1 to 4 holds that number alone. The data layer is called
directly (db.protected, area_data.load), the way every page, download and the pack call it.
"""

from __future__ import annotations

import math
from datetime import date

import altair as alt
import numpy as np
import pandas as pd
import pytest

from briefing import protect
from briefing.areas import area_data
from briefing.areas.declarations import AREAS
from briefing.config import load_events, load_force
from briefing.pack import content
from briefing.present import charts, tile
from briefing.store import db, queries
from briefing.view import View, parse

FORCE = load_force()
EARLIEST, LATEST = db.earliest_month(), db.latest_month()
THRESHOLD = FORCE.suppression_threshold
LPAS = list(FORCE.lpas)


def view(lpas=(), **query) -> View:
    return parse({"lpa": list(lpas)} | {k: [v] for k, v in query.items()}, FORCE, EARLIEST, LATEST)


ONE_MONTH = {"cmp": "custom", "was_from": "2023-02", "was_to": "2023-02", "is_from": "2024-11", "is_to": "2024-11"}
WINDOWS = [{"cmp": p.key} for p in FORCE.presets] + [ONE_MONTH]
SENSITIVE_QUERIES = [q for q in queries.names() if queries.load(q).protection]


def interval(shown: float, floor: int = THRESHOLD) -> tuple[float, float]:
    """The true counts consistent with a shown figure, as an attacker who knows the rule reads it: "<5"
    is 0 to 4, a multiple of 5 is within 2 of it, and anything else must be exact (a stock shown beside
    its flows: "<10" is 0 to 9, a multiple of 5 at least 10)."""
    if pd.isna(shown):
        return 0, floor - 1
    if abs(shown / THRESHOLD - round(shown / THRESHOLD)) > 1e-9:
        return shown, shown
    return max(floor, shown - THRESHOLD // 2), shown + THRESHOLD // 2


def pinned(low: float, high: float, own: tuple[float, float]) -> bool:
    """Whether arithmetic leaving [low, high], with what the cell itself shows, pins one whole number."""
    lo, hi = max(math.ceil(low - 1e-9), own[0]), min(math.floor(high + 1e-9), own[1])
    return lo == hi


def small(value) -> bool:
    return not pd.isna(value) and 1 <= value < THRESHOLD


def exact_frame(name: str, v: View) -> pd.DataFrame:
    return db.exact(name, **v.params)


# --- what is shown ---------------------------------------------------------------------------------


@pytest.mark.parametrize("window", WINDOWS, ids=lambda w: w["cmp"])
@pytest.mark.parametrize("name", SENSITIVE_QUERIES)
def test_no_lpa_level_sensitive_count_from_1_to_4_is_shown(name, window):
    protection = queries.load(name).protection
    for lpas in [[code] for code in LPAS] + [[]]:
        v = view(lpas, **window)
        shown = db.protected(name, v)
        if v.level == protect.FORCE and "lpa" not in shown.columns:
            continue  # force-wide figures are exact
        exact = exact_frame(name, v)
        for column, rule in protection.items():
            if rule.kind == protect.HIDDEN:
                assert column not in shown.columns, (name, column)  # never leaves the data layer
                continue
            if rule.kind == "sensitive":
                values = shown[column].dropna()
                assert (values % THRESHOLD == 0).all() and (values >= THRESHOLD).all(), (name, column, lpas)
            # Attack 3 and its kin: a figure derived from a count (share x count, rate x population,
            # mean x months) is blank wherever a count it rests on is from 1 to 4.
            resting = [column] if rule.kind == "sensitive" else list(rule.on)
            small_rows = exact[resting].apply(lambda col: col.map(small)).any(axis=1)
            assert shown.loc[small_rows, column].isna().all(), (name, column, lpas)


def test_several_lpas_show_no_sensitive_figure():
    v = view(LPAS[:2])
    for name in SENSITIVE_QUERIES:
        shown = db.protected(name, v)
        if "lpa" in shown.columns:
            continue
        rules = queries.load(name).protection
        assert shown[[c for c, r in rules.items() if r.kind != protect.HIDDEN]].isna().all(axis=None), name


@pytest.mark.parametrize("window", [ONE_MONTH, {"cmp": "last3_vs_year_earlier"}], ids=lambda w: w["cmp"])
def test_tiles_and_the_packs_tiles_show_no_small_count(window):
    for code in LPAS:
        v = view([code], **window)
        for area in AREAS:
            data = area_data.load(area, v)
            tiles = dict(zip([c.measure.key for c in data.comparisons], tile.shown(data.comparisons, data.withheld, v)))
            pack = {row["measure"]: row for row in content.tile_texts(data, area.headline_measures)}
            for c in data.comparisons:
                m = c.measure
                columns = [col for col in (m.value, m.denominator) if col]
                if not set(columns) & set(data.frame_of(m).attrs.get("protected", ())):
                    continue
                exact = exact_frame(area.query_of(m), v)
                months = pd.to_datetime(exact["month"])
                # "<5", or "<10" for a stock shown beside its flows (cases awaiting at month end).
                floor = max(data.frame_of(m).attrs["floors"].get(col, THRESHOLD) for col in columns)
                for label, text in (("What is", tiles[m.key].value), ("What was", tiles[m.key].was)):
                    start, end = v.windows[label]
                    inside = exact[(months >= pd.Timestamp(start)) & (months < pd.Timestamp(end))]
                    if m.unit == "backlog":
                        inside = inside.tail(1)
                    values = inside[columns].to_numpy(float)
                    if ((values >= 1) & (values < floor)).any():
                        # A count reads "<5" ("<10"); a share or rate resting on one reads "withheld".
                        mark = f"<{floor}" if m.unit in ("count", "backlog") else protect.WITHHELD_MARK
                        assert text == mark, (area.key, m.key, code, label, text)
                if m.key in [k for k in area.headline]:
                    assert pack[m.label]["is"] == tiles[m.key].value and pack[m.label]["was"] == tiles[m.key].was


# --- the attacks -----------------------------------------------------------------------------------


def monthly_sensitive(v: View):
    """(query, column) -> the shown monthly series of every sensitive count of every area."""
    out = {}
    for area in AREAS:
        for series in area.series:
            frame = db.protected(series.query, v)
            for column in frame.attrs.get("protected", ()):
                out[(series.query, column)] = frame.set_index("month")[column]
    return out


@pytest.fixture(scope="module")
def lpa_views():
    """Every LPA's view and the force-wide view, latest 12 months against the previous 12."""
    return {code: view([code], cmp="last12_vs_prev12") for code in LPAS} | {"": view(cmp="last12_vs_prev12")}


def test_attack_force_wide_minus_the_other_lpas(lpa_views):
    force = {s.query: db.protected(s.query, lpa_views[""]).set_index("month") for a in AREAS for s in a.series}
    shown = {code: monthly_sensitive(lpa_views[code]) for code in LPAS}
    exact = {
        code: {s.query: exact_frame(s.query, lpa_views[code]).set_index("month") for a in AREAS for s in a.series}
        for code in LPAS
    }
    tried = 0
    for query, column in shown[LPAS[0]]:
        for month in force[query].index:
            for target in LPAS:
                true = exact[target][query].at[month, column]
                if not small(true):
                    continue
                floor = protect.floor_of(queries.load(query).protection[column], THRESHOLD)
                others = [interval(shown[c][(query, column)].get(month, np.nan), floor) for c in LPAS if c != target]
                total = force[query].at[month, column]
                low, high = total - sum(o[1] for o in others), total - sum(o[0] for o in others)
                tried += 1
                assert not pinned(low, high, (0, floor - 1)), (query, column, month, target, true)
    assert tried > 50, "the shipped data should hold small LPA counts to attack"


def test_attack_across_windows_with_presets_only():
    """A window's per-month mean (by-LPA table) times its months, less the months the monthly table shows."""
    tried = 0
    for preset in FORCE.presets:
        for code in LPAS:
            v = view([code], cmp=preset.key)
            start, end = v.is_.start, v.is_.end
            for query, monthly_query in (
                ("online_child_abuse/by_lpa", "online_child_abuse/monthly"),
                ("marac/by_lpa", "marac/monthly"),
            ):
                window = db.protected(query, v).set_index(["lpa", "window_label"]).loc[(code, "What is")]
                total = window["referrals_per_month"] * v.is_.months
                months = db.protected(monthly_query, v).set_index("month")["referrals"]
                true = exact_frame(monthly_query, v).set_index("month")["referrals"]
                inside = [m for m in months.index if pd.Timestamp(start) <= m < pd.Timestamp(end)]
                for target in inside:
                    if not small(true[target]):
                        continue
                    tried += 1
                    if pd.isna(total):
                        continue  # the window figure is withheld: nothing to subtract from
                    t_low, t_high = interval(total)
                    others = [interval(months[m]) for m in inside if m != target]
                    low, high = t_low - sum(o[1] for o in others), t_high - sum(o[0] for o in others)
                    assert not pinned(low, high, interval(months[target])), (query, code, preset.key, target)
    assert tried > 10


def test_attack_stock_and_flow():
    """Awaiting enforcement this month = last month's + referrals - enforced, all three side by side."""
    tried = 0
    for code in LPAS:
        v = view([code], cmp="since_model")
        shown = db.protected("online_child_abuse/monthly", v).set_index("month")
        true = exact_frame("online_child_abuse/monthly", v).set_index("month")
        # The identity holds exactly in the data, so the attack is a real one.
        assert (true["awaiting"].diff().iloc[1:] == (true["referrals"] - true["enforced"]).iloc[1:]).all()
        stock = shown.attrs["floors"]["awaiting"]  # "<10": the floor its query declares
        for previous, month in zip(shown.index[:-1], shown.index[1:]):
            cells = {
                "before": (shown.at[previous, "awaiting"], true.at[previous, "awaiting"], +1, stock),
                "referrals": (shown.at[month, "referrals"], true.at[month, "referrals"], +1, THRESHOLD),
                "enforced": (shown.at[month, "enforced"], true.at[month, "enforced"], -1, THRESHOLD),
            }
            after = interval(shown.at[month, "awaiting"], stock)
            for name, (value, actual, sign, floor) in cells.items():
                if not small(actual):
                    continue
                tried += 1
                # after = before + referrals - enforced, solved for the one cell.
                rest = [
                    (interval(v_, f)[0] * s, interval(v_, f)[1] * s) for n, (v_, _, s, f) in cells.items() if n != name
                ]
                rest_low, rest_high = sum(min(r) for r in rest), sum(max(r) for r in rest)
                low, high = (
                    (after[0] - rest_high, after[1] - rest_low)
                    if sign > 0
                    else (rest_low - after[1], rest_high - after[0])
                )
                assert not pinned(low, high, interval(value, floor)), (code, month, name, actual)
    assert tried > 20


# --- every chart of every area, as its data would reach the browser --------------------------------


@pytest.mark.parametrize("area", AREAS, ids=lambda a: a.key)
def test_every_chart_of_every_area_is_valid_and_plots_protected_figures(area):
    events = load_events()
    for i, v in enumerate((view(), view([LPAS[4]], **ONE_MONTH), view([LPAS[4]], cmp="since_model"))):
        data = area_data.load(area, v)
        for measure in area.measures:
            frame = data.frame_of(measure)
            chart, charted = charts.measure_spc(
                frame,
                measure,
                where=area.where(measure, v),
                window=v.trend_window,
                model_change=FORCE.model_change,
                events=events,
                demo=True,
                windows=(v.was, v.is_),
                **area_data.chart_marks(area.marks.get(measure.key), v),
            )
            if i == 0:
                alt.LayerChart.from_dict(chart)  # against the Vega-Lite schema, once per chart
            if measure.value in frame.attrs.get("protected", ()) and measure.unit in ("count", "backlog"):
                assert (charted[measure.key].dropna() % THRESHOLD == 0).all(), (area.key, measure.key)
        for section in area.sections:
            frame = db.protected(section.query, v)
            if section.chart_value:
                named = frame.assign(lpa_name=frame["lpa"].map(FORCE.lpa_name))
                bars = charts.by_lpa(
                    named,
                    value=section.chart_value,
                    title=section.chart_title,
                    y_title=section.y_title,
                    demo=True,
                    percent=section.percent,
                )
                if i == 0:
                    alt.LayerChart.from_dict(bars)
            people = protect.marked(frame)
            for column in frame.attrs.get("protected", ()):
                shown = people[column].astype(str)
                # A window's total from its months as shown says how many months of "<5" it leaves out.
                allowed = r"<(5|10)( in each of \d+ months)?|[\d,]+( \(\d+ months? <5 not counted\))?|"
                assert shown.str.fullmatch(allowed).all(), (section.query, column)


def test_a_one_month_custom_window_is_a_valid_view():
    v = view([LPAS[0]], **ONE_MONTH)
    assert v.preset == "custom" and v.is_.months == 1 and v.is_.start == date(2024, 11, 1)
