"""The registry demo: Phayao as a visitor finds it after `make run`, and again after a second run.

Seeding takes a few seconds, so the module seeds once inside a transaction that is rolled back
when the module ends; each test runs inside it (in a savepoint) and sees the same demo.
"""

import io
import random
from collections import Counter
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from thanrak.accounts.models import User
from thanrak.accounts.scope import scope_of
from thanrak.core import citizen_id as cid
from thanrak.demo import registry as demo
from thanrak.demo.management.commands import seed_demo
from thanrak.geo.models import Village
from thanrak.registry import queries
from thanrak.registry.models import (
    Household,
    HouseholdMember,
    IdKind,
    MemberRole,
    Membership,
    Organisation,
    OrganisationKind,
    Person,
    Relation,
)

TODAY = timezone.localdate()  # the day seed_demo runs on, as the command reads it


def _seed() -> tuple[list, str]:
    out = io.StringIO()
    logins = demo.seed(rng=random.Random(2569), today=TODAY, stdout=out)
    return logins, out.getvalue()


def _counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "villages": Village.objects.count(),
        "persons": Person.objects.count(),
        "households": Household.objects.count(),
        "household_members": HouseholdMember.objects.count(),
        "organisations": Organisation.objects.count(),
        "memberships": Membership.objects.count(),
    }


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):  # noqa: ANN001
    """The demo as `manage.py seed_demo` loads it (registry step only), once for this module,
    rolled back after it."""
    out = io.StringIO()
    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        mock.patch.object(seed_demo, "STEPS", ("thanrak.demo.registry",)),
    ):
        call_command("seed_demo", "--seed", "2569", stdout=out)
        yield demo.demo_logins(), out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def logins(seeded, db):  # noqa: ANN001
    return seeded[0]


def _user(username: str) -> User:
    return User.objects.get(username=username)


class TestRegistryDemoLoads:
    def test_registers_two_thousand_households_in_villages_of_three_phayao_districts(self, logins):
        households = Household.objects.filter(area_code__startswith="56")

        assert households.count() == demo.HOUSEHOLDS
        districts = {code[:4] for code in households.values_list("area_code", flat=True)}
        assert districts == set(demo.DISTRICTS)
        villages = Village.objects.filter(code__startswith="56")
        assert villages.count() >= 3 * 22  # at least three villages in each of the 22+ subdistricts
        assert villages.get(code="56010101").name_th == "บ้านเวียง"
        assert all(v.name_th.startswith("บ้าน") and v.name_en.startswith("Ban ") for v in villages)

    def test_every_household_has_exactly_one_head_and_people_live_in_one_household(self, logins):
        heads = Counter(
            HouseholdMember.objects.filter(relation=Relation.HEAD).values_list("household_id", flat=True)
        )

        assert len(heads) == demo.HOUSEHOLDS and set(heads.values()) == {1}
        per_person = Counter(HouseholdMember.objects.values_list("person_id", flat=True))
        assert set(per_person.values()) == {1}
        sizes = Counter(Household.objects.annotate(n=Count("members")).values_list("n", flat=True))
        assert sizes[1] > 50 and sizes[2] > 300 and sum(v for k, v in sizes.items() if k >= 5) > 100

    def test_citizen_ids_are_valid_unique_and_a_few_people_have_none(self, logins):
        ids = list(Person.objects.exclude(citizen_id=None).values_list("citizen_id", flat=True))

        assert len(ids) == len(set(ids)) > 6000
        assert all(cid.is_valid(i) for i in ids)
        without = Counter(Person.objects.filter(citizen_id=None).values_list("id_kind", flat=True))
        assert without[IdKind.FOREIGN] >= 3 and without[IdKind.NONE] >= 3

    def test_titles_follow_age_and_sex(self, logins):
        wrong = []
        for p in Person.objects.exclude(birth_date=None).exclude(title=""):
            age = p.age_on(TODAY)
            if p.sex == "M":
                expected = {"เด็กชาย"} if age < 15 else {"นาย"}
            else:
                expected = {"เด็กหญิง"} if age < 15 else {"นาง", "นางสาว"}
            if p.title not in expected:
                wrong.append((p.full_name, age))
        assert wrong == []

    def test_families_have_realistic_ages(self, logins):
        ages = [p.age_on(TODAY) for p in Person.objects.exclude(birth_date=None)]
        heads = [
            m.person.age_on(TODAY)
            for m in HouseholdMember.objects.filter(relation=Relation.HEAD).select_related("person")
        ]

        assert min(heads) >= 18
        assert sum(a >= 60 for a in ages) / len(ages) > 0.15  # Phayao is an ageing province
        assert sum(a < 15 for a in ages) / len(ages) > 0.1

    def test_the_merge_page_has_likely_duplicates_to_show(self, logins):
        groups = queries.duplicate_groups(viewer=_user("phayao"))

        assert len(groups) >= 4
        assert all(len(g.persons) == 2 and any(p.citizen_id is None for p in g.persons) for g in groups)
        mueang = queries.duplicate_groups(viewer=_user("mueang"))
        assert mueang and all(g.subdistrict_code.startswith("5601") for g in mueang)


