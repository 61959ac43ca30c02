"""The Chief Constable's letter of 23 November 2023, checked: each checkable claim, the measure that
tests it, the data that can, and the verdict those data give.

Every verdict is computed here from the data when `evaluate` runs, never typed in: supported, not
supported, or not yet testable (naming what would test it). A claim whose only data are
demonstration data is not yet testable: the reading on demonstration data is shown, labelled, and
cannot verify the claim. The claims are the force's words as summarised in DESIGN section 10
(quoted phrases are the letter's); they are shown as claims, never as facts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from briefing import compare, db, filters, peers
from briefing.areas import INVESTIGATIONS
from briefing.compare import Window
from briefing.config import Force
from briefing.contracts import CONTRACTS

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


@dataclass(frozen=True)
class Claim:
    key: str
    claim: str
    measure: str
    extracts: tuple[str, ...]  # the data the test reads
    test: Callable[[Force], tuple[str, str]]  # -> (verdict the figures give, the figures)
    needs: str  # what would test it, while its data are demonstration data or lack the measure


def _source(*extracts: str) -> str:
    return "; ".join(f"{CONTRACTS[name].title if name in CONTRACTS else name}: "
                     f"{db.entry(name).get('source', 'not in the manifest')}" for name in extracts)


def _pct(new: float, old: float) -> float:
    return 100 * (new / old - 1)


def _force_wide(query: str, force: Force, **extra) -> pd.DataFrame:
    """A query's frame for the whole force, as a person sees it (`db.query`, force-wide view)."""
    view = filters.parse({}, force, db.earliest_month(), db.latest_month())
    return db.query(query, view, **extra)


def _months(query: str, force: Force, window: Window) -> pd.DataFrame:
    return _force_wide(query, force, start=window.start, end=window.end)


def _rates(force: Force, group: str, was: Window, is_: Window) -> tuple[pd.DataFrame, str]:
    quarterly = _force_wide("crime_and_peers/quarterly", force, offence_group=group)
    own = peers.force_name(force, quarterly)
    return peers.windows_table(peers.series(quarterly, force), own, force, was, is_, every_force=True), own


def _national_change(force: Force, group: str) -> float:
    quarterly = _force_wide("crime_and_peers/quarterly", force, offence_group=group)
    table = peers.windows_table(peers.series(quarterly, force), peers.force_name(force, quarterly), force,
                                YEAR_BEFORE, LETTER_YEAR)
    return float(table.set_index("series").at[peers.NATIONAL, "change_pct"])


def _arrests(force: Force) -> tuple[str, str]:
    monthly = _months("investigations/arrests_monthly", force, Window(BEFORE_MODEL.start, MODEL_TO_LETTER.end))
    months = pd.to_datetime(monthly["month"]).dt.date
    before = monthly[months < MODEL_TO_LETTER.start]["arrests"].mean()
    after = monthly[months >= MODEL_TO_LETTER.start]["arrests"].mean()
    close = abs(before / 3200 - 1) <= 0.1 and abs(after / 4200 - 1) <= 0.1
    figure = (f"{before:,.0f} arrests a month ({BEFORE_MODEL.label()}) and {after:,.0f} ({MODEL_TO_LETTER.label()}); "
              "the test: each within 10% of the letter's 3,200 and 4,200. Custody suites are not in any extract")
    return SUPPORTED if close else NOT_SUPPORTED, figure


def _brought_to_justice(force: Force) -> tuple[str, str]:
    monthly = _months("investigations/monthly", force, Window(BEFORE_MODEL.start, MODEL_TO_LETTER.end))
    result = compare.compare(monthly, BTJ_OUTCOMES, BEFORE_MODEL, MODEL_TO_LETTER)
    figure = (f"brought to justice outcomes {result.was:,.0f} a month ({BEFORE_MODEL.label()}) and {result.is_:,.0f} "
              f"({MODEL_TO_LETTER.label()}): compared with before, '{result.change_verdict}'; against the earlier "
              f"trend, '{result.model_verdict}'")
    return SUPPORTED if result.change_verdict == compare.IMPROVED else NOT_SUPPORTED, figure


