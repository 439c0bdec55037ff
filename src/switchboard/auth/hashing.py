"""Password hashing with argon2id, and the random tokens behind sessions and API tokens.

Passwords get argon2id because they are low-entropy and must be slow to guess. Session and API
tokens are 256 random bits, which no amount of guessing finds, so a fast SHA-256 digest is enough
to keep them out of the database and lets a lookup use an index.
"""

import hashlib
import secrets
from functools import lru_cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from switchboard.auth.policy import normalise

# argon2id with OWASP's recommended profile (Password Storage Cheat Sheet): 19 MiB, 2 passes,
# 1 lane. argon2-cffi's default (RFC 9106's low-memory profile, 64 MiB, t=3, p=4) costs about
# 0.3 s of CPU per sign-in, so five people signing in at once on a two-core server wait over a
# second; this profile costs about 40 ms and OWASP rates it equal in strength to its 46 MiB, t=1
# alternative. A hash made with other parameters is rehashed at its user's next sign-in.
PASSWORD_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, type=Type.ID)

API_TOKEN_MARKER = "sb_"  # lets secret scanners and people recognise a leaked Switchboard token
PREFIX_LENGTH = 8


def hash_password(hasher: PasswordHasher, password: str) -> str:
    return hasher.hash(normalise(password))


def password_matches(hasher: PasswordHasher, password_hash: str, password: str) -> bool:
    try:
        return hasher.verify(password_hash, normalise(password))
    except (VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=8)
def _dummy_hash(hasher: PasswordHasher) -> str:
    return hasher.hash(secrets.token_urlsafe(16))


def spend_verification_time(hasher: PasswordHasher, password: str) -> None:
    """Verify against a throwaway hash, so an unknown username costs as long as a known one and
    the response time does not tell an attacker which usernames exist."""
    password_matches(hasher, _dummy_hash(hasher), password)


def new_token() -> str:
    """256 random bits, URL-safe: for a session cookie or a CSRF secret."""
    return secrets.token_urlsafe(32)


def new_api_token() -> str:
    return API_TOKEN_MARKER + secrets.token_urlsafe(32)


def display_prefix(api_token: str) -> str:
    return api_token[: len(API_TOKEN_MARKER) + PREFIX_LENGTH]


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
