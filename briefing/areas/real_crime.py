"""Real recorded crime for the LPAs, shown beside (never merged with) the demonstration series: the
ONS community safety partnership tables (years ending December) and police.uk street crime by month.
The Investigations page draws them (`briefing.app.crime_section`)."""

from __future__ import annotations

import pandas as pd

from briefing.store import db
from briefing.store.contracts import PARTIAL_SHARE
from briefing.view import View

HEADLINE_OFFENCES = (
    "Total recorded crime (excluding fraud)",
    "Violence against the person",
    "Sexual offences",
    "Robbery",
    "Burglary",
    "Vehicle offences",
    "Shoplifting",
    "Criminal damage and arson",
)


def street_change(monthly: pd.DataFrame, months: int = 12) -> tuple[float, str, list[str]] | None:
    """Per cent change of the latest `months` months on the same months a year earlier, over the
    months complete in both years (a partial or missing month is left out with its pair, so the
    seasons still match). Returns (change, the months compared, the months left out), or None if
    fewer than half the months can be compared."""
    totals = monthly.groupby("month").agg(crimes=("crimes", "sum"), partial=("partial", "any"))
    totals.index = pd.to_datetime(totals.index)
    calendar = pd.date_range(totals.index.min(), totals.index.max(), freq="MS")
    totals = totals.reindex(calendar)
    complete = totals["crimes"].notna() & ~totals["partial"].fillna(True).astype(bool)
    latest = calendar[-months:]
    pairs = [(m, m - pd.DateOffset(years=1)) for m in latest]
    usable = [(m, e) for m, e in pairs if e in calendar and complete[m] and complete[e]]
    if len(usable) < months / 2:
        return None
    now = sum(totals.at[m, "crimes"] for m, _ in usable)
    then = sum(totals.at[e, "crimes"] for _, e in usable)
    left_out = [f"{m:%B}" for m, e in pairs if (m, e) not in usable]
    return 100 * (now / then - 1), f"{latest[0]:%b %Y} to {latest[-1]:%b %Y}", left_out


def partnerships(view: View) -> tuple[str, pd.DataFrame] | None:
    """The headline offences of each partnership in the view's LPAs: the total in a sentence and the
    table for people; None when none is held. Raises db.ExtractUnavailable."""
    partnerships = db.protected("crime_and_peers/lpa_recorded_crime", view)
    if not view.force_wide:
        partnerships = partnerships[partnerships["area_code"].isin(view.params["lpas"])]
    headline = partnerships[partnerships["offence"].isin(HEADLINE_OFFENCES)]
    if headline.empty:
        return None
    total = headline[headline["offence"] == HEADLINE_OFFENCES[0]]
    totals = "; ".join(f"{r.area_name} {r.ye_dec_2024:,} ({r.change_pct:+.1f}%)" for r in total.itertuples())
    table = headline.rename(
        columns={
            "area_name": "Partnership (borough)",
            "offence": "Offence",
            "ye_dec_2023": "Year ending Dec 2023",
            "ye_dec_2024": "Year ending Dec 2024",
            "change_pct": "Change (%)",
        }
    ).drop(columns="area_code")
    return totals, table.round({"Change (%)": 1})


def street(view: View) -> tuple[pd.DataFrame, str, pd.DataFrame] | None:
    """police.uk street crime by LPA and month for the view's LPAs: the months, the sentence that describes
    them (the change on a year earlier, the partial months left out) and the table for people; None when
    no month is held. Raises db.ExtractUnavailable."""
    street = db.protected("crime_and_peers/lpa_street_crime", view)
    if street.empty:
        return None
    force = view.force
    change = street_change(street)
    flagged = sorted(set(pd.to_datetime(street.loc[street["partial"], "month"])))
    latest = pd.to_datetime(street["month"]).max()
    sentence = f"These data run to {latest:%B %Y}; the demonstration pages to {view.latest:%B %Y}. "
    if change is not None:
        pct, span, left_out = change
        sentence += (
            f"{span} against the same months a year earlier: {pct:+.1f}% for {view.lpa_label}"
            + (f", leaving out {', '.join(left_out)} (partial or missing in one of the years)" if left_out else "")
            + ". "
        )
    flagged_text = ", ".join(f"{m:%b %Y}" for m in flagged) or "none"
    sentence += (
        f"Partial months (an incomplete copy: the force total under {PARTIAL_SHARE:.0%} of the median month) are "
        f"marked with a cross and left out of every comparison: {flagged_text}."
    )
    table = street.assign(
        lpa=street["lpa"].map(force.lpa_name), month=pd.to_datetime(street["month"]).dt.strftime("%b %Y")
    ).rename(
        columns={"month": "Month", "lpa": "LPA", "crimes": "Street-level crimes", "partial": "Partial month (left out)"}
    )
    return street, sentence, table
