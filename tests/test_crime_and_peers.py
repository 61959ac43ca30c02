"""Crime and peers page, and the real LPA crime on Investigations, through AppTest on the shipped data."""

from briefing.config import load_force
from briefing.stats import peers
from tests.pages import chart_data, metrics, open_page, open_part


def test_page_shows_the_force_its_peers_and_the_nation_and_follows_the_offence_group():
    at = open_page("pages/crime_and_peers.py")
    assert not at.exception
    all_crime = metrics(at)
    assert len(all_crime) == 4
    assert any("LPA filter does not apply" in i.value and "quarter-aligned" in i.value for i in at.info)
    plotted = set().union(*(set(d["series"]) for d in chart_data(at) if "series" in d.columns))
    assert {"West Midlands", peers.PEERS, peers.NATIONAL, *load_force().peers.forces} <= plotted
    answer = next(m.value for m in at.markdown if m.value.startswith("**Answer.**"))
    assert "of the 43 forces" in answer and "beyond the path they project" in answer
    at.selectbox(key="peers_group").set_value("Burglary").run()
    assert not at.exception
    assert metrics(at) != all_crime


def test_figures_are_force_wide_whatever_the_lpa():
    assert metrics(open_page("pages/crime_and_peers.py", "E08000025")) == metrics(open_page("pages/crime_and_peers.py"))


def test_investigations_shows_real_lpa_crime_beside_the_demonstration_series():
    at = open_part(open_page("pages/investigations.py", "E08000026"), "Recorded crime: real public figures")
    assert not at.exception
    totals = next(m.value for m in at.markdown if m.value.startswith("**Total recorded crime"))
    assert "Coventry 36,003 (-8.1%)" in totals and "Birmingham" not in totals  # ONS table C2 against C5
    street = next(c.value for c in at.caption if c.value.startswith("These data run to March 2026"))
    assert "leaving out" in street and "Sep 2024" in street


def test_the_43_forces_are_ranked_once_opened():
    at = open_page("pages/crime_and_peers.py")
    assert len(at.table) == 1 and not at.dataframe, "the force and its peers only"
    at.session_state["peers_all_forces"] = True
    at.run()
    forces = at.dataframe[0].value
    assert len(forces) == 43 and "West Midlands" in forces.iloc[:, 0].tolist()
