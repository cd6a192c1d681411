"""The registry pages as an officer, a volunteer or an organisation officer uses them."""

import datetime as dt
import html
import re

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thanrak.accounts.models import AuditEvent, AuditLog
from thanrak.registry import actions
from thanrak.registry.models import Household, HouseholdMember, Membership, Organisation, Person, PersonMerge
from thanrak.registry.tests import factories

pytestmark = pytest.mark.django_db

AT = factories.AT


def head_of(household: Household) -> Person:
    return household.members.get(relation="HEAD", left_date__isnull=True).person


def login(client, user):  # noqa: ANN001, ANN201
    client.force_login(user)
    return client


def household_form(village: str, house_no: str = "99/9", **extra: str) -> dict[str, str]:
    data = {
        "village": village,
        "house_no": house_no,
        "house_code": "",
        "address_detail": "",
        "phone": "",
        "head-id_kind": "THAI_ID",
        "head-citizen_id": factories.citizen_id(),
        "head-title": "นาย",
        "head-first_name": "บุญมี",
        "head-last_name": "ทดลอง",
        "head-sex": "M",
        "head-birth_date": "17/05/2523",
        "members-TOTAL_FORMS": "2",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "20",
        "members-0-relation": "",
        "members-0-id_kind": "THAI_ID",
        "members-0-citizen_id": "",
        "members-0-first_name": "",
        "members-1-relation": "",
        "members-1-id_kind": "THAI_ID",
        "members-1-citizen_id": "",
        "members-1-first_name": "",
    }
    data.update(extra)
    return data


def bad_check_digit() -> str:
    good = factories.citizen_id()
    return good[:12] + str((int(good[12]) + 1) % 10)


# --- households ----------------------------------------------------------------------------------


class TestHouseholdList:
    def test_shows_the_officers_district_and_not_another_province(
        self, client, district_officer, phayao_household, chiangmai_household
    ):
        page = login(client, district_officer).get(reverse("registry:household-list"))

        assert reverse("registry:household-detail", args=[phayao_household.pk]) in page.text
        assert reverse("registry:household-detail", args=[chiangmai_household.pk]) not in page.text

    def test_finds_a_household_by_the_heads_name(self, client, district_officer, national_manager):
        wanted = factories.household(by=national_manager)
        other = factories.household(by=national_manager)

        page = login(client, district_officer).get(
            reverse("registry:household-list"), {"q": head_of(wanted).first_name}
        )

        assert reverse("registry:household-detail", args=[wanted.pk]) in page.text
        assert reverse("registry:household-detail", args=[other.pk]) not in page.text

    def test_finds_a_household_by_a_members_citizen_id_written_with_dashes(
        self, client, district_officer, phayao_household
    ):
        digits = head_of(phayao_household).citizen_id
        dashed = f"{digits[0]}-{digits[1:5]}-{digits[5:10]}-{digits[10:12]}-{digits[12]}"

        page = login(client, district_officer).get(reverse("registry:household-list"), {"q": dashed})

        assert reverse("registry:household-detail", args=[phayao_household.pk]) in page.text
        assert "1 ครัวเรือน" in page.text

    def test_finds_a_household_by_its_house_number(self, client, district_officer, national_manager):
        wanted = factories.household(by=national_manager, house_no="123/45")
        factories.household(by=national_manager, house_no="7/1")

        page = login(client, district_officer).get(reverse("registry:household-list"), {"q": "123/45"})

        assert reverse("registry:household-detail", args=[wanted.pk]) in page.text
        assert "1 ครัวเรือน" in page.text

    def test_filters_by_village(self, client, provincial_officer, national_manager):
        moo1 = factories.household(by=national_manager, village_obj=factories.village("560101", 1))
        moo2 = factories.household(by=national_manager, village_obj=factories.village("560101", 2, "บ้านสอง"))

        page = login(client, provincial_officer).get(reverse("registry:household-list"), {"area": "56010102"})

        assert reverse("registry:household-detail", args=[moo2.pk]) in page.text
        assert reverse("registry:household-detail", args=[moo1.pk]) not in page.text

    def test_starts_with_the_area_picker_on_the_officers_district(self, client, district_officer):
        page = login(client, district_officer).get(reverse("registry:household-list"))

        assert '<option value="5601" selected>' in page.text

    def test_the_area_picker_offers_only_the_officers_own_areas(self, client, district_officer):
        page = login(client, district_officer).get(reverse("registry:household-list"))

        offered = set(re.findall(r'<option value="([0-9]+)"', page.text))
        assert {"56", "5601"} <= offered
        assert not offered & {"10", "50", "5602"}  # Bangkok, Chiang Mai, the next district
        assert 'data-within="5601"' in page.text

    def test_the_area_picker_offers_the_whole_country_to_a_national_manager(self, client, national_manager):
        page = login(client, national_manager).get(reverse("registry:household-list"))

        assert len(re.findall(r'<option value="[0-9]{2}"', page.text)) == 77

    def test_pages_through_many_households(self, client, district_officer, national_manager):
        for _ in range(12):
            factories.household(by=national_manager, members=1)

        page = login(client, district_officer).get(
            reverse("registry:household-list"), {"size": 10, "page": 2}
        )

        assert "หน้า 2 จาก 2" in page.text
        assert page.text.count('data-label="บ้านเลขที่"') == 2

    def test_the_next_link_shows_the_second_page(self, client, district_officer, national_manager):
        for _ in range(12):
            factories.household(by=national_manager, members=1)
        url = reverse("registry:household-list")
        first = login(client, district_officer).get(url, {"size": 10})

        href = re.search(r'<a href="([^"]*)"[^>]*>ถัดไป', first.text).group(1)
        second = client.get(url + html.unescape(href))

        assert href.startswith("?") and not href.startswith("??")
        assert "หน้า 2 จาก 2" in second.text
        assert second.text.count('data-label="บ้านเลขที่"') == 2

    def test_lists_house_numbers_in_counting_order(self, client, district_officer, national_manager):
        village = factories.village()
        for house_no in ("11", "4", "12/10", "1", "12/3", "10"):
            factories.household(by=national_manager, village_obj=village, house_no=house_no)

        page = login(client, district_officer).get(reverse("registry:household-list"))

        shown = re.findall(r'data-label="บ้านเลขที่"[^>]*>\s*(?:<a [^>]*>)?([^<]+)<', page.text)
        assert [s.strip() for s in shown] == ["1", "4", "10", "11", "12/3", "12/10"]

    def test_runs_the_same_number_of_queries_for_10_or_50_rows(
        self, client, district_officer, national_manager
    ):
        for _ in range(50):
            factories.household(by=national_manager, members=2)
        login(client, district_officer)

        counts = []
        for size in (10, 50):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(reverse("registry:household-list"), {"size": size})
            assert response.text.count('data-label="บ้านเลขที่"') == size
            counts.append(len(queries))

        assert counts[0] == counts[1] <= 14

    def test_is_refused_to_an_auditor(self, client, auditor):
        assert login(client, auditor).get(reverse("registry:household-list")).status_code == 403

    def test_sends_an_anonymous_visitor_to_the_login_page(self, client):
        response = client.get(reverse("registry:household-list"))

        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


