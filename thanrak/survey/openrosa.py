"""OpenRosa endpoints for ODK Collect / KoboCollect: form list, form download, submissions.

Mounted under /openrosa/ (the access middleware lets this prefix through), so every view here
authenticates itself: HTTP Basic with the user's password or a personal API token (thr_…) as
the password. Configure Collect with the server URL https://HOST/openrosa/ and the username.
"""

import base64
import hashlib
from functools import lru_cache

from django.contrib.auth import authenticate
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt

from thanrak.accounts.models import User
from thanrak.accounts.roles import Role
from thanrak.core.access import user_may
from thanrak.core.errors import DomainError
from thanrak.survey import actions, queries, xlsform
from thanrak.survey.models import RoundStatus

MAX_SUBMISSION_BYTES = 10 * 1024 * 1024
REALM = "Thanrak ODK"


def _headers(response: HttpResponse) -> HttpResponse:
    response["X-OpenRosa-Version"] = "1.0"
    response["X-OpenRosa-Accept-Content-Length"] = str(MAX_SUBMISSION_BYTES)
    response["Date"] = http_date()
    return response


def _message(text: str, status: int) -> HttpResponse:
    from xml.sax.saxutils import escape

    body = (
        f'<OpenRosaResponse xmlns="http://openrosa.org/http/response"><message '
        f'nature="">{escape(text)}</message></OpenRosaResponse>'
    )
    return _headers(HttpResponse(body, status=status, content_type="text/xml; charset=utf-8"))


def _challenge(request: HttpRequest) -> HttpResponse:
    """Ask for a password; after too many wrong ones, say that the login is locked for a while (429)."""
    from django.conf import settings
    from django.utils.translation import gettext as _

    from thanrak.accounts.backends import login_is_locked

    if login_is_locked(request):
        minutes = settings.THANRAK_LOGIN_LOCKOUT_SECONDS // 60
        text = _("Too many wrong passwords: logging in is locked for %(minutes)s minutes. Try again later.")
        response = _message(text % {"minutes": minutes}, 429)
        response["Retry-After"] = str(settings.THANRAK_LOGIN_LOCKOUT_SECONDS)
        return response
    response = _message("Authentication required", 401)
    response["WWW-Authenticate"] = f'Basic realm="{REALM}", charset="UTF-8"'
    return response


def _user(request: HttpRequest) -> User | None:
    """The user of an HTTP Basic header: password or an API token as the password."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if not header.startswith("Basic "):
        return None
    try:
        username, _sep, password = base64.b64decode(header[6:]).decode("utf-8").partition(":")
    except (ValueError, UnicodeDecodeError):
        return None
    if password.startswith("thr_"):
        from thanrak.accounts.queries import user_for_token

        found = user_for_token(key=password)
        if found is not None and found[0].username == username and found[0].is_active:
            return found[0]
        return None
    user = authenticate(request, username=username, password=password)
    return user if user is not None and user.is_active else None


def _rounds_for(user: User) -> list:
    """Open rounds in the user's areas; a volunteer only those with a village assigned to them."""
    rounds = [r for r in queries.round_list(viewer=user) if r.status == RoundStatus.OPEN]
    if user.role == Role.VOLUNTEER:
        rounds = [r for r in rounds if queries.assignment_list(viewer=user, round_=r).exists()]
    return rounds


@lru_cache(maxsize=64)
def _xform(version_id: int, form_version: str, round_id: int) -> str:
    """The compiled XForm (pyxform is slow-ish); a changed version has a new form_version."""
    from thanrak.survey.models import SurveyVersion

    return xlsform.xform(SurveyVersion.objects.get(pk=version_id), round_id=round_id)


@csrf_exempt
def form_list(request: HttpRequest) -> HttpResponse:
    """The forms of the open rounds the collector works in (xformsList, with md5 hashes)."""
    user = _user(request)
    if user is None:
        return _challenge(request)
    if not user_may(user, "survey.response", "change"):
        return _message("Your role cannot collect survey answers.", 403)
    items = []
    for r in _rounds_for(user):
        xml = _xform(r.version_id, r.version.form_version, r.pk)
        digest = hashlib.md5(xml.encode("utf-8"), usedforsecurity=False).hexdigest()
        url = request.build_absolute_uri(reverse("openrosa:form-download", args=[r.pk]))
        items.append(
            f"<xform><formID>{r.version.form_id}_r{r.pk}</formID><name>{_esc(r.title)}</name><version>{r.version.form_version}</version>"
            f"<hash>md5:{digest}</hash><downloadUrl>{url}</downloadUrl></xform>"
        )
    body = (
        '<?xml version="1.0" encoding="UTF-8"?><xforms xmlns="http://openrosa.org/xforms/xformsList">'
        + "".join(items)
        + "</xforms>"
    )
    return _headers(HttpResponse(body, content_type="text/xml; charset=utf-8"))


def _esc(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(text)


@csrf_exempt
def form_download(request: HttpRequest, round_id: int) -> HttpResponse:
    user = _user(request)
    if user is None:
        return _challenge(request)
    try:
        round_ = queries.round_get(viewer=user, round_id=round_id)
    except ObjectDoesNotExist:
        return _message("Not found", 404)
    return _headers(
        HttpResponse(
            _xform(round_.version_id, round_.version.form_version, round_.pk),
            content_type="text/xml; charset=utf-8",
        )
    )


@csrf_exempt
def submission(request: HttpRequest) -> HttpResponse:  # noqa: C901
    """HEAD → 204; POST multipart with xml_submission_file → 201 (a re-sent instanceID is stored once)."""
    user = _user(request)
    if user is None:
        return _challenge(request)
    if request.method == "HEAD":
        return _headers(HttpResponse(status=204))
    if request.method != "POST":
        return _message("Use POST", 405)
    if not user_may(user, "survey.response", "change"):
        return _message("Your role cannot collect survey answers.", 403)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return _message("The Content-Length header is not a number.", 400)
    if length > MAX_SUBMISSION_BYTES:
        return _message("The submission is too large.", 413)
    try:
        upload = request.FILES.get("xml_submission_file")
    except MultiPartParserError:
        return _message("The upload cannot be read: send multipart/form-data with its boundary.", 400)
    if upload is None:
        return _message("The xml_submission_file part is missing (the upload may be incomplete).", 400)
    data = upload.read()
    try:
        _response, created = actions.odk_submission_receive(xml=data, by=user, at=timezone.now())
    except PermissionError:
        return _message("This household is outside your area.", 403)
    except DomainError as exc:
        return _message(str(exc), 422 if not isinstance(exc, xlsform.InvalidXlsForm) else 400)
    return _message("Thank you: the answers were received." if created else "Already received.", 201)
