from typing import Any

from django.apps import apps
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thanrak.accounts import actions, queries
from thanrak.accounts.forms import AuditFilterForm, LoginForm, TokenCreateForm
from thanrak.accounts.scope import scope_of
from thanrak.accounts.start_pages import start_page_for
from thanrak.core.access import authenticated, public, require, user_may
from thanrak.geo.queries import area_names

login = public(
    auth_views.LoginView.as_view(
        template_name="accounts/login.html", redirect_authenticated_user=True, authentication_form=LoginForm
    )
)
logout = public(auth_views.LogoutView.as_view())
password_change = authenticated(
    auth_views.PasswordChangeView.as_view(
        template_name="accounts/password_change.html",
        success_url=reverse_lazy("accounts:password-change-done"),
    )
)
password_change_done = authenticated(
    auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html")
)


@public
def landing(request: HttpRequest) -> HttpResponse:
    """The site's address takes each person to where their work starts; someone not logged in to
    the login, which links to the public shop (an officer opening the address is not a buyer)."""
    if request.user.is_authenticated:
        return redirect(_start_page(request.user))
    return redirect("accounts:login")


def _start_page(user: Any) -> str:
    """Officers and auditors: their dashboard; a volunteer: the survey rounds; a group's officer
    (treasurer, chair): the page the domain apps registered for them (their fund, else their shop,
    see accounts.start_pages); a buyer: the shop; anyone else: home."""
    from thanrak.accounts.roles import OFFICERS, Role

    if user.role in (*OFFICERS, Role.AUDITOR) and user_may(user, "monitoring.dashboard", "view"):
        return reverse("monitoring:dashboard")
    if user.role == Role.VOLUNTEER and user_may(user, "survey.round", "view"):
        return reverse("survey:round-list")
    if (contributed := start_page_for(user)) is not None:
        return contributed
    if user.role == Role.BUYER:
        return reverse("commerce:storefront")
    return reverse("accounts:home")


@authenticated
def home(request: HttpRequest) -> HttpResponse:
    """The persona's home page: their areas and organisations, and a panel from each module."""
    scope = scope_of(request.user)
    panels = []
    for config in apps.get_app_configs():
        for url_name, resource, action in getattr(config, "home_panels", ()):
            if user_may(request.user, resource, action):
                panels.append(reverse(url_name))
    organisations = []
    if hasattr(request.user, "organisation_assignments"):
        organisations = list(
            request.user.organisation_assignments.select_related("organisation").order_by(
                "organisation__name_th"
            )
        )
    return render(
        request,
        "accounts/home.html",
        {
            "scope": scope,
            "areas": sorted(area_names(codes=set(scope.area_codes)).items()),
            "organisations": organisations,
            "panels": panels,
        },
    )


@authenticated
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    """Make and revoke personal access tokens for the API; a new token is shown once."""
    new_key = None
    form = TokenCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _token, new_key = actions.token_create(
            user=request.user, name=form.cleaned_data["name"], at=timezone.now()
        )
        form = TokenCreateForm()
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": queries.token_list(viewer=request.user), "new_key": new_key},
    )


@authenticated
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    from thanrak.accounts.models import ApiToken

    try:
        token = queries.token_get(viewer=request.user, token_id=token_id)
    except ApiToken.DoesNotExist:
        messages.error(request, _("That token does not exist."))
        return redirect("accounts:tokens")
    actions.token_revoke(token=token, by=request.user, at=timezone.now())
    messages.success(request, _("The token was revoked and no longer works."))
    return redirect("accounts:tokens")


@require("accounts.audit_log", "view")
def audit_log(request: HttpRequest) -> HttpResponse:
    """Reveals, exports, imports and merges concerning the viewer's areas, newest first."""
    form = AuditFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    page = Paginator(queries.audit_log_list(viewer=request.user, **filters), 50).get_page(
        request.GET.get("page")
    )
    page.object_list = queries.audit_entries_shown(viewer=request.user, entries=list(page.object_list))
    return render(request, "accounts/audit_log.html", {"form": form, "page": page})
