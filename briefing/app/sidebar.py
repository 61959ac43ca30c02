"""The sidebar filters: LPA, comparison windows and trend window, seeded from the URL and written back
to it, so every view is a shareable link (the View they make, and its rules, are in `briefing.view`)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from briefing.config import Force
from briefing.view import CUSTOM, TREND_CHOICES, View, month_text, parse


def render(force: Force, earliest: date, latest: date, page: str) -> View:
    """Draw the sidebar filters for `page`, seeded from the URL, and keep the URL in step with them."""
    state = st.session_state
    url = {key: st.query_params.get_all(key) for key in st.query_params}
    if not url and "f_url" in state:
        # A page change that dropped the parameters: keep this session's filters.
        url = state["f_url"]
    from_url = parse(url, force, earliest, latest)
    month_options = [d.date() for d in pd.date_range(earliest, latest, freq="MS")]
    seeds = {
        "f_lpas": list(from_url.lpas),
        "f_cmp": from_url.preset,
        "f_is": (from_url.is_.start, from_url.is_.last),
        "f_was": (from_url.was.start, from_url.was.last),
        "f_trend": from_url.trend,
    }
    # Re-seed the widgets when the URL changed from outside (a link, the back button) or the page
    # changed: Streamlit does not carry a widget's state to the same widget on another page.
    changed_outside = state.get("f_url") != url
    if changed_outside or state.get("f_page") != page:
        for key, seed in seeds.items():
            state[key] = seed
        state["f_page"] = page
    if changed_outside:
        state["f_notes"] = from_url.notes

    sidebar = st.sidebar
    sidebar.header("Filters")
    sidebar.pills(
        "Local Policing Area",
        list(force.lpas),
        selection_mode="multi",
        key="f_lpas",
        format_func=force.lpa_name,
        help=f"Choose one or more; none chosen is force-wide (all {force.lpa_count_words} LPAs).",
    )
    preset_labels = {p.key: p.label for p in force.presets} | {CUSTOM: "Custom windows"}
    sidebar.selectbox("Compare", list(preset_labels), key="f_cmp", format_func=preset_labels.__getitem__)
    if state["f_cmp"] == CUSTOM:
        for key, label in (("f_was", "What was"), ("f_is", "What is")):
            # A two-value default makes the slider a range; without it Streamlit reads a moved
            # slider back as one month (the state seeded above still sets the value).
            sidebar.select_slider(
                label,
                options=month_options,
                key=key,
                value=(month_options[0], month_options[-1]),
                format_func=lambda d: f"{d:%b %Y}",
            )
    sidebar.selectbox("Trend charts show", list(TREND_CHOICES), key="f_trend", format_func=TREND_CHOICES.__getitem__)

    chosen: dict[str, list[str]] = {"lpa": list(state["f_lpas"]), "cmp": [state["f_cmp"]], "trend": [state["f_trend"]]}
    if state["f_cmp"] == CUSTOM:
        chosen |= {
            "was_from": [month_text(state["f_was"][0])],
            "was_to": [month_text(state["f_was"][1])],
            "is_from": [month_text(state["f_is"][0])],
            "is_to": [month_text(state["f_is"][1])],
        }
    view = parse(chosen, force, earliest, latest)
    canonical = {k: v if isinstance(v, list) else [v] for k, v in view.to_query().items()}
    if url != canonical:
        st.query_params.from_dict(view.to_query())
    state["f_url"] = canonical
    sidebar.caption(f"What was: {view.was.label()}  \nWhat is: {view.is_.label()}")
    return view


def url_notes() -> tuple[str, ...]:
    """What `render` ignored in the URL this session's filters came from (unknown keys, bad values)."""
    return tuple(st.session_state.get("f_notes", ()))
