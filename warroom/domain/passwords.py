"""Password hashing with Argon2id at OWASP's recommended minimum (m=19 MiB, t=2, p=1)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from warroom.errors import BadInput

_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
MIN_LENGTH = 4   # short demo passwords are allowed; a policy setting can raise it


def hash_password(password: str) -> str:
    check_new_password(password)
    return _HASHER.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_new_password(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise BadInput(f"password too short: at least {MIN_LENGTH} characters")
    if password != password.strip() or any(ord(c) < 32 for c in password):
        raise BadInput("password must not start or end with spaces or contain control characters")
