"""The verdicts calibrated by simulation (briefing.stats.calibration: seeded series through `compare`, the function
every tile uses). A null case's false answers must stay at most its target, a change case's detection at
least its target, each within binomial error (two standard errors), so a test fails when the engine is
clearly off target; and the table Data and methods shows must be what this code gives now."""

import numpy as np
import pandas as pd
import pytest

from briefing.stats import calibration

pytestmark = pytest.mark.calibration


def band(case: calibration.Case) -> float:
    return 2 * np.sqrt(case.target * (1 - case.target) / case.reps)


@pytest.fixture(scope="module")
def shipped() -> pd.DataFrame:
    return pd.read_csv(calibration.TABLE).set_index(["question", "case"])


@pytest.mark.parametrize("case", calibration.CASES, ids=lambda c: f"{c.question} {c.label}")
def test_each_case_reaches_its_target_and_the_shipped_table_says_so(case, shipped):
    rate = calibration.rate(case)
    if case.null:
        assert rate <= case.target + band(case), f"false answers {rate:.1%}"
    else:
        assert rate >= case.target - band(case), f"found {rate:.1%}"
    # The table on Data and methods (python -m briefing.stats.calibration) is this code's, to a series or two.
    assert shipped.loc[(case.question, case.label), "rate"] == pytest.approx(rate, abs=2.5 / case.reps)


def test_the_shapes_reach_their_size_within_six_months():
    for change in calibration.CHANGES:
        months = calibration.shape(change, 2.0)
        assert (months[:24] == 0).all() and months[24 + 5] >= 2.0 - 1e-9, change


@pytest.mark.parametrize("unit", ["count", "proportion", "rate", "days", "backlog"])
def test_no_projection_on_simulated_series_is_impossible(unit):
    """On simulated series, as on the shipped data (tests/test_every_view.py): never a projected count below
    zero, never a share outside 0-100%, even carried from a steep fall or rise."""
    drawn = 0
    for change in ("none", "reversal of trend"):
        case = calibration.Case("Q2", unit, "trend", 0.5, change, -6.0, reps=40)
        measure, simulated = calibration.frames(case)
        for frame in simulated:
            p = calibration.compare.compare(frame, measure, calibration.WAS, calibration.IS).projection
            if p is None:  # a path that cannot be carried on is not drawn
                continue
            drawn += 1
            assert min(p.low) >= 0 and (unit != "proportion" or max(p.high) <= 1)
    assert drawn >= 40
