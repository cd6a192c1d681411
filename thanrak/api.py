"""The JSON API under /api/v1/: one NinjaAPI that mounts each app's router.

Authentication is a personal access token (Authorization: Bearer thr_…) or the browser session.
Every operation declares its resource with `thanrak.apikit.access`, the same rules as the pages.
"""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI
from ninja.errors import ValidationError

from thanrak.accounts.apiauth import SessionAuth, TokenAuth
from thanrak.apikit import error_response
from thanrak.core.errors import DomainError

api = NinjaAPI(
    title="Thanrak API",
    version="1",
    description="Registry, geography, community finance, commerce, household survey and monitoring of "
    "Thailand's grassroots economy.",
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Ninja's input errors in the same shape as every other error: a sentence plus each field."""
    errors = []
    for e in exc.errors:
        loc = [str(part) for part in e.get("loc", ()) if part not in ("body", "query", "path", "payload")]
        errors.append({"field": ".".join(loc), "message": str(e.get("msg", "invalid"))})
    first = errors[0] if errors else {"field": "", "message": "invalid input"}
    return error_response(
        api,
        request,
        422,
        f"{first['field']}: {first['message']}",
        field=first["field"] or None,
        errors=errors,
    )


@api.exception_handler(MultiPartParserError)
def unreadable_upload(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    """A multipart body Django cannot split (no boundary, a broken part) is the sender's error."""
    return error_response(
        api, request, 400, "The upload cannot be read: send multipart/form-data with its boundary."
    )


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return error_response(api, request, 422, str(exc), field=exc.field, code=exc.code)


@api.exception_handler(PermissionError)
def permission_error(request: HttpRequest, exc: PermissionError) -> HttpResponse:
    return error_response(api, request, 403, "forbidden")


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error_response(api, request, 403, "forbidden")


@api.exception_handler(ObjectDoesNotExist)
def not_found(request: HttpRequest, exc: ObjectDoesNotExist) -> HttpResponse:
    return error_response(api, request, 404, "not found")


def _mount() -> None:
    from thanrak.accounts.api import router as accounts_router
    from thanrak.assets.api import router as assets_router
    from thanrak.commerce.api import router as commerce_router
    from thanrak.finance.api import router as finance_router
    from thanrak.geo.api import router as geo_router
    from thanrak.learning.api import router as learning_router
    from thanrak.markets.api import router as markets_router
    from thanrak.monitoring.api import router as monitoring_router
    from thanrak.notify.api import router as notify_router
    from thanrak.registry.api import router as registry_router
    from thanrak.services.api import router as services_router
    from thanrak.survey.api import router as survey_router

    api.add_router("/accounts", accounts_router)
    api.add_router("/geo", geo_router)
    api.add_router("/registry", registry_router)
    api.add_router("/finance", finance_router)
    api.add_router("/commerce", commerce_router)
    api.add_router("/survey", survey_router)
    api.add_router("/monitoring", monitoring_router)
    api.add_router("/services", services_router)
    api.add_router("/assets", assets_router)
    api.add_router("/notify", notify_router)
    api.add_router("/learning", learning_router)
    api.add_router("/markets", markets_router)


_mount()
