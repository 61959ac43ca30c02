"""Real crime outcomes on Investigations: series, windows and ranks by hand on a small frame, the
rules (incomplete quarters, a declared recording change) and the part on the shipped data."""

from datetime import date

import pandas as pd
import pytest

from briefing.app import outcomes_section
from briefing.areas import real_outcomes
from briefing.config import DEMO_TEXT, load_force
from briefing.stats import peers
from briefing.view import Window, add_months
from tests.pages import chart_data, metrics, open_page, open_part


def frame() -> pd.DataFrame:
    """Two forces over eight quarters from Apr 2021: West Midlands charges 10 of 100 assigned, then 20
    of 100 from Apr 2022; Greater Manchester 10 of 100 throughout but incomplete in Jul 2021 (1 of 2);
    West Midlands' recording change in Oct 2021 (its earlier quarters assigned 50)."""
    rows = []
    for i in range(8):
        quarter = add_months(date(2021, 4, 1), 3 * i)
        after = quarter >= date(2021, 10, 1)
        rows.append(
            (
                quarter,
                "West Midlands",
                20 if quarter >= date(2022, 4, 1) else 10,
                100 if after else 50,
                False,
                int(after),
                1_000_000,
            )
        )
        rows.append((quarter, "Greater Manchester", 1 if i == 1 else 10, 2 if i == 1 else 100, i == 1, 0, 1_000_000))
    out = pd.DataFrame(
        rows, columns=["quarter", "force", "charged", "assigned", "incomplete", "assigned_series", "population"]
    )
    return out.assign(positive=out["charged"] * 2, out_of_court=out["charged"], note="", pfa_code="")


def test_series_keep_the_stated_rules():
    force = load_force()
    rates = real_outcomes.series(frame(), force, "charge_rate").set_index(["series", "quarter"])["value"]
    # West Midlands before its recording change is left out of its own share; Greater Manchester's
    # incomplete quarter is left out of everything.
    assert date(2021, 4, 1) not in rates["West Midlands"].index
    assert date(2021, 7, 1) not in rates["Greater Manchester"].index
    assert rates["West Midlands"][date(2022, 4, 1)] == pytest.approx(0.2)
    # England and Wales sums every complete quarter: 10 + 10 over 50 + 100 in Apr 2021.
    assert rates[peers.NATIONAL][date(2021, 4, 1)] == pytest.approx(20 / 150)
    per_1000 = real_outcomes.series(frame(), force, "positive_per_1000").set_index(["series", "quarter"])["value"]
    assert date(2021, 4, 1) in per_1000["West Midlands"].index  # a count carries on across the change
    assert per_1000["West Midlands"][date(2021, 4, 1)] == pytest.approx(4000 * 20 / 1_000_000)


def test_windows_pool_and_rank_by_hand():
    force = load_force()
    rates = real_outcomes.series(frame(), force, "charge_rate")
    was, is_ = Window(date(2021, 4, 1), date(2022, 4, 1)), Window(date(2022, 4, 1), date(2023, 4, 1))
    table = real_outcomes.windows_table(rates, "West Midlands", force, was, is_, "charge_rate").set_index("series")
    assert table.at["West Midlands", "was"] == pytest.approx(0.1)  # Oct 2021 and Jan 2022 only
    assert table.at["West Midlands", "is"] == pytest.approx(0.2)
    assert table.at["West Midlands", "change"] == pytest.approx(10)  # percentage points
    assert table.at["West Midlands", "rank_of_43"] == 1 and table.at["Greater Manchester", "rank_in_group"] == 2
    shown = real_outcomes.people_table(table.reset_index(), "charge_rate", was, is_)
    assert shown.iloc[0, 2] == 20.0 and "Change (percentage points)" in shown.columns


@pytest.fixture(scope="module")
def shipped():
    from briefing.store import db
    from briefing.view import parse

    force = load_force()
    view = parse({}, force, db.earliest_month(), db.latest_month())
    return real_outcomes.compared(view, "closed", "charge_rate")


def test_shipped_part_reproduces_the_charge_rate_and_answers_both_questions(shipped):
    assert shipped.own == "West Midlands" and shipped.basis == "closed"
    assert (shipped.was, shipped.is_) == (
        Window(date(2020, 4, 1), date(2023, 4, 1)),
        Window(date(2023, 4, 1), date(2026, 4, 1)),
    )
    assert shipped.used_was == "Apr 2021 to Mar 2023"  # from the declared recording change
    table = shipped.table.set_index("series")
    assert set(table.index) == {"West Midlands", *load_force().peers.forces, peers.PEERS, peers.NATIONAL}
    assert 1 <= table.at["West Midlands", "rank_of_43"] <= 43
    assert shipped.vs_peers.quarters_after == 4 and shipped.vs_peers.quarters_before == 8
    assert shipped.vs_peers.verdict and shipped.q1.change_verdict
    assert any("recording change" in b for b in shipped.breaks)
    assert "Real data" in shipped.chart["title"]["subtitle"][0]
    assert DEMO_TEXT not in str(shipped.chart)
    assert len(shipped.every_force) == 43


def test_investigations_shows_the_real_outcomes_part():
    at = open_part(open_page("pages/investigations.py"), outcomes_section.SECTION_TITLE)
    assert not at.exception
    shown = metrics(at)
    assert "West Midlands, what is" in shown and "Rank of 43 (1 = highest)" in shown
    answer = next(m.value for m in at.markdown if m.value.startswith("**Charge/summons rate"))
    assert "Against its peers" in answer and "of the 43 forces" in answer
    assert any(c.value.startswith("Closed basis by default") for c in at.caption)
    assert any("Force or group" in t.value.columns for t in at.table)
    at.segmented_control(key="outcomes_basis").set_value("recorded").run()
    assert not at.exception
    assert any("recent quarters undercount" in c.value for c in at.caption)
    assert metrics(at) != shown
    plotted = set().union(*(set(d["series"]) for d in chart_data(at) if "series" in d.columns))
    assert {"West Midlands", peers.PEERS, peers.NATIONAL} <= plotted


def test_outcomes_chart_is_valid_vega_lite_with_its_break_shown(shipped):
    import altair as alt

    alt.LayerChart.from_dict(shipped.chart)  # raises if the spec breaks the Vega-Lite schema
    plotted = set(pd.DataFrame(shipped.chart["datasets"]["rates"])["series"])
    assert "West Midlands before its recording change (not compared)" in plotted
    assert list(pd.DataFrame(shipped.chart["datasets"]["breaks"])["label"]) == ["West Midlands: recording change"]
