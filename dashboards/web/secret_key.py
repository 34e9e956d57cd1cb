"""The key that signs login and form cookies, derived from the install's one secret key.

The install's key (``SCHOOLWATCH_SECRET_KEY``, else the key file beside the
warehouse: see :mod:`schoolwatch.privacy.keys`) is not used directly: the
dashboard derives its own signing key from it, so a cookie signature reveals
nothing usable for pseudonyms and the reverse. The dashboard refuses to start
when the key file can be read by other users of the computer.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from schoolwatch.privacy import keys

ENV_SECRET_KEY = keys.ENV_SECRET_KEY
PURPOSE = "dashboard-cookies"


def load_secret_key(warehouse_path: Path, environ: Mapping[str, str] | None = None) -> bytes:
    """The dashboard's signing key (the install key, derived for this one use)."""
    install_key = keys.load_secret_key(warehouse_path, environ, refuse_shared_file=True)
    return keys.derive_key(install_key, PURPOSE)
