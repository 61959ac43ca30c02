"""The Chief Constable's letter of 23 November 2023, checked: each checkable claim, the measure that
tests it, the data that can, and the verdict those data give.

Every verdict is computed here from the data when `evaluate` runs, never typed in: supported, not
supported, or not yet testable (naming what would test it). A claim whose only data are
demonstration data is not yet testable: the reading on demonstration data is shown, labelled, and
cannot verify the claim. The claims are the force's words as summarised in DESIGN section 10
(quoted phrases are the letter's); they are shown as claims, never as facts.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from briefing.areas import real_outcomes
from briefing.areas.declarations import INVESTIGATIONS
from briefing.config import Force
from briefing.stats import compare, peers
from briefing.stats.compare import Measure
from briefing.store import contracts, db, kept_views
from briefing.view import Window, parse

BTJ_OUTCOMES = INVESTIGATIONS.measure("btj_outcomes")
SUPPORTED, NOT_SUPPORTED, NOT_TESTABLE = "supported", "not supported", "not yet testable"
LETTER = date(2023, 11, 23)
# The latest 12 months published before the letter (ONS, 26 October 2023: year ending June 2023),
# against the 12 months before them: the crime reduction the letter could have seen.
LETTER_YEAR = Window(date(2022, 7, 1), date(2023, 7, 1))
YEAR_BEFORE = Window(date(2021, 7, 1), date(2022, 7, 1))
# Force data around the model change: the 12 months before it, and the months from it to the letter.
BEFORE_MODEL = Window(date(2022, 4, 1), date(2023, 4, 1))
MODEL_TO_LETTER = Window(date(2023, 4, 1), date(2023, 11, 1))
MODEL_START = MODEL_TO_LETTER.start


@dataclass(frozen=True)
class Result:
    key: str
    claim: str  # the letter's claim, as summarised; quoted phrases are the letter's
    measure: str  # what tests it
    data: str  # the data that test it and where they come from, in plain words
    verdict: str  # SUPPORTED, NOT_SUPPORTED or NOT_TESTABLE
    figure: str  # the figures behind the verdict
    needs: str = ""  # for a claim not yet testable: what would test it
    demo: bool = False  # the figures are demonstration data (so the claim cannot be verified)
    context: tuple[str, ...] = ()  # real figures beside the test (attributed reference points, other readings)


@dataclass(frozen=True)
class Claim:
    key: str
    claim: str
    measure: str
    extracts: tuple[str, ...]  # the data the test reads
    # -> (verdict the figures give, the figures) or (verdict, figures, context lines)
    test: Callable[[Force], tuple[str, str] | tuple[str, str, tuple[str, ...]]]
    needs: str  # what would test it, while its data are demonstration data or lack the measure


def _source(*extracts: str) -> str:
    return "; ".join(
        f"{contracts.title(name)}: {db.entry(name).get('source', 'not in the manifest')}" for name in extracts
    )


def _pct(new: float, old: float) -> float:
    return 100 * (new / old - 1)


def _force_wide(query: str, force: Force, **extra) -> pd.DataFrame:
    """A query's frame for the whole force, as a person sees it (`db.protected`, force-wide view)."""
    view = parse({}, force, db.earliest_month(), db.latest_month())
    return db.protected(query, view, **extra)


def _months(query: str, force: Force, window: Window) -> pd.DataFrame:
    return _force_wide(query, force, start=window.start, end=window.end)


def _rates(force: Force, group: str, was: Window, is_: Window) -> tuple[pd.DataFrame, str]:
    quarterly = _force_wide("crime_and_peers/quarterly", force, offence_group=group)
    own = peers.force_name(force, quarterly)
    return peers.windows_table(peers.series(quarterly, force), own, force, was, is_, every_force=True), own


def _national_change(force: Force, group: str) -> float:
    quarterly = _force_wide("crime_and_peers/quarterly", force, offence_group=group)
    table = peers.windows_table(
        peers.series(quarterly, force), peers.force_name(force, quarterly), force, YEAR_BEFORE, LETTER_YEAR
    )
    return float(table.set_index("series").at[peers.NATIONAL, "change_pct"])


