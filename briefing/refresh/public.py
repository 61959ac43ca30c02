"""Build the real public extracts (national recorded crime, outcomes, officers, population, the
community safety partnership tables, police.uk street crime by LPA, the national LSOA lookup).

    python -m briefing.refresh.public [RAW_DIR]

RAW_DIR defaults to ../shared/data/raw; its MANIFEST.md (section 6) names the repository, commit and
path each raw file came from. The app never reads RAW_DIR: this command writes compact extracts
into data/ (one atomic change with the manifest) and the app reads those.
"""

from __future__ import annotations

import re
import sys
import zipfile
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pandas as pd

from briefing.config import data_dir, load_force
from briefing.refresh.cli import command, raw_folder
from briefing.store.contracts import PARTIAL_SHARE
from briefing.store.extracts import ExtractData, write_extracts

OGL = "Open Government Licence v3.0"
PRC = "home_office_recorded_crime"

# Offence groups built from the Home Office groups and subgroups: label -> rows it sums.
OFFENCE_GROUPS = {
    "All crime (excluding fraud)": lambda g, s: g != "Fraud offences",
    "Violence against the person": lambda g, s: g == "Violence against the person",
    "Homicide": lambda g, s: s == "Homicide",
    "Sexual offences": lambda g, s: g == "Sexual offences",
    "Rape": lambda g, s: s == "Rape offences",
    "Robbery": lambda g, s: g == "Robbery",
    "Burglary": lambda g, s: "burglary" in s.lower(),
    "Vehicle offences": lambda g, s: s == "Vehicle offences",
    "Theft (other than burglary and vehicle)": lambda g, s: (
        g == "Theft offences" and "burglary" not in s.lower() and s != "Vehicle offences"
    ),
    "Criminal damage and arson": lambda g, s: g == "Criminal damage and arson",
    "Drug offences": lambda g, s: g == "Drug offences",
    "Possession of weapons offences": lambda g, s: g == "Possession of weapons offences",
    "Public order offences": lambda g, s: g == "Public order offences",
}


def force_name(name: str) -> str:
    """A force's name as the Home Office recorded crime tables spell it."""
    name = name.strip().replace(" & ", " and ")
    return "London, City of" if name == "City of London" else name


def quarter_start(financial_year: str, quarter: float) -> date:
    """First day of a financial quarter: 2012/13 Q1 is April 2012, Q4 January 2013."""
    start = pd.Timestamp(year=int(financial_year[:4]), month=4, day=1) + pd.DateOffset(months=3 * (int(quarter) - 1))
    return start.date()


def force_crime(raw: Path) -> pd.DataFrame:
    prc = pd.read_parquet(raw / PRC / "prc_pfa_long.parquet")
    prc = prc[prc["territorial"] & prc["n"].notna()]
    pairs = prc[["Group", "Offence Subgroup"]].drop_duplicates()
    frames = []
    for label, member in OFFENCE_GROUPS.items():
        chosen = pairs[[member(g, s) for g, s in zip(pairs["Group"], pairs["Offence Subgroup"])]]
        rows = prc.merge(chosen, on=["Group", "Offence Subgroup"])
        summed = rows.groupby(["FY", "Financial Quarter", "Force"], as_index=False)["n"].sum()
        frames.append(summed.assign(offence_group=label))
    out = pd.concat(frames, ignore_index=True)
    out["quarter"] = [quarter_start(fy, q) for fy, q in zip(out["FY"], out["Financial Quarter"])]
    out = out.rename(columns={"Force": "force", "n": "crimes"})
    return out[["quarter", "force", "offence_group", "crimes"]].sort_values(["quarter", "force", "offence_group"])


def force_population(raw: Path) -> pd.DataFrame:
    pop = pd.read_csv(raw / PRC / "pfa_population_2024.csv")
    return pd.DataFrame(
        {
            "force": pop["PFA 2023 Name"].map(force_name),
            "pfa_code": pop["PFA 2023 Code"],
            "population": pop["Population"],
        }
    ).sort_values("force")