class TestHouseholdDetail:
    def test_lists_the_head_first_with_relation_age_and_birth_date_in_the_buddhist_era(
        self, client, district_officer, national_manager
    ):
        v = factories.village()
        child = factories.person(
            by=national_manager, area_code=v.code, first_name="ลูกคนเล็ก", birth_date=dt.date(2015, 3, 1)
        )
        head = factories.person(
            by=national_manager, area_code=v.code, first_name="พ่อบ้าน", birth_date=dt.date(1980, 5, 17)
        )
        household = actions.household_register(
            by=national_manager, at=AT, village=v, house_no="5/5", head=head, members=[(child, "CHILD")]
        )

        page = login(client, district_officer).get(reverse("registry:household-detail", args=[household.pk]))

        assert page.text.index("พ่อบ้าน") < page.text.index("ลูกคนเล็ก")
        assert "หัวหน้าครัวเรือน" in page.text and "บุตร" in page.text
        assert "17 พ.ค. 2523" in page.text
        assert "1 มี.ค. 2558" in page.text

    def test_keeps_members_who_left_in_a_history_section(self, client, district_officer, national_manager):
        household = factories.household(by=national_manager, members=2)
        spouse = household.members.get(relation="SPOUSE")
        actions.household_member_leave(member=spouse, by=national_manager, at=AT)

        page = login(client, district_officer).get(reverse("registry:household-detail", args=[household.pk]))

        history = page.text[page.text.index("สมาชิกที่ย้ายออกแล้ว") :]
        assert spouse.person.full_name in history
        assert "25 พ.ย. 2569" in history

    def test_is_not_found_for_a_household_in_another_province(
        self, client, district_officer, chiangmai_household
    ):
        url = reverse("registry:household-detail", args=[chiangmai_household.pk])

        response = login(client, district_officer).get(url)

        assert response.status_code == 404
        assert "อยู่นอกพื้นที่ของท่าน" in response.text

    def test_is_not_found_for_the_officer_of_the_next_district(
        self, client, other_district_officer, phayao_household
    ):
        url = reverse("registry:household-detail", args=[phayao_household.pk])

        assert login(client, other_district_officer).get(url).status_code == 404

    def test_masks_citizen_ids(self, client, district_officer, phayao_household):
        digits = head_of(phayao_household).citizen_id

        page = login(client, district_officer).get(
            reverse("registry:household-detail", args=[phayao_household.pk])
        )

        assert digits not in page.text.replace("-", "")
        assert f"{digits[0]}-{digits[1:5]}-xxxxx-xx-{digits[12]}" in page.text

    def test_loads_the_panels_other_modules_declare(
        self, client, district_officer, phayao_household, monkeypatch
    ):
        config = apps.get_app_config("finance")
        monkeypatch.setattr(
            config,
            "household_panels",
            [
                ("registry:household-edit", "registry.household", "change"),
                ("registry:person-edit", "registry.data", "export"),
            ],
            raising=False,
        )

        page = login(client, district_officer).get(
            reverse("registry:household-detail", args=[phayao_household.pk])
        )

        assert f'hx-get="{reverse("registry:household-edit", args=[phayao_household.pk])}"' in page.text

    def test_leaves_out_panels_the_role_may_not_see(self, client, volunteer, phayao_household, monkeypatch):
        monkeypatch.setattr(
            apps.get_app_config("finance"),
            "household_panels",
            [("registry:household-edit", "registry.household", "change")],
            raising=False,
        )

        page = login(client, volunteer).get(reverse("registry:household-detail", args=[phayao_household.pk]))

        edit_url = reverse("registry:household-edit", args=[phayao_household.pk])
        assert page.status_code == 200
        assert f'hx-get="{edit_url}"' not in page.text


