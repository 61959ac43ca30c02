"""Demonstration calls (999 and 101, force-wide, by month) and incidents attended (month x LPA x priority).

Calibrated to the published figures: 999 calls answered within 10 seconds 63% (Nov 2021 to Apr
2022), 47% in May 2022, 93% in 2023/24 and 96% in 2024/25 (pooled over the year); 810,868 999 calls
in 2023/24 and 732,440 in 2024/25; 999 abandonment 8.4% in May 2022 and 0.1% from April to September
2023; 999 mean answer time 42 s in May 2022, 5 s in 2023/24 and 3 s in 2024/25; 101 calls 655,832
(2023/24) and 755,332 (2024/25), 87% and 95% of them answered; 101 mean answer time 600 s in March
2023 and 90 s in July 2023. Emergency incidents attended within target rose by a quarter (the
force's claim, applied to 2024/25 against 2022/23). Everything else is invented.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from briefing.refresh.demo import (
    DEMO_LICENCE,
    FIRST_MONTH,
    last_month,
    month_end,
    months,
    published,
    seasonal,
    split_exact,
    stated,
)
from briefing.store.extracts import ExtractData

WITHIN_10S = "999 calls answered within 10s"
SLA = "999 calls answered within 10s (SLA compliance)"
# Calls in financial years with no published total (assumptions, not calibration).
CALLS_999_ASSUMED = {2021: 800_000, 2022: 830_000}
CALLS_101_ASSUMED = {2021: 700_000, 2022: 700_000}
ABANDONED_101_ASSUMED = 0.25  # share of 101 calls abandoned before 2023/24
# Incidents: force-wide per month, LPA shares and within-target rates (invented).
INCIDENTS_PER_MONTH = {"emergency": 9_000, "priority": 14_000}
LPA_SHARE = {
    "E08000025": 0.40,
    "E08000026": 0.13,
    "E08000027": 0.10,
    "E08000028": 0.11,
    "E08000029": 0.07,
    "E08000030": 0.09,
    "E08000031": 0.10,
}
LPA_TIMELINESS = {
    "E08000025": 0.97,
    "E08000026": 1.02,
    "E08000027": 1.03,
    "E08000028": 0.99,
    "E08000029": 1.05,
    "E08000030": 1.01,
    "E08000031": 1.0,
}
WITHIN_TARGET_BEFORE = {"emergency": 0.64, "priority": 0.70}  # 2022/23 rate
ATTENDANCE_RISE = 1.25  # the force's claim: "rose by a quarter"


def _financial_year(month: pd.Timestamp) -> int:
    """The year a financial year starts in (April 2023 - March 2024 -> 2023)."""
    return month.year if month.month >= 4 else month.year - 1


def _ramp(index: pd.DatetimeIndex, points: dict[str, float]) -> np.ndarray:
    """A value each month, linear between dated points (YYYY-MM) and flat beyond them."""

    def ordinal(month: pd.Timestamp) -> int:
        return month.year * 12 + month.month

    x = [ordinal(pd.Timestamp(k)) for k in points]
    return np.interp([ordinal(m) for m in index], x, list(points.values()))


def _offered(rng, index, per_year: dict[int, float], scale: float, amplitude: float) -> np.ndarray:
    """Calls offered each month: each financial year's total exactly, spread by season and noise. A year
    after the last in `per_year` takes the last year's total (an assumption)."""
    years = np.array([_financial_year(m) for m in index])
    offered = np.zeros(len(index), dtype=np.int64)
    per_year = per_year | {y: per_year[max(per_year)] for y in set(years.tolist()) - set(per_year)}
    for year, total in per_year.items():
        inside = years == year
        weights = seasonal(index[inside], amplitude) * rng.normal(1, 0.02, inside.sum())
        offered[inside] = split_exact(round(total * scale), weights)
    return offered


def _pool(counts: np.ndarray, base: np.ndarray, inside: np.ndarray, rate: float, shape: np.ndarray) -> None:
    """Set counts in the months `inside` so they sum to `rate` of base there, in proportion to shape."""
    counts[inside] = split_exact(round(rate * base[inside].sum()), base[inside] * shape[inside])


