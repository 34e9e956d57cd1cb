"""Data protection helpers: the install's secret key, pseudonyms, pupil-name hashes,
subject access and erasure, and the nightly retention run.

Nothing here issues SQL: the warehouse modules (``warehouse.retention``,
``warehouse.subjects``, ``warehouse.holds``, ...) do that. See
docs/data-protection.md for what is kept, why and for how long.
"""