def _best_of_peers(force: Force) -> tuple[str, str]:
    lines, best = [], True
    for group in ("Burglary", "Robbery", "Homicide"):
        table, own = _rates(force, group, YEAR_BEFORE, LETTER_YEAR)
        group_rows = table[table["series"].isin([own, *force.peers.forces])].sort_values("change_pct")
        rank = int(group_rows["change_pct"].rank(method="min")[group_rows["series"] == own].iloc[0])
        leader = group_rows.iloc[0]
        best &= rank == 1
        own_change = float(group_rows.loc[group_rows["series"] == own, "change_pct"].iloc[0])
        lines.append(f"{group.lower()} {own_change:+.1f}%, {peers.ordinal(rank)} of {len(group_rows)} "
                     f"(best: {leader['series']} {leader['change_pct']:+.1f}%)")
    figure = (f"change in the year to June 2023 on the year before, among {own} and its peers ("
              f"{', '.join(force.peers.forces)}; {force.peers.label}): " + "; ".join(lines))
    return (SUPPORTED if best else NOT_SUPPORTED), figure


def _rapes_solved(force: Force) -> tuple[str, str]:
    rates = _force_wide("force_claims/charge_rates", force)
    if "Rape" in set(rates["offence_group"]):  # a future extract with a rape group tests it directly
        sexual = rates[rates["offence_group"] == "Rape"]
    else:
        sexual = rates[rates["offence_group"] == "Sexual offences"]
    quarterly = _force_wide("crime_and_peers/quarterly", force, offence_group="All crime (excluding fraud)")
    own = peers.force_name(force, quarterly)
    mine = sexual[sexual["force"] == own]
    own_rate = 100 * mine["charged"].sum() / mine["offences"].sum()
    national = 100 * sexual["charged"].sum() / sexual["offences"].sum()
    group = sexual["offence_group"].iloc[0]
    figure = (f"{group.lower()} recorded in 2024/25 charged or summonsed: {own} {own_rate:.1f}%, England and Wales "
              f"{national:.1f}% (outcomes as published; 2024/25 is after the letter)")
    if group != "Rape":
        return NOT_TESTABLE, figure + ". The outcomes extract has no rape group, so this is context only"
    return (SUPPORTED if own_rate > national else NOT_SUPPORTED), figure


def _outcomes_third(force: Force) -> tuple[str, str]:
    year_earlier = Window(date(2022, 4, 1), date(2022, 11, 1))
    monthly = _months("investigations/monthly", force, Window(year_earlier.start, MODEL_TO_LETTER.end))
    result = compare.compare(monthly, BTJ_OUTCOMES, year_earlier, MODEL_TO_LETTER)
    change = _pct(result.is_, result.was)
    figure = (f"brought to justice outcomes {result.was:,.0f} a month ({year_earlier.label()}) and {result.is_:,.0f} "
              f"({MODEL_TO_LETTER.label()}), {change:+.0f}%; the test: a rise of 25% to 42% ('about a third')")
    return SUPPORTED if 25 <= change <= 42 else NOT_SUPPORTED, figure


def _reduction_vs_forces(force: Force) -> tuple[str, str]:
    table, own = _rates(force, "All crime (excluding fraud)", YEAR_BEFORE, LETTER_YEAR)
    row = table.set_index("series").loc[own]
    better_than = int((table["change_pct"] > row["change_pct"]).sum())
    figure = (f"recorded crime (excluding fraud), year to June 2023 on the year before: {own} "
              f"{row['change_pct']:+.1f}%, {peers.ordinal(int(row['change_pct_rank_of_43']))} of 43 (a bigger fall "
              f"than {better_than} of the "
              "other 42 forces)")
    return (SUPPORTED if better_than > 21 else NOT_SUPPORTED), figure


