"""The force's claims: what do the data say about each checkable claim in the Chief Constable's letter?"""

import pandas as pd
import streamlit as st

from briefing.app import ui
from briefing.areas import claims
from briefing.config import DEMO_TEXT
from briefing.present import markdown
from briefing.store import db

view = ui.page(
    "The force's claims",
    "What do the data say about each checkable claim in the Chief Constable's letter of 23 November 2023?",
)
st.info(
    "Each claim is the force's, summarised from the letter (only phrases in quotation marks are its own words): "
    "a claim, not a verified fact. Each verdict is computed from the data when the page opens: **supported**, **not "
    "supported**, or **not yet testable** (with what would test it). Claims about the force's internal records rest "
    "on demonstration data until the force supplies its extracts, so they stay not yet testable; their "
    "demonstration reading is shown, labelled, and verifies nothing. Figures are force-wide: the LPA and comparison "
    "filters do not apply; each test states its own period.",
    icon=":material/fact_check:",
)

BADGES = {claims.SUPPORTED: "green", claims.NOT_SUPPORTED: "red", claims.NOT_TESTABLE: "gray"}
ICONS = {
    claims.SUPPORTED: ":material/check:",
    claims.NOT_SUPPORTED: ":material/close:",
    claims.NOT_TESTABLE: ":material/help:",
}


def sentence(text: str) -> str:
    return f"{text[0].upper()}{text[1:]}."


@st.cache_data(max_entries=4, show_spinner="Checking each claim against the data...")
def evaluate(version: str, force_name: str) -> list[claims.Result]:
    # Keyed on the data version: new data give new verdicts without a restart.
    return claims.evaluated(view.force)


results = evaluate(db.version(), view.force.name)
counts = pd.Series([r.verdict for r in results]).value_counts()
st.markdown(
    "**Answer.** Of the letter's "
    + f"{len(results)} checkable claims: "
    + ", ".join(f"{counts.get(v, 0)} {v}" for v in BADGES)
    + "."
)

for n, result in enumerate(results, start=1):
    # One text and one caption a claim: every element is a message the browser draws (issue 24).
    text = [
        f"**{n}. The letter claims** (in summary): {result.claim}",
        f":{BADGES[result.verdict]}-badge[{ICONS[result.verdict]} {result.verdict.capitalize()}]",
        f"**Measure.** {result.measure}.  \n**Figures.** {sentence(result.figure)}",
    ]
    if result.context:
        lines = "\n".join(f"- {markdown.escaped(sentence(line))}" for line in result.context)
        text.append(
            f"**Context** (real figures beside the test; quoted figures are attributed, not official):\n{lines}"
        )
    if result.needs:
        text.append(f"**Would test it.** {sentence(result.needs)}")
    with st.container(border=True):
        st.markdown("\n\n".join(text))
        st.caption((f":material/science: **{DEMO_TEXT}**  \n" if result.demo else "") + f"Data: {result.data}")

table = pd.DataFrame(
    [
        {
            "Claim (the letter's, summarised)": r.claim,
            "Verdict": r.verdict,
            "Measure": r.measure,
            "Figures": r.figure,
            "Would test it": r.needs,
            "Context": " | ".join(r.context),
            "Data": r.data,
            "Data status": DEMO_TEXT if r.demo else "Real public data" if r.verdict != claims.NOT_TESTABLE else "",
        }
        for r in results
    ]
)
ui.table_with_download(table, "the claims and their verdicts", "force-claims", demo=False, view=view)
