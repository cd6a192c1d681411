"""The assets API under /api/v1/assets/: one router per sub-domain."""

from ninja import Router

from thanrak.assets.api.forests import router as forests_router
from thanrak.assets.api.land import router as land_router
from thanrak.assets.api.machinery import router as machinery_router
from thanrak.assets.api.sites import router as sites_router

router = Router()
router.add_router("", forests_router)
router.add_router("", machinery_router)
router.add_router("", land_router)
router.add_router("", sites_router)
