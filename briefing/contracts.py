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
            name="outcomes",
            title="Outcomes recorded (police.uk outcomes grain, joined to crimes on crime ID)",
            grain="outcome month x crime month x LSOA x crime type x outcome type",
            columns=(
                Column("month", "DATE", "First day of the month the outcome was recorded in"),
                Column(
                    "crime_month", "DATE",
                    "First day of the month the crime was recorded in (null if before the street data read)",
                ),
                Column("lsoa_code", "VARCHAR", "LSOA code as published by police.uk (2011 or 2021)"),
                Column("lpa", "VARCHAR", "LPA the LSOA lies in"),
                Column(
                    "crime_type", "VARCHAR",
                    f"police.uk crime type of the crime the outcome is for ('{NOT_KNOWN}' if crime_month is null)",
                ),
                Column("outcome_type", "VARCHAR", "police.uk outcome type"),
                Column("outcomes", "BIGINT", "Number of outcomes recorded"),
            ),
            lpa_columns=("lpa",),
            date_columns=("month", "crime_month"),
            allowed={"crime_type": (*POLICE_UK_CRIME_TYPES, NOT_KNOWN)},
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
                    "with_documented_supervision", "BIGINT",
                    "Of those, crimes with a supervisor's review recorded on the investigation log",
                ),
                Column(
                    "median_days_to_first_review", "DOUBLE",
                    "Median days from allocation to the first documented supervisory review",
                ),
            ),
            lpa_columns=("lpa",),
            date_columns=("month",),
            allowed={"crime_type": POLICE_UK_CRIME_TYPES},
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
        ),
    )
}