class TestHouseholdCreate:
    def test_registers_a_household_with_its_head_and_a_member(self, client, district_officer, volunteer):
        data = household_form(
            "56010101",
            **{
                "members-0-relation": "SPOUSE",
                "members-0-first_name": "แม่บ้าน",
                "members-0-id_kind": "NONE",
                "members-0-sex": "F",
            },
        )

        response = login(client, district_officer).post(reverse("registry:household-create"), data)

        household = Household.objects.get(house_no="99/9")
        assert response.status_code == 302
        assert response.url == reverse("registry:household-detail", args=[household.pk])
        members = {m.person.first_name: m.relation for m in household.members.select_related("person")}
        assert members == {"บุญมี": "HEAD", "แม่บ้าน": "SPOUSE"}
        assert head_of(household).birth_date == dt.date(1980, 5, 17)

    def test_shows_a_wrong_check_digit_in_thai_on_the_heads_field_and_saves_nothing(
        self, client, district_officer, volunteer
    ):
        data = household_form("56010101", **{"head-citizen_id": bad_check_digit()})

        response = login(client, district_officer).post(reverse("registry:household-create"), data)

        assert response.status_code == 200
        assert response.context["head"].errors["citizen_id"] == [
            "เลขตรวจสอบ (หลักสุดท้าย) ของเลขประจำตัวประชาชนไม่ถูกต้อง กรุณาตรวจสอบเลขอีกครั้ง"
        ]
        assert not Household.objects.exists() and not Person.objects.exists()

    def test_puts_a_members_error_on_that_member_and_rolls_back_the_head(
        self, client, district_officer, volunteer
    ):
        data = household_form("56010101", **{"members-0-relation": "CHILD", "members-0-first_name": "ลูก"})
        data["members-0-citizen_id"] = data["head-citizen_id"]

        response = login(client, district_officer).post(reverse("registry:household-create"), data)

        assert response.context["members"][0].errors["citizen_id"] == ["มีผู้ที่ใช้เลขประจำตัวประชาชนนี้ลงทะเบียนไว้แล้ว"]
        assert not Person.objects.exists()

    def test_refuses_a_village_outside_the_officers_district(self, client, district_officer):
        factories.village("500101", 1, "บ้านเชียงใหม่")

        response = login(client, district_officer).post(
            reverse("registry:household-create"), household_form("50010101")
        )

        assert "อยู่นอกพื้นที่หรือองค์กรที่ท่านรับผิดชอบ" in response.text
        assert not Household.objects.exists()

    def test_is_refused_to_a_volunteer(self, client, volunteer):
        assert login(client, volunteer).get(reverse("registry:household-create")).status_code == 403


class TestHouseholdEdit:
    def test_changes_the_phone_and_house_number(self, client, district_officer, phayao_household):
        url = reverse("registry:household-edit", args=[phayao_household.pk])
        data = {
            "village": "56010101",
            "house_no": "77/1",
            "house_code": "",
            "address_detail": "ซอย 3",
            "phone": "0899999999",
        }

        response = login(client, district_officer).post(url, data, follow=True)

        assert "บันทึกข้อมูลครัวเรือนแล้ว" in response.text
        assert "0899999999" in response.text and "77/1" in response.text
        phayao_household.refresh_from_db()
        assert (phayao_household.house_no, phayao_household.phone) == ("77/1", "0899999999")

    def test_shows_a_bad_house_registration_code_on_its_field(
        self, client, district_officer, phayao_household
    ):
        url = reverse("registry:household-edit", args=[phayao_household.pk])
        data = {
            "village": "56010101",
            "house_no": "1",
            "house_code": "12345",
            "address_detail": "",
            "phone": "",
        }

        response = login(client, district_officer).post(url, data)

        assert response.context["form"].errors["house_code"] == ["รหัสประจำบ้านต้องมี 11 หลัก"]

    def test_is_not_found_outside_the_officers_area(self, client, district_officer, chiangmai_household):
        url = reverse("registry:household-edit", args=[chiangmai_household.pk])

        assert login(client, district_officer).get(url).status_code == 404

    def test_is_refused_to_a_volunteer(self, client, volunteer, phayao_household):
        url = reverse("registry:household-edit", args=[phayao_household.pk])

        assert login(client, volunteer).get(url).status_code == 403


