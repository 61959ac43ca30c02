"""The letter's claims: each verdict follows the data (change the data, the verdict changes), and a
claim resting on demonstration data is never given a verdict."""

from datetime import date

import pytest

from briefing.areas import claims
from briefing.config import DEMO_TEXT, load_force
from briefing.store.extracts import ExtractData
from tests.conftest import arrests_frame, make_data_dir, public_extracts
from tests.pages import open_page


def verdicts(directory, monkeypatch) -> dict[str, claims.Result]:
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(directory))
    return {r.key: r for r in claims.evaluate(load_force())}


def test_fixture_verdicts_by_hand(tmp_path, monkeypatch):
    results = verdicts(make_data_dir(tmp_path / "data"), monkeypatch)
    assert [r.key for r in results.values()] == [c.key for c in claims.CLAIMS]
    # West Midlands fell 20% while England and Wales fell 8% (250 to 230 a quarter): not at odds.
    assert results["national_trend"].verdict == claims.NOT_SUPPORTED
    assert "-20.0%" in results["national_trend"].figure and "-8.0%" in results["national_trend"].figure
    # The biggest fall of the three forces, but not a bigger fall than most of 43.
    assert results["best_in_country"].verdict == claims.SUPPORTED
    assert results["reduction_vs_forces"].verdict == claims.NOT_SUPPORTED
    assert results["officers_2010"].verdict == claims.SUPPORTED  # 100 to 90: 10% fewer
    # The outcomes extract has sexual offences, not rape: context only, with the quoted figure attributed.
    assert results["rapes_solved"].verdict == claims.NOT_TESTABLE
    assert "5.0%" in results["rapes_solved"].figure and "7.5%" in results["rapes_solved"].figure
    assert any("quoted by news citing WMP FOI" in line for line in results["rapes_solved"].context)
    # Real outcomes: 100 positive outcomes a quarter, then 130 from April 2023 (+30%), on real data.
    btj, third = results["brought_to_justice"], results["outcomes_third"]
    assert not btj.demo and not third.demo
    assert btj.verdict == claims.SUPPORTED and "2023/24 520 (+30.0%)" in btj.figure
    assert third.verdict == claims.SUPPORTED and "260 against 200" in third.figure and "+30.0%" in third.figure
    # Robbery reaching a positive outcome in 2022/23: 15 of 100 against Greater Manchester's 20 of 100.
    best = results["best_of_peers"]
    assert best.verdict == claims.NOT_SUPPORTED and "West Midlands 2nd of 2" in best.figure
    assert "Greater Manchester 20.0%, West Midlands 15.0%" in best.figure
    # Arrests stay not yet testable; the Home Office years are context.
    assert any("1,200 in 2017/18" in line for line in results["arrests"].context)
    assert any("quoted by PCC press release" in line for line in results["calls_999"].context)


def test_verdicts_follow_the_data(tmp_path, monkeypatch):
    extracts = public_extracts()
    crime = extracts["force_crime"].frame
    # Kent doubles in the year to June 2023: England and Wales now rises while West Midlands falls.
    rising = crime["force"].eq("Kent") & (crime["quarter"] >= date(2022, 7, 1))
    extracts["force_crime"] = ExtractData(
        crime.assign(crimes=crime["crimes"].where(~rising, 100)), "fixture", "OGL", demo=False
    )
    officers = extracts["force_officers"].frame
    extracts["force_officers"] = ExtractData(officers.assign(officers_fte=[100.0, 97.0]), "fixture", "OGL", demo=False)
    outcomes = extracts["force_outcomes_quarterly"].frame
    smaller = outcomes["positive"] == 130  # West Midlands from April 2023: 110, not 130 (+10%)
    extracts["force_outcomes_quarterly"] = ExtractData(
        outcomes.assign(positive=outcomes["positive"].where(~smaller, 110)), "fixture", "OGL", demo=False
    )
    results = verdicts(make_data_dir(tmp_path / "data", extracts), monkeypatch)
    assert results["national_trend"].verdict == claims.SUPPORTED
    assert results["officers_2010"].verdict == claims.NOT_SUPPORTED  # 3% fewer
    assert results["outcomes_third"].verdict == claims.NOT_SUPPORTED and "+10.0%" in results["outcomes_third"].figure