def _marac_census(force: Force) -> tuple[str, str]:
    return NOT_TESTABLE, ("the app holds adult women by LPA from Census 2021 only, so the rate cannot be set on "
                          "both censuses")


def _rso(force: Force) -> tuple[str, str]:
    monthly = _months("sex_offenders/monthly", force, Window(date(2023, 4, 1), date(2023, 12, 1)))
    by_month = monthly.set_index(pd.to_datetime(monthly["month"]).dt.date)["arms_overdue"]
    april, november = int(by_month[date(2023, 4, 1)]), int(by_month[date(2023, 11, 1)])
    change = _pct(november, april)
    figure = (f"ARMS assessments overdue at the end of April 2023: {april:,}; November 2023: {november:,} "
              f"({change:+.0f}%); the test: a fall of 48% to 68% (the letter's 58%, give or take 10 points)")
    return SUPPORTED if -68 <= change <= -48 else NOT_SUPPORTED, figure


def _ocset(force: Force) -> tuple[str, str]:
    monthly = _months("online_child_abuse/monthly", force, Window(date(2023, 6, 1), MODEL_TO_LETTER.end))
    by_month = monthly.set_index(pd.to_datetime(monthly["month"]).dt.date)["awaiting"]
    june, since = int(by_month[date(2023, 6, 1)]), by_month[by_month.index > date(2023, 6, 1)]
    ok = abs(june / 81 - 1) <= 0.1 and since.max() <= 25
    figure = (f"cases awaiting enforcement at the end of June 2023: {june}; from July to October 2023 between "
              f"{since.min():.0f} and {since.max():.0f}; the test: June within 10% of 81 and no month after above 25")
    return SUPPORTED if ok else NOT_SUPPORTED, figure


def _disclosures(force: Force) -> tuple[str, str]:
    protection = force.protection
    table = _force_wide("online_child_abuse/disclosure", force)
    before, after = (table.set_index("period").loc[period] for period in ("before", "after"))
    figure = (f"disclosures to children's services within {protection.disclosure_target_days} days: cases referred "
              f"by {protection.disclosure_deadline:%d %B %Y} {before['on_time_pct']:.0%} of "
              f"{int(before['disclosures_needed']):,}, after it {after['on_time_pct']:.0%} of "
              f"{int(after['disclosures_needed']):,}; "
              "the test: at least 90% on time after the deadline")
    return SUPPORTED if after["on_time_pct"] >= 0.9 else NOT_SUPPORTED, figure


def _calls_999(force: Force) -> tuple[str, str]:
    published = _force_wide("data_and_methods/published_figures", force)
    within = published[published["measure"].str.startswith("999 calls answered within 10s")
                       & published["period_end"].notna()].sort_values("period_end")
    points = "; ".join(f"{r.period} {r.value:.0f}%" for r in within.itertuples())
    return NOT_TESTABLE, (f"the force's own published share of 999 calls answered within 10 seconds: {points} "
                          "(secondary reports). A rank among forces needs every force's figures")


def _attendance(force: Force) -> tuple[str, str]:
    monthly = _months("calls_and_response/monthly", force, Window(BEFORE_MODEL.start, MODEL_TO_LETTER.end))
    months = pd.to_datetime(monthly["month"]).dt.date

    def share(rows: pd.DataFrame) -> float:
        return rows["emergency_within_target"].sum() / rows["emergency_attended"].sum()

    before, after = share(monthly[months < MODEL_TO_LETTER.start]), share(monthly[months >= MODEL_TO_LETTER.start])
    change = _pct(after, before)
    figure = (f"emergency incidents attended within target: {before:.1%} ({BEFORE_MODEL.label()}) and {after:.1%} "
              f"({MODEL_TO_LETTER.label()}), {change:+.0f}%; the test: a rise of 20% to 30%")
    return SUPPORTED if 20 <= change <= 30 else NOT_SUPPORTED, figure