class TestRegistryDemoOrganisations:
    def test_registers_a_dozen_organisations_of_different_kinds(self, logins):
        kinds = Counter(Organisation.objects.values_list("kind", flat=True))

        others = {k: n for k, n in kinds.items() if k != OrganisationKind.VILLAGE_FUND}
        assert sum(others.values()) >= 12
        assert set(kinds) >= {
            OrganisationKind.COMMUNITY_ENTERPRISE,
            OrganisationKind.OTOP_PRODUCER,
            OrganisationKind.SAVINGS_GROUP,
            OrganisationKind.VILLAGE_FUND,
            OrganisationKind.WOMENS_FUND_GROUP,
            OrganisationKind.PEOPLES_FINANCIAL_INSTITUTION,
            OrganisationKind.COOPERATIVE,
            OrganisationKind.SME,
            OrganisationKind.SOCIAL_ENTERPRISE,
            OrganisationKind.NETWORK,
            OrganisationKind.COMMUNITY_ENTERPRISE_NETWORK,
        }

    def test_the_seed_reports_model_enterprise_is_registered_with_a_register_number(self, logins):
        model = Organisation.objects.get(name_th=demo.MODEL_ENTERPRISE)

        assert model.kind == OrganisationKind.COMMUNITY_ENTERPRISE
        assert model.area_code.startswith("56")
        assert model.registration_no == "5-56-01-05/1-0012"
        assert model.network.kind == OrganisationKind.COMMUNITY_ENTERPRISE_NETWORK

    def test_every_chun_village_has_its_village_fund_with_a_committee(self, logins):
        chun_villages = set(Village.objects.filter(code__startswith="5602").values_list("code", flat=True))
        funds = Organisation.objects.filter(kind=OrganisationKind.VILLAGE_FUND)

        assert set(funds.values_list("area_code", flat=True)) == chun_villages
        for fund in funds:
            roles = Counter(fund.memberships.values_list("role", flat=True))
            assert roles[MemberRole.CHAIR] == 1 and roles[MemberRole.TREASURER] == 1
            assert roles[MemberRole.MEMBER] >= 3

    def test_members_live_where_their_group_is_and_women_groups_have_women(self, logins):
        womens = Organisation.objects.get(kind=OrganisationKind.WOMENS_FUND_GROUP)

        assert set(womens.memberships.values_list("person__sex", flat=True)) == {"F"}
        savings = Organisation.objects.get(name_th=demo.SAVINGS_GROUP)
        areas = set(savings.memberships.values_list("person__area_code", flat=True))
        assert all(a.startswith(savings.area_code[:6]) for a in areas)
        assert savings.memberships.filter(role=MemberRole.MEMBER).count() >= 100
        assert not Membership.objects.filter(Q(start_date__gt=TODAY)).exists()


@pytest.fixture
def output(seeded, db):  # noqa: ANN001
    return seeded[1]


class TestRegistryDemoPersonas:
    def test_seed_demo_prints_each_login_with_its_password(self, logins, output):
        printed = output.split("Demo logins")[1].splitlines()

        for login in logins:
            assert any(line.split()[:2] == [login.username, login.password] for line in printed), login
        assert "2000 households registered" in output

    def test_prints_a_login_for_each_persona_that_works(self, logins, client):
        roles = set()
        for login in logins:
            assert client.login(username=login.username, password=login.password), login.username
            roles.add(_user(login.username).role)
            client.logout()

        assert roles == {
            "NATIONAL_MANAGER",
            "PROVINCIAL_OFFICER",
            "DISTRICT_OFFICER",
            "VOLUNTEER",
            "ORG_OFFICER",
            "MEMBER",
            "BUYER",
            "AUDITOR",
        }
        assert {login.username for login in logins} >= {"mueang", "chun", "savings", "enterprise", "villager"}

    def test_district_officers_see_only_their_district(self, logins):
        mueang = Household.objects.visible_to(_user("mueang"))
        chun = Household.objects.visible_to(_user("chun"))

        assert mueang.exists() and chun.exists()
        assert not mueang.exclude(area_code__startswith="5601").exists()
        assert not chun.exclude(area_code__startswith="5602").exists()
        assert Household.objects.visible_to(_user("phayao")).count() == demo.HOUSEHOLDS

    def test_the_volunteer_works_in_one_village_with_households(self, logins):
        visible = Household.objects.visible_to(_user("volunteer"))

        assert set(visible.values_list("area_code", flat=True)) == {demo.VOLUNTEER_VILLAGE}

    def test_treasurers_manage_their_group_and_are_persons_in_it(self, logins):
        for username, name in (("savings", demo.SAVINGS_GROUP), ("enterprise", demo.MODEL_ENTERPRISE)):
            user = _user(username)
            org = Organisation.objects.get(name_th=name)

            assert scope_of(user).organisation_ids == frozenset({org.pk})
            assert org.memberships.filter(person__user=user, role=MemberRole.TREASURER).exists()

    def test_the_member_is_a_person_of_the_savings_group(self, logins):
        user = _user("villager")
        person = Person.objects.get(user=user)

        assert person.memberships.filter(organisation__name_th=demo.SAVINGS_GROUP).exists()
        assert list(Household.objects.visible_to(user)) == [person.household_memberships.get().household]


class TestRegistryDemoRunsAgain:
    def test_a_second_run_changes_nothing_and_is_quick(self, logins):
        before = _counts()

        with CaptureQueriesContext(connection) as ctx:
            again, output = _seed()

        assert _counts() == before
        assert [(x.username, x.password) for x in again] == [(x.username, x.password) for x in logins]
        assert len(ctx.captured_queries) < 60
        assert "households registered" not in output
