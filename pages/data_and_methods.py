"""Data and methods: where does each figure come from, how fresh is it, and can it be trusted?"""

import json
from datetime import date

import pandas as pd
import streamlit as st

from briefing import protect
from briefing.access import audit
from briefing.app import gate, ui
from briefing.areas import area_data
from briefing.areas.declarations import AREAS
from briefing.config import DEMO_TEXT, REPO_DIR, load_events
from briefing.present import wording
from briefing.present.markdown import literal
from briefing.refresh.demo.shapes import SHAPES
from briefing.stats import calibration, peers
from briefing.store import db
from briefing.store.contracts import CONTRACTS

view = ui.page("Data and methods", "Where each figure comes from, how fresh it is, and how it is compared.")
force = view.force

manifest = db.manifest()
checks = db.validations()
st.caption(f"Manifest version {manifest.get('version')}, written {manifest.get('written_at', 'unknown')}.")

st.header("Extracts")
if manifest.get("problem"):
    problem = literal(f"manifest.json {manifest['problem']}")
    st.error(f"{problem}. No extract can be used until it is put right.", icon=":material/error:")
for name, result in checks.items():
    if not result.ok:
        problems = literal("; ".join(result.problems))
        st.error(f"{literal(name)} failed validation and is not used: {problems}", icon=":material/error:")
rows = []
for name, entry in manifest["extracts"].items():
    contract = CONTRACTS.get(name)
    rows.append(
        {
            "extract": name,
            "what": contract.title if contract else "",
            "demonstration data": "Yes" if entry.get("demo") else "No",
            "validation": "passed" if checks[name].ok else "FAILED: " + "; ".join(checks[name].problems),
            "period": f"{entry.get('period_from') or ''} to {entry.get('data_through') or ''}".strip(" to"),
            "rows": entry.get("rows"),
            "source": entry.get("source"),
            "licence": entry.get("licence"),
        }
    )
ui.table_with_download(pd.DataFrame(rows), "extract list", "extracts", False, view)


def contracts() -> None:
    st.write("What each extract must hold. A force analyst supplies a Parquet file with exactly these columns.")
    for name, contract in CONTRACTS.items():
        entry = manifest["extracts"].get(name, {})
        label = f"{contract.title} (`{name}`)" + (f" · {DEMO_TEXT}" if entry.get("demo") else "")
        with st.expander(label):
            st.write(f"Grain: {contract.grain}.")
            st.dataframe(pd.DataFrame([c.__dict__ for c in contract.columns]), hide_index=True)
            if entry.get("notes"):
                st.caption(entry["notes"])
            if entry.get("calibration"):
                st.write("Calibrated to:")
                st.dataframe(
                    pd.DataFrame(entry["calibration"]),
                    hide_index=True,
                    column_config={"url": st.column_config.LinkColumn("url")},
                )


def comparisons() -> None:
    methods = (REPO_DIR / "briefing" / "methods.md").read_text(encoding="utf-8")
    st.markdown(
        methods.replace("{model_change}", force.model_change_text).replace("{lpa_count}", force.lpa_count_words)
    )
    st.subheader("How often the answers are right (simulation)")
    st.write(
        'Each row: a kind of series, how often the question answered "changed" (with nothing changed, a '
        "false answer; with a real change, a find) and the target it is held to."
    )
    ui.table_with_download(calibration_table(), "calibration of the verdicts", "calibration", False, view)
    st.subheader("Demonstration data: the shape each series was given")
    st.write(
        f"{DEMO_TEXT}. Each generator states the shape it gives each series and the answers it should "
        "read force-wide since the model change; a test checks the tiles read them so."
    )
    ui.table_with_download(
        pd.DataFrame(
            [
                {
                    "measure": m.label,
                    "shape": SHAPES[m.key].statement,
                    "compared with before": SHAPES[m.key].compared_with_before,
                    "against the earlier trend": " or ".join(SHAPES[m.key].against_the_earlier_trend),
                }
                for area in AREAS
                for m in area.measures
                if m.key in SHAPES
            ]
        ),
        "demonstration shapes",
        "demonstration-shapes",
        True,
        view,
    )

    st.markdown("### Against the peers: is it the force's own change?")
    st.markdown(
        peers.METHOD_SENTENCE + " Crime and peers (recorded crime) and the crime outcomes part of "
        "Investigations use this one model."
    )
    st.caption(
        "Its calibration, computed by the code that fits it (`peers.calibration`, seeded; also in the tests): "
        "share of simulated series called a change."
    )
    st.dataframe(peers.calibration_table(), hide_index=True)


