"""The assets API under /api/v1/assets/: one router per sub-domain."""

from ninja import Router

from thanrak.assets.api.files import router as files_router
from thanrak.assets.api.forests import router as forests_router
from thanrak.assets.api.land import router as land_router
from thanrak.assets.api.machinery import router as machinery_router
from thanrak.assets.api.photos import router as photos_router
from thanrak.assets.api.sites import router as sites_router

router = Router()
# Files first: /forests/export must not be read as /forests/{forest_id}.
router.add_router("", files_router)
router.add_router("", forests_router)
router.add_router("", machinery_router)
router.add_router("", land_router)
router.add_router("", sites_router)
router.add_router("", photos_router)
