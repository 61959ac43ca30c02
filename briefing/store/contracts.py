"""Extract contracts: what each Parquet file in `data/` must hold.

A force analyst reads these (they are shown on the Data and methods page) to know exactly what to
supply; the app checks every extract against its contract at start.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# A police.uk month whose force total is under this share of the median month is an incomplete copy
# (flagged `partial` in street_crime_lpa, left out of every comparison).
PARTIAL_SHARE = 0.75


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # DuckDB type name as DESCRIBE reports it
    meaning: str


@dataclass(frozen=True)
class Contract:
    name: str
    title: str
    grain: str
    columns: tuple[Column, ...]
    # Columns whose values must be LPA codes from force.toml.
    lpa_columns: tuple[str, ...] = ()
    # Date columns that must not run past the extract's data_through.
    date_columns: tuple[str, ...] = ()
    # Columns restricted to a fixed set of values.
    allowed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Counts: never empty, never negative.
    counts: tuple[str, ...] = ()
    # Columns that identify a row: no two rows may share all of them.
    unique_key: tuple[str, ...] = ()
    # Date columns of monthly data: every date is the first of its month.
    monthly: tuple[str, ...] = ()
    # Inclusive (lowest, highest) for numeric columns; a bound may name another column (a part of a
    # whole is at most the whole).
    ranges: dict[str, tuple[float | str, float | str]] = field(default_factory=dict)
    # False for real public extracts on their own calendar (national quarters, police.uk months to
    # 2026): their periods do not set the app's month range; the pages that use them anchor to them.
    sets_app_months: bool = True

    def column_types(self) -> dict[str, str]:
        return {c.name: c.type for c in self.columns}


POLICE_UK_CRIME_TYPES = (
    "Anti-social behaviour",
    "Bicycle theft",
    "Burglary",
    "Criminal damage and arson",
    "Drugs",
    "Other crime",
    "Other theft",
    "Possession of weapons",
    "Public order",
    "Robbery",
    "Shoplifting",
    "Theft from the person",
    "Vehicle crime",
    "Violence and sexual offences",
)

OFFENCE_GROUPS = (
    "Violence against the person",
    "Sexual offences",
    "Robbery",
    "Burglary",
    "Theft and vehicle offences",
    "Criminal damage and arson",
    "Drug offences",
    "Possession of weapons",
    "Public order offences",
    "Other offences",
)

# Crime type of an outcome whose crime was recorded before the first month of street data read.
NOT_KNOWN = "Not known"

CONTRACTS: dict[str, Contract] = {
    c.name: c
    for c in (
        Contract(
            name="lsoa_lpa",
            title="LSOA to Local Policing Area lookup",
            grain="one row per LSOA code and census vintage",
            columns=(
                Column("lsoa_code", "VARCHAR", "ONS LSOA code (E01...)"),
                Column("lsoa_name", "VARCHAR", "ONS LSOA name, e.g. 'Birmingham 001A'"),
                Column("vintage", "INTEGER", "Census vintage of the code: 2011 or 2021"),
                Column("lpa", "VARCHAR", "LPA code (the metropolitan borough's ONS code)"),
            ),
            lpa_columns=("lpa",),
            unique_key=("lsoa_code", "vintage"),
            ranges={"vintage": (2011, 2021)},
        ),
        Contract(
            name="population",
            title="Population by LPA",
            grain="one row per LPA, year and measure",
            columns=(
                Column("lpa", "VARCHAR", "LPA code"),
                Column("year", "INTEGER", "Reference year of the estimate"),
                Column("measure", "VARCHAR", "persons, females, or adult_women (females aged 16+)"),
                Column("value", "BIGINT", "Number of people"),
                Column("source", "VARCHAR", "Publication the figure comes from"),
            ),
            lpa_columns=("lpa",),
            allowed={"measure": ("persons", "females", "adult_women")},
            counts=("value",),
            unique_key=("lpa", "year", "measure"),
        ),
        Contract(
            name="published_figures",
            title="Published force figures",
            grain="one row per published figure",
            columns=(
                Column("period", "VARCHAR", "Period the figure covers, as published (e.g. 2023-24, 2022-05)"),
                Column("period_end", "DATE", "Last day of that period, for drawing on charts"),
                Column("measure", "VARCHAR", "What was measured"),
                Column("value", "DOUBLE", "The published value"),
                Column("unit", "VARCHAR", "percent, seconds, calls, crimes, offenders, per_100k, referrals"),
                Column("source", "VARCHAR", "Title of the publication"),
                Column("url", "VARCHAR", "Where it was published"),
            ),
        ),
        Contract(
            name="police_uk_outcomes",
            title="police.uk outcome categories and the outcome groups they count towards",
            grain="one row per police.uk last outcome category",
            columns=(
                Column("last_outcome_category", "VARCHAR", "Outcome category as police.uk publishes it"),
                Column("outcome_group", "VARCHAR", "Home Office outcome group it corresponds to"),
                Column("charge_summons", "BOOLEAN", "True if the crime reached charge or summons (outcome 1/1A)"),
                Column(
                    "brought_to_justice",
                    "BOOLEAN",
                    "True for charge/summons, cautions, TIC, penalty notices, cannabis/khat warnings and "
                    "community resolutions (outcomes 1, 1A, 2, 3, 4, 6, 7, 8): this app's labelled definition",
                ),
                Column("hocr_outcome", "VARCHAR", "Home Office Counting Rules outcome number(s), where one applies"),
            ),
            unique_key=("last_outcome_category",),
        ),
        Contract(
            name="crimes",
            title="Recorded crime (police.uk street-level grain)",
            grain="month x LSOA x crime type x last outcome category",
            columns=(
                Column("month", "DATE", "First day of the month the crime was recorded in"),
                Column("lsoa_code", "VARCHAR", "LSOA code as published by police.uk (2011 or 2021)"),
                Column("lpa", "VARCHAR", "LPA the LSOA lies in"),
                Column("crime_type", "VARCHAR", "police.uk crime type"),
                Column("last_outcome_category", "VARCHAR", "police.uk last outcome ('' for anti-social behaviour)"),
                Column("crimes", "BIGINT", "Number of records"),
            ),
            lpa_columns=("lpa",),
            date_columns=("month",),
            allowed={"crime_type": POLICE_UK_CRIME_TYPES},
            counts=("crimes",),
            unique_key=("month", "lsoa_code", "crime_type", "last_outcome_category"),
            monthly=("month",),
        ),
        Contract(
            name="outcomes",
            title="Outcomes recorded (police.uk outcomes grain, joined to crimes on crime ID)",
            grain="outcome month x crime month x LSOA x crime type x outcome type",
            columns=(
                Column("month", "DATE", "First day of the month the outcome was recorded in"),
                Column(
                    "crime_month",
                    "DATE",
                    "First day of the month the crime was recorded in (null if before the street data read)",
                ),
                Column("lsoa_code", "VARCHAR", "LSOA code as published by police.uk (2011 or 2021)"),
                Column("lpa", "VARCHAR", "LPA the LSOA lies in"),
                Column(
                    "crime_type",
                    "VARCHAR",
                    f"police.uk crime type of the crime the outcome is for ('{NOT_KNOWN}' if crime_month is null)",
                ),
                Column("outcome_type", "VARCHAR", "police.uk outcome type"),
                Column("outcomes", "BIGINT", "Number of outcomes recorded"),
            ),
            lpa_columns=("lpa",),
            date_columns=("month", "crime_month"),
            allowed={"crime_type": (*POLICE_UK_CRIME_TYPES, NOT_KNOWN)},
            counts=("outcomes",),
            unique_key=("month", "crime_month", "lsoa_code", "crime_type", "outcome_type"),
            monthly=("month", "crime_month"),
        ),
        Contract(
            name="stop_and_search",
            title="Stop and search (police.uk grain)",
            grain="month x location x type x object of search x outcome",
            columns=(
                Column("month", "DATE", "First day of the month of the search"),
                Column("latitude", "DOUBLE", "police.uk snap-point latitude (null if not published)"),
                Column("longitude", "DOUBLE", "police.uk snap-point longitude (null if not published)"),
                Column("search_type", "VARCHAR", "Person search, vehicle search, or both"),
                Column("object_of_search", "VARCHAR", "What the officer searched for"),
                Column("outcome", "VARCHAR", "Outcome of the search"),
                Column("searches", "BIGINT", "Number of searches"),
            ),
            date_columns=("month",),
            counts=("searches",),
            unique_key=("month", "latitude", "longitude", "search_type", "object_of_search", "outcome"),
            monthly=("month",),
            ranges={"latitude": (-90, 90), "longitude": (-180, 180)},
        ),
        Contract(
            name="arrests",
            title="Arrests (force custody records)",
            grain="month x LPA x offence group",
            columns=(
                Column("month", "DATE", "First day of the month of the arrest"),
                Column("lpa", "VARCHAR", "LPA of the arresting team"),
                Column("offence_group", "VARCHAR", "Offence group of the main offence"),
                Column("arrests", "BIGINT", "Number of arrests"),
            ),
            lpa_columns=("lpa",),
            date_columns=("month",),
            allowed={"offence_group": OFFENCE_GROUPS},
            counts=("arrests",),
            unique_key=("month", "lpa", "offence_group"),
            monthly=("month",),
        ),
        Contract(
            name="crime_supervision",
            title="Supervision of allocated crime investigations (force crime system)",
            grain="month x LPA x crime type",
            columns=(
                Column("month", "DATE", "First day of the month the crime was allocated for investigation"),
                Column("lpa", "VARCHAR", "LPA of the investigating team"),
                Column("crime_type", "VARCHAR", "police.uk crime type"),
                Column("crimes_allocated", "BIGINT", "Crimes allocated to an investigator"),
                Column(
                    "with_documented_supervision",
                    "BIGINT",
                    "Of those, crimes with a supervisor's review recorded on the investigation log",
                ),
                Column(
                    "median_days_to_first_review",
                    "DOUBLE",
                    "Median days from allocation to the first documented supervisory review",
                ),
            ),
            lpa_columns=("lpa",),
            date_columns=("month",),
            allowed={"crime_type": POLICE_UK_CRIME_TYPES},
            counts=("crimes_allocated", "with_documented_supervision"),
            unique_key=("month", "lpa", "crime_type"),
            monthly=("month",),
            ranges={"with_documented_supervision": (0, "crimes_allocated"), "median_days_to_first_review": (0, 3650)},
        ),
        Contract(
            name="calls",
            title="Calls to the force contact centre (999 and 101), force-wide",
            grain="month x line (no LPA: calls are answered force-wide)",
            columns=(
                Column("month", "DATE", "First day of the month the calls were offered in"),
                Column("line", "VARCHAR", "'999' (emergency) or '101' (non-emergency)"),
                Column("offered", "BIGINT", "Calls presented to the contact centre"),
                Column("answered_within_10s", "BIGINT", "Calls answered within 10 seconds of connection"),
                Column("abandoned", "BIGINT", "Calls the caller ended before they were answered"),
                Column("mean_answer_seconds", "DOUBLE", "Mean seconds from connection to answer, answered calls"),
            ),
            date_columns=("month",),
            allowed={"line": ("999", "101")},
            counts=("offered", "answered_within_10s", "abandoned"),
            unique_key=("month", "line"),
            monthly=("month",),
            ranges={
                "answered_within_10s": (0, "offered"),
                "abandoned": (0, "offered"),
                "mean_answer_seconds": (0, 86400),
            },
        ),
        Contract(
            name="incidents",
            title="Incidents attended, by priority",
            grain="month x LPA x priority",
            columns=(
                Column("month", "DATE", "First day of the month the incident was created in"),
                Column("lpa", "VARCHAR", "LPA the incident was in"),
                Column("priority", "VARCHAR", "'emergency' (P1, immediate) or 'priority' (P2)"),
                Column("attended", "BIGINT", "Incidents an officer attended"),
                Column("attended_within_target", "BIGINT", "Of those, attended within the force's target time"),
            ),
            lpa_columns=("lpa",),
            date_columns=("month",),
            allowed={"priority": ("emergency", "priority")},
            counts=("attended", "attended_within_target"),
            unique_key=("month", "lpa", "priority"),
            monthly=("month",),
            ranges={"attended_within_target": (0, "attended")},
        ),
        Contract(
            name="marac_referrals",
            title="MARAC referrals (internal)",
            grain="one row per referral to a MARAC (multi-agency risk assessment conference)",
            columns=(
                Column("referral_id", "VARCHAR", "Unique referral reference (pseudonymous)"),
                Column(
                    "victim_id",
                    "VARCHAR",
                    "Pseudonymous victim identifier, the same for every referral of the same victim (used to "
                    "count repeats: a referral within 12 months of that victim's previous referral)",
                ),
                Column("lpa", "VARCHAR", "LPA of the MARAC the referral went to"),
                Column("received_date", "DATE", "Date the MARAC received the referral"),
                Column("source", "VARCHAR", "Who referred: 'police' or 'partner' (any other agency)"),
                Column("triaged_date", "DATE", "Date the referral was triaged (screened); empty if not yet"),
                Column("decision_date", "DATE", "Date of the decision to hear or not; empty if not yet"),
                Column(
                    "decision",
                    "VARCHAR",
                    "'accepted' (to be heard), 'not accepted' (screened out) or 'pending' (no decision yet)",
                ),
                Column("heard_date", "DATE", "Date of the MARAC meeting that heard the case; empty if not yet heard"),
                Column(
                    "info_shared_date",
                    "DATE",
                    "Date the referral's information was shared with partner agencies; empty if not yet",
                ),
            ),
            lpa_columns=("lpa",),
            date_columns=("received_date", "triaged_date", "decision_date", "heard_date", "info_shared_date"),
            allowed={"source": ("police", "partner"), "decision": ("accepted", "not accepted", "pending")},
            unique_key=("referral_id",),
        ),
        Contract(
            name="rso_caseload",
            title="Registered sex offender caseload, monthly snapshot (internal)",
            grain="one row per registered sex offender managed in the community, per month (snapshot at month end)",
            columns=(
                Column("month", "DATE", "First day of the month; the snapshot is as at that month's last day"),
                Column("offender_id", "VARCHAR", "Pseudonymous offender identifier, stable from month to month"),
                Column("lpa", "VARCHAR", "LPA managing the offender"),
                Column("risk_level", "VARCHAR", "Current risk level: 'very high', 'high', 'medium' or 'low'"),
                Column(
                    "arms_due_date",
                    "DATE",
                    "Date the next ARMS assessment is due, as set in this offender's risk management plan or "
                    "force policy (there is no national fixed frequency)",
                ),
                Column("arms_completed_date", "DATE", "Date the latest ARMS assessment was completed; empty if none"),
                Column(
                    "visit_due_date",
                    "DATE",
                    "Date the next home visit is due under the offender's plan; empty if none is planned "
                    "(e.g. reactive management)",
                ),
                Column("last_visit_date", "DATE", "Date of the latest home visit; empty if none"),
                Column("review_due_date", "DATE", "Date the next supervisory review of the case is due"),
                Column("last_review_date", "DATE", "Date of the latest supervisory review; empty if none"),
                Column("offender_manager_id", "VARCHAR", "Pseudonymous id of the offender manager (MOSOVO officer)"),
            ),
            lpa_columns=("lpa",),
            date_columns=("month", "arms_completed_date", "last_visit_date", "last_review_date"),
            allowed={"risk_level": ("very high", "high", "medium", "low")},
            unique_key=("month", "offender_id"),
            monthly=("month",),
        ),
        Contract(
            name="ocset_cases",
            title="Online child sexual abuse cases (OCSET, internal)",
            grain="one row per referral (e.g. from the NCA) assigned to the Online Child Sexual Exploitation Team",
            columns=(
                Column("case_id", "VARCHAR", "Unique case reference (pseudonymous)"),
                Column("lpa", "VARCHAR", "LPA where the suspect lives"),
                Column("referral_date", "DATE", "Date the force received the referral"),
                Column("risk_grade", "VARCHAR", "Risk grade at triage: 'very high', 'high', 'medium' or 'low'"),
                Column(
                    "enforcement_date",
                    "DATE",
                    "Date of enforcement action (warrant, arrest or voluntary interview) or of the recorded "
                    "decision that none will be taken; empty while the case awaits enforcement",
                ),
                Column(
                    "disclosure_needed",
                    "BOOLEAN",
                    "True if children's services must be told (children live with or have access to the suspect)",
                ),
                Column(
                    "disclosure_date",
                    "DATE",
                    "Date the information was disclosed to children's services; empty if not needed or not yet",
                ),
            ),
            lpa_columns=("lpa",),
            date_columns=("referral_date", "enforcement_date", "disclosure_date"),
            allowed={"risk_grade": ("very high", "high", "medium", "low")},
            unique_key=("case_id",),
        ),
    )
}

# Real public extracts (briefing.refresh.public): national recorded crime, outcomes, officers, population,
# the community safety partnership tables, police.uk street crime by LPA and the national LSOA lookup.
FORCE_OFFENCE_GROUPS = (
    "All crime (excluding fraud)",
    "Violence against the person",
    "Homicide",
    "Sexual offences",
    "Rape",
    "Robbery",
    "Burglary",
    "Vehicle offences",
    "Theft (other than burglary and vehicle)",
    "Criminal damage and arson",
    "Drug offences",
    "Possession of weapons offences",
    "Public order offences",
)

CONTRACTS |= {
    c.name: c
    for c in (
        Contract(
            name="force_crime",
            title="Police recorded crime by force and quarter (Home Office, real)",
            grain="quarter x territorial police force x offence group (groups overlap: homicide lies within "
            "violence, rape within sexual offences, every group within all crime)",
            columns=(
                Column("quarter", "DATE", "First day of the financial quarter (Apr, Jul, Oct, Jan)"),
                Column("force", "VARCHAR", "Police force area as the Home Office names it"),
                Column("offence_group", "VARCHAR", "Offence group (fraud excluded throughout)"),
                Column("crimes", "BIGINT", "Crimes recorded in the quarter"),
            ),
            date_columns=("quarter",),
            allowed={"offence_group": FORCE_OFFENCE_GROUPS},
            # No count check: the Home Office tables carry a few negative quarters (later reclassifications).
            unique_key=("quarter", "force", "offence_group"),
            monthly=("quarter",),
            sets_app_months=False,
        ),
        Contract(
            name="force_population",
            title="Population by police force area, mid-2024 (ONS, real)",
            grain="one row per territorial police force area",
            columns=(
                Column("force", "VARCHAR", "Police force area as the Home Office names it"),
                Column("pfa_code", "VARCHAR", "ONS police force area code (E23..., W15...)"),
                Column("population", "BIGINT", "Residents, ONS mid-2024 estimate"),
            ),
            counts=("population",),
            unique_key=("force",),
            sets_app_months=False,
        ),
        Contract(
            name="force_outcomes",
            title="Crime outcomes by force, offences recorded in 2024/25 (Home Office, real)",
            grain="force x offence group x outcome type, offences recorded April 2024 to March 2025",
            columns=(
                Column("force", "VARCHAR", "Police force area as the Home Office names it"),
                Column("offence_group", "VARCHAR", "Home Office offence group (fraud excluded)"),
                Column("outcome_type", "INTEGER", "Home Office outcome type, 1 to 22 (0: not yet assigned)"),
                Column("outcome_group", "VARCHAR", "Home Office outcome group of that type"),
                Column("outcomes", "BIGINT", "Offences recorded in 2024/25 with that outcome when published"),
            ),
            counts=("outcomes",),
            unique_key=("force", "offence_group", "outcome_type"),
            ranges={"outcome_type": (0, 22)},
            sets_app_months=False,
        ),
        Contract(
            name="force_outcomes_quarterly",
            title="Crime outcomes by force and quarter, 2014/15 to 2025/26 (Home Office, real)",
            grain="financial quarter x territorial police force x basis (closed or recorded)",
            columns=(
                Column("quarter", "DATE", "First day of the financial quarter (Apr, Jul, Oct, Jan)"),
                Column("force", "VARCHAR", "Police force area as the Home Office names it"),
                Column(
                    "basis",
                    "VARCHAR",
                    "'closed': outcomes of investigations closed in the quarter; "
                    "'recorded': outcomes so far of offences recorded in the quarter",
                ),
                Column("charged", "BIGINT", "Charged or summonsed (outcome type 1)"),
                Column("youth_caution", "BIGINT", "Youth caution or conditional caution (type 2)"),
                Column("adult_caution", "BIGINT", "Adult caution or conditional caution (type 3)"),
                Column("penalty_notice", "BIGINT", "Penalty notice for disorder (type 6)"),
                Column("cannabis_khat_warning", "BIGINT", "Cannabis or khat warning (type 7)"),
                Column("community_resolution", "BIGINT", "Community resolution (type 8)"),
                Column("diversionary", "BIGINT", "Diversionary, educational or intervention activity (type 22)"),
                Column("out_of_court", "BIGINT", "Out-of-court outcomes: the six types above summed"),
                Column(
                    "positive",
                    "BIGINT",
                    "Positive outcomes ('brought to justice' in the Home Office's sense): charged plus out-of-court",
                ),
                Column("assigned", "BIGINT", "Every outcome assigned (all types except 0, not yet assigned)"),
                Column("incomplete", "BOOLEAN", "An incomplete quarter, left out of every rate and comparison"),
                Column(
                    "assigned_series",
                    "INTEGER",
                    "Segment of the assigned outcomes between declared recording changes (0 before the first)",
                ),
                Column("note", "VARCHAR", "Why a quarter is flagged, or where a recording change begins"),
            ),
            date_columns=("quarter",),
            allowed={"basis": ("closed", "recorded")},
            # No count check: the published tables carry one negative count (Leicestershire 2014/15 Q4).
            unique_key=("quarter", "force", "basis"),
            monthly=("quarter",),
            ranges={"charged": (-1, "positive"), "positive": (-1, "assigned")},
            sets_app_months=False,
        ),
        Contract(
            name="force_outcomes_by_offence",
            title="Charges and out-of-court outcomes by force, offence group and year (Home Office, real)",
            grain="financial year x territorial police force x Home Office offence group x basis",
            columns=(
                Column("year_start", "DATE", "First day of the financial year (1 April)"),
                Column("force", "VARCHAR", "Police force area as the Home Office names it"),
                Column(
                    "offence_group",
                    "VARCHAR",
                    "Home Office offence group (robbery its own; burglary within "
                    "theft offences; homicide within violence against the person)",
                ),
                Column("basis", "VARCHAR", "'closed' or 'recorded', as in the quarterly outcomes"),
                Column("charged", "BIGINT", "Charged or summonsed (outcome type 1)"),
                Column("out_of_court", "BIGINT", "Out-of-court outcomes (types 2, 3, 6, 7, 8 and 22)"),
            ),
            date_columns=("year_start",),
            allowed={"basis": ("closed", "recorded")},
            counts=("charged", "out_of_court"),
            unique_key=("year_start", "force", "offence_group", "basis"),
            monthly=("year_start",),
            sets_app_months=False,
        ),
        Contract(
            name="force_arrests",
            title="Persons arrested by force, 2017/18 and 2018/19 (Home Office, real)",
            grain="financial year x territorial police force (Lancashire absent)",
            columns=(
                Column("force", "VARCHAR", "Police force area as the Home Office names it"),
                Column("year_start", "DATE", "First day of the financial year (1 April)"),
                Column("arrests", "BIGINT", "Persons arrested for notifiable offences"),
                Column(
                    "published_per_1000",
                    "DOUBLE",
                    "The Home Office's arrest rate per 1,000 people (mid-2018 population), 2018/19 only",
                ),
            ),
            date_columns=("year_start",),
            counts=("arrests",),
            unique_key=("force", "year_start"),
            monthly=("year_start",),
            sets_app_months=False,
        ),
        Contract(
            name="quoted_figures",
            title="Figures quoted on public pages, each with its source (reference points, not official data)",
            grain="one row per quoted figure",
            columns=(
                Column("topic", "VARCHAR", "What the figure is about (999, arrests, MAPPA, MARAC, rape)"),
                Column("metric", "VARCHAR", "The figure as quoted"),
                Column("period", "VARCHAR", "The period the quotation gives"),
                Column("value", "VARCHAR", "The value as quoted (a number, or words)"),
                Column("unit", "VARCHAR", "Its unit"),
                Column("quoted_by", "VARCHAR", "Who quoted it (a press release, a news report citing ...)"),
                Column("url", "VARCHAR", "The page that quotes it"),
                Column("note", "VARCHAR", "Context the page gives"),
            ),
            sets_app_months=False,
        ),
        Contract(
            name="force_officers",
            title="Police officers by force, full-time equivalent at 31 March (Home Office, real)",
            grain="force x date",
            columns=(
                Column("force", "VARCHAR", "Police force area as the Home Office names it"),
                Column("as_at", "DATE", "Date of the count (31 March)"),
                Column("officers_fte", "DOUBLE", "Police officers, full-time equivalent"),
                Column("source", "VARCHAR", "Publication the figure comes from"),
            ),
            date_columns=("as_at",),
            counts=("officers_fte",),
            unique_key=("force", "as_at"),
            sets_app_months=False,
        ),
        Contract(
            name="csp_crime",
            title="Recorded crime by community safety partnership, years ending December (ONS, real)",
            grain="year x community safety partnership (and the force total) x offence",
            columns=(
                Column("year_ending", "DATE", "Last day of the 12 months counted (31 December)"),
                Column("area_code", "VARCHAR", "Local authority code of the partnership; 'unassigned' or 'force'"),
                Column("area_name", "VARCHAR", "Partnership name as published"),
                Column(
                    "offence", "VARCHAR", "Offence column as published (e.g. 'Total recorded crime (excluding fraud)')"
                ),
                Column("crimes", "BIGINT", "Crimes recorded in the 12 months"),
            ),
            date_columns=("year_ending",),
            counts=("crimes",),
            unique_key=("year_ending", "area_code", "offence"),
            sets_app_months=False,
        ),
        Contract(
            name="street_crime_lpa",
            title="police.uk street-level crime by LPA, crime type and month (real)",
            grain="month x LPA x police.uk crime type",
            columns=(
                Column("month", "DATE", "First day of the month"),
                Column("lpa", "VARCHAR", "LPA (borough) the LSOA lies in"),
                Column("crime_type", "VARCHAR", "police.uk crime type (anti-social behaviour included, not a crime)"),
                Column("crimes", "BIGINT", "Street-level records"),
                Column(
                    "partial",
                    "BOOLEAN",
                    f"True if the whole month's force total is under {PARTIAL_SHARE:.0%} of the "
                    "median month's: an incomplete copy, left out of every comparison",
                ),
            ),
            lpa_columns=("lpa",),
            date_columns=("month",),
            allowed={"crime_type": POLICE_UK_CRIME_TYPES},
            sets_app_months=False,
            counts=("crimes",),
            unique_key=("month", "lpa", "crime_type"),
            monthly=("month",),
        ),
        Contract(
            name="lsoa_district",
            title="LSOA (2011 and 2021) to local authority district and police force area, England and Wales",
            grain="one row per LSOA code and census vintage",
            columns=(
                Column("lsoa_code", "VARCHAR", "ONS LSOA code"),
                Column("vintage", "INTEGER", "Census vintage of the code: 2011 or 2021"),
                Column("lad_code", "VARCHAR", "Local authority district (2022) the LSOA lies in"),
                Column("lad_name", "VARCHAR", "Name of that district"),
                Column("pfa_code", "VARCHAR", "Police force area of the district"),
            ),
            unique_key=("lsoa_code", "vintage"),
            ranges={"vintage": (2011, 2021)},
        ),
    )
}


def title(name: str) -> str:
    """An extract's title in plain words (its contract's), or its name where it has no contract."""
    return CONTRACTS[name].title if name in CONTRACTS else name