def force_outcomes(raw: Path) -> pd.DataFrame:
    out = pd.read_parquet(raw / "home_office_outcomes" / "outcomes_2024_25.parquet")
    out = out[out["territorial"] & ~out["Offence Group"].str.startswith("Fraud") & out["n"].notna()]
    out = out.groupby(["Force", "Offence Group", "Outcome Type", "Outcome Group"], as_index=False)["n"].sum()
    out.columns = ["force", "offence_group", "outcome_type", "outcome_group", "outcomes"]
    return out.sort_values(["force", "offence_group", "outcome_type"])


OUTCOMES_SERIES = "home_office_outcomes_series"
# Outcome types as the Home Office numbers them: the raw tables' suffix -> the extract's column.
OUTCOME_TYPES = {
    "t1": "charged",
    "t2": "youth_caution",
    "t3": "adult_caution",
    "t6": "penalty_notice",
    "t7": "cannabis_khat_warning",
    "t8": "community_resolution",
    "t22": "diversionary",
}
OUT_OF_COURT = tuple(column for key, column in OUTCOME_TYPES.items() if key != "t1")
OUTCOME_COUNTS = (*OUTCOME_TYPES.values(), "out_of_court", "positive", "assigned")
BASES = {"closed": "closed_ex_fraud", "recorded": "recorded_ex_fraud"}
TERRITORIAL_FORCES = 43
# A quarter whose assigned outcomes are under this share of the force's median quarter (on that
# basis) is an incomplete copy: Greater Manchester 2019/20 Q2-Q4 (its new records system), the zero
# quarters of the recorded basis in 2014/15. 2014/15 is incomplete for every force: the upstream
# coverage notes list eight forces without data for some or all of it.
INCOMPLETE_SHARE = 0.25
INCOMPLETE_YEAR = "2014/15"
# Declared recording changes in a force's assigned outcomes (raw MANIFEST section 7): a share of
# assigned outcomes is compared only within one segment. Charges and positive outcomes are counts
# of their own and carry on across it.
RECORDING_CHANGES = {
    "West Midlands": (
        date(2021, 4, 1),
        "assigned outcomes jump by about 100,000 a year from 2021/22 Q1 (most likely a recording change)",
    )
}


def _outcome_table(frame: pd.DataFrame, basis: str, prefix: str) -> pd.DataFrame:
    columns = {f"{prefix}_{key}": column for key, column in OUTCOME_TYPES.items()}
    columns |= {f"{prefix}_oocd": "out_of_court", f"{prefix}_positive": "positive", f"{prefix}_assigned": "assigned"}
    return frame.rename(columns=columns).assign(basis=basis)


def outcome_identities(quarters: pd.DataFrame, years: pd.DataFrame, offences: pd.DataFrame) -> list[str]:
    """What breaks the tables' identities: out-of-court is the sum of its six types, positive is
    charges plus out-of-court (each basis, every row), a force's quarters sum to its year, and its
    offence groups to its year's charges and out-of-court outcomes. [] when they all hold."""
    problems = []
    for name, frame in (("quarter", quarters), ("year", years)):
        for prefix in ("closed_all", "closed_ex_fraud", "recorded_all", "recorded_ex_fraud"):
            oocd = frame[[f"{prefix}_{k}" for k in OUTCOME_TYPES if k != "t1"]].sum(axis=1)
            if bad := int((oocd != frame[f"{prefix}_oocd"]).sum()):
                problems.append(f"{bad} {name} rows whose {prefix} out-of-court is not the sum of its types")
            positive = frame[f"{prefix}_t1"] + frame[f"{prefix}_oocd"]
            if bad := int((positive != frame[f"{prefix}_positive"]).sum()):
                problems.append(f"{bad} {name} rows whose {prefix} positive is not charges plus out-of-court")
    numbers = [c for c in years.columns if c not in ("force", "slug", "fy")]
    summed = quarters.groupby(["force", "fy"])[numbers].sum().sort_index()
    differ = (summed != years.set_index(["force", "fy"])[numbers].sort_index()).any(axis=1)
    if differ.any():
        problems.append(f"{int(differ.sum())} force-years whose quarters do not sum to the year")
    groups = (
        offences.groupby(["force", "fy"])[["closed_oocd", "closed_charge", "recorded_oocd", "recorded_charge"]]
        .sum()
        .sort_index()
    )
    whole = years.set_index(["force", "fy"])[
        ["closed_all_oocd", "closed_all_t1", "recorded_all_oocd", "recorded_all_t1"]
    ].sort_index()
    if (groups.to_numpy() != whole.to_numpy()).any(axis=1).any():
        problems.append("force-years whose offence groups do not sum to the year")
    return problems


