"""The shape the demonstration generators give each series, in words, and the two answers it should
read force-wide since the model change (compared with before; against the earlier trend). A test reads
the shipped data through the same engine as the tiles and checks every answer against this statement,
so the demonstration data are read as they were built. Data and methods shows the statements.

Where a generator's earlier months follow a curve rather than a straight line (pressure that builds,
a rate that fell and recovered), the honest answer against the earlier trend is "can't tell yet": the
earlier path cannot be projected, whatever happened after.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.stats.compare import (
    ABOVE,
    BELOW,
    BETTER,
    CANT_TELL,
    DECREASED,
    IMPROVED,
    IN_LINE,
    INCREASED,
    NO_CLEAR_CHANGE,
)


@dataclass(frozen=True)
class Shape:
    statement: str
    compared_with_before: str
    against_the_earlier_trend: tuple[str, ...]  # each answer the shape allows


FLAT = (IN_LINE, CANT_TELL)  # no change: in line where the interval is narrow enough, else can't tell yet
STEP_UP = "a level before the model and a step up at it"

SHAPES = {
    # Investigations and outcomes (briefing.refresh.demo.crime, outcomes, arrests, supervision)
    "btj_outcomes": Shape(
        f"outcome shares: {STEP_UP} (OUTCOME_RISE_AFTER_MODEL), on falling crime", IMPROVED, (BETTER,)
    ),
    "btj_rate": Shape(f"brought to justice rate: {STEP_UP}", IMPROVED, (BETTER,)),
    "charge_rate": Shape(f"charge rate: {STEP_UP}", IMPROVED, (BETTER,)),
    "outcomes_recorded": Shape("outcomes recorded: follow recorded crime down", DECREASED, (BELOW,)),
    "crimes_recorded": Shape(
        "recorded crime: flat to 2022, then the published falls to June 2023, 2024 and 2025, steeper after the model",
        DECREASED,
        (BELOW,),
    ),
    "arrests": Shape("arrests: 3,200 a month before the model, 4,200 within three months of it", INCREASED, (ABOVE,)),
    "supervised": Shape(
        "documented supervision: about half before the model, rising to 70% by the last month", IMPROVED, (BETTER,)
    ),
    "days_to_first_review": Shape(
        "days to a first review: about 12 before the model, falling to 7", IMPROVED, (BETTER,)
    ),
    # MARAC (briefing.refresh.demo.marac)
    "marac_per_10k": Shape(
        "referral rate: rising to 48.5 a year per 10,000 by 2022/23, falling to 41.5 after "
        "the July 2023 review of the referral criteria",
        DECREASED,
        (BELOW,),
    ),
    "marac_referrals": Shape("referrals: follow the rate", DECREASED, (BELOW,)),
    "marac_backlog": Shape(
        "awaiting a hearing: building until mid-2023, cleared by the end of 2023", IMPROVED, (BETTER,)
    ),
    "marac_repeats": Shape("repeats: about 30% throughout", NO_CLEAR_CHANGE, FLAT),
    "marac_police": Shape("from police: about two thirds throughout", NO_CLEAR_CHANGE, FLAT),
    "marac_triage": Shape(
        "days to triage: pressure building until mid-2023 (a curve), cleared by the end of 2023",
        IMPROVED,
        (BETTER, CANT_TELL),
    ),
    "marac_decision": Shape("days to decision: as triage", IMPROVED, (BETTER, CANT_TELL)),
    "marac_sharing": Shape("days to sharing: as triage", IMPROVED, (BETTER, CANT_TELL)),
    # Sex offender management (briefing.refresh.demo.rso)
    "rso_caseload": Shape("offenders managed: the same slow growth throughout", NO_CLEAR_CHANGE, FLAT),
    "rso_arms": Shape(
        "overdue ARMS: rising until the model, 58% down by November 2023, then lower", IMPROVED, (BETTER,)
    ),
    "rso_visits": Shape("overdue visits: as ARMS, half down by November 2023", IMPROVED, (BETTER,)),
    "rso_reviews": Shape("overdue reviews: as ARMS, 60% down by November 2023", IMPROVED, (BETTER,)),
    "rso_per_manager": Shape("offenders per manager: 62 before the model, 52 after", IMPROVED, (BETTER,)),
    # Online child abuse (briefing.refresh.demo.ocset)
    "ocset_awaiting": Shape(
        "awaiting enforcement: rising to 81 in June 2023, cleared to about 20 by the autumn and held",
        IMPROVED,
        (BETTER,),
    ),
    "ocset_referrals": Shape("referrals: about 80 a month throughout", NO_CLEAR_CHANGE, FLAT),
    "ocset_very_high_days": Shape(
        "days to enforcement: slowing until the July 2023 improvement plan, within the guide after it",
        IMPROVED,
        (BETTER,),
    ),
    "ocset_high_days": Shape("days to enforcement, high risk: as very high", IMPROVED, (BETTER,)),
    "ocset_medium_days": Shape("days to enforcement, medium risk: as very high", IMPROVED, (BETTER,)),
    "ocset_low_days": Shape("days to enforcement, low risk: as very high", IMPROVED, (BETTER,)),
    "ocset_within_guide": Shape(
        "within the guide: falling until July 2023, mostly within it after", IMPROVED, (BETTER,)
    ),
    "ocset_disclosed": Shape(
        "disclosures on time: slow before the 31 July 2023 deadline, mostly on time after", IMPROVED, (BETTER,)
    ),
    # Calls and response (briefing.refresh.demo.calls)
    "calls_999_within_10s_rate": Shape(
        "999 within 10 s: falling to 47% in May 2022, recovering from June 2022, before the model",
        IMPROVED,
        (CANT_TELL,),
    ),
    "calls_999_abandoned_rate": Shape(
        "999 abandoned: falling as answering recovers, to almost none", IMPROVED, (BETTER, CANT_TELL)
    ),
    "calls_101_answer_seconds": Shape(
        "101 answer time: slow before the model, falling fast from it", IMPROVED, (BETTER,)
    ),
    "calls_101_abandoned_rate": Shape(
        "101 abandoned: about 25% until the model, falling to 4% after", IMPROVED, (BETTER,)
    ),
    "emergency_within_target_rate": Shape(
        "emergencies within target: flat before the model, a quarter higher by 2024/25", IMPROVED, (BETTER,)
    ),
}