class TestHouseholdMembers:
    def test_adds_someone_already_registered_found_by_name(
        self, client, district_officer, phayao_household, national_manager
    ):
        grandma = factories.person(by=national_manager, first_name="คุณยายทองคำ", sex="F")
        url = reverse("registry:household-member-add", args=[phayao_household.pk])
        login(client, district_officer)

        found = client.get(url, {"q": "คุณยายทองคำ"})
        response = client.post(url, {"mode": "existing", "person": grandma.pk, "relation": "PARENT"})

        assert f'value="{grandma.pk}"' in found.text
        assert response.status_code == 302
        assert phayao_household.members.get(person=grandma).relation == "PARENT"

    def test_registers_and_adds_someone_new(self, client, district_officer, phayao_household):
        url = reverse("registry:household-member-add", args=[phayao_household.pk])
        data = {
            "mode": "new",
            "new-relation": "GRANDCHILD",
            "new-id_kind": "NONE",
            "new-first_name": "หลานชาย",
            "new-birth_date": "01/01/2565",
        }

        login(client, district_officer).post(url, data)

        member = phayao_household.members.get(person__first_name="หลานชาย")
        assert member.relation == "GRANDCHILD"
        assert member.person.area_code == phayao_household.area_code
        assert member.person.birth_date == dt.date(2022, 1, 1)

    def test_refuses_someone_who_lives_in_another_household(
        self, client, district_officer, national_manager, phayao_household
    ):
        other = factories.household(by=national_manager, members=1)
        url = reverse("registry:household-member-add", args=[phayao_household.pk])

        response = login(client, district_officer).post(
            url, {"mode": "existing", "person": head_of(other).pk, "relation": "SIBLING"}
        )

        assert "เป็นสมาชิกของครัวเรือนอื่นอยู่แล้ว" in response.text

    def test_records_that_a_member_left(self, client, district_officer, phayao_household):
        spouse = phayao_household.members.get(relation="SPOUSE")
        url = reverse("registry:household-member-leave", args=[phayao_household.pk, spouse.pk])

        response = login(client, district_officer).post(url, follow=True)

        spouse.refresh_from_db()
        assert spouse.left_date is not None
        assert "ย้ายออกจากครัวเรือน" in response.text

    def test_will_not_let_the_head_leave_before_a_new_head_is_named(
        self, client, district_officer, phayao_household
    ):
        head = phayao_household.members.get(relation="HEAD")
        url = reverse("registry:household-member-leave", args=[phayao_household.pk, head.pk])

        response = login(client, district_officer).post(url, follow=True)

        head.refresh_from_db()
        assert head.left_date is None
        assert "กรุณาเปลี่ยนหัวหน้าครัวเรือนก่อน" in response.text

    def test_changes_the_head(self, client, district_officer, phayao_household):
        spouse = phayao_household.members.get(relation="SPOUSE")
        old_head = phayao_household.members.get(relation="HEAD")
        url = reverse("registry:household-head-change", args=[phayao_household.pk])

        login(client, district_officer).post(url, {"new_head": spouse.pk, "old_head_relation": "SPOUSE"})

        spouse.refresh_from_db()
        old_head.refresh_from_db()
        assert (spouse.relation, old_head.relation) == ("HEAD", "SPOUSE")


# --- persons -------------------------------------------------------------------------------------


class TestPersonList:
    def test_masks_every_citizen_id(self, client, district_officer, phayao_household):
        digits = head_of(phayao_household).citizen_id

        page = login(client, district_officer).get(reverse("registry:person-list"))

        assert f"{digits[0]}-{digits[1:5]}-xxxxx-xx-{digits[12]}" in page.text
        assert digits not in page.text.replace("-", "")

    def test_finds_a_person_by_citizen_id_in_thai_digits(self, client, district_officer, phayao_household):
        person = head_of(phayao_household)
        thai_digits = person.citizen_id.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))

        page = login(client, district_officer).get(reverse("registry:person-list"), {"q": thai_digits})

        assert "1 คน" in page.text
        assert reverse("registry:person-detail", args=[person.pk]) in page.text

    @pytest.mark.parametrize("typed", ["นายเชิดชัย", "นาย เชิดชัย", "นายเชิดชัย ใจงาม"])
    def test_finds_a_person_whose_name_is_typed_with_a_title(
        self, client, district_officer, national_manager, typed
    ):
        wanted = factories.person(by=national_manager, first_name="เชิดชัย", last_name="ใจงาม")
        factories.person(by=national_manager, first_name="สมชาย", last_name="ใจงาม")

        page = login(client, district_officer).get(reverse("registry:person-list"), {"q": typed})

        assert "1 คน" in page.text
        assert reverse("registry:person-detail", args=[wanted.pk]) in page.text

    def test_filters_by_sex(self, client, district_officer, phayao_household):
        page = login(client, district_officer).get(reverse("registry:person-list"), {"sex": "F"})

        assert "1 คน" in page.text

    def test_runs_the_same_number_of_queries_for_10_or_50_rows(
        self, client, district_officer, national_manager
    ):
        factories.village()
        for _ in range(50):
            factories.person(by=national_manager)
        login(client, district_officer)

        counts = []
        for size in (10, 50):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(reverse("registry:person-list"), {"size": size})
            assert response.text.count('data-label="ชื่อ"') == size
            counts.append(len(queries))

        assert counts[0] == counts[1] <= 12

    def test_shows_an_organisation_officer_only_their_members(
        self, client, org_officer, enterprise, national_manager, phayao_household
    ):
        member = head_of(phayao_household)
        actions.membership_add(
            organisation=enterprise, person=member, by=national_manager, start_date=dt.date(2025, 1, 1)
        )
        stranger = phayao_household.members.get(relation="SPOUSE").person

        page = login(client, org_officer).get(reverse("registry:person-list"))

        assert reverse("registry:person-detail", args=[member.pk]) in page.text
        assert reverse("registry:person-detail", args=[stranger.pk]) not in page.text


