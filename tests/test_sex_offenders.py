"""Sex offender management: overdue by each record's own due date, worked by hand from the fixture."""

from briefing.store import db
from tests.conftest import BIRMINGHAM, COVENTRY, SOLIHULL, WIDE
from tests.pages import every_trend_renders, metrics, open_page, table_with, tiles


def test_overdue_by_own_due_date(shared_fixture_data):
    frame = db.exact("sex_offenders/monthly", **WIDE)
    march, june = frame.iloc[0], frame.iloc[1]
    # 31 March: O1's ARMS was due 30 March (overdue); O2's is due that day (not yet); O3's was due
    # 1 Feb and done 10 Feb (done); O4's was due 15 Jan and last done July 2022 (overdue).
    assert march["arms_overdue"] == 2
    # O2's visit was due 1 March, last visit 15 Feb; O1 has no planned visit (reactive management).
    assert march["visits_overdue"] == 1
    assert march["reviews_overdue"] == 1  # O1, due 1 March, never reviewed
    # 30 June: O2's ARMS (due 31 March) is still not done; everything else is due later.
    assert (june["arms_overdue"], june["visits_overdue"], june["reviews_overdue"]) == (1, 0, 0)


def test_caseload_by_risk_and_per_manager(shared_fixture_data):
    march = db.exact("sex_offenders/monthly", **WIDE).iloc[0]
    assert march["caseload"] == 4
    assert march["caseload_per_manager"] == 4 / 3  # OM1 holds O1 and O2

    def by_risk(lpa):
        return db.exact("sex_offenders/by_risk", **(WIDE | {"lpas": [lpa]})).set_index(["risk_level", "window_label"])

    # Every level is listed for the LPAs chosen: Birmingham holds O1-O3, Coventry O4, Solihull nobody.
    assert len(by_risk(SOLIHULL)) == 4 * 2 and by_risk(SOLIHULL)["offenders"].eq(0).all()
    assert by_risk(BIRMINGHAM).xs("What was", level="window_label")["offenders"].tolist() == [0, 1, 1, 1]
    assert by_risk(COVENTRY).loc[("very high", "What was"), "arms_overdue"] == 1  # O4 at 31 March
    assert by_risk(BIRMINGHAM).loc[("low", "What was"), "visits_overdue"] == 1  # O2
    assert by_risk(BIRMINGHAM).loc[("low", "What is"), "arms_overdue"] == 1  # O2 at 30 June


def test_by_lpa_reads_each_window_at_its_end(shared_fixture_data):
    by_lpa = db.exact("sex_offenders/by_lpa", **WIDE).set_index(["lpa", "window_label"])
    assert by_lpa.loc[(COVENTRY, "What was"), "arms_overdue"] == 1  # O4 at 31 March
    assert by_lpa.loc[(COVENTRY, "What is"), "arms_overdue"] == 0
    assert by_lpa.loc[(BIRMINGHAM, "What is"), "caseload_per_manager"] == 1.5  # 3 offenders, OM1 and OM2


def test_page_for_two_lpas(shared_fixture_data):
    birmingham, coventry = (open_page("pages/sex_offenders.py", lpa) for lpa in (BIRMINGHAM, COVENTRY))
    for at in (birmingham, coventry):
        assert not at.exception
        assert "Demonstration data" in at.warning[0].value
        assert len(tiles(at)) == 5
    assert metrics(birmingham)["Registered sex offenders managed"] == "3"
    assert metrics(coventry)["Registered sex offenders managed"] == "1"
    # At 30 June Birmingham has 1 overdue ARMS assessment and Coventry none: both "<5" (zero too, or the
    # force-wide 1 less Coventry's 0 would give Birmingham's away). The caseload is not sensitive.
    assert metrics(birmingham)["ARMS assessments overdue"] == "<5"
    assert metrics(coventry)["ARMS assessments overdue"] == "<5"
    assert set(table_with(birmingham, "risk_level")["offenders"]) == {"<5"}


def test_every_trend_renders(shared_fixture_data):
    assert every_trend_renders(open_page("pages/sex_offenders.py", COVENTRY)) == []
