"""Routes that only ``create_app(settings, testing=True)`` adds: they fail on purpose, after
writing, to prove that a crash answers a generic 500 and rolls the request's work back."""

from fastapi import APIRouter

from switchboard.audit import service as audit_service
from switchboard.audit.models import AuditAction
from switchboard.web.identity import ApiUser, DbSession

# What a careless handler would leak: exception text that holds SQL.
FORCED_ERROR_TEXT = "forced failure in SELECT password_hash FROM user_credentials"
router = APIRouter(include_in_schema=False)


@router.get("/testing/error")
@router.get("/api/v1/testing/error")
def fail_after_writing(db: DbSession) -> None:
    audit_service.record(db, actor_user_id=None, action=AuditAction.EXPORT, details={"rows": 0})
    db.flush()
    raise RuntimeError(FORCED_ERROR_TEXT)


@router.post("/api/v1/testing/echo")
def echo(user: ApiUser) -> dict[str, int]:
    """A state-changing API call that changes nothing: for the CSRF-header tests."""
    return {"user_id": user.id}