class TestPersonDetail:
    def test_offers_an_officer_to_reveal_the_full_id(self, client, district_officer, phayao_household):
        person = head_of(phayao_household)

        page = login(client, district_officer).get(reverse("registry:person-detail", args=[person.pk]))

        assert reverse("registry:person-citizen-id-reveal", args=[person.pk]) in page.text
        assert person.citizen_id not in page.text.replace("-", "")

    def test_gives_a_volunteer_no_reveal_button(self, client, volunteer, phayao_household):
        person = head_of(phayao_household)

        page = login(client, volunteer).get(reverse("registry:person-detail", args=[person.pk]))

        assert page.status_code == 200
        assert reverse("registry:person-citizen-id-reveal", args=[person.pk]) not in page.text

    def test_reveals_the_id_in_place_and_writes_the_audit_log(
        self, client, district_officer, phayao_household
    ):
        person = head_of(phayao_household)
        url = reverse("registry:person-citizen-id-reveal", args=[person.pk])

        fragment = login(client, district_officer).post(url, HTTP_HX_REQUEST="true")

        d = person.citizen_id
        assert f"{d[0]}-{d[1:5]}-{d[5:10]}-{d[10:12]}-{d[12]}" in fragment.text
        assert "<html" not in fragment.text
        entry = AuditLog.objects.get(event=AuditEvent.REVEAL_CITIZEN_ID)
        assert (entry.user, entry.object_id, entry.area_code) == (
            district_officer,
            str(person.pk),
            person.area_code,
        )

    def test_refuses_a_volunteer_who_posts_a_reveal(self, client, volunteer, phayao_household):
        url = reverse("registry:person-citizen-id-reveal", args=[head_of(phayao_household).pk])

        assert login(client, volunteer).post(url).status_code == 403
        assert not AuditLog.objects.exists()

    def test_reveals_nothing_about_a_person_in_another_district(
        self, client, other_district_officer, phayao_household
    ):
        url = reverse("registry:person-citizen-id-reveal", args=[head_of(phayao_household).pk])

        assert login(client, other_district_officer).post(url).status_code == 404
        assert not AuditLog.objects.exists()

    def test_shows_households_and_memberships(
        self, client, district_officer, phayao_household, enterprise, national_manager
    ):
        person = head_of(phayao_household)
        actions.membership_add(
            organisation=enterprise,
            person=person,
            by=national_manager,
            start_date=dt.date(2024, 6, 1),
            role="TREASURER",
        )

        page = login(client, district_officer).get(reverse("registry:person-detail", args=[person.pk]))

        assert reverse("registry:household-detail", args=[phayao_household.pk]) in page.text
        assert enterprise.name_th in page.text and "เหรัญญิก" in page.text and "1 มิ.ย. 2567" in page.text


