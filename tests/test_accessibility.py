"""Accessibility that needs no browser: chart alt text, complete chart descriptions, the page style's
contrast and focus rules. (tests/test_accessibility_browser.py runs axe-core and the keyboard in chromium.)"""

import pandas as pd

from briefing.app import ui
from briefing.present import wording
from briefing.stats.compare import Measure
from briefing.stats.spc import RULE_BEYOND


def flagged_chart(signals: int) -> pd.DataFrame:
    months = pd.date_range("2022-01-01", periods=24, freq="MS")
    return pd.DataFrame(
        {
            "month": months,
            "rate": range(24),
            "phase": [0] * 12 + [1] * 12,
            "signal": [RULE_BEYOND] * signals + [""] * (24 - signals),
        }
    )


MEASURE = Measure("rate", "Referral rate", "count", "neutral", "rate")


def test_a_trend_charts_description_lists_every_special_cause_month():
    summary = wording.spc_summary(flagged_chart(9), MEASURE)
    assert "..." not in summary and "…" not in summary
    assert all(f"{month:%b %Y}" in summary for month in pd.date_range("2022-01-01", periods=9, freq="MS"))


def test_a_trend_charts_alt_is_its_title_and_one_short_sentence():
    chart = flagged_chart(9)
    spec = {"title": {"text": "Referral rate: WMP force-wide"}}
    alt = ui.short_alt(spec, wording.spc_summary(chart, MEASURE), wording.spc_finding(chart, MEASURE))
    assert alt.startswith("Referral rate: WMP force-wide. Jan 2022 to Dec 2022 averaged")
    assert "9 months show special-cause variation (listed below)" in alt
    assert alt.count(".") <= 3 and len(alt) < 250 and "Sep 2022:" not in alt  # the months stay in the caption


def test_without_a_finding_the_alt_is_a_short_description_or_points_to_the_long_one():
    spec = {"title": {"text": "Events"}}
    assert ui.short_alt(spec, "One event.") == "Events. One event."
    assert ui.short_alt(spec, "x" * 400) == "Events. Described below the chart."
    assert ui.short_alt({}, "One event.") == "One event."


def test_demonstration_data_say_so_instead_of_out_of_date():
    from datetime import date

    today = date(2026, 12, 6)
    assert ui.freshness_text(date(2025, 3, 1), today, demo=True) == "Demonstration data to March 2025."
    assert ui.freshness_text(date(2025, 3, 1), today).startswith("Data to March 2025. Out of date: ")
    assert ui.freshness_text(date(2026, 11, 1), today) == "Data to November 2026."


def test_the_shipped_demonstration_data_set_the_latest_month(shared_fixture_data):
    from briefing.store import db

    # Every extract that sets the app's months is a demonstration extract in the fixture folder.
    assert db.latest_month_is_demo()
    # The real public figures on their own calendar are not.
    assert not db.latest_month_is_demo(("force_crime",))


def test_the_accessibility_statement_follows_the_gov_uk_model_and_names_what_was_tested():
    import json
    import re
    from pathlib import Path

    from briefing.config import REPO_DIR

    statement = (REPO_DIR / "briefing" / "methods_accessibility.md").read_text(encoding="utf-8")
    for heading in (
        "Accessibility statement for Briefing",
        "Feedback and contact information",
        "Enforcement procedure",
        "Technical information about this app's accessibility",
        "Non-accessible content",
        "Preparation of this accessibility statement",
    ):
        assert f"# {heading}" in statement, heading
    assert "partially compliant" in statement and "WCAG" in statement
    # Every known issue says by when it will be fixed, or what to use instead.
    issues = statement.split("**Non-compliance with the accessibility regulations**")[1].split("####")[0]
    items = [item for item in issues.split("\n- ") if item.strip()]
    assert len(items) >= 4 and all(re.search(r"by \d+ \w+ 20\d\d|within a month|accessible format", i) for i in items)
    page = (REPO_DIR / "pages" / "data_and_methods.py").read_text(encoding="utf-8")
    installed = json.loads((Path(__file__).parent / "axe" / "package.json").read_text())["dependencies"]["axe-core"]
    assert f'AXE_VERSION = "{installed}"' in page
