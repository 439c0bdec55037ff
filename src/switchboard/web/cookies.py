"""The two cookies the web app sets, and their attributes in one place.

Both are HttpOnly (no script reads them) and SameSite=Lax (no other site's form or script sends
them on a POST), and Secure when the request came over https, so they never travel in clear.
"""

from fastapi import Request, Response

SESSION_COOKIE = "switchboard_session"
SIGN_IN_CSRF_COOKIE = "switchboard_sign_in_csrf"
SIGN_IN_PATH = "/sign-in"


def is_https(request: Request) -> bool:
    """uvicorn rewrites the scheme from X-Forwarded-Proto for trusted proxies (--proxy-headers)."""
    return request.url.scheme == "https"


def set_session_cookie(response: Response, request: Request, token: str) -> None:
    # No max-age: the browser forgets it when closed; the server ends the session anyway after
    # 15 minutes idle or 12 hours in all.
    response.set_cookie(
        SESSION_COOKIE, token, httponly=True, samesite="lax", secure=is_https(request), path="/"
    )


def clear_session_cookie(response: Response, request: Request) -> None:
    response.delete_cookie(
        SESSION_COOKIE, httponly=True, samesite="lax", secure=is_https(request), path="/"
    )


def set_sign_in_csrf_cookie(response: Response, request: Request, token: str) -> None:
    response.set_cookie(
        SIGN_IN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=is_https(request),
        path=SIGN_IN_PATH,
    )
