"""Shared Streamlit widgets: the only part of send_core that imports streamlit."""
