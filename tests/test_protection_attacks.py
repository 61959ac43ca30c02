"""A determined analyst against small-number protection (issue 26), on the shipped data.

The analyst reads only what views anyone can open by URL return: for each LPA, the monthly frames
(tables, CSVs and chart data read the same protected frame), the by-LPA, by-grade, by-risk and
disclosure tables for a seeded sample of custom windows (every one-month window, and a few hundred
longer ones), and puts everything into one system of integer intervals:
- every figure shown is read as the rule documented on Data and methods says: "<5" is 0 to 4, a
  rounded count r is r-2 to r+2 (at least 5), and for cases awaiting (a stock shown beside its flows)
  "<10" is 0 to 9 and r at least 10; a window's total that says it is the sum of its months
  as shown is checked against those months and then tells nothing new;
- windows: a window's total is the sum of its months (so windows of n and n+1 months difference);
- sums: a month's total is the sum of its risk grades (or risk levels), the total an unknown of its
  own, so that what its interval says of the grades together reaches stock and flow;
- stock and flow: awaiting this month = awaiting last month + referrals - enforced;
- order: within the guide <= enforced, on time <= needed, repeats and police referrals <= referrals,
  overdue <= offenders;
and closes it to a fixed point (each constraint narrows each of its terms by the others). A true
value from 1 to 4 is pinned when its interval closes to one number. On the code before issue 26
these views pinned 756 of the 2,699 small values (windows alone 407, windows and sums 475, windows
and stock-flow 421; OCSET enforcements by grade 410, within the guide 312, referrals 21, awaiting
12, MARAC repeats 1); with every window (BRIEFING_ATTACK_WINDOWS=all) 1,601 (windows alone 1,463,
windows and stock-flow 1,589, awaiting 125 of 129). Now every attack, alone or together, pins none.
Stock and flow once narrowed each risk grade's enforcements by the others, never their month's total
as a whole, and so missed what tests/test_protection.py's three-cell check found on the data to
November 2026 with cases awaiting shown "<5": 4 values pinned at exactly 4 (cases awaiting in Dudley,
February 2024, and Sandwell, September 2021 and June 2023; Dudley's referrals, March 2024); with
"<10" for the stock, none.

Shares are checked apart: a share shown for an LPA must be the shown numerator over the shown
denominator, or it carries more than its counts (the repeat share once divided by an exact count).
Medians: none shown for an LPA on fewer than 5 cases.
"""

from __future__ import annotations

import math
import os
from collections import defaultdict

import numpy as np
import pandas as pd
import pytest

from briefing import protect
from briefing.config import load_events, load_force
from briefing.store import db, queries
from briefing.view import View, parse

pytestmark = pytest.mark.slow  # about a minute on a quiet machine: -m "not slow" leaves it out

FORCE = load_force()
EARLIEST, LATEST = db.earliest_month(), db.latest_month()
THRESHOLD = FORCE.suppression_threshold
LPAS = list(FORCE.lpas)
MONTHS = [d.date() for d in pd.date_range(EARLIEST, LATEST, freq="MS")]
GRADES = [grade for grade, _ in FORCE.protection.enforcement_guide_days]
LEVELS = ["very high", "high", "medium", "low"]
SAMPLED_WINDOWS = 60  # other windows per LPA, besides the structured ones
# BRIEFING_ATTACK_WINDOWS=all tries every one of the 1,176 windows (several minutes).
EVERY_WINDOW = os.environ.get("BRIEFING_ATTACK_WINDOWS") == "all"
INF = 10**9
ATTACKS = frozenset({"windows", "sums", "stock_flow", "order"})


def view(lpas=(), was=(0, 1), is_=(0, 1)) -> View:
    """A view of custom windows given as (first month index, end month index), half-open."""

    def month(i):
        return f"{MONTHS[i]:%Y-%m}"

    query = {
        "lpa": list(lpas),
        "cmp": ["custom"],
        "was_from": [month(was[0])],
        "was_to": [month(was[1] - 1)],
        "is_from": [month(is_[0])],
        "is_to": [month(is_[1] - 1)],
    }
    return parse(query, FORCE, EARLIEST, LATEST)


