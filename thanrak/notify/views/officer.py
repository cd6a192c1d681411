"""Officers' pages: the outbox (masked), the texts (national manager), kinds per organisation."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from thanrak.core.access import require
from thanrak.core.errors import DomainError
from thanrak.core.forms import refuse
from thanrak.core.paginate import CappedPaginator
from thanrak.notify import actions, queries
from thanrak.notify.forms import CollectionDayForm, KindForm, TemplateForm
from thanrak.notify.models import Kind, Status


@require("notify.outbox", "view")
def outbox(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    rows = queries.outbox_list(viewer=request.user, status=status)
    page = CappedPaginator(rows, 50).get_page(request.GET.get("page"))
    items = [(m, queries.masked_to(m)) for m in page.object_list]
    return render(
        request,
        "notify/outbox.html",
        {"page": page, "items": items, "status": status, "statuses": Status.choices},
    )


@require("notify.template", "change")
def templates(request: HttpRequest) -> HttpResponse:
    failed: TemplateForm | None = None
    if request.method == "POST":
        form = TemplateForm(request.POST)
        if form.is_valid():
            try:
                actions.template_update(**form.cleaned_data, by=request.user)
            except DomainError as error:
                refuse(form, error)
                failed = form
            else:
                messages.success(request, _("The text is saved."))
                return redirect("notify:templates")
        else:
            failed = form
    forms_ = []
    for kind, label, th, en in queries.templates_list():
        if failed is not None and failed.data.get("kind") == kind:
            forms_.append((label, failed))
        else:
            forms_.append((label, TemplateForm(initial={"kind": kind, "text_th": th, "text_en": en})))
    return render(request, "notify/templates.html", {"forms": forms_})


@require("notify.kinds", "change")
def organisation_kinds(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = queries.organisation_for(viewer=request.user, organisation_id=organisation_id)
    days = queries.collection_days(viewer=request.user, organisation=organisation)
    if request.method == "POST" and "day" in request.POST:
        _set_day(request, days)
        return redirect("notify:organisation-kinds", organisation.pk)
    if request.method == "POST":
        form = KindForm(request.POST)
        if form.is_valid():
            actions.set_organisation_kind(organisation=organisation, **form.cleaned_data)
        return redirect("notify:organisation-kinds", organisation.pk)
    muted = queries.organisation_mutes(organisation=organisation)
    kinds = [(k.value, k.label, k.value not in muted) for k in Kind]
    day_forms = [
        (name, CollectionDayForm(initial={"fund": pk, "day": day, "promptpay": account}))
        for pk, name, day, account in days
    ]
    return render(
        request,
        "notify/organisation_kinds.html",
        {"organisation": organisation, "kinds": kinds, "day_forms": day_forms},
    )


def _set_day(request: HttpRequest, days: list[tuple[int, str, int | None, str]]) -> None:
    form = CollectionDayForm(request.POST)
    if not form.is_valid() or form.cleaned_data["fund"] not in {row[0] for row in days}:
        messages.error(request, _("Choose a day from 1 to 28."))
        return
    try:
        actions.set_collection_day(
            fund_id=form.cleaned_data["fund"],
            day=form.cleaned_data["day"],
            promptpay=form.cleaned_data["promptpay"],
        )
    except DomainError as error:
        messages.error(request, str(error))
        return
    messages.success(request, _("The collection day is saved."))
