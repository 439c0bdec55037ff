"""The quality pages (docs/web.md, Quality): the scorecard builder, the evaluation form beside
the contact, "My evaluations" with acknowledge and dispute, the team's evaluations, the
disputes queue and the calibration sessions with their agreement statistics."""

from fastapi import APIRouter

from switchboard.web.quality import (
    calibration_pages,
    evaluation_pages,
    review_pages,
    scorecard_pages,
)

router = APIRouter(include_in_schema=False)
for part in (scorecard_pages, evaluation_pages, review_pages, calibration_pages):
    router.include_router(part.router)