class TestPersonCreate:
    def form(self, **extra: str) -> dict[str, str]:
        data = {
            "id_kind": "THAI_ID",
            "citizen_id": factories.citizen_id(),
            "title": "นาง",
            "first_name": "สายใจ",
            "last_name": "ทดสอบ",
            "sex": "F",
            "birth_date": "",
            "area_code": "56010101",
        }
        data.update(extra)
        return data

    def test_registers_a_person_with_a_buddhist_era_birth_date(self, client, district_officer, volunteer):
        response = login(client, district_officer).post(
            reverse("registry:person-create"), self.form(birth_date="๑๗/๐๕/๒๕๒๓")
        )

        person = Person.objects.get(first_name="สายใจ")
        assert response.url == reverse("registry:person-detail", args=[person.pk])
        assert person.birth_date == dt.date(1980, 5, 17)

    def test_shows_a_wrong_check_digit_in_thai_on_the_citizen_id(self, client, district_officer, volunteer):
        response = login(client, district_officer).post(
            reverse("registry:person-create"), self.form(citizen_id=bad_check_digit())
        )

        assert response.context["form"].errors["citizen_id"] == [
            "เลขตรวจสอบ (หลักสุดท้าย) ของเลขประจำตัวประชาชนไม่ถูกต้อง กรุณาตรวจสอบเลขอีกครั้ง"
        ]
        assert not Person.objects.exists()

    def test_refuses_a_citizen_id_already_registered(self, client, district_officer, phayao_household):
        taken = head_of(phayao_household).citizen_id

        response = login(client, district_officer).post(
            reverse("registry:person-create"), self.form(citizen_id=taken)
        )

        assert response.context["form"].errors["citizen_id"] == ["มีผู้ที่ใช้เลขประจำตัวประชาชนนี้ลงทะเบียนไว้แล้ว"]

    def test_explains_a_date_it_cannot_read(self, client, district_officer, volunteer):
        response = login(client, district_officer).post(
            reverse("registry:person-create"), self.form(birth_date="31/02/2523")
        )

        assert response.context["form"].errors["birth_date"] == ["กรุณากรอกวันที่เป็น วัน/เดือน/ปี เช่น 17/05/2523"]

    def test_refuses_a_birth_date_in_the_future(self, client, district_officer, volunteer):
        response = login(client, district_officer).post(
            reverse("registry:person-create"), self.form(birth_date="01/01/2600")
        )

        assert response.context["form"].errors["birth_date"] == ["วันเกิดเป็นวันในอนาคต กรุณาตรวจสอบ"]

    def test_refuses_an_area_outside_the_officers_district(self, client, district_officer):
        response = login(client, district_officer).post(
            reverse("registry:person-create"), self.form(area_code="500101")
        )

        assert response.context["form"].errors["area_code"] == ["รายการนี้อยู่นอกพื้นที่หรือองค์กรที่ท่านรับผิดชอบ"]


class TestPersonEdit:
    def test_keeps_the_citizen_id_when_the_box_is_left_empty_and_never_prints_it(
        self, client, district_officer, phayao_household
    ):
        person = head_of(phayao_household)
        url = reverse("registry:person-edit", args=[person.pk])
        login(client, district_officer)

        form_page = client.get(url)
        client.post(
            url,
            {
                "id_kind": "THAI_ID",
                "citizen_id": "",
                "first_name": "ชื่อใหม่",
                "last_name": person.last_name,
                "sex": "M",
                "birth_date": "17/05/2523",
                "area_code": person.area_code,
            },
        )

        before = person.citizen_id
        person.refresh_from_db()
        assert (person.first_name, person.citizen_id) == ("ชื่อใหม่", before)
        assert before not in form_page.text.replace("-", "")
        assert "17/05/2523" in form_page.text


# --- organisations -------------------------------------------------------------------------------


