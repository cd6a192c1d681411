"""Who may do what, as a matrix: each role × each resource, each role × each page, in and out of area.

EXPECTED is the access policy written out by hand. It must equal what the apps register, so a new
resource (or a changed rule) cannot ship without its row here, reviewed like any other change.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from thanrak.accounts.models import AuditEvent, AuditLog
from thanrak.accounts.roles import Role
from thanrak.core.access import declared_access, policy, role_may

BUYER, MEMBER, ORG_OFFICER, VOLUNTEER = "BUYER", "MEMBER", "ORG_OFFICER", "VOLUNTEER"
DISTRICT, PROVINCE, NATIONAL, AUDITOR = (
    "DISTRICT_OFFICER",
    "PROVINCIAL_OFFICER",
    "NATIONAL_MANAGER",
    "AUDITOR",
)
AREA_OFFICERS = {DISTRICT, PROVINCE, NATIONAL}

EXPECTED: dict[tuple[str, str], set[str]] = {
    ("accounts.audit_log", "view"): {*AREA_OFFICERS, AUDITOR},
    ("registry.person", "view"): {MEMBER, ORG_OFFICER, VOLUNTEER, *AREA_OFFICERS},
    ("registry.person", "change"): AREA_OFFICERS,
    ("registry.household", "view"): {MEMBER, VOLUNTEER, *AREA_OFFICERS},
    ("registry.household", "change"): AREA_OFFICERS,
    ("registry.organisation", "view"): {MEMBER, ORG_OFFICER, VOLUNTEER, *AREA_OFFICERS, AUDITOR},
    ("registry.organisation", "change"): {ORG_OFFICER, *AREA_OFFICERS},
    ("registry.village", "view"): {VOLUNTEER, *AREA_OFFICERS},
    ("registry.village", "change"): AREA_OFFICERS,
    ("registry.duplicates", "view"): AREA_OFFICERS,
    ("registry.duplicates", "change"): AREA_OFFICERS,
    ("registry.citizen_id", "reveal"): AREA_OFFICERS,
    ("registry.data", "export"): AREA_OFFICERS,
    ("registry.data", "import"): AREA_OFFICERS,
    ("registry.summary", "view"): {DISTRICT, PROVINCE},
    # finance: organisation officers keep their own funds' books; members see their own accounts;
    # auditors and area officers read books in their area; area officers also help set funds up.
    ("finance.fund", "view"): {MEMBER, ORG_OFFICER, DISTRICT, PROVINCE, AUDITOR, NATIONAL},
    ("finance.fund", "change"): {ORG_OFFICER, DISTRICT, PROVINCE, NATIONAL},
    ("finance.member", "view"): {MEMBER, ORG_OFFICER, DISTRICT, PROVINCE, AUDITOR, NATIONAL},
    ("finance.member", "change"): {ORG_OFFICER, DISTRICT, PROVINCE, NATIONAL},
    ("finance.member", "export"): {ORG_OFFICER, DISTRICT, PROVINCE, NATIONAL},
    ("finance.member", "import"): {ORG_OFFICER, DISTRICT, PROVINCE, NATIONAL},
    ("finance.ledger", "view"): {ORG_OFFICER, DISTRICT, PROVINCE, AUDITOR, NATIONAL},
    ("finance.ledger", "change"): {ORG_OFFICER, NATIONAL},
    ("finance.savings", "view"): {MEMBER, ORG_OFFICER, DISTRICT, PROVINCE, AUDITOR, NATIONAL},
    ("finance.savings", "change"): {ORG_OFFICER, NATIONAL},
    ("finance.loan", "view"): {MEMBER, ORG_OFFICER, DISTRICT, PROVINCE, AUDITOR, NATIONAL},
    ("finance.loan", "change"): {ORG_OFFICER, NATIONAL},
    ("finance.loan", "approve"): {ORG_OFFICER, NATIONAL},
    ("finance.arrears", "view"): {ORG_OFFICER, DISTRICT, PROVINCE, AUDITOR, NATIONAL},
    ("finance.yearend", "view"): {MEMBER, ORG_OFFICER, DISTRICT, PROVINCE, AUDITOR, NATIONAL},
    ("finance.yearend", "change"): {ORG_OFFICER, NATIONAL},
    ("finance.rollup", "view"): {DISTRICT, PROVINCE, AUDITOR, NATIONAL},
    ("finance.household_debts", "view"): {MEMBER, DISTRICT, PROVINCE, NATIONAL},
    ("finance.own", "view"): {MEMBER},
    ("finance.tools", "view"): {MEMBER, ORG_OFFICER, DISTRICT, PROVINCE, AUDITOR, NATIONAL},
    # survey (จปฐ.): volunteers collect and follow their target lists; officers run rounds and targeting.
    ("survey.version", "view"): {VOLUNTEER, *AREA_OFFICERS},
    ("survey.version", "change"): {NATIONAL},
    ("survey.version", "export"): AREA_OFFICERS,
    ("survey.version", "import"): {NATIONAL},
    ("survey.round", "view"): {VOLUNTEER, *AREA_OFFICERS},
    ("survey.round", "change"): AREA_OFFICERS,
    ("survey.response", "view"): {VOLUNTEER, *AREA_OFFICERS},
    ("survey.response", "change"): {VOLUNTEER, *AREA_OFFICERS},
    ("survey.response", "import"): AREA_OFFICERS,
    ("survey.targeting", "view"): AREA_OFFICERS,
    ("survey.targeting", "change"): AREA_OFFICERS,
    ("survey.targets", "view"): {VOLUNTEER, *AREA_OFFICERS},
    ("survey.targets", "export"): AREA_OFFICERS,
    ("survey.dashboard", "view"): AREA_OFFICERS,
    ("survey.assistance", "view"): {VOLUNTEER, *AREA_OFFICERS},
    ("survey.assistance", "change"): AREA_OFFICERS,
    ("survey.welfare", "view"): AREA_OFFICERS,
    ("survey.welfare", "import"): {PROVINCE, NATIONAL},
    # assets (issue 14): the owning organisation and the area's officers manage; members book what
    # their organisation lends; land and housing are household data (field staff and officers).
    ("assets.forest", "view"): {ORG_OFFICER, VOLUNTEER, AUDITOR, *AREA_OFFICERS},
    ("assets.forest", "change"): {ORG_OFFICER, *AREA_OFFICERS},
    ("assets.forest", "export"): {ORG_OFFICER, AUDITOR, *AREA_OFFICERS},
    ("assets.equipment", "view"): {MEMBER, ORG_OFFICER, AUDITOR, *AREA_OFFICERS},
    ("assets.equipment", "change"): {ORG_OFFICER, *AREA_OFFICERS},
    ("assets.equipment", "export"): {ORG_OFFICER, AUDITOR, *AREA_OFFICERS},
    ("assets.booking", "view"): {MEMBER, ORG_OFFICER, AUDITOR, *AREA_OFFICERS},
    ("assets.booking", "change"): {MEMBER, ORG_OFFICER, *AREA_OFFICERS},
    ("assets.booking", "approve"): {ORG_OFFICER, *AREA_OFFICERS},
    ("assets.land", "view"): {VOLUNTEER, *AREA_OFFICERS},
    ("assets.land", "change"): AREA_OFFICERS,
    ("assets.land", "export"): AREA_OFFICERS,
    ("assets.site", "view"): {ORG_OFFICER, VOLUNTEER, AUDITOR, *AREA_OFFICERS},
    ("assets.site", "change"): {ORG_OFFICER, *AREA_OFFICERS},
    ("assets.site", "export"): {ORG_OFFICER, AUDITOR, *AREA_OFFICERS},
    ("assets.photo", "view"): {MEMBER, ORG_OFFICER, VOLUNTEER, AUDITOR, *AREA_OFFICERS},
    # commerce: shops are run by their organisation's officers; officers of the area read them.
    ("commerce.shop", "view"): {ORG_OFFICER, *AREA_OFFICERS},
    ("commerce.shop", "change"): {ORG_OFFICER, NATIONAL},
    ("commerce.product", "view"): {ORG_OFFICER, *AREA_OFFICERS},
    ("commerce.product", "change"): {ORG_OFFICER, NATIONAL},
    ("commerce.product", "export"): {ORG_OFFICER, NATIONAL},
    ("commerce.stock", "view"): {ORG_OFFICER, *AREA_OFFICERS},
    ("commerce.stock", "change"): {ORG_OFFICER, NATIONAL},
    ("commerce.certification", "view"): {ORG_OFFICER, *AREA_OFFICERS},
    ("commerce.certification", "change"): {ORG_OFFICER, NATIONAL},
    ("commerce.order", "view"): {ORG_OFFICER, AUDITOR, *AREA_OFFICERS},
    ("commerce.order", "change"): {ORG_OFFICER, NATIONAL},
    ("commerce.order", "export"): {ORG_OFFICER, NATIONAL},
    ("commerce.shipping", "view"): {ORG_OFFICER, *AREA_OFFICERS},
    ("commerce.shipping", "change"): {ORG_OFFICER, NATIONAL},
    ("commerce.pos", "view"): {ORG_OFFICER, *AREA_OFFICERS},
    ("commerce.pos", "change"): {ORG_OFFICER},
    ("commerce.marketplace", "view"): {ORG_OFFICER, NATIONAL},
    ("commerce.marketplace", "export"): {ORG_OFFICER, NATIONAL},
    ("commerce.marketplace", "import"): {ORG_OFFICER, NATIONAL},
    ("commerce.sales", "view"): {ORG_OFFICER, AUDITOR, *AREA_OFFICERS},
    ("commerce.sales", "export"): {ORG_OFFICER, AUDITOR, *AREA_OFFICERS},
    ("commerce.payout", "view"): {MEMBER, ORG_OFFICER, *AREA_OFFICERS},
    ("commerce.payout", "change"): {ORG_OFFICER, NATIONAL},
    # monitoring: districts enter and submit, provinces approve, the centre defines, locks and reopens.
    ("monitoring.programme", "view"): {AUDITOR, *AREA_OFFICERS},
    ("monitoring.programme", "change"): {NATIONAL},
    ("monitoring.target", "view"): {AUDITOR, *AREA_OFFICERS},
    ("monitoring.target", "change"): {NATIONAL},
    ("monitoring.value", "view"): {AUDITOR, *AREA_OFFICERS},
    ("monitoring.value", "change"): AREA_OFFICERS,
    ("monitoring.value", "export"): {AUDITOR, *AREA_OFFICERS},
    ("monitoring.value", "import"): AREA_OFFICERS,
    ("monitoring.workflow", "view"): {AUDITOR, *AREA_OFFICERS},
    ("monitoring.workflow", "change"): AREA_OFFICERS,
    ("monitoring.workflow", "approve"): {PROVINCE, NATIONAL},
    ("monitoring.lock", "view"): {AUDITOR, *AREA_OFFICERS},
    ("monitoring.lock", "change"): {NATIONAL},
    ("monitoring.dashboard", "view"): {AUDITOR, *AREA_OFFICERS},
    ("monitoring.report", "view"): {AUDITOR, *AREA_OFFICERS},
    ("monitoring.report", "export"): {AUDITOR, *AREA_OFFICERS},
    ("monitoring.computation", "view"): {AUDITOR, *AREA_OFFICERS},
    ("monitoring.computation", "change"): {NATIONAL},
    # services: area staff (and advisers, who log in as volunteers) open and move cases; partner
    # agencies' staff (organisation officers linked to an agency) answer their referral queue.
    ("services.case", "view"): {MEMBER, ORG_OFFICER, VOLUNTEER, AUDITOR, *AREA_OFFICERS},
    ("services.case", "change"): {VOLUNTEER, *AREA_OFFICERS},
    ("services.case", "export"): AREA_OFFICERS,
    ("services.case", "import"): AREA_OFFICERS,
    ("services.referral", "view"): {ORG_OFFICER, VOLUNTEER, *AREA_OFFICERS},
    ("services.referral", "change"): {VOLUNTEER, *AREA_OFFICERS},
    ("services.referral", "approve"): {ORG_OFFICER, NATIONAL},
    ("services.agency", "view"): {ORG_OFFICER, VOLUNTEER, AUDITOR, *AREA_OFFICERS},
    ("services.agency", "change"): {PROVINCE, NATIONAL},
    ("services.agency", "export"): AREA_OFFICERS,
    ("services.agency", "import"): {NATIONAL},
    ("services.helper", "view"): {VOLUNTEER, AUDITOR, *AREA_OFFICERS},
    ("services.helper", "change"): AREA_OFFICERS,
    ("services.helper", "export"): AREA_OFFICERS,
    ("services.helper", "import"): AREA_OFFICERS,
    ("services.development", "view"): {ORG_OFFICER, VOLUNTEER, AUDITOR, *AREA_OFFICERS},
    ("services.development", "change"): {VOLUNTEER, *AREA_OFFICERS},
    ("services.caseload", "view"): {VOLUNTEER, AUDITOR, *AREA_OFFICERS},
    ("services.caseload", "change"): {VOLUNTEER, *AREA_OFFICERS},
    ("services.caseload", "approve"): AREA_OFFICERS,
    ("notify.own", "view"): {MEMBER},
    ("notify.own", "change"): {MEMBER},
    ("notify.outbox", "view"): {ORG_OFFICER, DISTRICT, PROVINCE, AUDITOR, NATIONAL},
    ("notify.template", "view"): {NATIONAL},
    ("notify.template", "change"): {NATIONAL},
    ("notify.kinds", "view"): {ORG_OFFICER, NATIONAL},
    ("notify.kinds", "change"): {ORG_OFFICER, NATIONAL},
    ("learning.course", "view"): {ORG_OFFICER, VOLUNTEER, AUDITOR, *AREA_OFFICERS},
    ("learning.course", "change"): {ORG_OFFICER, *AREA_OFFICERS},
    ("learning.enrolment", "view"): {ORG_OFFICER, VOLUNTEER, AUDITOR, *AREA_OFFICERS},
    ("learning.enrolment", "change"): {ORG_OFFICER, VOLUNTEER, *AREA_OFFICERS},
    ("learning.enrolment", "import"): {ORG_OFFICER, *AREA_OFFICERS},
    ("learning.attendance", "view"): {ORG_OFFICER, VOLUNTEER, AUDITOR, *AREA_OFFICERS},
    ("learning.attendance", "change"): {ORG_OFFICER, VOLUNTEER, *AREA_OFFICERS},
    ("learning.certificate", "view"): {ORG_OFFICER, VOLUNTEER, AUDITOR, *AREA_OFFICERS},
    ("learning.certificate", "change"): {ORG_OFFICER, *AREA_OFFICERS},
    ("learning.own", "view"): {MEMBER},
    # markets: organisers (organisation officers, area officers) manage events; a vendor's officers see their
    # booths and type their turnover; buyers see matching and producers' public profiles.
    ("markets.event", "view"): {ORG_OFFICER, AUDITOR, *AREA_OFFICERS},
    ("markets.event", "change"): {ORG_OFFICER, *AREA_OFFICERS},
    ("markets.turnover", "view"): {ORG_OFFICER, AUDITOR, *AREA_OFFICERS},
    ("markets.turnover", "change"): {ORG_OFFICER, *AREA_OFFICERS},
    ("markets.turnover", "export"): {ORG_OFFICER, AUDITOR, *AREA_OFFICERS},
    ("markets.turnover", "import"): {ORG_OFFICER, *AREA_OFFICERS},
    ("markets.matching", "view"): {BUYER, ORG_OFFICER, AUDITOR, *AREA_OFFICERS},
    ("markets.matching", "change"): {BUYER, ORG_OFFICER, *AREA_OFFICERS},
    ("markets.producers", "view"): {BUYER, ORG_OFFICER, AUDITOR, *AREA_OFFICERS},
}

PERSONAS = {
    BUYER: "buyer",
    MEMBER: "member",
    ORG_OFFICER: "org_officer",
    VOLUNTEER: "volunteer",
    DISTRICT: "district_officer",
    PROVINCE: "provincial_officer",
    NATIONAL: "national_manager",
    AUDITOR: "auditor",
}
SELF_GUARDED = ("admin/", "api/", "openrosa/")  # their views authenticate themselves


class TestThePolicy:
    def test_is_exactly_the_expected_table(self):
        registered = {
            (resource, action): {str(role) for role in roles}
            for resource, actions in policy().items()
            for action, roles in actions.items()
        }

        missing_rows = sorted(set(registered) - set(EXPECTED))
        stale_rows = sorted(set(EXPECTED) - set(registered))
        differences = {
            key: {"registered": sorted(registered[key]), "expected": sorted(EXPECTED[key])}
            for key in set(registered) & set(EXPECTED)
            if registered[key] != EXPECTED[key]
        }
        assert (missing_rows, stale_rows, differences) == ([], [], {})

    def test_covers_every_persona(self):
        assert set(PERSONAS) == {str(r) for r in Role}


# --- every page × every role ---------------------------------------------------------------------


def _walk(patterns, prefix=""):  # noqa: ANN001
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.callback


def parameterless_pages() -> list[tuple[str, object]]:
    """Every URL that takes no argument, is not public and is not the admin or the API."""
    pages = []
    for route, view in _walk(get_resolver().url_patterns):
        if route.startswith(SELF_GUARDED) or re.search(r"[<(\\^$?*+\[]", route):
            continue
        access = declared_access(view)
        if access != "public":
            pages.append(("/" + route, access))
    return pages


def may_open(role: str, access: object) -> bool:
    return access == "authenticated" or (isinstance(access, tuple) and role_may(role, *access))


@pytest.mark.django_db
class TestEveryPage:
    def test_the_walk_finds_the_registry_pages(self):
        found = {url for url, _ in parameterless_pages()}

        assert {reverse("registry:household-list"), reverse("registry:person-create")} <= found

    @pytest.mark.parametrize("role", sorted(PERSONAS))
    def test_opens_for_the_roles_allowed_and_is_refused_to_the_others(self, role, client, request):
        client.force_login(request.getfixturevalue(PERSONAS[role]))

        login = reverse("accounts:login")
        wrong = []
        for url, access in parameterless_pages():
            # A POST-only endpoint answers an allowed GET with 405; a download asked for without
            # its choices sends the person back to its page (302, never to the login page).
            expected = {200, 302, 405} if may_open(role, access) else {403}
            response = client.get(url)
            status = response.status_code
            if status not in expected or (status == 302 and response.url.startswith(login)):
                wrong.append(f"{url}: expected {sorted(expected)}, got {status} ({access})")

        assert wrong == []

    def test_sends_anonymous_visitors_to_the_login_page(self, client):
        login = reverse("accounts:login")

        wrong = [
            url
            for url, _ in parameterless_pages()
            if not ((r := client.get(url)).status_code == 302 and r.url.startswith(login))
        ]

        assert wrong == []


# --- rows in and out of the viewer's scope -------------------------------------------------------


@pytest.fixture
def world(
    national_manager, member, org_officer, enterprise, phayao_household, chiangmai_household, volunteer
):  # noqa: ANN001
    """Records inside and outside each persona's scope (see conftest for the personas' areas)."""
    import datetime as dt

    from thanrak.registry import actions
    from thanrak.registry.tests import factories

    chiangmai_org = factories.organisation(by=national_manager, area_code="500101", name_th="กลุ่มเชียงใหม่")
    village_org = factories.organisation(by=national_manager, area_code="56010101", name_th="กลุ่มหมู่ 1")
    phayao_head = phayao_household.members.get(relation="HEAD").person
    chiangmai_head = chiangmai_household.members.get(relation="HEAD").person
    member_person = member.person
    member_household = member_person.household_memberships.get().household
    for person in (phayao_head, member_person):
        actions.membership_add(
            organisation=enterprise, person=person, by=national_manager, start_date=dt.date(2025, 1, 1)
        )
    area = {"household": phayao_household, "person": phayao_head, "organisation": enterprise}
    elsewhere = {"household": chiangmai_household, "person": chiangmai_head, "organisation": chiangmai_org}
    return {
        "inside": {
            DISTRICT: area,
            PROVINCE: area,
            NATIONAL: area,
            AUDITOR: area,
            VOLUNTEER: {**area, "organisation": village_org},
            ORG_OFFICER: area,  # the household is refused by role anyway
            MEMBER: {"household": member_household, "person": member_person, "organisation": enterprise},
        },
        "outside": {
            **{role: elsewhere for role in (DISTRICT, PROVINCE, NATIONAL, AUDITOR, VOLUNTEER, ORG_OFFICER)},
            MEMBER: {"household": phayao_household, "person": phayao_head, "organisation": chiangmai_org},
        },
    }


SCOPED_ROLES = [DISTRICT, PROVINCE, VOLUNTEER, ORG_OFFICER, MEMBER, AUDITOR, NATIONAL]
DETAIL_PAGES = {
    "household": ("registry:household-detail", "/api/v1/registry/households/{}"),
    "person": ("registry:person-detail", "/api/v1/registry/persons/{}"),
    "organisation": ("registry:organisation-detail", "/api/v1/registry/organisations/{}"),
}


def expected_status(role: str, resource: str, where: str) -> int:
    if not role_may(role, f"registry.{resource}", "view"):
        return 403
    if where == "outside" and role != NATIONAL:
        return 404
    return 200


@pytest.mark.django_db
class TestDetailScope:
    @pytest.mark.parametrize("role", SCOPED_ROLES)
    def test_pages_and_api_answer_200_in_area_404_elsewhere_403_for_a_role_without_the_resource(
        self, role, client, request, world
    ):
        client.force_login(request.getfixturevalue(PERSONAS[role]))

        wrong = []
        for resource, (page_name, api_path) in DETAIL_PAGES.items():
            for where in ("inside", "outside"):
                row = world[where][role][resource]
                expected = expected_status(role, resource, where)
                for kind, url in (
                    ("page", reverse(page_name, args=[row.pk])),
                    ("api", api_path.format(row.pk)),
                ):
                    status = client.get(url).status_code
                    if status != expected:
                        wrong.append(f"{kind} {resource} {where}: expected {expected}, got {status}")

        assert wrong == []


# --- citizen IDs ---------------------------------------------------------------------------------


def masked(digits: str) -> str:
    return f"{digits[0]}-{digits[1:5]}-xxxxx-xx-{digits[12]}"


@pytest.mark.django_db
class TestCitizenIdMasking:
    @pytest.mark.parametrize("role", sorted(r for r in PERSONAS if role_may(r, "registry.person", "view")))
    def test_every_role_sees_the_id_masked_in_page_and_api(self, role, client, request, world):
        client.force_login(request.getfixturevalue(PERSONAS[role]))
        person = world["inside"][role]["person"]

        page = client.get(reverse("registry:person-detail", args=[person.pk])).text
        api = client.get(f"/api/v1/registry/persons/{person.pk}").json()

        assert masked(person.citizen_id) in page and api["citizen_id_masked"] == masked(person.citizen_id)
        assert person.citizen_id not in page.replace("-", "") and person.citizen_id not in str(api)
        reveal = reverse("registry:person-citizen-id-reveal", args=[person.pk])
        assert (reveal in page) == role_may(role, "registry.citizen_id", "reveal")

    @pytest.mark.parametrize("role", sorted(PERSONAS))
    def test_only_roles_allowed_may_reveal_and_each_reveal_is_logged(self, role, client, request, world):
        client.force_login(request.getfixturevalue(PERSONAS[role]))
        person = world["inside"].get(role, world["inside"][DISTRICT])["person"]

        page = client.post(reverse("registry:person-citizen-id-reveal", args=[person.pk]))
        api = client.post(f"/api/v1/registry/persons/{person.pk}/citizen-id")

        allowed = role_may(role, "registry.citizen_id", "reveal")
        assert (page.status_code, api.status_code) == ((200, 200) if allowed else (403, 403))
        assert AuditLog.objects.filter(event=AuditEvent.REVEAL_CITIZEN_ID).count() == (2 if allowed else 0)


@pytest.mark.django_db
class TestRevealAuditLog:
    def test_is_readable_by_officers_of_the_area_and_not_by_officers_elsewhere(
        self,
        client,
        district_officer,
        provincial_officer,
        auditor,
        other_district_officer,
        officer_elsewhere,
        world,
    ):
        person = world["inside"][DISTRICT]["person"]
        client.force_login(district_officer)
        client.post(reverse("registry:person-citizen-id-reveal", args=[person.pk]))
        entry = f"บุคคล {person.pk}<"  # the record as the audit page words it (the person's kind and number)

        seen = {}
        for user in (
            district_officer,
            provincial_officer,
            auditor,
            other_district_officer,
            officer_elsewhere,
        ):
            client.force_login(user)
            seen[user.username] = entry in client.get(reverse("accounts:audit-log")).text

        assert seen == {
            "mueang_phayao": True,
            "phayao_province": True,
            "auditor_phayao": True,
            "chun_district": False,
            "mueang_chiangmai": False,
        }