def _arrests(force: Force) -> tuple[str, str, tuple[str, ...]]:
    monthly = _months("investigations/arrests_monthly", force, Window(BEFORE_MODEL.start, MODEL_TO_LETTER.end))
    months = pd.to_datetime(monthly["month"]).dt.date
    before = monthly[months < MODEL_TO_LETTER.start]["arrests"].mean()
    after = monthly[months >= MODEL_TO_LETTER.start]["arrests"].mean()
    close = abs(before / 3200 - 1) <= 0.1 and abs(after / 4200 - 1) <= 0.1
    figure = (
        f"{before:,.0f} arrests a month ({BEFORE_MODEL.label()}) and {after:,.0f} ({MODEL_TO_LETTER.label()}); "
        "the test: each within 10% of the letter's 3,200 and 4,200. Custody suites are not in any extract"
    )
    return SUPPORTED if close else NOT_SUPPORTED, figure, _arrests_context(force)


def _arrests_context(force: Force) -> tuple[str, ...]:
    """Real arrests by force (the latest public years, 2017/18 and 2018/19) against the peers, and the
    quoted figures: context, which cannot test a monthly figure for 2022-2023."""
    try:
        arrests = _force_wide("force_claims/arrests", force)
    except db.ExtractUnavailable:
        return ()
    arrests["year_start"] = pd.to_datetime(arrests["year_start"]).dt.date
    latest = arrests[arrests["year_start"] == date(2018, 4, 1)].sort_values("published_per_1000", ascending=False)
    own = peers.force_name(force, arrests)
    group = latest[latest["force"].isin([own, *force.peers.forces])]
    listed = ", ".join(f"{r.force} {r.published_per_1000:.0f}" for r in group.itertuples())
    mine = group[group["force"] == own].iloc[0]
    earlier = arrests[(arrests["force"] == mine["force"]) & (arrests["year_start"] == date(2017, 4, 1))]["arrests"]
    return (
        f"Home Office arrests (the latest public years): {mine['force']} {int(earlier.iloc[0]):,} in 2017/18 and "
        f"{int(mine['arrests']):,} in 2018/19, about {mine['arrests'] / 12:,.0f} a month; arrests per 1,000 people "
        f"in 2018/19 (Home Office): {listed}",
        *_quoted(force, "arrests"),
    )


POSITIVE = Measure("claims_positive_outcomes", "Positive outcomes a quarter", "count", "higher_better", "positive")
SINCE_APRIL = Window(date(2023, 4, 1), date(2023, 10, 1))  # the quarters the letter could see, Apr-Sep 2023
YEAR_BEFORE_LETTER = date(2022, 4, 1)  # 2022/23: the last financial year complete before the letter


def _quoted(force: Force, topic: str) -> tuple[str, ...]:
    """Figures quoted on public pages about `topic`, each attributed: reference points, never a series."""
    quoted = _force_wide("force_claims/quoted_figures", force, topic=topic)
    return tuple(
        f"{r.metric}, {r.period}: {r.value} {r.unit if r.unit not in ('mixed', 'text') else ''}".rstrip()
        + f" (quoted by {r.quoted_by}: {r.url})"
        + (f"; {r.note}" if r.note else "")
        for r in quoted.itertuples()
    )


def _outcome_quarters(force: Force) -> tuple[str, pd.DataFrame]:
    """The force's name and its complete quarters of real crime outcomes on the closed basis."""
    quarterly = _force_wide("crime_and_peers/force_outcomes", force, basis="closed")
    own = peers.force_name(force, quarterly)
    mine = quarterly[(quarterly["force"] == own) & ~quarterly["incomplete"]].copy()
    mine["quarter"] = pd.to_datetime(mine["quarter"]).dt.date
    return own, mine


