"""The JSON API for improvements: see docs/performance-management.md."""

from fastapi import APIRouter

from switchboard.web.api import API_PREFIX

router = APIRouter(prefix=API_PREFIX, tags=["improvements"])