def _national_trend(force: Force) -> tuple[str, str]:
    table, own = _rates(force, "All crime (excluding fraud)", YEAR_BEFORE, LETTER_YEAR)
    mine = float(table.set_index("series").at[own, "change_pct"])
    national = _national_change(force, "All crime (excluding fraud)")
    figure = (f"recorded crime (excluding fraud), year to June 2023 on the year before: {own} {mine:+.1f}%, England "
              f"and Wales {national:+.1f}%; the test: the force fell while England and Wales did not")
    return (SUPPORTED if mine < 0 <= national else NOT_SUPPORTED), figure


def _best_in_country(force: Force) -> tuple[str, str]:
    table, own = _rates(force, "All crime (excluding fraud)", YEAR_BEFORE, LETTER_YEAR)
    ordered = table.sort_values("change_pct")
    rank = int(table.set_index("series").at[own, "change_pct_rank_of_43"])
    leader = ordered.iloc[0]
    figure = (f"{own} {peers.ordinal(rank)} of 43 by change in recorded crime (excluding fraud), year to June 2023 "
              f"on the year before; the biggest fall: {leader['series']} {leader['change_pct']:+.1f}%")
    return (SUPPORTED if rank == 1 else NOT_SUPPORTED), figure


def _officers(force: Force) -> tuple[str, str]:
    officers = _force_wide("force_claims/officers", force)
    quarterly = _force_wide("crime_and_peers/quarterly", force, offence_group="All crime (excluding fraud)")
    mine = officers[officers["force"] == peers.force_name(force, quarterly)].sort_values("as_at")
    first, last = mine.iloc[0], mine.iloc[-1]
    change = _pct(last["officers_fte"], first["officers_fte"])
    figure = (f"police officers (full-time equivalent) at 31 March {first['as_at']:%Y}: {first['officers_fte']:,.0f}; "
              f"at 31 March {last['as_at']:%Y}: {last['officers_fte']:,.0f} ({change:+.1f}%); the test: at least 5% "
              "fewer. Police staff are not in the shipped data")
    return (SUPPORTED if change <= -5 else NOT_SUPPORTED), figure


