"""Briefing: what is against what was, for each area HMICFRS named a cause of concern."""

# Lowest first. A module may import its own layer and those before it, never one after.
LAYERS = (
    "briefing.config",
    "briefing.protect",  # the small-number rule: frames in, frames out
    "briefing.view",  # View, Window and the URL's filters
    "briefing.store",  # contracts, extracts, validation, SQL files, the DuckDB connection
    "briefing.stats",  # the verdict engine, SPC, the peers model, calibration
    "briefing.present",  # words, tables, chart specs, tile texts
    "briefing.areas",  # what each page shows, without Streamlit
    "briefing.access",  # roles and the audit trail
    "briefing.pack",  # the briefing pack
    "briefing.app",  # Streamlit
    "briefing.refresh",  # the commands that write extracts
)