def force_outcome_tables(raw: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The Home Office outcomes by force and quarter (both bases, fraud excluded, the 43 territorial
    forces) with incomplete quarters and recording changes flagged, and outcomes by offence group and
    year. Raises ValueError if the tables' identities fail or the forces are not the 43."""
    folder = raw / OUTCOMES_SERIES
    read = lambda name: pd.read_csv(folder / name)  # noqa: E731
    quarters, years, offences = read("force_quarter.csv"), read("force_year.csv"), read("force_offence_year.csv")
    if problems := outcome_identities(quarters, years, offences):
        raise ValueError("the outcomes tables fail their identities: " + "; ".join(problems))
    quarters = quarters[quarters["force"] != "British Transport Police"]
    if quarters["force"].nunique() != TERRITORIAL_FORCES:
        raise ValueError(f"the outcomes tables hold {quarters['force'].nunique()} territorial forces, not 43")
    frames = []
    for basis, prefix in BASES.items():
        table = _outcome_table(quarters, basis, prefix)
        table["quarter"] = [quarter_start(fy, q) for fy, q in zip(table["fy"], table["q"])]
        median = table.groupby("force")["assigned"].transform("median")
        short = table["assigned"] < INCOMPLETE_SHARE * median
        first_year = table["fy"] == INCOMPLETE_YEAR
        table["incomplete"] = short | first_year
        table["note"] = ""
        table.loc[first_year, "note"] = "2014/15: the first year, incomplete for several forces"
        table.loc[short & ~first_year, "note"] = (
            f"incomplete: assigned outcomes under {INCOMPLETE_SHARE:.0%} of the force's median quarter"
        )
        table["assigned_series"] = 0
        for force, (start, why) in RECORDING_CHANGES.items():
            after = (table["force"] == force) & (table["quarter"] >= start)
            table.loc[after, "assigned_series"] = 1
            table.loc[(table["force"] == force) & (table["quarter"] == start), "note"] = f"recording change: {why}"
        frames.append(table)
    out = pd.concat(frames, ignore_index=True)
    out["force"] = out["force"].map(force_name)
    out = out[["quarter", "force", "basis", *OUTCOME_COUNTS, "incomplete", "assigned_series", "note"]]
    by_offence = offences[offences["force"] != "British Transport Police"]
    by_offence = pd.concat(
        [
            pd.DataFrame(
                {
                    "year_start": [quarter_start(fy, 1) for fy in by_offence["fy"]],
                    "force": by_offence["force"].map(force_name),
                    "offence_group": by_offence["offence_group"],
                    "basis": basis,
                    "charged": by_offence[f"{basis}_charge"],
                    "out_of_court": by_offence[f"{basis}_oocd"],
                }
            )
            for basis in BASES
        ],
        ignore_index=True,
    )
    return (
        out.sort_values(["basis", "force", "quarter"], ignore_index=True),
        by_offence.sort_values(["basis", "force", "year_start", "offence_group"], ignore_index=True),
    )


ARRESTS = ("home_office_arrests", "arrest-police-powers-procedures-mar19-hosb2519-tables.ods")
_ODS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


def ods_rows(path: Path, sheet: str) -> list[list[str]]:
    """A sheet of an OpenDocument spreadsheet as rows of cell texts (the standard library reads the
    file's XML: no spreadsheet package needed for one table)."""
    with zipfile.ZipFile(path) as book:
        root = ElementTree.fromstring(book.read("content.xml"))  # noqa: S314 (a published Home Office file)
    table = next(t for t in root.iter(f"{{{_ODS['table']}}}table") if t.get(f"{{{_ODS['table']}}}name") == sheet)
    rows = []
    for row in table.iter(f"{{{_ODS['table']}}}table-row"):
        cells = []
        for cell in row:
            repeated = min(int(cell.get(f"{{{_ODS['table']}}}number-columns-repeated", "1")), 32)
            text = " ".join("".join(p.itertext()) for p in cell.iter(f"{{{_ODS['text']}}}p"))
            cells += [text] * repeated
        rows.append(cells)
    return rows


def force_arrests(raw: Path, forces: set[str]) -> pd.DataFrame:
    """Persons arrested for notifiable offences by force, 2017/18 and 2018/19 (Home Office table A.05),
    with the published rate per 1,000 people for 2018/19. Lancashire published none."""
    out = []
    for row in ods_rows(raw.joinpath(*ARRESTS), "A_05"):
        name = force_name(re.sub(r"\d+$", "", (row or [""])[0]).strip())
        if name not in forces or len(row) < 11 or not row[7].replace(",", "").isdigit():
            continue
        rate = float(row[10]) if row[10].replace(".", "").isdigit() else None
        out += [
            (name, date(2017, 4, 1), int(row[7].replace(",", "")), None),
            (name, date(2018, 4, 1), int(row[8].replace(",", "")), rate),
        ]
    return pd.DataFrame(out, columns=["force", "year_start", "arrests", "published_per_1000"]).sort_values(
        ["force", "year_start"], ignore_index=True
    )


def quoted_figures(raw: Path) -> pd.DataFrame:
    """Figures quoted on public pages (press releases, news citing official figures or FOI answers),
    each with its source: reference points, never a series."""
    quoted = pd.read_csv(raw / "public_reports" / "quoted_figures.csv", dtype=str).fillna("")
    return quoted.rename(columns={"source_type": "quoted_by", "source_url": "url"})[
        ["topic", "metric", "period", "value", "unit", "quoted_by", "url", "note"]
    ]


def force_officers(raw: Path) -> pd.DataFrame:
    workforce = pd.read_csv(raw / "home_office_workforce" / "police-uplift-2022-data.csv.gz")
    officers = workforce[(workforce["date"] == "2010-03-01") & (workforce["worker_type"] == "police officer")]
    y2010 = officers.groupby("force_name", as_index=False)["total_fte"].sum()
    y2010 = pd.DataFrame(
        {
            "force": y2010["force_name"].map(force_name),
            "as_at": date(2010, 3, 31),
            "officers_fte": y2010["total_fte"],
            "source": "Home Office police workforce open data, 31 March 2010 (via mpjashby/lesscrime.info-quarto)",
        }
    )
    y2025 = pd.read_csv(
        raw / "home_office_workforce" / "officers_fte_2025_and_grant_2025_26.csv", usecols=["force", "officer_fte"]
    )
    y2025 = pd.DataFrame(
        {
            "force": y2025["force"].map(force_name),
            "as_at": date(2025, 3, 31),
            "officers_fte": y2025["officer_fte"],
            "source": "Home Office police workforce statistics, 31 March 2025 (via isthisben/cbl-realcrime)",
        }
    )
    return pd.concat([y2010, y2025], ignore_index=True).sort_values(["force", "as_at"])


def csp_crime(raw: Path, pfa_code: str) -> pd.DataFrame:
    """The force's partnerships (and its total) from ONS tables C2 (YE Dec 2024) and C5 (YE Dec 2023)."""
    book = openpyxl.load_workbook(
        raw / "ons_force_area_tables" / "policeforceareatablesyedecember2024.xlsx", read_only=True, data_only=True
    )
    frames = []
    for sheet, year_ending in (("Table C2", date(2024, 12, 31)), ("Table C5", date(2023, 12, 31))):
        rows = list(book[sheet].iter_rows(values_only=True))
        header = next(i for i, r in enumerate(rows) if r[0] and str(r[0]).startswith("Police Force"))
        offences = [" ".join(str(c).split()) for c in rows[header][6:]]
        for r in rows[header + 1 :]:
            if r[0] != pfa_code:
                continue
            code = r[4] or ("unassigned" if r[3] else "force")
            name = r[3] or r[1]
            frames += [
                (year_ending, code, name, offence, value)
                for offence, value in zip(offences, r[6:])
                if isinstance(value, (int, float))
            ]
    book.close()
    return pd.DataFrame(frames, columns=["year_ending", "area_code", "area_name", "offence", "crimes"])


def street_crime_lpa(raw: Path) -> pd.DataFrame:
    """police.uk street crime by LPA x crime type x month, incomplete months flagged (PARTIAL_SHARE)."""
    snap = pd.read_parquet(raw / "police_uk_wmp_lsoa_months" / "crime_snapshot-birmingham.parquet")
    codes = {name: code for code, name in load_force().lpas.items()}
    snap["month"] = [date(y, m, 1) for y, m in zip(snap["year"], snap["month"])]
    out = snap.groupby(["month", "borough", "category"], as_index=False)["crime_count"].sum()
    out = pd.DataFrame(
        {
            "month": out["month"],
            "lpa": out["borough"].map(codes),
            "crime_type": out["category"],
            "crimes": out["crime_count"],
        }
    )
    totals = out.groupby("month")["crimes"].sum()
    partial = totals[totals < PARTIAL_SHARE * totals.median()].index
    return out.assign(partial=out["month"].isin(partial)).sort_values(["month", "lpa", "crime_type"])


def lsoa_district(raw: Path) -> pd.DataFrame:
    """Every LSOA (2011 and 2021) in England and Wales with its district and police force area. The
    2011-to-2021 lookup misses some 2021 LSOAs (a best fit from 2011); the IMD 2025 lookup fills the
    English ones (its 2024 districts)."""
    lookup = pd.read_csv(raw / "ons_lookups_national" / "lsoa11_lsoa21_lad22_lookup.csv", encoding="utf-8-sig")
    imd = pd.read_csv(raw / "bcc_phm_imd_lookup" / "imd_lookups.csv", usecols=["LSOA21CD", "LA24CD", "LA24NM"])
    pfa = pd.read_csv(raw / "ons_lookups_national" / "lad_pfa_lookup.csv").rename(
        columns={"lad21cd": "lad_code", "pfa21cd": "pfa_code"}
    )
    columns = ["lsoa_code", "lad_code", "lad_name"]
    frames = [
        lookup[[code, "LAD22CD", "LAD22NM"]].drop_duplicates().set_axis(columns, axis=1).assign(vintage=vintage)
        for vintage, code in ((2011, "LSOA11CD"), (2021, "LSOA21CD"))
    ]
    extra = imd[~imd["LSOA21CD"].isin(lookup["LSOA21CD"])].set_axis(columns, axis=1).assign(vintage=2021)
    out = pd.concat([*frames, extra], ignore_index=True).merge(pfa[["lad_code", "pfa_code"]], on="lad_code", how="left")
    return out.sort_values(["vintage", "lsoa_code"])


def _span(frame: pd.DataFrame, column: str, months: int) -> tuple[date, date]:
    last = pd.Timestamp(frame[column].max()) + pd.DateOffset(months=months) - pd.Timedelta(days=1)
    return frame[column].min(), last.date()


def build(raw: Path, out: Path | None = None) -> dict[str, ExtractData]:
    """Read the raw files and write the real public extracts; returns what was written."""
    force = load_force()
    crime = force_crime(raw)
    officers = force_officers(raw)
    csp = csp_crime(raw, force.pfa_code)
    street = street_crime_lpa(raw)
    partial = [f"{m:%b %Y}" for m in sorted(set(street.loc[street["partial"], "month"]))]
    outcomes, by_offence = force_outcome_tables(raw)
    arrests = force_arrests(raw, set(crime["force"]))
    flagged = outcomes[outcomes["incomplete"] & (outcomes["quarter"] >= date(2015, 4, 1))]
    flagged = "; ".join(f"{r.force} {r.quarter:%b %Y} ({r.basis})" for r in flagged.itertuples())
    outcomes_source = (
        "Home Office crime outcomes open data tables (one workbook a financial year, 2014/15 to "
        "2025/26), aggregated by SGilr/oocd-dashboard @ 7d0066eed8e4 data/processed/force_quarter.csv "
        "and force_offence_year.csv (its manifest lists each workbook's URL and sha256)"
    )
    prc_source = (
        "Home Office police recorded crime open data tables (PFA), via robertmaszkiewski/uk-crime-analysis "
        "@ 0689a7db7fa0 data/clean/prc_pfa_long.parquet"
    )
    extracts = {
        "force_crime": ExtractData(
            crime,
            prc_source,
            OGL,
            demo=False,
            period_from=crime["quarter"].min(),
            data_through=_span(crime, "quarter", 3)[1],
            notes="43 territorial forces; fraud excluded (recorded nationally). Offence groups built from the "
            "Home Office groups and subgroups: burglary sums residential, non-residential, domestic and "
            "non-domestic burglary; theft (other) is theft offences less burglary and vehicle offences.",
        ),
        "force_population": ExtractData(
            force_population(raw),
            "ONS mid-2024 population estimates by police force area, via "
            "robertmaszkiewski/uk-crime-analysis @ 0689a7db7fa0 data/clean/pfa_population_2024.csv",
            OGL,
            demo=False,
        ),
        "force_outcomes": ExtractData(
            force_outcomes(raw),
            "Home Office crime outcomes open data, offences recorded in 2024/25, via "
            "robertmaszkiewski/uk-crime-analysis @ 0689a7db7fa0 data/clean/outcomes_2024_25.parquet",
            OGL,
            demo=False,
            period_from=date(2024, 4, 1),
            data_through=date(2025, 3, 31),
            notes="Outcomes as assigned when the table was published; the offence groups carry no rape subgroup.",
        ),
        "force_outcomes_quarterly": ExtractData(
            outcomes,
            outcomes_source,
            OGL,
            demo=False,
            period_from=outcomes["quarter"].min(),
            data_through=_span(outcomes, "quarter", 3)[1],
            notes="43 territorial forces (British Transport Police left out); fraud excluded. Two bases: 'closed' "
            "counts outcomes of investigations closed in the quarter, 'recorded' the outcomes so far of offences "
            "recorded in the quarter (its recent quarters undercount). Checked on build: out-of-court is the sum "
            "of its six types, positive is charges plus out-of-court, quarters sum to years, offence groups sum "
            f"to years. Incomplete quarters (all of 2014/15; assigned outcomes under {INCOMPLETE_SHARE:.0%} of the "
            f"force's median quarter: {flagged}) are left out of every rate and comparison. Recording change: "
            + "; ".join(f"{f} from {d:%b %Y}: {why}" for f, (d, why) in RECORDING_CHANGES.items())
            + " (assigned_series counts the segments; a share of assigned outcomes is compared within one).",
        ),
        "force_outcomes_by_offence": ExtractData(
            by_offence,
            outcomes_source,
            OGL,
            demo=False,
            period_from=by_offence["year_start"].min(),
            data_through=date(int(by_offence["year_start"].max().year) + 1, 3, 31),
            notes="Charges and out-of-court outcomes by Home Office offence group and financial year, both bases "
            "(fraud groups included as published: 'Fraud offences to 2012/13' is empty). Robbery is its own "
            "group; burglary lies within theft offences and homicide within violence against the person.",
        ),
        "force_arrests": ExtractData(
            arrests,
            "Home Office, Police powers and procedures, year ending 31 March 2019, arrest tables (table "
            "A.05), via osintalex/Dash-BLM @ 46ee009313a4 data/arrest-police-powers-procedures-mar19-hosb2519-"
            "tables.ods",
            OGL,
            demo=False,
            period_from=date(2017, 4, 1),
            data_through=date(2019, 3, 31),
            notes="Persons arrested for notifiable offences. Lancashire could not provide complete data for either "
            "year. The rate per 1,000 is the Home Office's, on mid-2018 population, for 2018/19 only. Later years "
            "were not found in any public repository reachable here.",
        ),
        "quoted_figures": ExtractData(
            quoted_figures(raw),
            "Figures quoted on public pages (PCC releases, news reports citing Home Office "
            "figures or FOI answers), hand-transcribed with each page's URL: shared/data/raw/public_reports/"
            "quoted_figures.csv",
            OGL,
            demo=False,
            notes="Quotations, not official data files: shown as attributed reference points ('quoted by'), "
            "never joined to a series.",
        ),
        "force_officers": ExtractData(
            officers,
            "Home Office police workforce statistics (each row names its copy)",
            OGL,
            demo=False,
            period_from=date(2010, 3, 31),
            data_through=date(2025, 3, 31),
            notes="Officers only: the 2025 copy holds no police staff figures.",
        ),
        "csp_crime": ExtractData(
            csp,
            "ONS Police force area data tables, year ending December 2024, tables C2 and C5, via "
            "anushka-0104/uk-crime-trends-dashboard @ 5ab0c5cfdf86 data/policeforceareatablesyedecember2024.xlsx",
            OGL,
            demo=False,
            period_from=date(2023, 1, 1),
            data_through=date(2024, 12, 31),
            notes="Crimes the force could not place in a partnership are published as 'Unassigned'.",
        ),
        "street_crime_lpa": ExtractData(
            street,
            "police.uk street-level crime (API), via techinesis/UK-Crime-Explorer @ 747d5e9087b3 "
            "data/crime_snapshot-birmingham.parquet",
            OGL,
            demo=False,
            period_from=street["month"].min(),
            data_through=_span(street, "month", 1)[1],
            notes=f"Months whose force total is under {PARTIAL_SHARE:.0%} of the median month are flagged "
            f"partial (incomplete copies) and left out of comparisons: {', '.join(partial)}.",
        ),
        "lsoa_district": ExtractData(
            lsoa_district(raw),
            "ONS LSOA (2011) to LSOA (2021) to local authority (2022) lookup, via "
            "findmeanickpls/Coventry-crime-analysis @ 1d3a34c0dcb6, completed for 2021 LSOAs from the IMD 2025 "
            "lookup via BCC-PHM/geoManipulatoR @ 8ed18386aa2c; local authority to police force area via "
            "mpjashby/lesscrime.info-quarto @ cd33ffcdd31a",
            OGL,
            demo=False,
            notes="All of England and Wales: maps any force's police.uk LSOAs to its districts. A few 2021 LSOAs "
            "in districts created in 2023 (Cumberland, Westmorland and Furness, North Yorkshire, Somerset) have "
            "no police force area.",
        ),
    }
    write_extracts(extracts, out)
    return extracts


@command
def main(argv: list[str] | None = None) -> int:
    raw = raw_folder(argv, "briefing.refresh.public", __doc__)
    if raw is None:
        return 2
    try:
        written = build(raw)
    except (OSError, KeyError, ValueError) as exc:
        print(f"error: {exc}. Nothing was written.", file=sys.stderr)
        return 2
    for name, extract in written.items():
        print(f"{name}: {len(extract.frame):,} rows")
    print(f"wrote real public extracts to {data_dir()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