class TestOrganisations:
    def test_filters_by_kind(self, client, district_officer, national_manager, enterprise):
        fund = factories.organisation(by=national_manager, kind="VILLAGE_FUND", name_th="กองทุนหมู่บ้านทดสอบ")

        page = login(client, district_officer).get(
            reverse("registry:organisation-list"), {"kind": "VILLAGE_FUND"}
        )

        assert fund.name_th in page.text and enterprise.name_th not in page.text

    def test_show_an_organisation_officer_only_their_own(
        self, client, org_officer, enterprise, national_manager
    ):
        other = factories.organisation(by=national_manager, name_th="กลุ่มอื่น")
        login(client, org_officer)

        listing = client.get(reverse("registry:organisation-list"))

        assert enterprise.name_th in listing.text and other.name_th not in listing.text
        assert client.get(reverse("registry:organisation-detail", args=[other.pk])).status_code == 404

    def test_detail_lists_the_committee_members_and_the_accounts_that_run_it(
        self, client, district_officer, org_officer, enterprise, national_manager, phayao_household
    ):
        head, spouse = head_of(phayao_household), phayao_household.members.get(relation="SPOUSE").person
        actions.membership_add(
            organisation=enterprise,
            person=head,
            by=national_manager,
            start_date=dt.date(2024, 1, 1),
            role="CHAIR",
        )
        actions.membership_add(
            organisation=enterprise, person=spouse, by=national_manager, start_date=dt.date(2024, 1, 1)
        )

        page = login(client, district_officer).get(
            reverse("registry:organisation-detail", args=[enterprise.pk])
        )

        committee = page.text[page.text.index("คณะกรรมการ") : page.text.index("สมาชิก 1 คน")]
        assert head.full_name in committee and "ประธาน" in committee
        assert spouse.full_name in page.text[page.text.index("สมาชิก 1 คน") :]
        assert "treasurer" in page.text  # the org officer's account

    def test_links_only_the_members_an_officer_may_open(
        self, client, other_district_officer, national_manager, phayao_household
    ):
        chun_fund = factories.organisation(by=national_manager, area_code="560201", name_th="กลุ่มออมทรัพย์บ้านจุน")
        chun_member = head_of(
            factories.household(by=national_manager, village_obj=factories.village("560201", 1))
        )
        mueang_member = head_of(phayao_household)  # married into Chun's group, lives in Mueang
        for person in (chun_member, mueang_member):
            actions.membership_add(
                organisation=chun_fund, person=person, by=national_manager, start_date=dt.date(2024, 1, 1)
            )

        page = login(client, other_district_officer).get(
            reverse("registry:organisation-detail", args=[chun_fund.pk])
        )

        assert chun_member.full_name in page.text and mueang_member.full_name in page.text
        assert reverse("registry:person-detail", args=[chun_member.pk]) in page.text
        assert reverse("registry:person-detail", args=[mueang_member.pk]) not in page.text
        assert client.get(reverse("registry:person-detail", args=[mueang_member.pk])).status_code == 404

    def test_registers_an_organisation_and_explains_a_bad_tax_id(self, client, district_officer):
        login(client, district_officer)
        data = {
            "kind": "OTOP_PRODUCER",
            "name_th": "กลุ่มจักสานบ้านทดสอบ",
            "area_code": "560101",
            "tax_id": "1234567890123",
        }

        refused = client.post(reverse("registry:organisation-create"), data)
        accepted = client.post(reverse("registry:organisation-create"), {**data, "tax_id": ""})

        assert refused.context["form"].errors["tax_id"] == ["เลขประจำตัวผู้เสียภาษีต้องมี 13 หลักและเลขตรวจสอบถูกต้อง"]
        organisation = Organisation.objects.get(name_th="กลุ่มจักสานบ้านทดสอบ")
        assert accepted.url == reverse("registry:organisation-detail", args=[organisation.pk])

    def test_lets_its_officer_edit_it(self, client, org_officer, enterprise):
        url = reverse("registry:organisation-edit", args=[enterprise.pk])
        data = {
            "kind": enterprise.kind,
            "name_th": enterprise.name_th,
            "area_code": enterprise.area_code,
            "phone": "054123456",
            "is_active": "on",
        }

        login(client, org_officer).post(url, data)

        enterprise.refresh_from_db()
        assert enterprise.phone == "054123456" and enterprise.is_active

    def test_enrols_a_member_and_ends_the_membership(
        self, client, district_officer, enterprise, phayao_household
    ):
        person = head_of(phayao_household)
        login(client, district_officer)

        client.post(
            reverse("registry:membership-add", args=[enterprise.pk]),
            {"person": person.pk, "role": "MEMBER", "start_date": "01/01/2567"},
        )
        membership = Membership.objects.get(person=person, organisation=enterprise)
        client.post(reverse("registry:membership-end", args=[membership.pk]), {"end_date": "31/12/2568"})

        membership.refresh_from_db()
        assert (membership.start_date, membership.end_date) == (dt.date(2024, 1, 1), dt.date(2025, 12, 31))

    def test_explains_an_end_date_before_the_start(
        self, client, district_officer, enterprise, phayao_household, national_manager
    ):
        membership = actions.membership_add(
            organisation=enterprise,
            person=head_of(phayao_household),
            by=national_manager,
            start_date=dt.date(2025, 1, 1),
        )

        response = login(client, district_officer).post(
            reverse("registry:membership-end", args=[membership.pk]), {"end_date": "01/01/2567"}
        )

        assert response.context["form"].errors["end_date"] == ["วันสิ้นสุดอยู่ก่อนวันเริ่มต้น"]


# --- villages, duplicates, home ------------------------------------------------------------------


class TestVillages:
    def test_adds_a_village_to_a_subdistrict_of_the_district(self, client, district_officer):
        response = login(client, district_officer).post(
            reverse("registry:village-create"),
            {"subdistrict": "560102", "number": "7", "name_th": "บ้านใหม่พัฒนา"},
            follow=True,
        )

        assert "บ้านใหม่พัฒนา" in response.text and "56010207" in response.text

    def test_refuses_a_village_number_already_taken(self, client, district_officer):
        factories.village("560102", 7)

        response = login(client, district_officer).post(
            reverse("registry:village-create"), {"subdistrict": "560102", "number": "7", "name_th": "ซ้ำ"}
        )

        assert response.context["form"].errors["number"] == ["ตำบลนี้มีหมู่ที่ 7 อยู่แล้ว"]

    def test_lists_only_villages_in_the_viewers_areas(self, client, volunteer):
        factories.village("560101", 2, "บ้านข้างเคียง")

        page = login(client, volunteer).get(reverse("registry:village-list"))

        assert "56010101" in page.text and "56010102" not in page.text

    def test_is_refused_to_a_volunteer_who_adds_one(self, client, volunteer):
        assert login(client, volunteer).get(reverse("registry:village-create")).status_code == 403


