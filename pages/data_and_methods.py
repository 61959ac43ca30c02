"""Data and methods: where does each figure come from, how fresh is it, and can it be trusted?"""

import pandas as pd
import streamlit as st

from briefing import db, filters, ui
from briefing.config import REPO_DIR, load_events
from briefing.contracts import CONTRACTS

force, chosen = ui.page("Data and methods", "Where each figure comes from, how fresh it is, and how it is compared.")

manifest = db.manifest()
checks = db.validations()
st.caption(f"Manifest version {manifest.get('version')}, written {manifest.get('written_at', 'unknown')}.")

st.header("Extracts")
if manifest.get("problem"):
    problem = filters.literal(f"manifest.json {manifest['problem']}")
    st.error(f"{problem}. No extract can be used until it is put right.", icon=":material/error:")
for name, result in checks.items():
    if not result.ok:
        problems = filters.literal("; ".join(result.problems))
        st.error(f"{filters.literal(name)} failed validation and is not used: {problems}", icon=":material/error:")
rows = []
for name, entry in manifest["extracts"].items():
    contract = CONTRACTS.get(name)
    rows.append({
        "extract": name,
        "what": contract.title if contract else "",
        "demonstration data": "Yes" if entry.get("demo") else "No",
        "validation": "passed" if checks[name].ok else "FAILED: " + "; ".join(checks[name].problems),
        "period": f"{entry.get('period_from') or ''} to {entry.get('data_through') or ''}".strip(" to"),
        "rows": entry.get("rows"),
        "source": entry.get("source"),
        "licence": entry.get("licence"),
    })
ui.table_with_download(pd.DataFrame(rows), "extract list", "extracts", demo=False)

st.header("Contracts and calibration")
st.write("What each extract must hold. A force analyst supplies a Parquet file with exactly these columns.")
for name, contract in CONTRACTS.items():
    entry = manifest["extracts"].get(name, {})
    label = f"{contract.title} (`{name}`)" + (f" · {ui.DEMO_TEXT}" if entry.get("demo") else "")
    with st.expander(label):
        st.write(f"Grain: {contract.grain}.")
        st.dataframe(pd.DataFrame([c.__dict__ for c in contract.columns]), hide_index=True)
        if entry.get("notes"):
            st.caption(entry["notes"])
        if entry.get("calibration"):
            st.write("Calibrated to:")
            st.dataframe(pd.DataFrame(entry["calibration"]), hide_index=True,
                         column_config={"url": st.column_config.LinkColumn("url")})

st.header("How figures are compared")
st.markdown((REPO_DIR / "briefing" / "methods.md").read_text(encoding="utf-8"))

st.header("Published figures")
st.write("Public figures shipped with the app, drawn as reference points where a page speaks to them.")
published = ui.load("data_and_methods/published_figures")
if published is not None:
    st.dataframe(published, hide_index=True, column_config={"url": st.column_config.LinkColumn("url")})

st.header("Events")
st.dataframe(load_events(), hide_index=True, column_config={"source_url": st.column_config.LinkColumn("source")})
