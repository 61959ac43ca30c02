"""The Streamlit app's building blocks (the only package that imports Streamlit): page shell and
widgets (`ui`), the sidebar filters, the sign-in gate, a concern area's page, its sections, the pack's
download buttons, and serving several processes."""
