"""A force's own file replaces an extract only if it meets the contract."""

from briefing.refresh import supply
from briefing.store.extracts import read_manifest
from tests.conftest import BIRMINGHAM, COVENTRY

GOOD = (
    "month,lpa,offence_group,arrests\n"
    f"2023-01-01,{BIRMINGHAM},Violence against the person,12\n"
    f"2023-02-01,{COVENTRY},Burglary,3\n"
)


def test_a_good_file_replaces_the_demonstration_extract(fixture_data, tmp_path, capsys):
    (tmp_path / "arrests.csv").write_text(GOOD)
    assert read_manifest(fixture_data)["extracts"]["arrests"]["demo"] is True
    # Two months replace the fixture's six only with --replace (test_data_safety checks the refusal).
    code = supply.main(
        ["arrests", str(tmp_path / "arrests.csv"), "--source", "WMP custody", "--licence", "internal", "--replace"]
    )
    assert code == 0
    entry = read_manifest(fixture_data)["extracts"]["arrests"]
    assert (entry["demo"], entry["rows"], entry["source"]) == (False, 2, "WMP custody")
    assert (entry["period_from"], entry["data_through"]) == ("2023-01-01", "2023-02-28")
    assert "replace demonstration data" in capsys.readouterr().out


def refused(fixture_data, tmp_path, capsys, text: str) -> str:
    before = (fixture_data / "manifest.json").read_bytes()
    (tmp_path / "arrests.csv").write_text(text)
    assert supply.main(["arrests", str(tmp_path / "arrests.csv"), "--source", "x", "--licence", "x"]) == 2
    assert (fixture_data / "manifest.json").read_bytes() == before
    return capsys.readouterr().err


def test_unknown_lpa_is_refused_and_nothing_changes(fixture_data, tmp_path, capsys):
    err = refused(fixture_data, tmp_path, capsys, GOOD + "2023-03-01,E99999999,Burglary,1\n")
    assert "column 'lpa' must be an LPA code in force.toml" in err and "lpa='E99999999'" in err


def test_missing_column_is_refused(fixture_data, tmp_path, capsys):
    err = refused(fixture_data, tmp_path, capsys, "month,lpa,arrests\n2023-01-01,E08000025,4\n")
    assert "missing column(s) offence_group" in err


def test_wrong_type_is_refused(fixture_data, tmp_path, capsys):
    err = refused(fixture_data, tmp_path, capsys, GOOD + f"2023-03-01,{BIRMINGHAM},Burglary,many\n")
    assert "does not fit its column's type" in err


def test_unreadable_file_is_refused(fixture_data, tmp_path, capsys):
    (tmp_path / "arrests.xlsx").write_bytes(b"\x00")
    assert supply.main(["arrests", str(tmp_path / "arrests.xlsx"), "--source", "x", "--licence", "x"]) == 2
    assert "expected a .parquet or .csv file" in capsys.readouterr().err
