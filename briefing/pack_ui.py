"""The "Download briefing pack" buttons, drawn in the sidebar of any page."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from briefing import db
from briefing.areas import AREAS
from briefing.config import Force
from briefing.filters import Filters

FORMATS = {
    "pptx": ("PowerPoint", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "pdf": ("PDF", "application/pdf"),
}


def file_name(filters: Filters, force: Force, suffix: str) -> str:
    """e.g. briefing-pack-WMP-force-wide-2023-04-to-2025-03-DEMONSTRATION.pptx"""
    where = "force-wide" if filters.force_wide else "-".join(force.lpa_name(c) for c in filters.lpas)
    last = (pd.Timestamp(filters.is_.end) - pd.offsets.MonthBegin(1)).date()
    demo = "-DEMONSTRATION" if any(db.is_demo(n) for area in AREAS for n in area.extracts) else ""
    return f"briefing-pack-{force.short_name}-{where}-{filters.is_.start:%Y-%m}-to-{last:%Y-%m}{demo}.{suffix}"


def _build(suffix: str, filters: Filters, force: Force) -> bytes:
    # Imported on click: the PowerPoint and PDF libraries take over a second to import.
    from briefing import export

    return export.build_pptx(filters, force) if suffix == "pptx" else export.build_pdf(filters, force)


def download_buttons(filters: Filters, force: Force) -> None:
    """Two sidebar buttons that build the pack for the current filters when clicked (not on every run)."""
    st.sidebar.divider()
    st.sidebar.subheader("Download briefing pack")
    st.sidebar.caption("A summary, then each concern area's tiles and chart, for the filters above; takes a few "
                       "seconds to build.")
    for suffix, (label, mime) in FORMATS.items():
        st.sidebar.download_button(
            f"Briefing pack ({label})",
            data=lambda suffix=suffix: _build(suffix, filters, force),
            file_name=file_name(filters, force, suffix),
            mime=mime,
            icon=":material/slideshow:" if suffix == "pptx" else ":material/picture_as_pdf:",
            on_click="ignore",
            key=f"briefing_pack_{suffix}",
        )
