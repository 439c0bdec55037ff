"""The further sites a user oversees, beyond their home site."""

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from switchboard.db.base import Base


class UserSite(Base):
    """A site a user oversees besides ``users.site_id``: an operations manager may run several.

    A row here widens what a manager sees (``Reach.SITES``), so adding one is a change to people
    data and is audited like one.
    """

    __tablename__ = "user_sites"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    site_id: Mapped[int] = mapped_column(
        ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True
    )
