"""One settings object for the whole application (environment prefix ``SWITCHBOARD_``)."""

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///./switchboard.db"
DEFAULT_PSEUDONYM_SECRET = "switchboard-development-secret"  # public: for demos and tests only


class Settings(BaseSettings):
    """Runtime settings. Tests build one explicitly instead of changing ``os.environ``."""

    model_config = SettingsConfigDict(env_prefix="SWITCHBOARD_", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    """SQLAlchemy URL of the store; PostgreSQL URLs use psycopg 3."""

    timezone: str = "Europe/London"
    """The centre's timezone: reports show local time, and naive source times are read in it."""

    pseudonym_secret: str = DEFAULT_PSEUDONYM_SECRET
    """Key for the keyed hash that turns customer identifiers into pseudonymous keys.
    Set a long random value in production and keep it out of the database."""

    kpi_abandon_treatment: str = "against"
    """How abandons enter service level: ``exclude`` (Asterisk SL), ``against`` (Genesys
    default) or ``in_favour`` (Asterisk SL2, abandons within T count as met)."""

    kpi_short_abandon_seconds: float = 5
    """Abandons after this wait or less are short: offered, but not abandoned. 0 turns it off."""

    kpi_fcr_window_seconds: float = 604800
    """A repeat contact within this many seconds (default 7 days) means the first was not resolved."""

    kpi_csat_top_boxes: int = 2
    """CSAT counts a response as satisfied in the top this-many boxes of its scale."""

    business_hours: str = "mon-fri 08:00-20:00; sat 09:00-17:00"
    """Opening hours in local time, for reports limited to them (``--business-hours``)."""

    web_threads: int = Field(default=2, ge=1, le=256)
    """Threads per web server process that run requests' work on the store. A few are enough:
    Python runs one at a time, and more only fight over the interpreter lock (on SQLite, 40
    threads answered about half the API calls a second that 2 to 6 did)."""
