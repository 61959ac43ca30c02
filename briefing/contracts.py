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