def _financial_years(mine: pd.DataFrame, column: str, first: date) -> dict[int, int]:
    """A column summed over each complete financial year (four quarters) from `first`."""
    mine = mine[mine["quarter"] >= first].assign(fy=[q.year - (q.month < 4) for q in mine["quarter"] if q >= first])
    years = mine.groupby("fy")[column].agg(["sum", "count"])
    return {int(fy): int(row["sum"]) for fy, row in years.iterrows() if row["count"] == 4}


def _brought_to_justice(force: Force) -> tuple[str, str, tuple[str, ...]]:
    own, mine = _outcome_quarters(force)
    frame = pd.DataFrame({"month": pd.to_datetime(mine["quarter"]), "positive": mine["positive"].to_numpy()})
    before, after = Window(date(2021, 4, 1), date(2023, 4, 1)), Window(date(2023, 4, 1), date(2024, 4, 1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the engine's month-of-year pre-test on quarters (aliased harmonic)
        result = compare.compare(frame, POSITIVE, before, after)
    q1 = result.change_verdict  # compared with before
    years = _financial_years(mine, "positive", YEAR_BEFORE_LETTER)
    rising = len(years) >= 2 and all(years[y] > years[y - 1] for y in list(years)[1:])
    listed = "; ".join(
        f"{y}/{str(y + 1)[2:]} {n:,}" + (f" ({_pct(n, years[y - 1]):+.1f}%)" if y - 1 in years else "")
        for y, n in years.items()
    )
    figure = (
        f"positive outcomes ('brought to justice' in the Home Office's sense: charges plus out-of-court "
        f"outcomes), {own}, investigations closed: {result.was:,.0f} a quarter ({before.label()}) and "
        f"{result.is_:,.0f} ({after.label()}); compared with before, '{q1}'. By financial year: {listed}. "
        "The test: an improvement compared with before, and every financial year since above the one before"
    )
    comparison = _outcomes_against_peers(force, "positive_per_1000")
    return (SUPPORTED if q1 == "improved" and rising else NOT_SUPPORTED), figure, comparison


def _outcomes_against_peers(force: Force, measure_key: str) -> tuple[str, ...]:
    """The force against its peers' path on a real outcomes measure (the comparative model), as context."""
    quarterly = _force_wide("crime_and_peers/force_outcomes", force, basis="closed")
    own = peers.force_name(force, quarterly)
    rates = real_outcomes.series(quarterly, force, measure_key)
    _, vs_peers, vs_nation = real_outcomes.comparisons(
        rates, own, measure_key, Window(date(2021, 4, 1), MODEL_START), Window(MODEL_START, date(2024, 4, 1))
    )
    label = real_outcomes.MEASURES[measure_key].label.lower()
    text = f"{label}, from the model change: {vs_peers.sentence()} {vs_nation.sentence()}"
    return (text.replace("**", "").rstrip("."),)


def _offence_outcomes(force: Force, offence_group: str) -> tuple[str, pd.DataFrame]:
    """The force's name, and each force's outcomes of one offence group by financial year (recorded basis)
    beside the crimes recorded in that year (`crimes`)."""
    outcomes = _force_wide("force_claims/outcomes_by_offence", force, basis="recorded")
    crime = _force_wide("crime_and_peers/quarterly", force, offence_group=offence_group)
    crime["year_start"] = [date(q.year - (q.month < 4), 4, 1) for q in pd.to_datetime(crime["quarter"])]
    recorded = crime.groupby(["force", "year_start"], as_index=False)["crimes"].sum()
    outcomes["year_start"] = pd.to_datetime(outcomes["year_start"]).dt.date
    rows = outcomes[outcomes["offence_group"] == offence_group].merge(recorded, on=["force", "year_start"])
    return peers.force_name(force, crime), rows


def _best_of_peers(force: Force) -> tuple[str, str, tuple[str, ...]]:
    # The sentence follows "offenders brought to justice": read on outcomes where the data allow.
    own, rows = _offence_outcomes(force, "Robbery")
    rows["positive_pct"] = 100 * (rows["charged"] + rows["out_of_court"]) / rows["crimes"]
    group = [own, *force.peers.forces]

    def ranked(year: date) -> tuple[int, int, str]:
        year_rows = rows[(rows["year_start"] == year) & rows["force"].isin(group)].sort_values(
            "positive_pct", ascending=False
        )
        rank = int(year_rows["positive_pct"].rank(method="min", ascending=False)[year_rows["force"] == own].iloc[0])
        listed = ", ".join(f"{r.force} {r.positive_pct:.1f}%" for r in year_rows.itertuples())
        return rank, len(year_rows), listed

    rank, size, listed = ranked(YEAR_BEFORE_LETTER)
    figure = (
        f"robberies recorded in 2022/23 (the last year complete before the letter) that reached a positive "
        f"outcome (charge or out-of-court), {own} {peers.ordinal(rank)} of {size}: {listed}. Burglary and "
        "homicide cannot be read on outcomes: the published outcomes put burglary inside theft offences and "
        "homicide inside violence against the person. The test: the force first of its group"
    )
    context: tuple[str, ...]
    try:
        recorded_verdict, recorded_figure = _recorded_best_of_peers(force)
        context = (
            f"Recorded crime reading (crime, not outcomes; the earlier test, kept for comparison): "
            f"'{recorded_verdict}': {recorded_figure}",
        )
    except (KeyError, IndexError, ValueError):  # the recorded crime data lack a group or a force
        context = ()
    if (rows["year_start"] == date(2023, 4, 1)).any():
        later_rank, later_size, later = ranked(date(2023, 4, 1))
        context = (
            f"2023/24 (the letter's own year, complete after it): {own} {peers.ordinal(later_rank)} of "
            f"{later_size}: {later}",
            *context,
        )
    return (SUPPORTED if rank == 1 else NOT_SUPPORTED), figure, context


def _recorded_best_of_peers(force: Force) -> tuple[str, str]:
    lines, best = [], True
    for group in ("Burglary", "Robbery", "Homicide"):
        table, own = _rates(force, group, YEAR_BEFORE, LETTER_YEAR)
        group_rows = table[table["series"].isin([own, *force.peers.forces])].sort_values("change_pct")
        rank = int(group_rows["change_pct"].rank(method="min")[group_rows["series"] == own].iloc[0])
        leader = group_rows.iloc[0]
        best &= rank == 1
        own_change = float(group_rows.loc[group_rows["series"] == own, "change_pct"].iloc[0])
        lines.append(
            f"{group.lower()} {own_change:+.1f}%, {peers.ordinal(rank)} of {len(group_rows)} "
            f"(best: {leader['series']} {leader['change_pct']:+.1f}%)"
        )
    figure = (
        f"change in recorded crime in the year to June 2023 on the year before, among {own} and its peers "
        f"({', '.join(force.peers.forces)}; {force.peers.label}): " + "; ".join(lines)
    )
    return (SUPPORTED if best else NOT_SUPPORTED), figure


def _rapes_solved(force: Force) -> tuple[str, str, tuple[str, ...]]:
    own, rows = _offence_outcomes(force, "Sexual offences")

    def rates(year: date) -> tuple[float, float]:
        year_rows = rows[rows["year_start"] == year]
        mine = year_rows[year_rows["force"] == own]
        return (
            100 * mine["charged"].sum() / mine["crimes"].sum(),
            100 * year_rows["charged"].sum() / year_rows["crimes"].sum(),
        )

    before = rates(YEAR_BEFORE_LETTER)
    figure = (
        f"sexual offences (rape is not separate in these tables) recorded in 2022/23 and charged or summonsed: "
        f"{own} {before[0]:.1f}%, England and Wales {before[1]:.1f}%"
    )
    if (rows["year_start"] == date(2024, 4, 1)).any():
        latest = rates(date(2024, 4, 1))
        figure += f"; 2024/25: {latest[0]:.1f}% and {latest[1]:.1f}%"
    figure += ". Context only: the claim is about rape"
    return NOT_TESTABLE, figure, _quoted(force, "rape")


def _outcomes_third(force: Force) -> tuple[str, str, tuple[str, ...]]:
    own, mine = _outcome_quarters(force)

    def window_sum(column: str, window: Window) -> int:
        return int(mine.loc[(mine["quarter"] >= window.start) & (mine["quarter"] < window.end), column].sum())

    year_earlier = Window(date(2022, 4, 1), date(2022, 10, 1))
    positive = (window_sum("positive", year_earlier), window_sum("positive", SINCE_APRIL))
    charged = (window_sum("charged", year_earlier), window_sum("charged", SINCE_APRIL))
    change = _pct(positive[1], positive[0])
    years = _financial_years(mine, "positive", YEAR_BEFORE_LETTER)
    latest = max(years)
    figure = (
        f"positive outcomes, {own}, investigations closed {SINCE_APRIL.label()} (the months the letter could "
        f"see, in whole quarters): {positive[1]:,} against {positive[0]:,} in the same months of 2022, "
        f"{change:+.1f}%; charges alone {charged[1]:,} against {charged[0]:,}, "
        f"{_pct(charged[1], charged[0]):+.1f}%. The test: positive outcomes up 25% to 42% ('about a third')"
    )
    context = (
        f"The latest year: positive outcomes {latest}/{str(latest + 1)[2:]} {years[latest]:,} against "
        f"2022/23 {years[2022]:,} ({_pct(years[latest], years[2022]):+.0f}%)",
    )
    return (SUPPORTED if 25 <= change <= 42 else NOT_SUPPORTED), figure, context


def _reduction_vs_forces(force: Force) -> tuple[str, str]:
    table, own = _rates(force, "All crime (excluding fraud)", YEAR_BEFORE, LETTER_YEAR)
    row = table.set_index("series").loc[own]
    better_than = int((table["change_pct"] > row["change_pct"]).sum())
    figure = (
        f"recorded crime (excluding fraud), year to June 2023 on the year before: {own} "
        f"{row['change_pct']:+.1f}%, {peers.ordinal(int(row['change_pct_rank_of_43']))} of 43 (a bigger fall "
        f"than {better_than} of the "
        "other 42 forces)"
    )
    return (SUPPORTED if better_than > 21 else NOT_SUPPORTED), figure


def _marac_census(force: Force) -> tuple[str, str]:
    return NOT_TESTABLE, (
        "the app holds adult women by LPA from Census 2021 only, so the rate cannot be set on "
        "both censuses. No public copy of Census 2011 women aged 16 and over by local authority was "
        "found: the public repositories searched hold 2011 persons by age without sex "
        "(plibin-vub/uk-districts, Nomis KS102UK) or 2011 ethnic group (Resistance-Lab)"
    )


def _rso(force: Force) -> tuple[str, str]:
    monthly = _months("sex_offenders/monthly", force, Window(date(2023, 4, 1), date(2023, 12, 1)))
    by_month = monthly.set_index(pd.to_datetime(monthly["month"]).dt.date)["arms_overdue"]
    april, november = int(by_month[date(2023, 4, 1)]), int(by_month[date(2023, 11, 1)])
    change = _pct(november, april)
    figure = (
        f"ARMS assessments overdue at the end of April 2023: {april:,}; November 2023: {november:,} "
        f"({change:+.0f}%); the test: a fall of 48% to 68% (the letter's 58%, give or take 10 points)"
    )
    return SUPPORTED if -68 <= change <= -48 else NOT_SUPPORTED, figure


def _ocset(force: Force) -> tuple[str, str]:
    monthly = _months("online_child_abuse/monthly", force, Window(date(2023, 6, 1), MODEL_TO_LETTER.end))
    by_month = monthly.set_index(pd.to_datetime(monthly["month"]).dt.date)["awaiting"]
    june, since = int(by_month[date(2023, 6, 1)]), by_month[by_month.index > date(2023, 6, 1)]
    ok = abs(june / 81 - 1) <= 0.1 and since.max() <= 25
    figure = (
        f"cases awaiting enforcement at the end of June 2023: {june}; from July to October 2023 between "
        f"{since.min():.0f} and {since.max():.0f}; the test: June within 10% of 81 and no month after above 25"
    )
    return SUPPORTED if ok else NOT_SUPPORTED, figure


def _disclosures(force: Force) -> tuple[str, str]:
    protection = force.protection
    table = _force_wide("online_child_abuse/disclosure", force)
    before, after = (table.set_index("period").loc[period] for period in ("before", "after"))
    figure = (
        f"disclosures to children's services within {protection.disclosure_target_days} days: cases referred "
        f"by {protection.disclosure_deadline:%d %B %Y} {before['on_time_pct']:.0%} of "
        f"{int(before['disclosures_needed']):,}, after it {after['on_time_pct']:.0%} of "
        f"{int(after['disclosures_needed']):,}; "
        "the test: at least 90% on time after the deadline"
    )
    return SUPPORTED if after["on_time_pct"] >= 0.9 else NOT_SUPPORTED, figure


def _calls_999(force: Force) -> tuple[str, str, tuple[str, ...]]:
    published = _force_wide("data_and_methods/published_figures", force)
    within = published[
        published["measure"].str.startswith("999 calls answered within 10s") & published["period_end"].notna()
    ].sort_values("period_end")
    points = "; ".join(f"{r.period} {r.value:.0f}%" for r in within.itertuples())
    return (
        NOT_TESTABLE,
        (
            f"the force's own published share of 999 calls answered within 10 seconds: {points} "
            "(secondary reports). These are reference points, not a series; a rank among forces "
            "needs every force's figures month by month"
        ),
        _quoted(force, "999"),
    )


def _attendance(force: Force) -> tuple[str, str]:
    monthly = _months("calls_and_response/monthly", force, Window(BEFORE_MODEL.start, MODEL_TO_LETTER.end))
    months = pd.to_datetime(monthly["month"]).dt.date

    def share(rows: pd.DataFrame) -> float:
        return rows["emergency_within_target"].sum() / rows["emergency_attended"].sum()

    before, after = share(monthly[months < MODEL_TO_LETTER.start]), share(monthly[months >= MODEL_TO_LETTER.start])
    change = _pct(after, before)
    figure = (
        f"emergency incidents attended within target: {before:.1%} ({BEFORE_MODEL.label()}) and {after:.1%} "
        f"({MODEL_TO_LETTER.label()}), {change:+.0f}%; the test: a rise of 20% to 30%"
    )
    return SUPPORTED if 20 <= change <= 30 else NOT_SUPPORTED, figure


def _national_trend(force: Force) -> tuple[str, str]:
    table, own = _rates(force, "All crime (excluding fraud)", YEAR_BEFORE, LETTER_YEAR)
    mine = float(table.set_index("series").at[own, "change_pct"])
    national = _national_change(force, "All crime (excluding fraud)")
    figure = (
        f"recorded crime (excluding fraud), year to June 2023 on the year before: {own} {mine:+.1f}%, England "
        f"and Wales {national:+.1f}%; the test: the force fell while England and Wales did not"
    )
    return (SUPPORTED if mine < 0 <= national else NOT_SUPPORTED), figure


def _best_in_country(force: Force) -> tuple[str, str]:
    table, own = _rates(force, "All crime (excluding fraud)", YEAR_BEFORE, LETTER_YEAR)
    ordered = table.sort_values("change_pct")
    rank = int(table.set_index("series").at[own, "change_pct_rank_of_43"])
    leader = ordered.iloc[0]
    figure = (
        f"{own} {peers.ordinal(rank)} of 43 by change in recorded crime (excluding fraud), year to June 2023 "
        f"on the year before; the biggest fall: {leader['series']} {leader['change_pct']:+.1f}%"
    )
    return (SUPPORTED if rank == 1 else NOT_SUPPORTED), figure


def _officers(force: Force) -> tuple[str, str]:
    officers = _force_wide("force_claims/officers", force)
    quarterly = _force_wide("crime_and_peers/quarterly", force, offence_group="All crime (excluding fraud)")
    mine = officers[officers["force"] == peers.force_name(force, quarterly)].sort_values("as_at")
    first, last = mine.iloc[0], mine.iloc[-1]
    change = _pct(last["officers_fte"], first["officers_fte"])
    figure = (
        f"police officers (full-time equivalent) at 31 March {first['as_at']:%Y}: {first['officers_fte']:,.0f}; "
        f"at 31 March {last['as_at']:%Y}: {last['officers_fte']:,.0f} ({change:+.1f}%); the test: at least 5% "
        "fewer. Police staff are not in the shipped data"
    )
    return (SUPPORTED if change <= -5 else NOT_SUPPORTED), figure


RECORDED = ("force_crime", "force_population")
OUTCOMES = ("force_outcomes_quarterly", "force_population")
CLAIMS = (
    Claim(
        "arrests",
        "Arrests rose from about 3,200 to about 4,200 a month after the new model, with two more custody suites.",
        "Arrests a month, the 12 months before the model against the months from it to the letter",
        ("arrests",),
        _arrests,
        "the force's custody records, supplied with `python -m briefing.refresh.supply arrests FILE`",
    ),
    Claim(
        "brought_to_justice",
        "Offenders brought to justice are up significantly and still improving.",
        "Positive outcomes (charges plus out-of-court outcomes: 'brought to justice' in the Home Office's sense), "
        "investigations closed, a quarter: the year from the model change against the two years before, by the "
        "comparison engine; then each financial year since against the one before",
        OUTCOMES,
        _brought_to_justice,
        "",
    ),
    Claim(
        "best_of_peers",
        "The force is the best of its comparison forces for burglary, robbery and homicide.",
        "The sentence follows 'offenders brought to justice', so it is read on outcomes: robberies recorded in "
        "2022/23 that reached a positive outcome, ranked among the force and its peers (burglary and homicide are "
        "not separate in the published outcomes); the recorded-crime reading is kept beside it",
        ("force_outcomes_by_offence", *RECORDED),
        _best_of_peers,
        "",
    ),
    Claim(
        "rapes_solved",
        "Rapes solved are above the national average.",
        "Share of rapes recorded that were charged or summonsed, the force against England and Wales",
        ("force_outcomes_by_offence", "quoted_figures", *RECORDED),
        _rapes_solved,
        "Home Office crime outcomes open data by offence code (rape, codes 19C to 19H), published with the "
        "'Crime outcomes in England and Wales' statistics, for the year to March 2023",
    ),
    Claim(
        "outcomes_third",
        "Outcome measures are up about a third since April 2023.",
        "Positive outcomes, investigations closed April to September 2023 (the months the letter could see, in "
        "whole quarters) against the same months of 2022; and the latest year",
        OUTCOMES,
        _outcomes_third,
        "",
    ),
    Claim(
        "reduction_vs_forces",
        "Crime fell more against the previous 12 months than in most forces.",
        "Change in recorded crime (excluding fraud), year to June 2023 on the year before, ranked among the 43 forces",
        RECORDED,
        _reduction_vs_forces,
        "",
    ),
    Claim(
        "marac_census",
        "SafeLives' expected level of MARAC referrals rests on 2011 Census population.",
        "MARAC referrals per 10,000 adult women on 2011 and on 2021 population",
        ("population", "marac_referrals"),
        _marac_census,
        "Census 2011 females aged 16 and over by borough (ONS table KS102) beside Census 2021, and "
        "the force's MARAC referrals (marac_referrals extract)",
    ),
    Claim(
        "rso_assessments",
        "Outstanding RSO risk assessments fell by 58% between April and November 2023.",
        "ARMS assessments overdue at the end of April and of November 2023",
        ("rso_caseload",),
        _rso,
        "the force's registered sex offender caseload snapshots (rso_caseload extract, from ViSOR)",
    ),
    Claim(
        "ocset_backlog",
        'OCSET cases awaiting enforcement fell from 81 in June 2023 to about 20 "at any given time".',
        "Cases awaiting enforcement at each month end, June to October 2023",
        ("ocset_cases",),
        _ocset,
        "the force's OCSET case list (ocset_cases extract)",
    ),
    Claim(
        "disclosures",
        "Disclosures to social services were in place before 31 July 2023.",
        "Share of needed disclosures to children's services made within the force's target, cases referred "
        "after the deadline",
        ("ocset_cases",),
        _disclosures,
        "the force's OCSET case list with disclosure dates (ocset_cases extract)",
    ),
    Claim(
        "calls_999",
        "999 call handling went from one of the worst forces to one of the best in 11 months.",
        "The force's rank among forces on 999 calls answered within 10 seconds, 2022 against 2023",
        ("published_figures", "quoted_figures"),
        _calls_999,
        "the Home Office 999 answering data for every force (police.uk, monthly since November 2021)",
    ),
    Claim(
        "attendance",
        "Emergency incidents attended within target rose by 25%.",
        "Share of emergency incidents attended within target, the 12 months before the model against after",
        ("incidents",),
        _attendance,
        "the force's incident records (incidents extract)",
    ),
    Claim(
        "national_trend",
        'The crime reduction is "at odds with the national trends".',
        "Change in recorded crime (excluding fraud), year to June 2023 on the year before: the force against "
        "England and Wales",
        RECORDED,
        _national_trend,
        "",
    ),
    Claim(
        "best_in_country",
        'The crime reduction is "the best in the country".',
        "The force's rank among the 43 forces on that change",
        RECORDED,
        _best_in_country,
        "",
    ),
    Claim(
        "officers_2010",
        "The force has significantly fewer officers and staff than in 2010.",
        "Police officers (full-time equivalent) at 31 March 2010 and 31 March 2025",
        ("force_officers",),
        _officers,
        "police staff numbers for 2010 and now (Home Office police workforce tables)",
    ),
)


def evaluated(force: Force) -> list[Result]:
    """`evaluate`, read from the data version's set of views if it was worked out there (briefing.app.precomputed
    does at refresh: a second or two a process otherwise), otherwise worked out and kept there, unless an extract
    was unavailable (that is reported afresh)."""
    return kept_views.kept(what(force), db.version(), lambda: evaluate(force), lambda results: not unavailable(results))


def what(force: Force) -> tuple:
    """What the set of views keeps the force's claims as."""
    return ("claims", force.name)


def unavailable(results: list[Result]) -> bool:
    """Whether any claim could not be tested because its data were unavailable."""
    return any(r.figure.startswith(UNAVAILABLE) for r in results)


UNAVAILABLE = "the data are unavailable"


def evaluate(force: Force) -> list[Result]:
    """Every claim, in the letter's order, with the verdict its data give now. A claim resting on
    demonstration data is not yet testable; its figures are shown as the demonstration reading."""
    results = []
    for claim in CLAIMS:
        context: tuple[str, ...] = ()
        try:
            verdict, figure, *more = claim.test(force)
            context = tuple(more[0]) if more else ()
        except db.ExtractUnavailable as exc:
            verdict, figure = NOT_TESTABLE, f"{UNAVAILABLE} ({exc})"
        except (KeyError, IndexError, ValueError, ZeroDivisionError):
            # The data do not reach the months or forces the test needs (a partial extract, another force):
            # a missing row or column, an empty selection, nothing to divide by. A TypeError is a bug in the
            # test, never a verdict, so it is not caught.
            verdict, figure = NOT_TESTABLE, "the data do not cover the period or the forces this test needs"
        demo = db.is_demo(*claim.extracts)
        if demo and verdict != NOT_TESTABLE:
            figure = f"On demonstration data, which cannot verify the claim, the test reads '{verdict}': {figure}"
        verdict = NOT_TESTABLE if demo else verdict
        needs = claim.needs if verdict == NOT_TESTABLE else ""
        results.append(
            Result(
                claim.key, claim.claim, claim.measure, _source(*claim.extracts), verdict, figure, needs, demo, context
            )
        )
    return results