POLICE_UK = "the force's own police.uk outcomes for 2022-2023, read by `python -m briefing.ingest police-uk`"
RECORDED = ("force_crime", "force_population")
CLAIMS = (
    Claim("arrests", "Arrests rose from about 3,200 to about 4,200 a month after the new model, with two more "
          "custody suites.", "Arrests a month, the 12 months before the model against the months from it to the "
          "letter", ("arrests",), _arrests,
          "the force's custody records, supplied with `python -m briefing.supply arrests FILE`"),
    Claim("brought_to_justice", "Offenders brought to justice are up significantly and still improving.",
          "Brought to justice outcomes a month (this app's labelled definition), before the model against after, "
          "by the comparison engine", ("crimes", "outcomes"), _brought_to_justice, POLICE_UK),
    Claim("best_of_peers", "The force is the best of its comparison forces for burglary, robbery and homicide.",
          "Change in recorded burglary, robbery and homicide, year to June 2023 on the year before, ranked among the "
          "force and its peers", RECORDED, _best_of_peers, ""),
    Claim("rapes_solved", "Rapes solved are above the national average.",
          "Share of rapes recorded that were charged or summonsed, the force against England and Wales",
          ("force_outcomes", "force_population"), _rapes_solved,
          "Home Office outcomes open data by offence code (rape, 19C to 19H), for the year before the letter"),
    Claim("outcomes_third", "Outcome measures are up about a third since April 2023.",
          "Brought to justice outcomes a month, April to October 2023 against the same months of 2022",
          ("crimes", "outcomes"), _outcomes_third, POLICE_UK),
    Claim("reduction_vs_forces", "Crime fell more against the previous 12 months than in most forces.",
          "Change in recorded crime (excluding fraud), year to June 2023 on the year before, ranked among the 43 "
          "forces", RECORDED, _reduction_vs_forces, ""),
    Claim("marac_census", "SafeLives' expected level of MARAC referrals rests on 2011 Census population.",
          "MARAC referrals per 10,000 adult women on 2011 and on 2021 population", ("population", "marac_referrals"),
          _marac_census, "Census 2011 females aged 16 and over by borough (ONS table KS102) beside Census 2021, and "
          "the force's MARAC referrals (marac_referrals extract)"),
    Claim("rso_assessments", "Outstanding RSO risk assessments fell by 58% between April and November 2023.",
          "ARMS assessments overdue at the end of April and of November 2023", ("rso_caseload",), _rso,
          "the force's registered sex offender caseload snapshots (rso_caseload extract, from ViSOR)"),
    Claim("ocset_backlog", "OCSET cases awaiting enforcement fell from 81 in June 2023 to about 20 \"at any given "
          "time\".", "Cases awaiting enforcement at each month end, June to October 2023", ("ocset_cases",), _ocset,
          "the force's OCSET case list (ocset_cases extract)"),
    Claim("disclosures", "Disclosures to social services were in place before 31 July 2023.",
          "Share of needed disclosures to children's services made within the force's target, cases referred "
          "after the deadline", ("ocset_cases",), _disclosures,
          "the force's OCSET case list with disclosure dates (ocset_cases extract)"),
    Claim("calls_999", "999 call handling went from one of the worst forces to one of the best in 11 months.",
          "The force's rank among forces on 999 calls answered within 10 seconds, 2022 against 2023",
          ("published_figures",), _calls_999,
          "the Home Office 999 answering data for every force (police.uk, monthly since November 2021)"),
    Claim("attendance", "Emergency incidents attended within target rose by 25%.",
          "Share of emergency incidents attended within target, the 12 months before the model against after",
          ("incidents",), _attendance, "the force's incident records (incidents extract)"),
    Claim("national_trend", "The crime reduction is \"at odds with the national trends\".",
          "Change in recorded crime (excluding fraud), year to June 2023 on the year before: the force against "
          "England and Wales", RECORDED, _national_trend, ""),
    Claim("best_in_country", "The crime reduction is \"the best in the country\".",
          "The force's rank among the 43 forces on that change", RECORDED, _best_in_country, ""),
    Claim("officers_2010", "The force has significantly fewer officers and staff than in 2010.",
          "Police officers (full-time equivalent) at 31 March 2010 and 31 March 2025", ("force_officers",), _officers,
          "police staff numbers for 2010 and now (Home Office police workforce tables)"),
)


def evaluate(force: Force) -> list[Result]:
    """Every claim, in the letter's order, with the verdict its data give now. A claim resting on
    demonstration data is not yet testable; its figures are shown as the demonstration reading."""
    results = []
    for claim in CLAIMS:
        try:
            verdict, figure = claim.test(force)
        except db.ExtractUnavailable as exc:
            verdict, figure = NOT_TESTABLE, f"the data are unavailable ({exc})"
        except (KeyError, IndexError, TypeError, ValueError, ZeroDivisionError):
            # The data do not reach the months or forces the test needs (a partial extract, another force).
            verdict, figure = NOT_TESTABLE, "the data do not cover the period or the forces this test needs"
        demo = any(db.is_demo(name) for name in claim.extracts)
        if demo and verdict != NOT_TESTABLE:
            figure = f"On demonstration data, which cannot verify the claim, the test reads '{verdict}': {figure}"
        verdict = NOT_TESTABLE if demo else verdict
        needs = claim.needs if verdict == NOT_TESTABLE else ""
        results.append(Result(claim.key, claim.claim, claim.measure, _source(*claim.extracts), verdict, figure,
                              needs, demo))
    return results
