"""Prefect flows: the nightly pipeline and its schedule."""
