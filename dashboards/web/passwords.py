"""Password hashing with scrypt, a deliberately slow, memory-hard key derivation function.

Stored form: ``scrypt$<n>$<r>$<p>$<salt b64>$<hash b64>``, so the cost can be
raised later while old hashes keep working.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

# n=2**15, r=8 uses 32 MiB and takes about 0.1 s per check here: cheap for one
# login, expensive for anyone guessing offline.
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
_MAXMEM = 64 * 1024 * 1024
MIN_PASSWORD_LENGTH = 10


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM,
                          dklen=32)


def hash_password(password: str) -> str:
    """A salted scrypt hash of the password, ready to store."""
    salt = secrets.token_bytes(16)
    digest = _derive(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return "$".join(["scrypt", str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P),
                     base64.b64encode(salt).decode(), base64.b64encode(digest).decode()])


def verify_password(password: str, stored: str | None) -> bool:
    """Whether the password matches the stored hash (constant-time comparison).

    With no stored hash (unknown user) a dummy hash is still computed, so the
    response time does not tell an attacker which usernames exist.
    """
    if not stored:
        _derive(password, b"0" * 16, SCRYPT_N, SCRYPT_R, SCRYPT_P)
        return False
    try:
        scheme, n, r, p, salt_b64, hash_b64 = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(hash_b64)
        actual = _derive(password, base64.b64decode(salt_b64), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(expected, actual)


def password_problem(password: str) -> str | None:
    """Why a new password is not acceptable, or None if it is."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"the password must be at least {MIN_PASSWORD_LENGTH} characters long."
    if password.strip() != password:
        return "the password must not start or end with spaces."
    return None
