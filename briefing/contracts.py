"""Extract contracts: what each Parquet file in `data/` must hold.

A force analyst reads these (they are shown on the Data and methods page) to know exactly what to
supply; the app checks every extract against its contract at start.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
                    "brought_to_justice", "BOOLEAN",
                    "True for charge/summons, cautions, TIC, penalty notices, cannabis/khat warnings and "
                    "community resolutions (outcomes 1, 1A, 2, 3, 4, 6, 7, 8): this app's labelled definition",
                ),
                Column("hocr_outcome", "VARCHAR", "Home Office Counting Rules outcome number(s), where one applies"),
            ),
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
        ),
        Contract(
            name="marac_referrals",
            title="MARAC referrals (internal)",
            grain="one row per referral to a MARAC (multi-agency risk assessment conference)",
            columns=(
                Column("referral_id", "VARCHAR", "Unique referral reference (pseudonymous)"),
                Column(
                    "victim_id", "VARCHAR",
                    "Pseudonymous victim identifier, the same for every referral of the same victim (used to "
                    "count repeats: a referral within 12 months of that victim's previous referral)",
                ),
                Column("lpa", "VARCHAR", "LPA of the MARAC the referral went to"),
                Column("received_date", "DATE", "Date the MARAC received the referral"),
                Column("source", "VARCHAR", "Who referred: 'police' or 'partner' (any other agency)"),
                Column("triaged_date", "DATE", "Date the referral was triaged (screened); empty if not yet"),
                Column("decision_date", "DATE", "Date of the decision to hear or not; empty if not yet"),
                Column(
                    "decision", "VARCHAR",
                    "'accepted' (to be heard), 'not accepted' (screened out) or 'pending' (no decision yet)",
                ),
                Column("heard_date", "DATE", "Date of the MARAC meeting that heard the case; empty if not yet heard"),
                Column(
                    "info_shared_date", "DATE",
                    "Date the referral's information was shared with partner agencies; empty if not yet",
                ),
            ),
            lpa_columns=("lpa",),
            date_columns=("received_date", "triaged_date", "decision_date", "heard_date", "info_shared_date"),
            allowed={"source": ("police", "partner"), "decision": ("accepted", "not accepted", "pending")},
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
                    "arms_due_date", "DATE",
                    "Date the next ARMS assessment is due, as set in this offender's risk management plan or "
                    "force policy (there is no national fixed frequency)",
                ),
                Column("arms_completed_date", "DATE", "Date the latest ARMS assessment was completed; empty if none"),
                Column(
                    "visit_due_date", "DATE",
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
                    "enforcement_date", "DATE",
                    "Date of enforcement action (warrant, arrest or voluntary interview) or of the recorded "
                    "decision that none will be taken; empty while the case awaits enforcement",
                ),
                Column(
                    "disclosure_needed", "BOOLEAN",
                    "True if children's services must be told (children live with or have access to the suspect)",
                ),
                Column(
                    "disclosure_date", "DATE",
                    "Date the information was disclosed to children's services; empty if not needed or not yet",
                ),
            ),
            lpa_columns=("lpa",),
            date_columns=("referral_date", "enforcement_date", "disclosure_date"),
            allowed={"risk_grade": ("very high", "high", "medium", "low")},
        ),
    )
}
