"""Import every feature's models so that ``Base.metadata`` describes the whole schema."""

from switchboard.access import models as access_models
from switchboard.actions import models as actions_models
from switchboard.audit import models as audit_models
from switchboard.auth import models as auth_models
from switchboard.calibration import models as calibration_models
from switchboard.coaching import models as coaching_models
from switchboard.customers import models as customers_models
from switchboard.db.base import Base
from switchboard.evaluations import models as evaluations_models
from switchboard.feedback import models as feedback_models
from switchboard.goals import models as goals_models
from switchboard.improvements import models as improvements_models
from switchboard.ingest import models as ingest_models
from switchboard.interactions import models as interactions_models
from switchboard.kpis import models as kpis_models
from switchboard.people import models as people_models
from switchboard.reflections import models as reflections_models
from switchboard.sampling import models as sampling_models
from switchboard.scorecards import models as scorecards_models
from switchboard.selfaudits import models as selfaudits_models
from switchboard.surveys import models as surveys_models
from switchboard.wellbeing import models as wellbeing_models

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
    selfaudits_models,
    goals_models,
    feedback_models,
    coaching_models,
    actions_models,
    improvements_models,
    reflections_models,
    wellbeing_models,
    scorecards_models,
    sampling_models,
    calibration_models,
    evaluations_models,
)
metadata = Base.metadata
