"""The registry's rules as a person meets them through the actions."""

import datetime as dt

import pytest

from thanrak.accounts.scope import OutsideScope
from thanrak.registry import actions, queries
from thanrak.registry.models import HouseholdMember, IdKind, Membership, Person, PersonMerge, Relation
from thanrak.registry.tests import factories

AT = factories.AT
pytestmark = pytest.mark.django_db


class TestPersonRegister:
    def test_refuses_a_citizen_id_with_a_wrong_check_digit(self, district_officer):
        good = factories.citizen_id()
        bad = good[:12] + str((int(good[12]) + 1) % 10)

        with pytest.raises(actions.CannotRegisterPerson) as caught:
            factories.person(by=district_officer, citizen_id=bad)

        assert caught.value.field == "citizen_id" and caught.value.code == "citizen_id_check_digit_wrong"
        assert not Person.objects.filter(citizen_id=bad).exists()

    def test_accepts_an_id_written_with_dashes_and_thai_digits(self, district_officer):
        digits = factories.citizen_id()
        thai = digits.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
        written = f"{thai[0]}-{thai[1:5]}-{thai[5:10]}-{thai[10:12]}-{thai[12]}"

        person = factories.person(by=district_officer, citizen_id=written)

        assert person.citizen_id == digits

    def test_refuses_the_same_citizen_id_twice(self, district_officer):
        digits = factories.citizen_id()
        factories.person(by=district_officer, citizen_id=digits)

        with pytest.raises(actions.CannotRegisterPerson) as caught:
            factories.person(by=district_officer, citizen_id=digits)

        assert caught.value.field == "citizen_id"
        assert caught.value.code == "person_citizen_id_already"

    def test_records_a_person_without_a_thai_id(self, district_officer):
        person = factories.person(by=district_officer, id_kind=IdKind.NONE, citizen_id="")

        assert person.citizen_id is None

    def test_refuses_an_area_outside_the_officers_district(self, district_officer):
        factories.village("560201", 1)

        with pytest.raises(OutsideScope):
            factories.person(by=district_officer, area_code="56020101")

    def test_refuses_an_area_code_that_does_not_exist(self, national_manager):
        with pytest.raises(actions.CannotRegisterPerson) as caught:
            factories.person(by=national_manager, area_code="999999")

        assert caught.value.field == "area_code"

    def test_refuses_a_birth_date_in_the_future(self, district_officer):
        with pytest.raises(actions.CannotRegisterPerson) as caught:
            factories.person(by=district_officer, birth_date=dt.date(2030, 1, 1))

        assert caught.value.field == "birth_date"


class TestHouseholdRegister:
    def test_has_exactly_one_head_and_puts_members_in_its_village(self, district_officer):
        household = factories.household(by=district_officer, members=3)

        members = list(queries.household_members(household=household))
        assert [m.relation for m in members].count(Relation.HEAD) == 1
        assert members[0].relation == Relation.HEAD
        assert {m.person.area_code for m in members} == {household.area_code}

    def test_refuses_a_person_who_already_lives_in_another_household(self, district_officer):
        first = factories.household(by=district_officer, members=1)
        head = first.members.get().person

        with pytest.raises(actions.CannotChangeHousehold) as caught:
            actions.household_register(
                by=district_officer, at=AT, village=factories.village(), house_no="9", head=head
            )

        assert caught.value.field == "person"
        assert HouseholdMember.objects.filter(person=head).count() == 1

    def test_refuses_a_second_head(self, district_officer):
        household = factories.household(by=district_officer, members=1)
        other = factories.person(by=district_officer)

        with pytest.raises(actions.CannotChangeHousehold):
            actions.household_member_add(
                household=household, person=other, relation=Relation.HEAD, by=district_officer, at=AT
            )

    def test_the_head_cannot_leave_before_a_new_head_is_named(self, district_officer):
        household = factories.household(by=district_officer, members=2)
        head = household.members.get(relation=Relation.HEAD)

        with pytest.raises(actions.CannotChangeHousehold):
            actions.household_member_leave(member=head, by=district_officer, at=AT)

    def test_changing_the_head_keeps_exactly_one(self, district_officer):
        household = factories.household(by=district_officer, members=2)
        spouse = household.members.get(relation=Relation.SPOUSE)

        actions.household_head_change(
            household=household,
            new_head=spouse,
            old_head_relation=Relation.SPOUSE,
            by=district_officer,
            at=AT,
        )

        assert household.members.filter(relation=Relation.HEAD, left_date__isnull=True).get().pk == spouse.pk


class TestVisibility:
    def test_a_district_officer_sees_only_households_of_their_district(
        self, district_officer, phayao_household, chiangmai_household
    ):
        visible = set(queries.household_list(viewer=district_officer))

        assert phayao_household in visible
        assert chiangmai_household not in visible

    def test_a_buyer_sees_no_household(self, buyer, phayao_household):
        assert not queries.household_list(viewer=buyer).exists()

    def test_a_member_sees_only_their_own_household(self, member, phayao_household):
        visible = list(queries.household_list(viewer=member))

        assert len(visible) == 1
        assert visible[0].pk != phayao_household.pk


class TestPersonMerge:
    def test_folds_the_duplicate_into_the_survivor_and_keeps_history(
        self, district_officer, enterprise, national_manager
    ):
        survivor = factories.person(
            by=district_officer, first_name="สมศรี", last_name="มีสุข", citizen_id=factories.citizen_id()
        )
        duplicate = factories.person(
            by=district_officer,
            first_name="นางสมศรี",
            last_name="มีสุข ",
            id_kind=IdKind.NONE,
            citizen_id="",
            phone="0812345678",
        )
        actions.membership_add(
            organisation=enterprise, person=duplicate, by=national_manager, start_date=dt.date(2024, 1, 1)
        )
        groups = queries.duplicate_groups(viewer=district_officer)
        assert any({survivor, duplicate} <= set(g.persons) for g in groups)

        record = actions.person_merge(survivor=survivor, duplicate=duplicate, by=district_officer, at=AT)

        duplicate.refresh_from_db()
        survivor.refresh_from_db()
        assert duplicate.merged_into == survivor
        assert survivor.phone == "0812345678"
        assert Membership.objects.filter(person=survivor, organisation=enterprise).exists()
        assert PersonMerge.objects.get(pk=record.pk).before["duplicate"]["first_name"] == "นางสมศรี"
        assert duplicate not in queries.person_list(viewer=district_officer)

    def test_refuses_two_records_with_different_citizen_ids(self, district_officer):
        a = factories.person(by=district_officer)
        b = factories.person(by=district_officer)

        with pytest.raises(actions.CannotMerge):
            actions.person_merge(survivor=a, duplicate=b, by=district_officer, at=AT)
