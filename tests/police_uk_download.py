"""A small download in data.police.uk's format, written here by hand (not a test module: the ingest
and refresh tests both read it).

The fixture lookup knows two LSOAs: E01000001 (a 2021 code, Birmingham) and E01000002 (a 2011 code,
Coventry). January's street file has a byte-order mark and CRLF line ends; February has no file.
"""

from __future__ import annotations

from pathlib import Path

STREET = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
    "Last outcome category,Context"
)
OUTCOMES = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type"
SEARCHES = (
    "Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender,Age range,"
    "Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,"
    "Outcome linked to object of search,Removal of clothing"
)
WMP = "West Midlands Police,West Midlands Police"
JANUARY = [
    STREET,
    f"a1,2023-01,{WMP},-1.8,52.5,On or near Park Road,E01000001,Birmingham 001A,Burglary,Awaiting court outcome,",
    f'a2,2023-01,{WMP},-1.8,52.5,"On or near Smith Street, Jones Lane",E01000001,Birmingham 001A,Burglary,'
    "Investigation complete; no suspect identified,",
    f",2023-01,{WMP},-1.8,52.5,On or near Park Road,E01000001,Birmingham 001A,Anti-social behaviour,,",
    f"a3,2023-01,{WMP},-1.5,52.4,On or near High Street,E01000002,Coventry 001A,Robbery,Local resolution,",
    f"a4,2023-01,{WMP},,,No location,,,Burglary,Under investigation,",
    f"a5,2023-01,{WMP},-2.2,52.2,On or near Elsewhere,E01099999,Worcester 001A,Burglary,Under investigation,",
    f"a6,2023-13,{WMP},-1.8,52.5,On or near Park Road,E01000001,Birmingham 001A,Burglary,Under investigation,",
    f"a7,2023-01,{WMP},-1.8,52.5,On or near Park Road,E01000001,Birmingham 001A,Jaywalking,Under investigation,",
    "a8,2023-01,West Midlands Police",
]
MARCH = [
    STREET,
    f"b1,2023-03,{WMP},-1.8,52.5,On or near Park Road,E01000001,Birmingham 001A,Robbery,Under investigation,",
]
MARCH_OUTCOMES = [
    OUTCOMES,
    f"a1,2023-03,{WMP},-1.8,52.5,On or near Park Road,E01000001,Birmingham 001A,Offender sent to prison",
    f"a3,2023-03,{WMP},-1.5,52.4,On or near High Street,E01000002,Coventry 001A,Local resolution",
    f"zz,2023-03,{WMP},-1.8,52.5,On or near Park Road,E01000001,Birmingham 001A,Unable to prosecute suspect",
    f",2023-03,{WMP},-1.8,52.5,On or near Park Road,E01000001,Birmingham 001A,Local resolution",
]
SEARCH = "Misuse of Drugs Act 1971 (section 23),Controlled drugs,A no further action disposal,False,False"
MARCH_SEARCHES = [
    SEARCHES,
    f"Person search,2023-03-04T10:00:00+00:00,False,,52.48,-1.89,Male,18-24,White,White,{SEARCH}",
    f"Person search,2023-03-09T11:30:00+00:00,False,,52.48,-1.89,Male,18-24,White,White,{SEARCH}",
    "Vehicle search,2023-03-05T09:00:00+00:00,False,,,,Male,25-34,Asian,Asian,"
    "Police and Criminal Evidence Act 1984 (section 1),Stolen goods,Arrest,True,False",
    "Person search,yesterday,False,,52.48,-1.89,Male,18-24,White,White," + SEARCH,
]


def write_download(root: Path) -> Path:
    """A data.police.uk-style folder: Jan and Mar 2023 for WMP, plus another force's file."""
    files = {
        "2023-01/2023-01-west-midlands-street.csv": b"\xef\xbb\xbf" + "\r\n".join(JANUARY).encode() + b"\r\n",
        "2023-03/2023-03-west-midlands-street.csv": ("\n".join(MARCH) + "\n").encode(),
        "2023-03/2023-03-west-midlands-outcomes.csv": ("\n".join(MARCH_OUTCOMES) + "\n").encode(),
        "2023-03/2023-03-west-midlands-stop-and-search.csv": ("\n".join(MARCH_SEARCHES) + "\n").encode(),
        "2023-01/2023-01-west-mercia-street.csv": ("\n".join(JANUARY) + "\n").encode(),
    }
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    return root