def test_demonstration_data_give_no_verdict_until_real_data_arrive(tmp_path, monkeypatch):
    results = verdicts(make_data_dir(tmp_path / "demo"), monkeypatch)
    arrests = results["arrests"]
    assert arrests.verdict == claims.NOT_TESTABLE and arrests.demo
    assert arrests.figure.startswith("On demonstration data, which cannot verify the claim")
    assert "custody records" in arrests.needs
    for key in ("rso_assessments", "ocset_backlog", "disclosures", "attendance", "marac_census"):
        assert results[key].verdict == claims.NOT_TESTABLE and results[key].demo, key
    real = ExtractData(
        arrests_frame(),
        "force custody records",
        "internal",
        demo=False,
        period_from=date(2023, 1, 1),
        data_through=date(2023, 6, 30),
    )
    supplied = verdicts(make_data_dir(tmp_path / "real", {"arrests": real}), monkeypatch)["arrests"]
    # The fixture's 40 to 50 arrests a month are nowhere near 3,200 and 4,200.
    assert supplied.verdict == claims.NOT_SUPPORTED and not supplied.demo and not supplied.needs


@pytest.fixture(scope="module")
def shipped() -> dict[str, claims.Result]:
    return {r.key: r for r in claims.evaluate(load_force())}


def test_shipped_outcome_claims_read_the_real_series(shipped):
    # The figures: positive outcomes 20,158 (2022/23) and 26,029 (2023/24, +29.1%).
    btj = shipped["brought_to_justice"]
    assert not btj.demo and "2022/23 20,158; 2023/24 26,029 (+29.1%)" in btj.figure
    third = shipped["outcomes_third"]
    assert not third.demo and third.verdict == claims.NOT_SUPPORTED  # +22.3%, charges alone +31.4%
    assert "11,554 against 9,449" in third.figure and "+31.4%" in third.figure
    best = shipped["best_of_peers"]
    assert best.verdict == claims.NOT_SUPPORTED and "West Midlands 6th of 6" in best.figure
    assert any(line.startswith("Recorded crime reading") for line in best.context)
    for key in ("rapes_solved", "calls_999", "arrests", "marac_census"):
        assert shipped[key].verdict == claims.NOT_TESTABLE, key
    assert "quoted by" in " ".join(shipped["calls_999"].context)


@pytest.mark.parametrize("key", [c.key for c in claims.CLAIMS])
def test_every_claim_on_the_shipped_data_has_a_verdict_and_its_sources(shipped, key):
    result = shipped[key]
    assert result.verdict in (claims.SUPPORTED, claims.NOT_SUPPORTED, claims.NOT_TESTABLE)
    assert result.figure and "not in the manifest" not in result.data
    assert (result.verdict == claims.NOT_TESTABLE) == bool(result.needs)
    if result.demo:
        assert result.verdict == claims.NOT_TESTABLE


def test_claims_page_lists_every_claim_with_its_verdict():
    at = open_page("pages/force_claims.py")
    assert not at.exception
    claims_shown = [m.value for m in at.markdown if "The letter claims**" in m.value]
    assert len(claims_shown) == len(claims.CLAIMS)
    verdicts = [v.capitalize() for v in (claims.SUPPORTED, claims.NOT_SUPPORTED, claims.NOT_TESTABLE)]
    badges = [m.value for m in at.markdown if "-badge[" in m.value and any(v in m.value for v in verdicts)]
    assert len(badges) == len(claims.CLAIMS)
    assert any(DEMO_TEXT in c.value for c in at.caption)
    table = next(t.value for t in at.table if "Verdict" in t.value.columns)
    assert sorted(table["Verdict"].unique()) <= sorted([claims.SUPPORTED, claims.NOT_SUPPORTED, claims.NOT_TESTABLE])
