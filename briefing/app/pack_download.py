"""The "Download briefing pack" buttons, drawn in the sidebar of any page."""

from __future__ import annotations

from functools import partial

import streamlit as st

from briefing.app import gate
from briefing.areas.declarations import AREAS
from briefing.store import db
from briefing.view import View

FORMATS = {
    "pptx": ("PowerPoint", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "pdf": ("PDF", "application/pdf"),
}


def file_name(view: View, suffix: str) -> str:
    """e.g. briefing-pack-WMP-force-wide-2023-04-to-2025-03-DEMONSTRATION.pptx"""
    force = view.force
    where = "force-wide" if view.force_wide else "-".join(force.lpa_name(c) for c in view.lpas)
    last = view.is_.last
    demo = "-DEMONSTRATION" if db.is_demo(*(n for area in AREAS for n in area.extracts)) else ""
    return f"briefing-pack-{force.short_name}-{where}-{view.is_.start:%Y-%m}-to-{last:%Y-%m}{demo}.{suffix}"


def _build(suffix: str, view: View) -> bytes:
    # Imported on click: the PowerPoint and PDF libraries take over a second to import.
    from briefing.pack import pdf, powerpoint

    return powerpoint.build_pptx(view) if suffix == "pptx" else pdf.build_pdf(view)


def download_buttons(view: View) -> None:
    """Two sidebar buttons that build the pack for the current filters when clicked (not on every run)."""
    st.sidebar.divider()
    st.sidebar.subheader("Download briefing pack")
    if not gate.current().download_pack:
        st.sidebar.caption("Your role does not include downloading the pack.")
        return
    st.sidebar.caption(
        "A summary, then each concern area's tiles and chart, for the filters above; takes a few seconds to build."
    )
    for suffix, (label, mime) in FORMATS.items():
        name = file_name(view, suffix)
        st.sidebar.download_button(
            f"Briefing pack ({label})",
            data=gate.audited_download(name, partial(_build, suffix, view)),
            file_name=name,
            mime=mime,
            icon=":material/slideshow:" if suffix == "pptx" else ":material/picture_as_pdf:",
            on_click="ignore",
            key=f"briefing_pack_{suffix}",
        )