def _calls_999(rng, index, scale: float, calibration: list) -> pd.DataFrame:
    year_calls = {2023: published("999 calls received", "2023-24"), 2024: published("999 calls received", "2024-25")}
    early = published(WITHIN_10S, "2021-11-01/2022-04-30")
    may_2022 = published(WITHIN_10S, "2022-05")
    sla = {2023: published(SLA, "2023-24"), 2024: published(SLA, "2024-25")}
    abandoned_may = published("999 calls abandoned", "2022-05")
    abandoned_2023 = published("999 calls abandoned", "2023-04/2023-09")
    seconds_may = published("999 average answer time", "2022-05")
    seconds = {
        2023: published("999 average answer time", "2023-24"),
        2024: published("999 average answer time", "2024-25"),
    }
    calibration += [
        *year_calls.values(),
        early,
        may_2022,
        *sla.values(),
        abandoned_may,
        abandoned_2023,
        seconds_may,
        *seconds.values(),
    ]

    offered = _offered(rng, index, CALLS_999_ASSUMED | {y: p["value"] for y, p in year_calls.items()}, scale, 0.08)
    share = _ramp(
        index, {"2021-04": 0.66, "2022-04": 0.60, "2022-06": 0.50, "2023-03": 0.86, "2023-06": 0.93, "2025-03": 0.965}
    )
    share = np.clip(share * rng.normal(1, 0.01, len(index)), 0, 0.99)
    is_may = index == pd.Timestamp("2022-05-01")
    share[is_may] = may_2022["value"] / 100
    within = np.round(share * offered).astype(np.int64)
    years = np.array([_financial_year(m) for m in index])
    nov_to_apr = (index >= pd.Timestamp("2021-11-01")) & (index <= pd.Timestamp("2022-04-01"))
    _pool(within, offered, nov_to_apr, early["value"] / 100, share)
    for year, point in sla.items():
        _pool(within, offered, years == year, point["value"] / 100, share)
    share = within / offered

    # Abandonment and answer time fall as answering improves; May 2022 is fixed at its published values.
    poor = (1 - share) / (1 - may_2022["value"] / 100)
    abandon_rate = abandoned_may["value"] / 100 * poor**2.2
    abandoned = np.round(abandon_rate * offered).astype(np.int64)
    apr_to_sep = (index >= pd.Timestamp("2023-04-01")) & (index <= pd.Timestamp("2023-09-01"))
    _pool(abandoned, offered, apr_to_sep, abandoned_2023["value"] / 100, abandon_rate)
    mean_seconds = 2 + (seconds_may["value"] - 2) * poor**1.3
    for year, point in seconds.items():
        inside = years == year
        weighted = np.average(mean_seconds[inside], weights=offered[inside])
        mean_seconds[inside] *= point["value"] / weighted
    return pd.DataFrame(
        {
            "month": index,
            "line": "999",
            "offered": offered,
            "answered_within_10s": within,
            "abandoned": abandoned,
            "mean_answer_seconds": np.round(mean_seconds, 2),
        }
    )


