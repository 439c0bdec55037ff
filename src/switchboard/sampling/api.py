"""The JSON API for sampling: see docs/quality.md."""

from fastapi import APIRouter

from switchboard.web.api import API_PREFIX

router = APIRouter(prefix=API_PREFIX, tags=["sampling"])
