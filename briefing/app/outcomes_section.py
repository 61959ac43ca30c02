"""The Investigations page's part of real crime outcomes (`real_outcomes` works the figures out): tiles
with both answers, the chart with its text alternative, the tables beside it, the basis and why."""

from __future__ import annotations

import streamlit as st

from briefing.app import ui
from briefing.areas.real_outcomes import (
    BASES,
    BASIS_WHY,
    DEFINITION,
    MEASURES,
    NATIONAL,
    PEERS,
    SOURCE,
    Outcomes,
    compared,
    people_table,
    summary,
)
from briefing.stats import peers
from briefing.store import db
from briefing.view import View

SECTION_TITLE = "Crime outcomes: real public figures"


def figure(outcomes: Outcomes) -> ui.Figure:
    """The chart with its text alternative."""
    return ui.figure(outcomes.chart, summary(outcomes))


def tiles(outcomes: Outcomes) -> list[ui.Tile]:
    q1, row = outcomes.q1, outcomes.table.set_index("series")
    up = None if not q1.change else q1.change > 0

    def q2(result: peers.Comparative, label: str) -> ui.Tile:
        unit = "%" if result.unit == "%" else " pts"
        value = "n/a" if result.effect is None else f"{result.effect:+.1f}{unit}"
        lines = () if result.effect is None else (f"95% interval {result.low:+.1f}{unit} to {result.high:+.1f}{unit}",)
        return ui.Tile(
            label,
            value,
            None,
            model_verdict=result.verdict,
            lines=(result.verdict.capitalize(), *lines),
            about=(peers.METHOD_SENTENCE,),
        )

    return [
        ui.Tile(
            f"{outcomes.own}, what is",
            outcomes.value(q1.is_),
            outcomes.change(q1.change),
            up,
            q1.tone,
            q1.change_verdict.capitalize(),
            lines=(f"was {outcomes.value(q1.was)}",),
            about=(DEFINITION,),
        ),
        ui.Tile(
            "Peers combined, what is",
            outcomes.value(row.at[PEERS, "is"]),
            outcomes.change(row.at[PEERS, "is"] - row.at[PEERS, "was"])
            if outcomes.measure.denominator
            else f"{row.at[PEERS, 'change']:+.1f}%",
        ),
        ui.Tile(
            "England and Wales, what is",
            outcomes.value(row.at[NATIONAL, "is"]),
            outcomes.change(row.at[NATIONAL, "is"] - row.at[NATIONAL, "was"])
            if outcomes.measure.denominator
            else f"{row.at[NATIONAL, 'change']:+.1f}%",
        ),
        q2(outcomes.vs_peers, "Beyond its peers' path"),
        ui.Tile(
            "Rank of 43 (1 = highest)",
            str(int(row.at[outcomes.own, "rank_of_43"])),
            None,
            lines=(
                f"{peers.ordinal(int(row.at[outcomes.own, 'rank_in_group']))} of its group of "
                f"{len(outcomes.table) - 2}",
            ),
        ),
    ]


def section(view: View) -> None:
    """The Investigations page's part of real crime outcomes (titled SECTION_TITLE)."""
    st.caption(
        "Real data, shown beside the demonstration series and never joined to them. Force-level and "
        "quarterly: the LPA filter does not apply, and the windows are the sidebar's comparison in whole "
        "quarters, anchored to this data's latest quarter."
    )
    basis = (
        st.segmented_control(
            "Basis", list(BASES), format_func=BASES.__getitem__, default="closed", key="outcomes_basis"
        )
        or "closed"
    )
    labels = {key: m.label for key, m in MEASURES.items()}
    measure_key = (
        st.segmented_control(
            "Measure", list(MEASURES), format_func=labels.__getitem__, default="charge_rate", key="outcomes_measure"
        )
        or "charge_rate"
    )
    st.caption(BASIS_WHY if basis == "closed" else "**Recorded basis: recent quarters undercount.** " + BASIS_WHY)
    try:
        outcomes = compared(view, basis, measure_key)
    except db.ExtractUnavailable as exc:
        ui.unavailable(exc)
        return
    ui.draw_tiles(tiles(outcomes))
    st.markdown(outcomes.answer())
    ui.draw_figure(figure(outcomes))
    ui.table_with_download(
        people_table(outcomes.table, measure_key, outcomes.was, outcomes.is_),
        f"{outcomes.measure.label}, the force and its peers",
        f"outcomes-{measure_key}-{basis}",
        demo=False,
        view=view,
    )
    if outcomes.breaks:
        st.caption("Declared breaks: " + "; ".join(outcomes.breaks) + ".")
    st.caption(f"{DEFINITION} Source: {SOURCE}. {peers.METHOD_SENTENCE}")
    ui.when_opened(
        "By quarter: the force, its peers combined and England and Wales",
        "outcomes_by_quarter",
        lambda: ui.table_with_download(
            outcomes.quarters,
            f"{outcomes.measure.label} by quarter",
            f"outcomes-{measure_key}-{basis}-by-quarter",
            demo=False,
            view=view,
        ),
    )
    ui.when_opened(
        "All 43 forces, ranked",
        "outcomes_all_forces",
        lambda: ui.table_with_download(
            people_table(outcomes.every_force, measure_key, outcomes.was, outcomes.is_),
            f"{outcomes.measure.label}, all 43 forces",
            f"outcomes-{measure_key}-{basis}-all-forces",
            demo=False,
            view=view,
        ),
    )
