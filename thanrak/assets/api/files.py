"""API of the registers' files: export (CSV, XLSX; shapes as GeoJSON or KML), import (CSV or XLSX, all or
nothing) and the empty template, for forests, โคก หนอง นา sites, land plots, housing units and equipment.
The same exports and imports as the pages: audit-logged, household data masked as there."""

from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from ninja import File, Status, UploadedFile
from pydantic import StringConstraints

from thanrak.apikit import ERRORS, AppRouter, Error, access
from thanrak.assets import actions, exports
from thanrak.assets.api import schemas as s

router = AppRouter("assets", tags=["assets: register files"])

Area = Annotated[str, StringConstraints(pattern=r"^(([0-9]{2}){1,4})?$")]
TableFormat = Literal["csv", "xlsx"]
AnyFormat = Literal["csv", "xlsx", "geojson", "kml"]
# register → (path, resource, formats it exports)
REGISTERS = {
    "forests": ("forests", "assets.forest", True),
    "sites": ("sites", "assets.site", True),
    "plots": ("plots", "assets.land", True),
    "housing": ("housing", "assets.land", False),
    "equipment": ("equipment", "assets.equipment", False),
}
FILE_RESPONSES = {
    "200": {
        "description": "The file; audit-logged. A household's shape and house code are withheld from who "
        "may not see the household.",
        "content": {
            exports.TYPES["csv"]: {"schema": {"type": "string"}},
            exports.TYPES["xlsx"]: {"schema": {"type": "string", "format": "binary"}},
            exports.TYPES["geojson"]: {"schema": {"type": "object"}},
            exports.TYPES["kml"]: {"schema": {"type": "string"}},
        },
    }
}


def _download(done: exports.Export) -> HttpResponse:
    response = HttpResponse(done.body, content_type=done.content_type)
    response["Content-Disposition"] = f'attachment; filename="{done.filename}"'
    return response


def _refused(exc: actions.ImportRefused) -> Status:
    """A 422 naming every row and column at fault, in the caller's language (Thai unless asked)."""
    lang = translation.get_language() or "th"
    errors = [
        {"field": f"row {i.row}: {i.column or ''}" if i.row else (i.column or ""), "message": i.text(lang)}
        for i in exc.issues
    ]
    return Status(
        422, Error(detail=str(exc.message), code=exc.code, field=errors[0]["field"] or None, errors=errors)
    )


def _export_operation(register: str, path: str, resource: str, shapes: bool) -> None:
    formats = AnyFormat if shapes else TableFormat  # the document lists only the formats this register has

    def operation(request: HttpRequest, format: formats = "csv", area: Area = "") -> Any:  # noqa: A002
        done = exports.EXPORTS[register](viewer=request.user, area=area, fmt=format, at=timezone.now())
        return _download(done)

    operation.__name__ = operation.__qualname__ = f"{register}_export"
    operation.__doc__ = "Columns as in the import, so the file can be imported again." + (
        " format=geojson or kml: the boundaries." if shapes else ""
    )
    router.get(
        f"/{path}/export",
        response=ERRORS,
        summary=f"Export the {register} register of an area",
        openapi_extra={"responses": FILE_RESPONSES},
    )(access(resource, "export")(operation))


def _import_operation(register: str, path: str, resource: str) -> None:
    def operation(request: HttpRequest, file: File[UploadedFile]) -> Status:
        try:
            saved = actions.register_import(
                register=register, source=file.read(), by=request.user, at=timezone.now()
            )
        except actions.ImportRefused as exc:
            return _refused(exc)
        return Status(201, s.ImportOut(saved=saved))

    operation.__name__ = operation.__qualname__ = f"{register}_import"
    operation.__doc__ = "CSV (UTF-8 or cp874) or XLSX, Thai or English headers; all or nothing: a 422 lists \
each row and column at fault."
    router.post(
        f"/{path}/import",
        response={201: s.ImportOut, **ERRORS},
        summary=f"Import the {register} register from a file",
    )(access(resource, "change")(operation))

    def template(request: HttpRequest, format: TableFormat = "xlsx") -> Any:  # noqa: A002
        return _download(exports.template(register=register, fmt=format))

    template.__name__ = template.__qualname__ = f"{register}_import_template"
    template.__doc__ = "The header row of the import file, required columns first."
    router.get(
        f"/{path}/import/template",
        response=ERRORS,
        summary=f"The empty {register} import file",
        openapi_extra={"responses": FILE_RESPONSES},
    )(access(resource, "change")(template))


for _register, (_path, _resource, _shapes) in REGISTERS.items():
    _export_operation(_register, _path, _resource, _shapes)
    _import_operation(_register, _path, _resource)
