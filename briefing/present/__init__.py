"""Figures in words, tables and charts for people: wording, tables and CSVs, Vega-Lite chart specs, tile
texts and safe Markdown. No Streamlit."""