def windows() -> list[tuple[int, int]]:
    """The windows an analyst would open (all 1,176 are openable): every one-month and two-month
    window, every window from the first month and every window to the last, and a seeded sample of
    others."""
    n = len(MONTHS)
    if EVERY_WINDOW:
        return [(a, b) for a in range(n) for b in range(a + 1, n + 1)]
    chosen = [(a, a + 1) for a in range(n)] + [(0, b) for b in range(2, n + 1)] + [(a, n) for a in range(1, n - 1)]
    chosen += [(a, a + 2) for a in range(1, n - 2)]
    others = [(a, b) for a in range(1, n) for b in range(a + 3, n)]
    picked = np.random.default_rng(26).choice(len(others), SAMPLED_WINDOWS, replace=False)
    return chosen + [others[i] for i in sorted(picked)]


def views_of(spans: list[tuple[int, int]]) -> list[View]:
    """Views that between them show every window in `spans` (two a view)."""
    pairs = spans + spans[-1:] * (len(spans) % 2)
    return [(pairs[i], pairs[i + 1]) for i in range(0, len(pairs), 2)]


# Below what a stock shown beside its flows reads "<N", as its query declares it ("<10").
STOCK = protect.floor_of(queries.load("online_child_abuse/monthly").protection["awaiting"], THRESHOLD)


