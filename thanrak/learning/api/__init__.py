"""The learning JSON API under /api/v1/learning: courses, batches and sessions; enrolments and the
waiting list; attendance and QR check-ins synced at once; scores, certificates and their public
verification; follow-up. One Router per sub-domain, operationIds thanrak_learning_api_<name>."""

from ninja import Router

from thanrak.learning.api import attendance, certificates, courses, enrolments

router = Router()
for _part in (courses, enrolments, attendance, certificates):
    router.add_router("", _part.router)

__all__ = ["router"]
