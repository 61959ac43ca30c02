"""Demonstration MARAC referrals: one row per referral, with victim ids so repeats can be counted.

Calibrated so that the referral rate continues the growth WMP published (3,679 referrals in 2019/20,
4,707 in 2020/21) to above the SafeLives expected level of 40 per 10,000 adult women, and falls back
towards it after the force's 2023 review of its referral criteria (a force claim). About 30% of
referrals are repeats (SafeLives national 31%) and about a third come from partner agencies
(national 36%). The delays (a backlog that builds until mid-2023 and is then cleared) are invented
to show how the page presents them.
"""

from __future__ import annotations

from datetime import date

import duckdb
import numpy as np
import pandas as pd

from briefing.config import data_dir
from briefing.refresh.demo import DEMO_LICENCE, FIRST_MONTH, last_month, month_end, months, published, seasonal, stated
from briefing.store.extracts import ExtractData, read_manifest

# Referrals a year per 10,000 adult women, force-wide, by financial year starting (assumptions
# continuing the published growth: 4,707 in 2020/21 is about 40 per 10,000).
RATE_BY_YEAR = {2021: 43.5, 2022: 48.5, 2023: 48.5, 2024: 41.0}
CRITERIA_REVIEW = date(2023, 7, 1)  # the force's 2023 review of its referral criteria took effect
RATE_AFTER_REVIEW = 41.5
# Relative referral rate by LPA (invented).
LPA_RATE = {
    "E08000025": 1.1,
    "E08000026": 0.95,
    "E08000027": 0.9,
    "E08000028": 1.15,
    "E08000029": 0.75,
    "E08000030": 1.05,
    "E08000031": 1.1,
}
REPEAT_SHARE = 0.30
PARTNER_SHARE = 0.34


def _adult_women() -> pd.Series:
    entry = read_manifest()["extracts"]["population"]
    frame = (
        duckdb.connect()
        .execute(
            "select lpa, value from read_parquet($path) where measure = 'adult_women' and year = 2021 order by lpa",
            {"path": str(data_dir() / entry["file"])},
        )
        .df()
    )
    return frame.set_index("lpa")["value"]


def _pressure(received: pd.Series) -> np.ndarray:
    """0..1: how stretched the MARAC process is for a referral received on that date. Builds from
    2021 to mid-2023, then the backlog is cleared by the end of 2023 (invented)."""
    day = (received - pd.Timestamp(FIRST_MONTH)).dt.days.to_numpy(float)
    peak = (pd.Timestamp("2023-06-15") - pd.Timestamp(FIRST_MONTH)).days
    cleared = (pd.Timestamp("2023-12-15") - pd.Timestamp(FIRST_MONTH)).days
    return np.interp(day, [0, peak, cleared, cleared + 1e4], [0.3, 1.0, 0.12, 0.12])


def _expected(index: pd.DatetimeIndex) -> np.ndarray:
    """Force-wide referrals a year per 10,000 adult women, each month."""
    year = np.where(index.month >= 4, index.year, index.year - 1)
    # Years after the last in RATE_BY_YEAR stay at its rate (an assumption).
    rate = np.array([RATE_BY_YEAR.get(y, RATE_BY_YEAR[max(RATE_BY_YEAR)]) for y in year], dtype=float)
    return np.where(index >= pd.Timestamp(CRITERIA_REVIEW), np.minimum(rate, RATE_AFTER_REVIEW), rate)


def _victims(rng: np.random.Generator, frame: pd.DataFrame) -> list[str]:
    """A victim id per referral: about REPEAT_SHARE are the same victim as an LPA referral of the
    previous 12 months."""
    ids: list[str] = []
    recent: dict[str, list[tuple[pd.Timestamp, str]]] = {}
    for lpa, received, draw in zip(frame["lpa"], frame["received_date"], rng.random(len(frame))):
        pool = recent.setdefault(lpa, [])
        cutoff = received - pd.DateOffset(months=12)
        while pool and pool[0][0] < cutoff:
            pool.pop(0)
        if pool and draw < REPEAT_SHARE:
            victim = pool[int(rng.integers(len(pool)))][1]
        else:
            victim = f"V{len(ids) + 1:06d}"
        pool.append((received, victim))
        ids.append(victim)
    return ids


