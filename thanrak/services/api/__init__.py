"""The services API under /api/v1/services/: one router per sub-domain."""

from ninja import Router

from thanrak.services.api.caseloads import router as caseloads_router
from thanrak.services.api.cases import router as cases_router
from thanrak.services.api.development import router as development_router
from thanrak.services.api.directory import router as directory_router
from thanrak.services.api.files import router as files_router
from thanrak.services.api.referrals import router as referrals_router

router = Router()
# The file operations first: /cases/import is not read as /cases/{case_id}.
router.add_router("", files_router)
router.add_router("", cases_router)
router.add_router("", referrals_router)
router.add_router("", directory_router)
router.add_router("", development_router)
router.add_router("", caseloads_router)
