"""API bearer tokens: shown once, stored only as a digest, revocable."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from switchboard.audit.models import AuditEntry
from switchboard.auth import service
from switchboard.auth.models import ApiToken
from switchboard.auth.service import SignedIn
from switchboard.db.registry import metadata
from switchboard.people.models import User
from tests.auth.conftest import CHEAP, PASSWORD, T0


def everything_stored(db: Session) -> str:
    return repr([list(db.execute(select(table)).all()) for table in metadata.sorted_tables])


def test_a_token_authenticates_its_user(db: Session, alice: User) -> None:
    made = service.create_api_token(session=db, user=alice, name="reporting script", now=T0)
    db.commit()
    assert made.token.startswith("sb_")
    assert made.api_token.prefix == made.token[:11]
    assert service.authenticate_token(session=db, token=made.token, now=T0) == alice
    assert service.authenticate_token(session=db, token=made.token + "x", now=T0) is None


def test_no_secret_appears_anywhere_in_the_database(db: Session, alice: User) -> None:
    made = service.create_api_token(session=db, user=alice, name="script", now=T0)
    signed_in = service.sign_in(
        session=db, username="alice", password=PASSWORD, now=T0, hasher=CHEAP
    )
    assert isinstance(signed_in, SignedIn)
    db.commit()
    stored = everything_stored(db)
    assert made.api_token.prefix in stored  # the check can see what is there
    for secret in (
        made.token,
        made.token[len(made.api_token.prefix) :],
        signed_in.session_token,
        PASSWORD,
    ):
        assert secret not in stored


def test_revoking_ends_every_token_of_the_user_and_no_one_elses(db: Session, alice: User) -> None:
    bob = service.create_user(
        session=db, username="bob", display_name="Bob", role=alice.role,
        password="another long password", hasher=CHEAP,
    )  # fmt: skip
    alices = [service.create_api_token(session=db, user=alice, name=f"t{n}") for n in range(2)]
    bobs = service.create_api_token(session=db, user=bob, name="t")
    db.commit()
    revoked = service.revoke_tokens(session=db, user=alice, now=T0)
    db.commit()
    assert revoked == sorted(made.api_token.id for made in alices)
    for made in alices:
        assert service.authenticate_token(session=db, token=made.token) is None
    assert service.authenticate_token(session=db, token=bobs.token) == bob
    assert service.revoke_tokens(session=db, user=alice) == []  # nothing left to revoke


def test_using_a_token_records_when(db: Session, alice: User) -> None:
    made = service.create_api_token(session=db, user=alice, name="script", now=T0)
    service.authenticate_token(session=db, token=made.token, now=T0)
    db.commit()
    assert db.get_one(ApiToken, made.api_token.id).last_used_at == T0


def test_an_inactive_users_token_is_refused(db: Session, alice: User) -> None:
    made = service.create_api_token(session=db, user=alice, name="script")
    alice.active = False
    db.commit()
    assert service.authenticate_token(session=db, token=made.token) is None


def test_account_changes_are_audited_by_id(db: Session, alice: User) -> None:
    service.set_password(
        session=db, user=alice, password="another long secret", actor_user_id=alice.id, hasher=CHEAP
    )
    service.create_api_token(session=db, user=alice, name="script")
    service.revoke_tokens(session=db, user=alice)
    db.commit()
    entries = db.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.action, e.object_type, e.object_id) for e in entries] == [
        ("people_change", "user", str(alice.id)),
        ("password_changed", "user", str(alice.id)),
        ("token_created", "user", str(alice.id)),
        ("token_revoked", "user", str(alice.id)),
    ]
    assert entries[0].details == {"change": "user_created", "role": "agent"}
    assert entries[1].actor_user_id == alice.id
    assert entries[3].details == {"tokens": 1}
