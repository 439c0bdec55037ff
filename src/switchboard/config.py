"""One settings object for the whole application (environment prefix ``SWITCHBOARD_``)."""

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
