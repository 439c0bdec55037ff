"""The JSON data API under ``/api/v1``: queues, teams, people, interactions, agent states and KPI
reports.

Every query for people data is scoped in :mod:`.repository` through the access policy's
``agent_filter``; routes only load the viewer (once, through :data:`.viewer.CurrentViewer`) and
pass it down, so no route can forget the scope or apply it differently from another.
"""

from fastapi import APIRouter

from switchboard.web.data_api import activity, kpis, roster

router = APIRouter()
router.include_router(roster.router)
router.include_router(activity.router)
router.include_router(kpis.router)
