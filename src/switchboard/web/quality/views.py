"""The quality pages (docs/web.md, Quality)."""

from fastapi import APIRouter

router = APIRouter()