class TestDuplicatesAndMerge:
    def make_twins(self, national_manager):  # noqa: ANN001, ANN201
        factories.village()
        first = factories.person(
            by=national_manager, first_name="สมศรี", last_name="ซ้ำกัน", birth_date=dt.date(1970, 1, 2)
        )
        second = factories.person(
            by=national_manager,
            title="นาง",
            first_name="สม ศรี",
            last_name="ซ้ำกัน",
            birth_date=dt.date(1970, 1, 2),
            id_kind="NONE",
            citizen_id="",
        )
        return first, second

    def test_lists_people_with_the_same_name_and_birth_date(self, client, district_officer, national_manager):
        first, second = self.make_twins(national_manager)

        page = login(client, district_officer).get(reverse("registry:duplicate-list"))

        assert reverse("registry:person-merge", args=[first.pk, second.pk]) in page.text

    def test_merges_into_the_chosen_record_and_keeps_the_history(
        self, client, district_officer, national_manager
    ):
        first, second = self.make_twins(national_manager)
        url = reverse("registry:person-merge", args=[first.pk, second.pk])
        login(client, district_officer)

        response = client.post(url, {"survivor": first.pk, "confirm": "on"}, follow=True)
        merged_page = client.get(reverse("registry:person-detail", args=[second.pk]))

        second.refresh_from_db()
        assert second.merged_into == first
        assert PersonMerge.objects.get().by == district_officer
        assert "ประวัติการรวมระเบียน" in response.text and f"(#{second.pk})" in response.text
        assert "ถูกรวมเข้ากับอีกระเบียนหนึ่งแล้ว" in merged_page.text
        assert client.get(reverse("registry:duplicate-list")).text.count("registry/duplicates/merge/") == 0

    def test_the_two_choices_say_which_record_each_is(self, client, district_officer, national_manager):
        import re

        first, second = self.make_twins(national_manager)

        page = login(client, district_officer).get(
            reverse("registry:person-merge", args=[first.pk, second.pk])
        )

        labels = re.findall(r'<input type="radio" name="survivor"[^>]*>\s*([^<]+)</label>', page.text)
        assert len(labels) == 2 and labels[0] != labels[1]
        assert labels[0].strip().startswith(f"ระเบียนที่ 1: #{first.pk} ")
        assert labels[1].strip().startswith(f"ระเบียนที่ 2: #{second.pk} ")

    def test_asks_for_confirmation(self, client, district_officer, national_manager):
        first, second = self.make_twins(national_manager)

        response = login(client, district_officer).post(
            reverse("registry:person-merge", args=[first.pk, second.pk]), {"survivor": first.pk}
        )

        assert response.status_code == 200 and not PersonMerge.objects.exists()

    def test_is_refused_to_a_volunteer(self, client, volunteer):
        assert login(client, volunteer).get(reverse("registry:duplicate-list")).status_code == 403


class TestHomeSummary:
    def test_an_officers_home_loads_the_registry_panel_with_counts(
        self, client, district_officer, phayao_household
    ):
        login(client, district_officer)

        home = client.get(reverse("accounts:home"))
        panel = client.get(reverse("registry:home-summary"))

        assert f'hx-get="{reverse("registry:home-summary")}"' in home.text
        assert "<html" not in panel.text
        stats = [int(v) for v in __import__("re").findall(r'class="value">(\d+)<', panel.text)]
        assert stats == [1, 2, 0, 1]  # households, people, organisations, villages

    def test_a_volunteers_home_has_no_registry_panel(self, client, volunteer):
        home = login(client, volunteer).get(reverse("accounts:home"))

        assert reverse("registry:home-summary") not in home.text


class TestAdmin:
    def test_lists_only_the_rows_the_operator_may_see(
        self, client, make_user, phayao_household, chiangmai_household
    ):
        operator = make_user("operator", "DISTRICT_OFFICER", "5601")
        operator.is_staff = operator.is_superuser = True
        operator.save()

        page = login(client, operator).get(reverse("admin:registry_household_changelist"))
        members = login(client, operator).get(reverse("admin:registry_householdmember_changelist"))

        assert page.status_code == 200
        assert f"/admin/registry/household/{phayao_household.pk}/" in page.text
        assert f"/admin/registry/household/{chiangmai_household.pk}/" not in page.text
        expected = HouseholdMember.objects.filter(household=phayao_household).count()
        assert f"{expected} household member" in members.text or f"{expected} สมาชิกครัวเรือน" in members.text


class TestDatesOfChanges:
    def test_a_member_who_leaves_after_midnight_in_bangkok_leaves_that_day(
        self, national_manager, phayao_household
    ):
        spouse = phayao_household.members.get(relation="SPOUSE")
        early_morning = dt.datetime(2026, 11, 26, 1, 30, tzinfo=dt.UTC) - dt.timedelta(
            hours=7
        )  # 01:30 in Bangkok

        actions.household_member_leave(member=spouse, by=national_manager, at=early_morning)

        spouse.refresh_from_db()
        assert spouse.left_date == dt.date(2026, 11, 26)
