"""The floor for bench/bench_felt.py: a one-widget Streamlit app, timed in the same run as Briefing."""

import streamlit as st

choice = st.selectbox("Pick one", ["first", "second", "third"])
st.metric("Chosen", choice)
