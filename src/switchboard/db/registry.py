"""Import every feature's models so that ``Base.metadata`` describes the whole schema."""

from switchboard.access import models as access_models
from switchboard.audit import models as audit_models
from switchboard.auth import models as auth_models
from switchboard.customers import models as customers_models
from switchboard.db.base import Base
from switchboard.ingest import models as ingest_models
from switchboard.interactions import models as interactions_models
from switchboard.kpis import models as kpis_models
from switchboard.people import models as people_models
from switchboard.surveys import models as surveys_models

MODEL_MODULES = (
    people_models,
    customers_models,
    ingest_models,
    interactions_models,
    surveys_models,
    kpis_models,
    audit_models,
    auth_models,
    access_models,
)
metadata = Base.metadata
