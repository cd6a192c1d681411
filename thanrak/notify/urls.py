from django.urls import path

from thanrak.notify.views import officer, own, panels, webhook

app_name = "notify"

urlpatterns = [
    path("me/", own.own_page, name="own"),
    path("me/page/", own.mine_page, name="mine"),
    path("me/line-code/", own.own_line_code, name="own-line-code"),
    path("me/mobile/", own.own_mobile, name="own-mobile"),
    path("me/consent/", own.own_consent, name="own-consent"),
    path("me/kinds/", own.own_kinds, name="own-kinds"),
    path("me/language/", own.own_language, name="own-language"),
    path("outbox/", officer.outbox, name="outbox"),
    path("templates/", officer.templates, name="templates"),
    path("organisations/<int:organisation_id>/kinds/", officer.organisation_kinds, name="organisation-kinds"),
    path("panels/organisation/<int:organisation_id>/", panels.organisation_panel, name="organisation-panel"),
    path("line/webhook", webhook.line_webhook, name="line-webhook"),
]
