"""Crime and peers: is the force's change its own, or the national tide?"""

import pandas as pd
import streamlit as st

from briefing.app import ui
from briefing.areas import crime_peers
from briefing.stats import peers
from briefing.store import db
from briefing.store.contracts import FORCE_OFFENCE_GROUPS

view = ui.page(
    "Crime and peers",
    "Is the force's change in recorded crime its own, or the national tide?",
    own_calendar=("force_crime",),
)
force = view.force
group = st.selectbox("Offence group", FORCE_OFFENCE_GROUPS, key="peers_group")
try:
    peer = crime_peers.compared(group, view)
except db.ExtractUnavailable as exc:
    ui.unavailable(exc)
    st.stop()
own, was, is_, vs_peers, vs_nation = peer.own, peer.was, peer.is_, peer.vs_peers, peer.vs_nation
through = pd.Timestamp(is_.end) - pd.Timedelta(days=1)
st.info(
    f"**Real data** (Home Office police recorded crime, all 43 territorial forces, fraud excluded; ONS mid-2024 "
    f"population). These data run to **{through:%B %Y}**; the demonstration pages run to "
    f"{db.latest_month():%B %Y}. Quarterly data take **quarter-aligned windows**: what was **{was.label()}** "
    f"({was.months // 3} quarters), what is **{is_.label()}** ({is_.months // 3} quarters), the sidebar's "
    "comparison anchored to this data's latest quarter. Figures are force-wide: the LPA filter does not apply "
    "to force-level data.",
    icon=":material/public:",
)
st.caption(
    f"Peers: {', '.join(force.peers.forces)}, {force.peers.label}. Rates are per 1,000 people a year (a "
    "quarter's crimes times four) over the mid-2024 population throughout, so a change in a rate is the "
    "change in the count. The peers' rate is their crimes summed over their people summed."
)

row = peer.table.set_index("series")


def rate_tile(label: str, series: str, change_text: str) -> ui.Tile:
    change = row.at[series, "change_pct"]
    # A fall in crime is the better way: green down, red up.
    return ui.Tile(
        label,
        f"{row.at[series, 'is_per_1000']:,.3g}",
        change_text.format(change),
        up=change > 0,
        tone="bad" if change > 0 else "good" if change < 0 else "off",
    )


ui.draw_tiles(
    [
        rate_tile(f"{own}, what is (per 1,000 a year)", own, "{:+.1f}% on what was"),
        rate_tile("Peers combined (per 1,000 a year)", peers.PEERS, "{:+.1f}%"),
        rate_tile("England and Wales (per 1,000 a year)", peers.NATIONAL, "{:+.1f}%"),
        # Q2 by the comparative model; the lead's engine will name this field model_verdict.
        ui.Tile(
            "Beyond its peers' path",
            "n/a" if vs_peers.effect is None else f"{vs_peers.effect:+.1f}%",
            None,
            verdict=vs_peers.verdict.capitalize(),
            lines=() if vs_peers.effect is None else (f"95% interval {vs_peers.low:+.1f}% to {vs_peers.high:+.1f}%",),
            about=(peers.METHOD_SENTENCE,),
        ),
    ]
)

rank_43, rank_group = int(row.at[own, "is_per_1000_rank_of_43"]), int(row.at[own, "is_per_1000_rank_in_group"])
change_43 = int(row.at[own, "change_pct_rank_of_43"])
st.markdown(
    f"**Answer.** {vs_peers.sentence()} {vs_nation.sentence()} In what is, "
    f"{own} has the {peers.ordinal(rank_43)} lowest rate of the 43 forces and the "
    f"{peers.ordinal(rank_group)} lowest of its group of {len(force.peers.forces) + 1}; its change ranks "
    f"{peers.ordinal(change_43)} of 43 (1 = the biggest fall)."
)
st.caption(peers.METHOD_SENTENCE + " " + peers.calibration_sentence())

ui.draw_figure(
    ui.figure(
        peer.chart,
        f"{group} per 1,000 people a year: {own} {row.at[own, 'was_per_1000']:,.3g} in what was and "
        f"{row.at[own, 'is_per_1000']:,.3g} in what is ({row.at[own, 'change_pct']:+.1f}%); peers combined "
        f"{row.at[peers.PEERS, 'change_pct']:+.1f}%; England and Wales {row.at[peers.NATIONAL, 'change_pct']:+.1f}%.",
    )
)
ui.table_with_download(
    peers.people_table(peer.table, was, is_),
    f"{group} per 1,000, the force and its peers",
    "crime-and-peers",
    demo=False,
    view=view,
)

# 43 rows a person opens now and then: made into a table and drawn only when opened.
ui.when_opened(
    "All 43 forces, ranked",
    "peers_all_forces",
    lambda: ui.table_with_download(
        peers.people_table(peer.every_force, was, is_),
        f"{group} per 1,000, all 43 forces",
        "crime-all-forces",
        demo=False,
        view=view,
    ),
)
