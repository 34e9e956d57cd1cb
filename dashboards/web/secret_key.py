"""The key that signs login and form cookies.

It comes from ``SCHOOLWATCH_SECRET_KEY``. If that is unset, a random key is
generated once and kept beside the warehouse in ``.schoolwatch-secret`` with
permissions 0600, so logins survive a restart on the same install.
"""

from __future__ import annotations

import logging
import os
import secrets
import stat
from pathlib import Path

from schoolwatch.errors import SchoolwatchError

ENV_SECRET_KEY = "SCHOOLWATCH_SECRET_KEY"  # noqa: S105 - a variable name
SECRET_FILE_NAME = ".schoolwatch-secret"  # noqa: S105 - a file name
MIN_SECRET_LENGTH = 32
log = logging.getLogger(__name__)


def load_secret_key(warehouse_path: Path, environ: dict[str, str] | None = None) -> bytes:
    """The signing key: from the environment, else from (or newly written to) the secret file."""
    env = os.environ if environ is None else environ
    from_env = env.get(ENV_SECRET_KEY, "")
    if from_env:
        if len(from_env) < MIN_SECRET_LENGTH:
            raise SchoolwatchError(
                f"{ENV_SECRET_KEY} is too short ({len(from_env)} characters). Use at least "
                f"{MIN_SECRET_LENGTH} random characters, for example the output of "
                "`python -c \"import secrets; print(secrets.token_urlsafe(48))\"`.")
        return from_env.encode("utf-8")
    path = warehouse_path.parent / SECRET_FILE_NAME
    if path.exists():
        mode = path.stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise SchoolwatchError(
                f"{path} can be read by other users of this computer. Run `chmod 600 {path}` "
                f"(or set {ENV_SECRET_KEY}) and start again.")
        return path.read_text(encoding="utf-8").strip().encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first: use theirs
        return path.read_text(encoding="utf-8").strip().encode("utf-8")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    log.warning("%s is not set: generated a signing key in %s (readable only by you).",
                ENV_SECRET_KEY, path)
    return key.encode("utf-8")
