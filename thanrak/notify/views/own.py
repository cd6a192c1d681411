"""The member's own notification settings: LINE link code, mobile number, consent, kinds."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thanrak.core.access import require
from thanrak.core.errors import DomainError
from thanrak.core.forms import refuse
from thanrak.notify import actions, queries
from thanrak.notify.forms import ConsentForm, KindForm, LanguageForm, MobileForm


def _own(request: HttpRequest, form: MobileForm | None = None) -> HttpResponse:
    own = queries.own_settings(viewer=request.user)
    form = form or MobileForm(initial={"mobile": own.sms.address if own.sms else ""})
    language_form = LanguageForm(initial={"language": own.language})
    return render(
        request, "notify/own.html", {"own": own, "mobile_form": form, "language_form": language_form}
    )


@require("notify.own", "view")
def mine_page(request: HttpRequest) -> HttpResponse:
    """The member's own page: savings, loans and what is due (with a PromptPay QR), dividends,
    trainings, orders, bookings, their household's help and survey outcome."""
    return render(
        request, "notify/mine.html", {"mine": queries.mine(viewer=request.user, today=timezone.localdate())}
    )


@require("notify.own", "view")
def own_page(request: HttpRequest) -> HttpResponse:
    return _own(request)


@require("notify.own", "change")
@require_POST
def own_line_code(request: HttpRequest) -> HttpResponse:
    actions.new_link_code(person=queries.own_person(viewer=request.user))
    return redirect("notify:own")


@require("notify.own", "change")
@require_POST
def own_mobile(request: HttpRequest) -> HttpResponse:
    form = MobileForm(request.POST)
    if form.is_valid():
        try:
            actions.set_mobile(
                person=queries.own_person(viewer=request.user),
                mobile=form.cleaned_data["mobile"],
                consent=form.cleaned_data["consent"],
                at=timezone.now(),
            )
        except DomainError as error:
            refuse(form, error)
        else:
            messages.success(request, _("Your mobile number is saved."))
            return redirect("notify:own")
    return _own(request, form)


@require("notify.own", "change")
@require_POST
def own_consent(request: HttpRequest) -> HttpResponse:
    form = ConsentForm(request.POST)
    if form.is_valid():
        person = queries.own_person(viewer=request.user)
        channel, now = form.cleaned_data["channel"], timezone.now()
        try:
            if form.cleaned_data["give"]:
                actions.give_consent(person=person, channel=channel, at=now)
            else:
                actions.withdraw_consent(person=person, channel=channel, at=now)
        except DomainError as error:
            messages.error(request, str(error))
    return redirect("notify:own")


@require("notify.own", "change")
@require_POST
def own_kinds(request: HttpRequest) -> HttpResponse:
    form = KindForm(request.POST)
    if form.is_valid():
        actions.set_person_kind(
            person=queries.own_person(viewer=request.user),
            kind=form.cleaned_data["kind"],
            enabled=form.cleaned_data["enabled"],
        )
    return redirect("notify:own")


@require("notify.own", "change")
@require_POST
def own_language(request: HttpRequest) -> HttpResponse:
    """The language the member's messages are written in (Thai or English)."""
    form = LanguageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose Thai or English."))
        return redirect("notify:own")
    try:
        actions.set_language(
            person=queries.own_person(viewer=request.user), language=form.cleaned_data["language"]
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your messages will be written in this language."))
    return redirect("notify:own")