def _calls_101(rng, index, scale: float, calibration: list) -> pd.DataFrame:
    year_calls = {2023: published("101 calls received", "2023-24"), 2024: published("101 calls received", "2024-25")}
    answered = {2023: published("101 calls answered", "2023-24"), 2024: published("101 calls answered", "2024-25")}
    before, after = published("101 average answer time", "2023-03"), published("101 average answer time", "2023-07")
    calibration += [*year_calls.values(), *answered.values(), before, after]

    offered = _offered(rng, index, CALLS_101_ASSUMED | {y: p["value"] for y, p in year_calls.items()}, scale, 0.1)
    seconds = _ramp(index, {"2021-04": 450, "2023-03": before["value"], "2023-07": after["value"], "2025-03": 60})
    noisy = ~index.isin([pd.Timestamp("2023-03-01"), pd.Timestamp("2023-07-01")])
    seconds[noisy] *= rng.normal(1, 0.05, noisy.sum())
    abandon_shape = _ramp(index, {"2023-03": ABANDONED_101_ASSUMED, "2024-03": 0.08, "2025-03": 0.04})
    abandon_shape *= rng.normal(1, 0.04, len(index))
    abandoned = np.round(abandon_shape * offered).astype(np.int64)
    years = np.array([_financial_year(m) for m in index])
    for year, point in answered.items():
        _pool(abandoned, offered, years == year, 1 - point["value"] / 100, abandon_shape)
    within = np.minimum(np.round((0.1 + 0.6 * np.exp(-seconds / 120)) * offered), offered - abandoned)
    return pd.DataFrame(
        {
            "month": index,
            "line": "101",
            "offered": offered,
            "answered_within_10s": within.astype(np.int64),
            "abandoned": abandoned,
            "mean_answer_seconds": np.round(seconds, 1),
        }
    )


def generate_calls(seed: int, scale: float = 1.0) -> ExtractData:
    rng = np.random.default_rng([seed, 2])
    index = months()
    calibration: list[dict] = []
    frame = pd.concat([_calls_999(rng, index, scale, calibration), _calls_101(rng, index, scale, calibration)])
    calibration.append(published("999 calls answered within 10s (national standard)", "standard"))
    return ExtractData(
        frame.sort_values(["month", "line"], ignore_index=True),
        source="Demonstration data at contact-centre grain: month x line (briefing.refresh.demo.calls)",
        licence=DEMO_LICENCE,
        demo=True,
        period_from=FIRST_MONTH,
        data_through=month_end(last_month()),
        calibration=calibration,
        notes="Force-wide: calls are answered centrally and carry no LPA. 999 and 101 call volumes before "
        "2023/24, 101 abandonment before 2023/24 and 101 calls answered within 10 s are assumptions.",
    )


def generate_incidents(seed: int, scale: float = 1.0) -> ExtractData:
    rng = np.random.default_rng([seed, 3])
    index = months()
    years = np.array([_financial_year(m) for m in index])
    rows = []
    for priority, per_month in INCIDENTS_PER_MONTH.items():
        before = WITHIN_TARGET_BEFORE[priority]
        # Rates by financial year: 2022/23 is the base; the force's quarter rise is reached by 2024/25.
        year_rate = {2021: before + 0.01, 2022: before, 2023: before * (1 + ATTENDANCE_RISE) / 2} | {
            year: before * ATTENDANCE_RISE for year in range(2024, int(years.max()) + 1)
        }
        for lpa, share in LPA_SHARE.items():
            attended = rng.poisson(per_month * share * scale * seasonal(index, 0.07)).astype(np.int64)
            within = np.zeros(len(index), dtype=np.int64)
            timeliness = LPA_TIMELINESS[lpa] * rng.normal(1, 0.015, len(index))
            for year, rate in year_rate.items():
                _pool(within, attended, years == year, min(rate * LPA_TIMELINESS[lpa], 0.95), timeliness)
            rows.append(
                pd.DataFrame(
                    {
                        "month": index,
                        "lpa": lpa,
                        "priority": priority,
                        "attended": attended,
                        "attended_within_target": within,
                    }
                )
            )
    frame = pd.concat(rows).sort_values(["month", "lpa", "priority"], ignore_index=True)
    return ExtractData(
        frame,
        source="Demonstration data at command-and-control grain: month x LPA x priority (briefing.refresh.demo.calls)",
        licence=DEMO_LICENCE,
        demo=True,
        period_from=FIRST_MONTH,
        data_through=month_end(last_month()),
        calibration=[
            stated(
                "Emergency incidents attended within target rose by a quarter "
                "(applied as the 2024/25 rate over the 2022/23 rate)",
                ATTENDANCE_RISE,
            )
        ],
        notes="Incident volumes, LPA shares and the base within-target rates are invented; target times are "
        "the force's own (not published here).",
    )
