"""CSRF tokens for forms and for cookie-authenticated API calls.

Signed in, a form carries the session's own CSRF secret (``CurrentSession.csrf_secret``): another
site can make the browser send the session cookie, but cannot read the page to learn the secret.
Before a session exists, the sign-in form uses a double-submit cookie: a random token both in an
HttpOnly cookie and in the form, which must match, so a foreign page cannot sign a victim in to
the attacker's account. Bearer-token API calls carry no cookie and need no CSRF token.
"""

import hmac
import secrets

FORM_FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def new_sign_in_token() -> str:
    return secrets.token_urlsafe(32)


def tokens_match(expected: str | None, given: str | None) -> bool:
    """Constant-time, so the comparison's timing leaks nothing; empty never matches."""
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode(), given.encode())
