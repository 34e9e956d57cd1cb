"""The install's one secret key, from which every keyed use derives its own key.

Pseudonyms and pupil-name hashes (``keyed_hash``) and the dashboard's cookie
signatures (``dashboards.web.secret_key``) all start from this key, each
through :func:`derive_key` with its own purpose, so a value made for one use
is useless for another. The key comes from ``$SCHOOLWATCH_SECRET_KEY`` when
set; otherwise from a key file beside the warehouse (``data/schoolwatch.key``
for ``data/schoolwatch.duckdb``), created on first use with 0600
permissions. The key is never logged or written to the warehouse. Losing it
means pseudonyms can no longer be linked back to a handle for a subject
access request, so back it up with the warehouse.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
import warnings
from collections.abc import Mapping
from pathlib import Path

from schoolwatch.errors import SchoolwatchError

ENV_SECRET_KEY = "SCHOOLWATCH_SECRET_KEY"  # noqa: S105 - a variable name, not a key
MIN_KEY_LENGTH = 16  # refused below this
RECOMMENDED_KEY_LENGTH = 32  # warned below this: a key already in use must keep working


class SecretKeyError(SchoolwatchError):
    """The secret key is missing, too short or unreadable."""


def key_file_for(warehouse_path: Path) -> Path:
    """Where the per-install key file lives: beside the warehouse file."""
    return warehouse_path.with_suffix(".key")


def load_secret_key(warehouse_path: Path, environ: Mapping[str, str] | None = None, *,
                    refuse_shared_file: bool = False) -> bytes:
    """The secret key from the environment, else the key file (created if missing).

    A key file other users can read is a warning for the nightly jobs (they
    must not stop at 2 a.m. over a permission) and an error where
    ``refuse_shared_file`` is set (the dashboard, which signs logins with it).
    """
    env = os.environ if environ is None else environ
    from_env = env.get(ENV_SECRET_KEY, "")
    if from_env:
        if len(from_env) < MIN_KEY_LENGTH:
            raise SecretKeyError(
                f"{ENV_SECRET_KEY} is too short: use at least {MIN_KEY_LENGTH} random "
                "characters (for example the output of `python -c \"import secrets; "
                "print(secrets.token_hex(32))\"`)."
            )
        if len(from_env) < RECOMMENDED_KEY_LENGTH:
            warnings.warn(f"{ENV_SECRET_KEY} has {len(from_env)} characters; "
                          f"{RECOMMENDED_KEY_LENGTH} or more are recommended. Changing it "
                          "breaks the link between old pseudonyms and handles, so only "
                          "change it together with a fresh start.", stacklevel=2)
        return from_env.encode("utf-8")
    return _key_from_file(key_file_for(Path(warehouse_path)), refuse_shared_file)


def _key_from_file(path: Path, refuse_shared_file: bool) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: two processes starting at once must not write two different keys.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32) + "\n")
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise SecretKeyError(f"The key file {path} cannot be read: {exc}. Restore it from "
                             "your backup, or set " + ENV_SECRET_KEY + ".") from exc
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        if refuse_shared_file:
            raise SecretKeyError(
                f"The key file {path} can be read by other users of this computer. Run "
                f"`chmod 600 {path}` (or set {ENV_SECRET_KEY}) and start again.")
        warnings.warn(f"The key file {path} can be read by other users on this computer: "
                      f"restrict it with `chmod 600 {path}`.", stacklevel=3)
    if len(text) < MIN_KEY_LENGTH:
        raise SecretKeyError(f"The key file {path} is empty or damaged. Restore it from your "
                             "backup (pseudonyms made with the old key cannot be matched "
                             "otherwise).")
    return text.encode("ascii")


def derive_key(key: bytes, purpose: str) -> bytes:
    """A separate key per purpose, so a hash made for one use is useless for another."""
    return hmac.new(key, f"schoolwatch:{purpose}".encode(), hashlib.sha256).digest()


def keyed_hash(key: bytes, purpose: str, value: str) -> str:
    """Hex HMAC-SHA256 of ``value`` under the key derived for ``purpose``."""
    return hmac.new(derive_key(key, purpose), value.encode("utf-8", "surrogatepass"),
                    hashlib.sha256).hexdigest()