def interval(shown: float, floor: int = THRESHOLD) -> tuple[float, float]:
    """The true counts a shown count allows, as the documented rule reads: "<5" is 0 to 4, a rounded
    count r is r-2 to r+2 and at least 5 (a stock beside its flows: "<10" is 0 to 9, r at least 10)."""
    if pd.isna(shown):
        return 0, floor - 1
    assert shown % THRESHOLD == 0, shown
    return max(floor, shown - THRESHOLD // 2), shown + THRESHOLD // 2


class System:
    """Integer unknowns, each a month of a family of counts, with two kinds of constraint.

    A sum over consecutive months of one family (a window, or one month) is a difference of two of
    the family's running totals, so all of a family's windows together are closed exactly, as
    shortest paths (Floyd-Warshall). Any other linear constraint (coefficients +1 or -1: a month's
    total of risk grades, stock and flow, an order) narrows each of its terms by the others. The two
    alternate until nothing narrows. Each constraint is tagged with its attack, so the attacks can be
    tried alone or together."""

    def __init__(self):
        self.months: dict[tuple, int] = {}
        self.true: dict[tuple, float] = {}
        self.spans: list[tuple] = []  # (family, a, b, low, high, attack)
        self.rows: list[tuple] = []  # (plus, minus, low, high, attack)

    def var(self, key: tuple, true: float) -> None:
        family, month = key[:-1], key[-1]
        self.true[key] = true
        self.months[family] = max(self.months.get(family, 0), month + 1)

    def window(self, family: tuple, a: int, b: int, low: float, high: float, attack: str = "windows") -> None:
        """The sum of months a to b-1 of `family` lies in [low, high] (one month: what it shows)."""
        self.spans.append((family, a, b, low, high, attack if b - a > 1 else "months"))

    def observe(self, key: tuple, low: float, high: float) -> None:
        self.window(key[:-1], key[-1], key[-1] + 1, low, high)

    def constrain(self, attack: str, plus: list[tuple], minus: list[tuple], low: float, high: float) -> None:
        self.rows.append((plus, minus, low, high, attack))

    def close(self, attacks=ATTACKS, rounds: int = 100) -> dict[tuple, tuple[float, float]]:
        keys = list(self.true)
        bounds = {}
        for family, n in self.months.items():
            bounds[family] = np.full((n + 1, n + 1), np.inf)
            np.fill_diagonal(bounds[family], 0)

        def narrow(family, a, b, low, high):
            d = bounds[family]
            d[a, b], d[b, a] = min(d[a, b], high), min(d[b, a], -low)

        for family, a, b, low, high, attack in self.spans:
            if (attack == "months" or attack in attacks) and family in bounds:
                narrow(family, a, b, low, high)
        for family, n in self.months.items():
            for m in range(n):  # a count is at least 0
                narrow(family, m, m + 1, 0, np.inf)
        where = {key: i for i, key in enumerate(keys)}
        used = [r for r in self.rows if r[4] in attacks]
        rows, cols, signs, lows, highs = [], [], [], [], []
        for r, (plus, minus, low, high, _) in enumerate(used):
            rows += [r] * (len(plus) + len(minus))
            cols += [where[k] for k in plus + minus]
            signs += [1] * len(plus) + [-1] * len(minus)
            lows.append(low)
            highs.append(high)
        rows, cols, signs = np.array(rows, int), np.array(cols, int), np.array(signs)
        lows, highs, n_rows = np.array(lows, float), np.array(highs, float), len(used)
        pos = signs > 0
        family_of = [(k[:-1], k[-1]) for k in keys]
        for _ in range(rounds):
            for d in bounds.values():
                for k in range(len(d)):
                    np.minimum(d, d[:, k : k + 1] + d[k : k + 1, :], out=d)
            lo = np.array([-bounds[f][m + 1, m] for f, m in family_of]).clip(-INF, INF)
            hi = np.array([bounds[f][m, m + 1] for f, m in family_of]).clip(-INF, INF)
            start = (lo.copy(), hi.copy())
            for _ in range(rounds if n_rows else 0):
                tmin = np.where(pos, lo[cols], -hi[cols])
                tmax = np.where(pos, hi[cols], -lo[cols])
                smin, smax = np.bincount(rows, tmin, n_rows), np.bincount(rows, tmax, n_rows)
                t_up, t_down = tmin + (highs - smin)[rows], tmax - (smax - lows)[rows]
                up, down = np.full(len(lo), np.inf), np.full(len(lo), -np.inf)
                np.minimum.at(up, cols[pos], t_up[pos])
                np.maximum.at(down, cols[pos], t_down[pos])
                np.maximum.at(down, cols[~pos], -t_up[~pos])
                np.minimum.at(up, cols[~pos], -t_down[~pos])
                new_lo, new_hi = np.maximum(lo, np.ceil(down - 1e-9)), np.minimum(hi, np.floor(up + 1e-9))
                if (new_lo == lo).all() and (new_hi == hi).all():
                    break
                lo, hi = new_lo, new_hi
            if (lo == start[0]).all() and (hi == start[1]).all():
                break
            for (f, m), low, high in zip(family_of, lo, hi):
                narrow(f, m, m + 1, low, high)
        return {key: (lo[i], hi[i]) for i, key in enumerate(keys)}


def monthly(name: str, code: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    v = view([code], (0, 1), (0, len(MONTHS)))
    shown, exact = db.protected(name, v), db.exact(name, **v.params)
    keep = pd.to_datetime(shown["month"]) <= pd.Timestamp(LATEST)
    return shown[keep].reset_index(drop=True), exact[keep].reset_index(drop=True)


def by_window(name: str, code: str | None, spans) -> list[tuple[tuple[int, int], pd.DataFrame, pd.DataFrame]]:
    """(window, shown rows, exact rows) of a window table, for LPA `code` (None: every LPA's rows)."""
    out = []
    for was, is_ in views_of(spans):
        v = view([code] if code else [LPAS[0]], was, is_)
        shown = db.protected(name, v)
        # The truth is needed only for one-month windows (the unknowns); the rest are constraints.
        exact = db.exact(name, **v.params) if 1 in (was[1] - was[0], is_[1] - is_[0]) else shown
        for span, label in ((was, "What was"), (is_, "What is")):
            pick = (shown["window_label"] == label).to_numpy()
            part = shown[pick]
            # Per-row marks of the rows kept (a slice of the frame carries the whole frame's).
            part.attrs = shown.attrs | {
                "missing": {},
                "blank": {c: protect.blanked(shown, c).to_numpy()[pick] for c in shown.attrs.get("protected", ())},
                "uncounted": {c: np.asarray(u)[pick] for c, u in shown.attrs.get("uncounted", {}).items()},
                "censored": {c: np.asarray(u)[pick] for c, u in shown.attrs.get("censored", {}).items()},
            }
            out.append((span, part.reset_index(drop=True), exact[pick].reset_index(drop=True)))
    return out


def blank_in(part: pd.DataFrame, column: str, row: int) -> bool:
    return bool(part.attrs.get("blank", {}).get(column, np.zeros(len(part), bool))[row])


def window_interval(part: pd.DataFrame, column: str, row: int):
    """What a window's figure tells: None if it says it is the sum of its months as shown (checked by
    `test_window_totals_are_the_sums_of_their_months_as_shown`) or is missing in the data, else its interval."""
    if column in part.attrs.get("from_months", ()):
        return None
    value = part[column].iloc[row]
    if pd.isna(value) and not blank_in(part, column, row):
        return None
    return interval(value, part.attrs.get("floors", {}).get(column, THRESHOLD))


@pytest.fixture(scope="module")
def spans():
    return windows()


@pytest.fixture(scope="module")
def lpa_tables(spans):
    """The by-LPA tables (every LPA's rows in every view) for every sampled window."""
    return {name: by_window(name, None, spans) for name in ("marac/by_lpa", "online_child_abuse/by_lpa")}


@pytest.fixture(scope="module")
def grade_tables(spans):
    """Each LPA's days to enforcement by risk grade for every sampled window."""
    return {code: by_window("online_child_abuse/by_grade", code, spans) for code in LPAS}


def ocset_system(code: str, grade_rows, lpa_tables) -> System:
    s = System()
    shown_m, exact_m = monthly("online_child_abuse/monthly", code)
    shown_t, exact_t = monthly("online_child_abuse/timeliness", code)
    one_month = {span[0]: exact for span, _, exact in grade_rows if span[1] - span[0] == 1}
    n = len(shown_m)
    for m in range(n):
        s.var(("referrals", m), exact_m.at[m, "referrals"])
        s.var(("awaiting", m), exact_m.at[m, "awaiting"])
        s.var(("needed", m), exact_t.at[m, "disclosures_needed"])
        s.var(("on_time", m), exact_t.at[m, "disclosed_on_time"])
        # A month's totals are unknowns of their own, tied to their grades below: narrowing each term of
        # a sum by the others alone would lose what the total's interval says of the grades together.
        s.var(("enforced", m), exact_m.at[m, "enforced"])
        s.var(("within", m), exact_t.at[m, "enforced_within_guide"])
        for g in GRADES:
            row = one_month[m].set_index("risk_grade").loc[g]
            s.var(("enforced", g, m), row["enforced"])
            s.var(("within", g, m), row["within_guide"])
    # Monthly frames: one month each.
    for m in range(n):
        s.observe(("referrals", m), *interval(shown_m.at[m, "referrals"]))
        s.observe(("awaiting", m), *interval(shown_m.at[m, "awaiting"], STOCK))
        for frame, column, name in (
            (shown_m, "enforced", "enforced"),
            (shown_t, "enforced", "enforced"),
            (shown_t, "enforced_within_guide", "within"),
        ):
            s.observe((name, m), *interval(frame.at[m, column]))
        for name in ("enforced", "within"):
            s.constrain("sums", [(name, m)], [(name, g, m) for g in GRADES], 0, 0)
        s.observe(("needed", m), *interval(shown_t.at[m, "disclosures_needed"]))
        s.observe(("on_time", m), *interval(shown_t.at[m, "disclosed_on_time"]))
        s.constrain("order", [("on_time", m)], [("needed", m)], -INF, 0)
        for g in GRADES:
            s.constrain("order", [("within", g, m)], [("enforced", g, m)], -INF, 0)
        if m:
            # Stock and flow: awaiting[m] - awaiting[m-1] - referrals[m] + enforced[m] = 0.
            s.constrain("stock_flow", [("awaiting", m), ("enforced", m)], [("awaiting", m - 1), ("referrals", m)], 0, 0)
    # By grade, each window.
    for (a, b), part, _ in grade_rows:
        for row, grade in enumerate(part["risk_grade"]):
            for column, name in (("enforced", "enforced"), ("within_guide", "within")):
                read = window_interval(part, column, row)
                if read:
                    s.window((name, grade), a, min(b, n), *read)
    # By LPA, each window: referrals summed, awaiting at the window's last month.
    for (a, b), part, _ in lpa_tables["online_child_abuse/by_lpa"]:
        row = int(np.flatnonzero(part["lpa"].to_numpy() == code)[0])
        read = window_interval(part, "referrals", row)
        if read:
            s.window(("referrals",), a, min(b, n), *read)
        read = window_interval(part, "awaiting", row)
        if read and b - 1 < n:
            s.observe(("awaiting", b - 1), *read)
    # Disclosures before and after the deadline (referral months up to the deadline's, and after).
    shown_d = db.protected("online_child_abuse/disclosure", view([code]))
    shown_d.attrs["blank"] = {c: protect.blanked(shown_d, c).to_numpy() for c in shown_d.attrs["protected"]}
    deadline = FORCE.protection.disclosure_deadline
    before = [m for m in range(n) if MONTHS[m] <= deadline]
    for row, period in enumerate(shown_d["period"]):
        months = before if period == "before" else [m for m in range(n) if m not in before]
        for column, name in (("disclosures_needed", "needed"), ("disclosed_on_time", "on_time")):
            read = window_interval(shown_d, column, row)
            if read:
                s.window((name,), months[0], months[-1] + 1, *read)
    return s


def marac_system(code: str, lpa_tables) -> System:
    s = System()
    shown_m, exact_m = monthly("marac/monthly", code)
    n = len(shown_m)
    blank = {c: protect.blanked(shown_m, c).to_numpy() for c in ("referrals", "repeats", "police_referrals")}
    for m in range(n):
        for column in ("referrals", "repeats", "police_referrals"):
            if pd.isna(exact_m.at[m, column]):
                continue  # repeats without a year of look-back: not counted
            s.var((column, m), exact_m.at[m, column])
            value = shown_m.at[m, column]
            if not pd.isna(value) or blank[column][m]:
                s.observe((column, m), *interval(value))
        for column in ("repeats", "police_referrals"):
            if (column, m) in s.true:
                s.constrain("order", [(column, m)], [("referrals", m)], -INF, 0)
    known = [m for m in range(n) if ("repeats", m) in s.true]
    for (a, b), part, _ in lpa_tables["marac/by_lpa"]:
        row = int(np.flatnonzero(part["lpa"].to_numpy() == code)[0])
        for column in ("referrals", "repeats", "police_referrals"):
            months = [m for m in range(a, min(b, n)) if column != "repeats" or m in known]
            read = window_interval(part, column, row)
            if read and months:
                s.window((column,), months[0], months[-1] + 1, *read)
    return s


def rso_system(code: str) -> System:
    s = System()
    shown_m, exact_m = monthly("sex_offenders/monthly", code)
    n = len(shown_m)
    risk_rows = by_window("sex_offenders/by_risk", code, [(a, a + 1) for a in range(n)])
    for (a, _), part, exact in risk_rows:
        for row, level in enumerate(part["risk_level"]):
            for column in ("offenders", "arms_overdue", "visits_overdue"):
                s.var((column, level, a), exact.at[row, column])
                read = window_interval(part, column, row)
                if read:
                    s.observe((column, level, a), *read)
            for column in ("arms_overdue", "visits_overdue"):
                s.constrain("order", [(column, level, a)], [("offenders", level, a)], -INF, 0)
    for m in range(n):
        for column in ("arms_overdue", "visits_overdue"):
            s.constrain("sums", [(column, level, m) for level in LEVELS], [], *interval(shown_m.at[m, column]))
        s.var(("reviews_overdue", m), exact_m.at[m, "reviews_overdue"])
        s.observe(("reviews_overdue", m), *interval(shown_m.at[m, "reviews_overdue"]))
    return s


def pinned(s: System, attacks=ATTACKS) -> dict[str, list]:
    """Family -> the small true values the closure pins; asserts the attacker's reading is sound."""
    found = defaultdict(list)
    for key, (lo, hi) in s.close(attacks).items():
        true = s.true[key]
        assert lo <= true <= hi, (key, true, lo, hi, "an interval left out the truth: a figure is misread")
        if 1 <= true < THRESHOLD and lo == hi:
            found[key[0]].append(key)
    return found


@pytest.fixture(scope="module")
def attacks(grade_tables, lpa_tables):
    results = {}
    for code in LPAS:
        systems = {
            "ocset": ocset_system(code, grade_tables[code], lpa_tables),
            "marac": marac_system(code, lpa_tables),
            "rso": rso_system(code),
        }
        for family, system in systems.items():
            small = sum(1 for true in system.true.values() if 1 <= true < THRESHOLD)
            results[(code, family)] = (small, pinned(system))
    return results


def test_no_small_value_is_pinned_by_windows_sums_and_stock_and_flow(attacks):
    small = sum(n for n, _ in attacks.values())
    found = {key: sum(len(v) for v in p.values()) for key, (_, p) in attacks.items()}
    assert small > 1000, "the shipped data should hold small LPA values to attack"
    assert sum(found.values()) == 0, {k: v for k, v in found.items() if v}


# --- what makes a window's figure tell nothing new ------------------------------------------------


def test_window_totals_are_the_sums_of_their_months_as_shown(spans, lpa_tables):
    """A window figure that says it is built from its months (the attacker then reads nothing new in
    it) is the sum of the months as the monthly tables show them, and says how many "<5" it leaves out."""
    checked = 0
    for code in LPAS[2:5]:
        for name, monthly_name, column in (
            ("online_child_abuse/by_lpa", "online_child_abuse/monthly", "referrals"),
            ("marac/by_lpa", "marac/monthly", "police_referrals"),
        ):
            months = monthly(monthly_name, code)[0][column].to_numpy(float)
            for (a, b), part, _ in lpa_tables[name]:
                row = int(np.flatnonzero(part["lpa"].to_numpy() == code)[0])
                assert column in part.attrs.get("from_months", ()), name
                inside = months[a:b]
                shown = part[column].iloc[row]
                assert np.nansum(inside) == (0 if pd.isna(shown) else shown), (name, code, a, b)
                assert part.attrs["uncounted"][column][row] == np.isnan(inside).sum(), (name, code, a, b)
                checked += 1
    assert checked > 1000


# --- shares and medians -------------------------------------------------------------------------

SHARES = {
    "marac/by_lpa": ("repeat_pct", "police_pct"),
    "online_child_abuse/by_grade": ("within_guide_pct",),
    "online_child_abuse/disclosure": ("on_time_pct",),
}


def test_every_lpa_share_is_its_shown_numerator_over_its_shown_denominator(grade_tables, lpa_tables):
    """A share shown for an LPA carries nothing its counts do not: the numerator's months as shown over
    the denominator's, in the months the numerator is counted (repeats: from the 13th month of data)."""
    leaks = checked = 0
    for code in LPAS:
        marac = monthly("marac/monthly", code)[0]
        known = marac["repeats"].notna().to_numpy() | protect.blanked(marac, "repeats").to_numpy()
        referrals = marac["referrals"].to_numpy(float)
        for (a, b), part, _ in lpa_tables["marac/by_lpa"]:
            row = int(np.flatnonzero(part["lpa"].to_numpy() == code)[0])
            for share, numerator in (("repeat_pct", "repeats"), ("police_pct", "police_referrals")):
                value = part[share].iloc[row]
                if pd.isna(value):
                    continue
                months = range(a, b) if share == "police_pct" else [m for m in range(a, b) if known[m]]
                checked += 1
                leaks += not math.isclose(value, part[numerator].iloc[row] / np.nansum(referrals[list(months)]))
    for code in LPAS:
        disclosure = db.protected("online_child_abuse/disclosure", view([code]))
        for name, frames in (
            ("online_child_abuse/by_grade", [part for _, part, _ in grade_tables[code]]),
            ("online_child_abuse/disclosure", [disclosure]),
        ):
            share = SHARES[name][0]
            top, bottom = queries.load(name).protection[share].on
            for shown in frames:
                for value, numerator, denominator in zip(shown[share], shown[top], shown[bottom]):
                    if not pd.isna(value):
                        checked += 1
                        leaks += not math.isclose(value, numerator / denominator)
    assert checked > 1000
    assert leaks == 0, f"{leaks} of {checked} LPA shares are not their shown counts divided"


def test_no_lpa_median_rests_on_fewer_than_5_cases_and_none_reads_like_a_few():
    """Monthly medians of days (each grade's days to enforcement, MARAC's stages), the by-grade and
    disclosure medians, their tables and the pack's main Online child abuse chart."""
    from briefing.areas import area_data
    from briefing.areas.declarations import ONLINE_CHILD_ABUSE
    from briefing.present import charts, tables

    shown_medians = 0
    for code in LPAS:
        v = view([code], (0, 24), (24, len(MONTHS)))
        grades = [g.replace(" ", "_") for g in GRADES]
        for name, pairs in (
            ("online_child_abuse/monthly", [(f"{g}_days", f"{g}_enforced") for g in grades]),
            ("marac/monthly", [("triage_days", "triaged"), ("decision_days", "decided"), ("sharing_days", "shared")]),
            ("online_child_abuse/by_grade", [("median_days", "enforced")]),
            ("online_child_abuse/disclosure", [("median_days", "disclosures_needed")]),
        ):
            shown, exact = db.protected(name, v), db.exact(name, **v.params)
            people = tables.for_people(shown, FORCE)
            for median, cases in pairs:
                few = exact[cases].to_numpy(float) < THRESHOLD
                assert shown.loc[few, median].isna().all(), (name, code, median)
                shown_medians += int(shown[median].notna().sum())
                # None or few, the table reads the same: "[c]", never "n/a".
                text = people[tables.header(median)].to_numpy()
                assert (text[few] == protect.CENSORED_MARK).all(), (name, code, median)
        data = area_data.load(ONLINE_CHILD_ABUSE, v)
        measure = ONLINE_CHILD_ABUSE.main_measure
        _, charted = charts.measure_spc(
            data.frame_of(measure),
            measure,
            where="",
            window=v.trend_window,
            model_change=FORCE.model_change,
            events=load_events(),
            demo=True,
        )
        cases = db.exact("online_child_abuse/monthly", **v.params).set_index("month")["high_enforced"]
        plotted = charted.dropna(subset=[measure.key])
        cases.index = pd.to_datetime(cases.index)
        assert (cases.reindex(pd.to_datetime(plotted["month"])) >= THRESHOLD).all(), code
    assert shown_medians > 500


def test_force_wide_figures_are_exact():
    """Force-wide, nothing is rounded, built from months or blanked: the shipped figures are unchanged."""
    v = view([], (0, 24), (24, len(MONTHS)))
    for name in queries.names():
        if not queries.load(name).protection:
            continue
        try:
            shown = db.protected(name, v)
        except db.ExtractUnavailable:
            continue
        if "lpa" in shown.columns:
            continue
        exact = db.exact(name, **v.params)
        hidden = [c for c, r in queries.load(name).protection.items() if r.kind == protect.HIDDEN]
        pd.testing.assert_frame_equal(shown, exact.drop(columns=hidden), check_like=False)
