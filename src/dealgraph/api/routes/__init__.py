"""The JSON API, one module per resource, gathered under one router."""

from __future__ import annotations

from fastapi import APIRouter

from dealgraph.api.routes import ask, deals, documents, orgs, search

router = APIRouter()
router.include_router(documents.router)
router.include_router(orgs.router)
router.include_router(deals.router)
router.include_router(search.router)
router.include_router(ask.router)