def _days(rng: np.random.Generator, mean: np.ndarray) -> np.ndarray:
    return np.round(rng.gamma(2.0, mean / 2.0)).astype(int)


def generate(seed: int, scale: float = 1.0) -> ExtractData:
    rng = np.random.default_rng([seed, 2])
    women = _adult_women()
    index = months()
    rate = _expected(index) * seasonal(index, 0.08)
    parts = []
    for lpa, adult_women in women.items():
        counts = rng.poisson(rate * adult_women / 10_000 / 12 * LPA_RATE[lpa] * scale)
        for month, count in zip(index, counts):
            days = rng.integers(0, month.days_in_month, count)
            parts.append(pd.DataFrame({"lpa": lpa, "received_date": month + pd.to_timedelta(days, unit="D")}))
    frame = pd.concat(parts, ignore_index=True).sort_values(["received_date", "lpa"], ignore_index=True)
    n = len(frame)
    frame.insert(0, "referral_id", [f"M{i + 1:06d}" for i in range(n)])
    frame.insert(1, "victim_id", _victims(rng, frame))
    frame["source"] = np.where(rng.random(n) < PARTNER_SHARE, "partner", "police")
    pressure = _pressure(frame["received_date"])
    after_review = (frame["received_date"] >= pd.Timestamp(CRITERIA_REVIEW)).to_numpy()
    triaged = frame["received_date"] + pd.to_timedelta(_days(rng, 1 + 6 * pressure), unit="D")
    decided = triaged + pd.to_timedelta(_days(rng, 1 + 8 * pressure), unit="D")
    accepted = rng.random(n) < np.where(after_review, 0.78, 0.86)
    heard = decided + pd.to_timedelta(_days(rng, 7 + 45 * pressure), unit="D")
    shared = frame["received_date"] + pd.to_timedelta(_days(rng, 2 + 14 * pressure), unit="D")
    through = pd.Timestamp(month_end(last_month()))

    def by_through(dates: pd.Series, keep=True) -> pd.Series:
        return dates.where((dates <= through) & keep)

    frame["triaged_date"] = by_through(triaged)
    frame["decision_date"] = by_through(decided)
    frame["decision"] = np.where(
        frame["decision_date"].isna(), "pending", np.where(accepted, "accepted", "not accepted")
    )
    frame["heard_date"] = by_through(heard, frame["decision"].eq("accepted") & (heard <= through))
    frame["info_shared_date"] = by_through(shared, accepted)
    for column in ("received_date", "triaged_date", "decision_date", "heard_date", "info_shared_date"):
        frame[column] = frame[column].dt.date
    calibration = [
        published("WMP MARAC referrals", "2019-20"),
        published("WMP MARAC referrals", "2020-21"),
        published("MARAC expected cases per 10k adult women", "standard"),
        published("MARAC cases per 10k adult women (England and Wales)", "12 months to 2024-09-30"),
        published("MARAC repeat cases (England and Wales)", "12 months to 2024-09-30"),
        stated(
            "MARAC referrals above the SafeLives level, falling after the force's 2023 review of its "
            "referral criteria (referrals a year per 10,000 adult women after the review)",
            RATE_AFTER_REVIEW,
        ),
    ]
    return ExtractData(
        frame[
            [
                "referral_id",
                "victim_id",
                "lpa",
                "received_date",
                "source",
                "triaged_date",
                "decision_date",
                "decision",
                "heard_date",
                "info_shared_date",
            ]
        ],
        source="Demonstration MARAC referrals (briefing.refresh.demo.marac)",
        licence=DEMO_LICENCE,
        demo=True,
        period_from=FIRST_MONTH,
        data_through=month_end(last_month()),
        calibration=calibration,
        notes="Replace with the force's MARAC referral extract (one row per referral). Levels follow the "
        "calibration points; the spread across LPAs, the delays and the backlog that builds until mid-2023 "
        "are invented to show how the page presents them.",
    )