def calibration_table() -> pd.DataFrame:
    table = pd.read_csv(calibration.TABLE)
    return pd.DataFrame(
        {
            "question": table["question"].map({"Q1": "Compared with before", "Q2": "Against the earlier trend"}),
            "series": table["case"],
            "answer counted": table["kind"],
            "target": [
                ("at most " if kind == "false answer" else "at least ") + f"{t:.0%}"
                for kind, t in zip(table["kind"], table["target"])
            ],
            "rate": table["rate"].map("{:.1%}".format),
            "simulated series": table["series"],
        }
    )


def small_numbers() -> None:
    st.markdown(protect.explanation(force.suppression_threshold))
    st.markdown((REPO_DIR / "briefing" / "methods_protection.md").read_text(encoding="utf-8"))


def measures() -> None:
    st.write("What each measure on the concern pages counts, and where it is shown.")
    st.markdown((REPO_DIR / "briefing" / "methods_measures.md").read_text(encoding="utf-8"))
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "area": area.title,
                    "measure": m.label,
                    "compared as": m.unit,
                    "better when": m.polarity.replace("_", " "),
                    "primary": "Yes" if m == area.primary else "",
                }
                for area in AREAS
                for m in area.measures
            ]
        ),
        hide_index=True,
    )

    st.subheader("Placebo: the same test a year before the change")
    st.write(
        f"Each area's measures, force-wide, with the break moved 12 months before the model change "
        f"({force.model_change:%d %B %Y}) and only the months before the change used. No change of model "
        "happened then, so against the earlier trend each should read in line or can't tell yet; a measure "
        "that moves here moves that much without any change of model, and its tiles say so."
    )
    placebos = area_data.placebos(db.version())
    for area in AREAS:
        rows = [
            {
                "measure": m.label,
                "placebo what is": p.used_is,
                "against the earlier trend": wording.format_amount(p.effect, m) if p.effect is not None else "n/a",
                "95% interval": wording.format_interval(p.low, p.high, m),
                "verdict": p.model_verdict,
            }
            for m in area.measures
            if (p := placebos.get(m.key)) is not None
        ]
        if rows:
            st.markdown(f"**{area.title}**")
            st.dataframe(pd.DataFrame(rows), hide_index=True)


def published_figures_and_events() -> None:
    st.write("Public figures shipped with the app, drawn as reference points where a page speaks to them.")
    published = ui.load("data_and_methods/published_figures", view)
    if published is not None:
        st.dataframe(published, hide_index=True, column_config={"url": st.column_config.LinkColumn("url")})
    st.subheader("Events")
    st.dataframe(load_events(), hide_index=True, column_config={"source_url": st.column_config.LinkColumn("source")})


# When the app was last tested for accessibility, and with which axe-core (tests/axe/package.json; a test
# checks they agree). Update both when the accessibility tests are run for a release.
ACCESSIBILITY_TESTED = date(2026, 12, 6)
AXE_VERSION = "4.14.1"


def accessibility_statement() -> None:
    statement = (REPO_DIR / "briefing" / "methods_accessibility.md").read_text(encoding="utf-8")
    tested = f"{ACCESSIBILITY_TESTED:%-d %B %Y}"
    st.markdown(
        statement.replace("{force}", force.name)
        .replace("{prepared}", tested)
        .replace("{tested}", tested)
        .replace("{axe_version}", AXE_VERSION)
    )


def audit_trail() -> None:
    settings = gate.audit_settings()
    st.write(
        f"The newest page views, filter changes, downloads and sign-outs, newest first (kept in `{settings.folder}`)."
    )
    trail = pd.DataFrame(
        audit.latest(settings), columns=["time", "person", "role", "event", "page", "filters", "download"]
    )
    st.dataframe(trail.assign(filters=trail["filters"].map(json.dumps)), hide_index=True)


# The reference material, one part at a time: most of this page is the same for every view.
ui.parts(
    "methods_part",
    (
        ("How figures are compared", comparisons),
        ("Contracts and calibration", contracts),
        ("Small numbers", small_numbers),
        ("Measures", measures),
        ("Published figures and events", published_figures_and_events),
        ("Accessibility statement", accessibility_statement),
        *((("Audit trail", audit_trail),) if gate.current().reads_audit else ()),
    ),
)
